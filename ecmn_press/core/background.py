"""Map a function over items in forked processes while this process goes on with other work.

The build renders its pages while images are encoded. A process pool will
not do: its feeder and manager threads would still be running when the
build forks its page workers, and a process forked while other threads hold
locks can hang. So these are plain forked processes, with no thread on
this side. They take items one at a time from a counter in shared memory
(a slow item does not hold back the rest) and write each result, as soon
as it is made, to a file of their own: nothing needs reading until `wait`,
and a worker that dies loses only the item it was working on.
"""

from __future__ import annotations

import multiprocessing
import pickle
import shutil
import signal
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Generic, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Done(Generic[R]):
    result: R
    started: float  # time.perf_counter(), the same clock in every process on one machine
    ended: float


class Lost:
    """The item whose worker died while working on it (a crash in a C library, the kernel's OOM killer)."""


LOST = Lost()


class Background(Generic[T, R]):
    """Started at once; `wait` gives the results in the items' order. With one worker, items run in `wait`."""

    def __init__(self, function: Callable[[T], R], items: Sequence[T], workers: int) -> None:
        self._function, self._items = function, list(items)
        self._processes: list = []
        self._folder: Path | None = None
        if workers <= 1 or not self._items:
            return
        context = multiprocessing.get_context("fork")  # workers inherit the items: nothing is pickled on the way
        self._folder = Path(tempfile.mkdtemp(prefix="ecmn-press-background-"))
        self._next = context.Value("l", 0)
        for n in range(min(workers, len(self._items))):
            process = context.Process(target=self._serve, args=(self._folder / str(n),), daemon=True)
            process.start()
            self._processes.append(process)

    def wait(self) -> list[Done[R] | Lost]:
        """Every item's result; an exception raised by the function is raised again here."""
        if not self._processes:
            return [_timed(self._function, item) for item in self._items]
        for process in self._processes:
            process.join()
        assert self._folder is not None
        found: dict[int, Done[R] | _Failed] = {}
        for n in range(len(self._processes)):
            found.update(_records(self._folder / str(n)))
        self.stop()
        for outcome in found.values():
            if isinstance(outcome, _Failed):
                raise RuntimeError(f"a background worker failed:\n{outcome.text}")
        claimed = min(self._next.value, len(self._items))
        # Past `claimed` no worker was left to start them: none of them can have been the cause.
        return [found.get(i, LOST) if i < claimed else _timed(self._function, self._items[i])  # type: ignore[misc]
                for i in range(len(self._items))]

    def stop(self) -> None:
        """End the workers (if still running) and remove their files; safe to call more than once."""
        for process in self._processes:
            if process.is_alive():
                process.terminate()
            process.join()
        self._processes = []
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _serve(self, path: Path) -> None:
        # Ctrl-C reaches the whole process group: the parent stops the workers, so they need not hear it.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        with path.open("ab") as out:
            while True:
                with self._next.get_lock():
                    index = self._next.value
                    self._next.value += 1
                if index >= len(self._items):
                    return
                try:
                    outcome: Done | _Failed = _timed(self._function, self._items[index])
                except Exception:  # noqa: BLE001 - a bug: reported to the parent, which raises it
                    outcome = _Failed(traceback.format_exc())
                pickle.dump((index, outcome), out)
                out.flush()


@dataclass(frozen=True, slots=True)
class _Failed:
    text: str  # the traceback


def _timed(function: Callable[[T], R], item: T) -> Done[R]:
    started = time.perf_counter()
    result = function(item)
    return Done(result, started, time.perf_counter())


def _records(path: Path) -> dict[int, Done | _Failed]:
    records: dict[int, Done | _Failed] = {}
    try:
        with path.open("rb") as data:
            while True:
                index, outcome = pickle.load(data)
                records[index] = outcome
    except (OSError, EOFError, ValueError, pickle.UnpicklingError):
        pass  # the end, or a record cut short by a worker that died writing it
    return records
