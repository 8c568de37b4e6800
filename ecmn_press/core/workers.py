"""Map a function over many items in forked worker processes.

Fork, so workers inherit what the parent has already loaded (modules, the
linked site, compiled templates): only the items and the results cross a
process boundary. Used for per-file work on cold builds; small batches run
in this process, where they are quicker than shipping them out.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Set only inside a worker process, by its initializer.
_function: Callable | None = None


def fork_map(function: Callable[[T], R], items: Sequence[T], workers: int, minimum: int = 64) -> Iterator[R]:
    """function(item) for each item, in order, shared among `workers` processes when worth it.

    Results are handed on as they come, so a caller that keeps only part of
    each (or stores it) need not hold every one at once."""
    if workers <= 1 or len(items) < minimum:
        yield from (function(item) for item in items)
        return
    context = multiprocessing.get_context("fork")
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(function,)) as pool:
        yield from pool.map(_call, items, chunksize=chunk)


def _start(function: Callable) -> None:
    global _function
    _function = function


def _call(item):
    assert _function is not None
    return _function(item)
