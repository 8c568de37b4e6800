"""What every producer receives: the linked site, its plan and its views."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable
from typing import Callable

from .config import BuildOptions
from .diagnostics import Report
from .listings import site_view
from .markdown import Rendered
from .plan import Plan, Route
from .relate import Site
from .render import Renderer, Theme, asset_hrefs
from .views import Views


@dataclass(slots=True)
class Context:
    site: Site
    plan: Plan
    bodies: dict[str, Rendered]  # content path -> rendered body
    covers: dict[str, str]  # issue path -> cover image href
    theme: Theme
    options: BuildOptions
    report: Report
    # 'media/x.png' -> (width, height) in pixels, None when unknown
    image_size: Callable[[str], tuple[int, int] | None] = lambda url_path: None
    views: Views = field(init=False)
    renderer: Renderer = field(init=False)
    site_view: dict = field(init=False)

    def __post_init__(self) -> None:
        self.views = Views(self.site, self.plan, self.bodies, self.covers, self.options.now)
        self.renderer = Renderer(self.theme, self.report)
        self.site_view = site_view(self.views, asset_hrefs(self.theme, self.site.config.base_path))


Files = dict[str, bytes]  # output path -> content


@dataclass(frozen=True, slots=True)
class Producer:
    """One kind of output: which routes it writes and how.

    `produce` must accept any subset of its routes (routes with the same
    subject always travel together), so the build can share them out among
    worker processes; `prepare` runs once, before, for work they all share.
    """

    name: str
    formats: frozenset[str]
    produce: Callable[["Context", list[Route]], Files]
    prepare: Callable[["Context"], None] | None = None
    whole: bool = False  # needs all of its routes in one call
