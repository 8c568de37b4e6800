"""Each story measure's points as a CSV file, for readers to download and
redraw in their own tools; the story page links to it."""

from __future__ import annotations

from ..charts.run_chart import measure_csv
from ..content.plan import Route
from .context import Context, Files, Producer
from .kept import KEEP


def produce(ctx: Context, routes: list[Route]) -> Files:
    return {route.output: KEEP if ctx.reuse(route.output, route.subject) else measure_csv(route.subject).encode()
            for route in routes}


PRODUCER = Producer("measures_csv", frozenset({"csv"}), produce)
