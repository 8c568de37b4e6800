"""The Jinja environment themes render in: a site's own templates are content.

A theme under themes/ arrives like any other content, often in a
contributor's pull request built on a CI runner that holds secrets. Plain
Jinja lets a template walk from any object to Python's globals
(`cycler.__init__.__globals__.os`) and run commands, so templates render in
Jinja's immutable sandbox: no attribute that starts with an underscore, no
function internals, no method that changes a list or mapping. On top of it:

- `*` and `**` may not make a string, list or number past a size a page
  could use (`'x' * 10**10` would take the machine's memory);
- one render may take at most `RENDER_SECONDS` (a loop inside a loop over
  every story never ends, as far as an editor can tell), where a clock signal
  can stop it: in the main thread (the command line's `build`, `check` and
  `serve`) and in the build's worker processes.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Any, Iterator, MutableMapping

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

RENDER_SECONDS = 20.0  # the slowest real page renders in milliseconds
MAX_ITEMS = 1_000_000  # characters of a string, items of a list, made by one `*`
MAX_DIGITS = 10_000  # of a number made by `**`


class RenderTooSlow(Exception):
    def __str__(self) -> str:
        return f"rendering took longer than {RENDER_SECONDS:.0f} s (a loop that does not end?)"


_DICT_ATTRIBUTES = frozenset(dir(dict))


class ThemeEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Views are plain dicts, and `page.title` is nearly every lookup a template makes:
        # Jinja tries the attribute first and takes the key when that raises, as here,
        # without the cost of the exception.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        # Jinja chains a template's globals to the environment's, and every render copies
        # them into a new context: a chain is copied key by key in Python, a dict at once.
        # The environment's globals are all set before the first template is loaded.
        return {**self.globals, **(d or {})}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif isinstance(left, (int, float)) and isinstance(right, (int, float)) and abs(left) > 1:
            if right > 0 and _digits(left) * right > MAX_DIGITS:
                raise SecurityError(f"{left} ** {right} is too large a number for a template")
        return super().call_binop(context, operator, left, right)


def _check_repeat(sequence: Any, times: Any) -> None:
    if isinstance(sequence, (str, bytes, list, tuple)) and isinstance(times, int):
        if len(sequence) * times > MAX_ITEMS:
            raise SecurityError(f"repeating {len(sequence)} items {times} times is too long for a template")


def _digits(number: int | float) -> float:
    return len(str(int(abs(number))))


def _stop(_signum: int, _frame: object) -> None:
    raise RenderTooSlow()


_installed = False  # `_stop` is SIGALRM's handler, for the renders of a `timed_renders` scope


@contextmanager
def timed_renders() -> Iterator[None]:
    """Hold `_stop` as SIGALRM's handler across many renders (a producer's run), so each
    render only sets the clock: swapping handlers is a tenth of a page's time in Jinja."""
    global _installed
    if _installed or threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGALRM, _stop)
    _installed = True
    try:
        yield
    finally:
        _installed = False
        signal.signal(signal.SIGALRM, before)


@contextmanager
def within_time() -> Iterator[None]:
    """Raise RenderTooSlow inside the render if it runs longer than RENDER_SECONDS.

    Only the main thread receives signals: a caller that builds from a thread
    of its own goes without the limit."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if not _installed:
        with timed_renders(), within_time():
            yield
        return
    signal.setitimer(signal.ITIMER_REAL, RENDER_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
