"""Output keys: a digest of everything an output is made from."""

from __future__ import annotations

from ecmn_press.site.kept import Digested, output_key


def _card(title: str) -> Digested:
    return Digested({"title": title, "teams": [{"name": "Neurology", "href": "/teams/neurology/"}]})


def test_a_card_without_a_digest_counts_by_its_content():
    assert output_key([_card("Letters")]) == output_key([_card("Letters")])
    assert output_key([_card("Letters")]) != output_key([_card("Phone clinic")])


def test_a_card_with_a_digest_counts_by_it_and_nothing_else():
    one, other = _card("Letters"), _card("Phone clinic")
    one.digest = other.digest = "d1"
    # The digest is the card's content by contract: a list of either is the same list.
    assert output_key({"items": [one]}) == output_key({"items": [other]})
    other.digest = "d2"
    assert output_key({"items": [one]}) != output_key({"items": [other]})
    # Nor can a digest pass for the text it is made of, in the same place.
    assert output_key({"items": [one]}) != output_key({"items": ["d1"]})


def test_an_input_that_cannot_be_pickled_has_no_key():
    assert output_key({"render": lambda: None}) is None
