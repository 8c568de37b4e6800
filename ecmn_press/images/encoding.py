"""The planned images' files, made in the background while the build renders its pages.

`Encoding` starts the jobs of `plan_all` in worker processes as soon as it
is made; `finish`, called before anything is committed, waits for them,
puts what each image became in the library (the same files the pages were
given, now with their byte sizes) and in the cache, and says which images
turned out to be damaged once their pixels were read.
"""

from __future__ import annotations

from ..core.background import Background, Done
from ..core.cache import Cache
from .library import Library, Planned
from .make import lasting, make
from .plan import same_files
from .variants import Processed

# A worker that died reading an image (a decoder crashing on crafted data, the
# kernel ending a process out of memory) leaves this as the image's problem.
_LOST = "its pixels could not be read: the process decoding them stopped"


class Encoding:
    def __init__(self, planned: Planned, cache: Cache, workers: int, encode: bool) -> None:
        self.library = planned.library
        self._jobs, self._learned, self._cache, self._encode = planned.jobs, planned.learned, cache, encode
        self._background = Background(make, [job for _, job in self._jobs], workers)
        self._finished = False

    def finish(self) -> set[str]:
        """Wait for every job (once); the url paths of the images found damaged while being made."""
        if self._finished:
            return set()
        self._finished = True
        outcomes = self._background.wait()
        library: Library = self.library
        damaged: set[str] = set()
        spans = [(o.started, o.ended) for o in outcomes if isinstance(o, Done)]
        library.encode_seconds = max(e for _, e in spans) - min(s for s, _ in spans) if spans else 0.0
        library.encoded = len(self._jobs)
        learned = dict(self._learned)
        for (paths, job), outcome in zip(self._jobs, outcomes):
            planned = job.planned
            made: Processed = outcome.result if isinstance(outcome, Done) else Processed(
                planned.kind, planned.key, planned.width, planned.height, problem=_LOST)
            if made.problem is None and not same_files(planned, made):
                raise RuntimeError(f"{paths[0]}: the encoder made other files than were planned")
            library.images.update(dict.fromkeys(paths, made))
            if made.problem is not None:
                damaged.update(paths)
            if self._encode and isinstance(outcome, Done) and lasting(made):
                learned[planned.key] = made
        self._cache.put_many(learned)  # type: ignore[arg-type]
        return damaged

    def stop(self) -> None:
        """End any worker still running (a build that failed or stopped before `finish`)."""
        self._background.stop()
