"""Each story measure's points as a CSV file, for readers to download and
redraw in their own tools; the story page links to it."""

from __future__ import annotations

from .charts import measure_csv
from .context import Context, Files


def produce(ctx: Context) -> Files:
    return {route.output: measure_csv(route.subject).encode()
            for route in ctx.plan.routes if route.format == "csv"}
