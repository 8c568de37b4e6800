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


def test_writes_the_thread_cannot_make_are_dropped_and_the_build_goes_on(tmp_path, monkeypatch):
    """A cache is only a speed-up: a write that fails in the thread loses those values, nothing more."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    site = tmp_path / "site"
    site.mkdir()
    with Cache(site) as cache:
        # The database refuses one row: its whole chunk is lost, the chunks after it are not.
        cache._db.execute("CREATE TRIGGER refuse BEFORE INSERT ON entries WHEN NEW.key = 'bad' "
                          "BEGIN SELECT RAISE(ABORT, 'refused'); END")
        cache.put_many({"bad": 1, "lost": 2}, soon=True)
        cache.put_many({"kept": 3}, soon=True)
        cache.put_many({"now": 4})
    with Cache(site) as again:
        assert again.get_many(["bad", "lost", "kept", "now"]) == {"kept": 3, "now": 4}
