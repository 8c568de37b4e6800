"""The build cache: what a build stores is there for the next one, also what a
thread of the build wrote while the build went on."""

from __future__ import annotations

import pickle

from ecmn_press.core.cache import Cache


def test_values_written_soon_are_all_there_once_the_cache_is_closed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = tmp_path / "site"
    site.mkdir()
    values = {f"body:{n}": {"html": "<p>" + "x" * n + "</p>", "n": n} for n in range(600)}
    with Cache(site) as cache:
        keys = list(values)
        for start in range(0, len(keys), 256):  # as the bodies arrive from the workers
            chunk = {k: values[k] for k in keys[start:start + 256]}
            cache.put_many(chunk, pickled={k: pickle.dumps(v) for k, v in chunk.items() if v["n"] % 2}, soon=True)
        cache.put_many({"now": 1})  # the build's own connection writes meanwhile
    with Cache(site) as again:
        assert again.get_many([*values, "now"]) == {**values, "now": 1}


def test_a_cache_that_cannot_be_opened_takes_writes_soon_without_failing(tmp_path, monkeypatch):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    site = tmp_path / "site"
    site.mkdir()
    with Cache(site) as cache:
        cache.put_many({"a": 1}, soon=True)
        assert cache.get_many(["a"]) == {}
