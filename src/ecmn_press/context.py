"""What every producer receives: the linked site, its plan and its views."""

from __future__ import annotations

from dataclasses import dataclass

from .config import BuildOptions
from .diagnostics import Report
from .markdown import Rendered
from .plan import Plan
from .relate import Site
from .render import Renderer
from .views import Views


@dataclass(slots=True)
class Context:
    site: Site
    plan: Plan
    bodies: dict[str, Rendered]  # content path -> rendered body
    views: Views
    renderer: Renderer
    site_view: dict
    options: BuildOptions
    report: Report


Files = dict[str, bytes]  # output path -> content
