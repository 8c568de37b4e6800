"""Run the producers, sharing their routes out among worker processes.

Workers are forked after every producer's `prepare`, so they inherit the
linked site, its views and compiled templates as they are. Each writes the
files it makes straight into the build's staging folder; only their names,
keys and any diagnostics travel back. Results are merged in a fixed order,
so the output does not depend on which worker finished first.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Callable

from ..content.plan import Route
from ..core.diagnostics import Diagnostic
from ..site.context import Context, Files, Producer
from ..site.kept import KEEP
from ..site.sandbox import timed_renders
from ..site.since import Seen
from .output import Staging

_PARALLEL_FROM = 200  # fewer routes than this are quicker to make here than to share out
_TASKS_PER_WORKER = 8  # small tasks, so a slow one (a big list page) cannot hold up the rest
_FORK_AFTER = 100  # outputs rendered here before the rest is shared out among workers
_UNIT_ROUTES = 50  # routes made here between two looks at how many were rendered

Stage = Callable[[str], AbstractContextManager]
_Task = tuple[int, tuple[int, ...]]  # producer index, route indexes
# Output path -> what became of it: "staged" (written beside the output folder),
# "unchanged" (the output folder holds these bytes), "kept" (not even made), "made" (check).
Outcome = dict[str, str]


@dataclass(frozen=True, slots=True)
class Early:
    """Outputs a caller wants before the rest (serve: the pages open in a browser).

    They are made first, in this process, once nothing is left to report
    before rendering; `ready` then gets their bytes (those not left as they
    were), and is called with no worker thread or process of the build
    running beside it: with workers, just after they were forked, so the
    caller may start threads of its own from there.
    """

    paths: frozenset[str]
    ready: Callable[[dict[str, bytes], Context], None]


def settle(files: Files, staging: Staging | None) -> Outcome:
    """Write what the producers made into the staging folder, as it is made."""
    outcome: Outcome = {}
    for path, data in files.items():
        if data is KEEP:
            outcome[path] = "kept"
        elif staging is None:
            outcome[path] = "made"
        else:
            outcome[path] = "staged" if staging.put(path, data) else "unchanged"  # type: ignore[arg-type]
    return outcome


def produce_all(ctx: Context, producers: list[Producer], workers: int, stage: Stage,
                staging: Staging | None, early: Early | None = None) -> Outcome:
    routes = ctx.plan.routes
    mine = [[i for i, r in enumerate(routes) if r.format in p.formats] for p in producers]
    with stage("prepare"):
        for producer in producers:
            if producer.prepare is not None:
                producer.prepare(ctx)
    outcome: Outcome = {}
    made: dict[str, bytes] = {}
    if early is not None and not ctx.report.has_errors():
        made = _produce_early(ctx, producers, mine, early.paths, staging, outcome)
    if workers <= 1 or len(routes) < _PARALLEL_FROM:
        if early is not None:
            early.ready(made, ctx)
        for producer, indexes in zip(producers, mine):
            if not indexes:
                continue  # e.g. the sitemap, made with the default language only
            with stage(producer.name):
                outcome.update(settle(_made_by(ctx, producer, [routes[i] for i in indexes]), staging))
        return outcome
    with stage("produce"):
        # A first build keeps nothing: past a few renders, all it has to make goes straight to the workers.
        if ctx.previous or sum(map(len, mine)) <= _FORK_AFTER:
            outcome.update(_here_while_few_renders(ctx, producers, mine, staging))
        if not any(mine):
            if early is not None:
                early.ready(made, ctx)
            return outcome
        tasks = _tasks(producers, mine, routes, workers)
        outcome.update(_run_forked(ctx, producers, tasks, workers, staging,
                                   (lambda: early.ready(made, ctx)) if early is not None else None))
        return outcome


def _made_by(ctx: Context, producer: Producer, routes: list[Route]) -> Files:
    """What `producer` makes of `routes`. What it recalls (`Context.recall`) from its
    earlier shares in this process is let go when another producer runs here."""
    if ctx.recalled_by != producer.name:
        ctx.recall.clear()
        ctx.recalled_by = producer.name
    with timed_renders():
        return producer.produce(ctx, routes)


def _here_while_few_renders(ctx: Context, producers: list[Producer], mine: list[list[int]],
                            staging: Staging | None) -> Outcome:
    """Make outputs in this process, a few subjects at a time, for as long as
    nearly all of them are kept: after a small edit a rebuild renders a handful
    of files, and forking workers (each soon copying much of this process's
    memory as it touches it) would cost more than computing every key here.
    Routes made here are taken out of `mine`; the rest is left for the workers."""
    routes = ctx.plan.routes
    outcome: Outcome = {}
    rendered = 0
    for p, producer in enumerate(producers):
        if not mine[p]:
            continue  # e.g. the sitemap, made with the default language only
        units = [mine[p]] if producer.whole else _units(routes, mine[p], _UNIT_ROUTES)
        done = 0
        for unit in units:
            if rendered >= _FORK_AFTER and not producer.whole:
                break
            made = settle(_made_by(ctx, producer, [routes[i] for i in unit]), staging)
            rendered += sum(1 for what in made.values() if what != "kept")
            outcome.update(made)
            done += len(unit)
        mine[p] = [i for unit in units for i in unit][done:]
    return outcome


def _by_subject(routes: list[Route], indexes: list[int]) -> list[list[int]]:
    """The routes of each subject together, in the order they come."""
    groups: dict[int, list[int]] = {}
    for i in indexes:
        key = id(routes[i].subject) if routes[i].subject is not None else -1 - i
        groups.setdefault(key, []).append(i)
    return list(groups.values())


def _units(routes: list[Route], indexes: list[int], size: int) -> list[list[int]]:
    """Routes in groups of about `size`, those of one subject together."""
    units: list[list[int]] = [[]]
    for group in _by_subject(routes, indexes):
        if len(units[-1]) >= size:
            units.append([])
        units[-1].extend(group)
    return [u for u in units if u]


def _produce_early(ctx: Context, producers: list[Producer], mine: list[list[int]], paths: frozenset[str],
                   staging: Staging | None, outcome: Outcome) -> dict[str, bytes]:
    """Make the routes of `paths` (and their subjects' other routes), taking them out of `mine`."""
    routes = ctx.plan.routes
    made: dict[str, bytes] = {}
    for p, producer in enumerate(producers):
        if producer.whole:
            continue
        subjects = {id(routes[i].subject) for i in mine[p]
                    if routes[i].output in paths and routes[i].subject is not None}
        wanted = [i for i in mine[p] if routes[i].output in paths or id(routes[i].subject) in subjects]
        if not wanted:
            continue
        files = _made_by(ctx, producer, [routes[i] for i in wanted])
        made.update({path: data for path, data in files.items() if isinstance(data, bytes) and path in paths})
        outcome.update(settle(files, staging))
        taken = set(wanted)
        mine[p] = [i for i in mine[p] if i not in taken]
    return made


def _tasks(producers: list[Producer], mine: list[list[int]], routes: list[Route], workers: int) -> list[_Task]:
    tasks: list[_Task] = []
    for p, indexes in enumerate(mine):
        if not indexes:
            continue
        if producers[p].whole:
            tasks.append((p, tuple(indexes)))
            continue
        units = _by_subject(routes, indexes)
        size = max(1, len(units) // (workers * _TASKS_PER_WORKER))
        for start in range(0, len(units), size):
            tasks.append((p, tuple(i for unit in units[start : start + size] for i in unit)))
    return tasks


def _run_forked(ctx: Context, producers: list[Producer], tasks: list[_Task], workers: int,
                staging: Staging | None, forked: Callable[[], None] | None = None) -> Outcome:
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start,
                             initargs=(ctx, producers, staging)) as pool:
        if forked is not None:
            pool.submit(int).result()  # with fork, the first task forks every worker
            forked()
        results = list(pool.map(_run, tasks))
    outcome: Outcome = {}
    for made, keys, seen, diagnostics in results:
        outcome.update(made)
        ctx.made_keys.update(keys)
        ctx.seen.update(seen)
        ctx.report.extend(diagnostics)
    return outcome


# Set only inside worker processes, by their initializer, from the forked parent.
_worker: tuple[Context, list[Producer], Staging | None] | None = None


def _start(ctx: Context, producers: list[Producer], staging: Staging | None) -> None:
    global _worker
    _worker = (ctx, producers, staging)


def _run(task: _Task) -> tuple[Outcome, dict[str, str], Seen, list[Diagnostic]]:
    assert _worker is not None
    ctx, producers, staging = _worker
    producer_index, indexes = task
    before = len(ctx.report.items)
    ctx.made_keys.clear()
    ctx.seen.clear()
    made = _made_by(ctx, producers[producer_index], [ctx.plan.routes[i] for i in indexes])
    return settle(made, staging), dict(ctx.made_keys), dict(ctx.seen), ctx.report.items[before:]
