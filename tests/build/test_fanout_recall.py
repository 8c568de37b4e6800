"""What a producer recalls from one share of its routes to the next stays with it:
its next share in the same process finds it, another producer starts empty, and
coming back after another producer starts empty again (its memory was let go)."""

from __future__ import annotations

from types import SimpleNamespace

from ecmn_press.build.fanout import _made_by
from ecmn_press.site.context import Producer


def _counting(name: str, seen: list[int]) -> Producer:
    def produce(ctx, routes):
        memo = ctx.recall.setdefault(name, {})
        seen.append(len(memo))
        memo[len(memo)] = routes
        return {}

    return Producer(name, frozenset({"html"}), produce)


def test_a_producer_recalls_its_own_shares_and_lets_go_when_another_runs():
    ctx = SimpleNamespace(recall={}, recalled_by="")
    feeds_seen, pages_seen = [], []
    feeds, pages = _counting("feeds", feeds_seen), _counting("pages", pages_seen)
    for producer in (feeds, feeds, feeds, pages, feeds):
        _made_by(ctx, producer, [])
    assert feeds_seen == [0, 1, 2, 0]
    assert pages_seen == [0]
    assert "pages" not in ctx.recall and ctx.recalled_by == "feeds"
