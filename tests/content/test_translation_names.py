"""The translation file-name parser: `x.sv.md` is x in Swedish, and nothing else is a translation."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ecmn_press.content import yamldoc
from ecmn_press.content.config import load_config
from ecmn_press.core.diagnostics import Report
from ecmn_press.core.slugs import is_slug
from ecmn_press.i18n.codes import code_problem, split_name, translation_name

FAST = settings(max_examples=200, deadline=None)
slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
codes = st.sampled_from(["sv", "nb", "da", "nl", "en", "de", "fi", "en-GB", "pt-BR", "zh-Hant", "sr-Latn"])


@FAST
@given(slugs, codes)
def test_a_translation_name_splits_back_into_its_stem_and_language(stem, code):
    assert split_name(translation_name(stem, code)) == (stem, code)


@FAST
@given(slugs)
def test_an_original_is_never_taken_for_a_translation(stem):
    assert split_name(f"{stem}.md") == (stem, None)


@FAST
@given(st.text(max_size=30))
def test_any_name_splits_without_raising_and_a_found_language_is_code_shaped(name):
    stem, code = split_name(name + ".md")
    if code is not None:
        assert stem and "." + code.lower() in (name + ".md").lower()
        assert (name + ".md").lower().endswith(f".{code.lower()}.md")
    else:
        assert stem == name


@FAST
@given(slugs, st.from_regex(r"[a-z]{4,9}|[0-9][a-z0-9]{0,4}|v[0-9]", fullmatch=True))
def test_a_dotted_part_that_is_no_language_stays_in_the_stem(stem, part):
    # 'notes.final.md' or 'plan.v2.md' are not translations; they fail as slugs.
    name, code = split_name(f"{stem}.{part}.md")
    assert code is None and not is_slug(name)


def test_the_language_is_written_as_urls_write_it():
    assert split_name("hull-letters.SV.md") == ("hull-letters", "sv")
    assert split_name("issue.pt-br.md") == ("issue", "pt-BR")


def test_norwegian_is_refused_with_a_hint_and_unknown_codes_are_named():
    message, hint = code_problem("no")
    assert "refused" in message and "'nb'" in hint
    assert code_problem("xx")[0] == "unknown language code 'xx'"
    assert code_problem(False)[0] == "not a language code"
    assert code_problem("nb") is None and code_problem("en-GB") is None


@FAST
@given(st.lists(st.one_of(codes, st.text(max_size=6), st.booleans(), st.dictionaries(
    st.sampled_from(["code", "title", "tags", "nav", "description", "x"]),
    st.one_of(codes, st.text(max_size=6), st.none(), st.integers()), max_size=4)), max_size=4))
def test_any_languages_setting_is_read_or_reported(languages):
    text = yaml.safe_dump({"title": "T", "base_url": "https://e.org/", "languages": languages})
    report = Report()
    config = load_config(yamldoc.load(text, "content/site.yaml", 0, report), report)
    assert config is not None
    assert len(set(config.codes)) == len(config.codes)
    for code in config.codes:
        assert code_problem(code) is None
