"""Readable titles from upper-case headlines, keeping acronyms upper-case.

"SMALL TEAMS, BIG QUESTIONS" -> "Small Teams, Big Questions";
"WHAT THE NHS LEARNT FROM A GP PRACTICE" -> "What the NHS Learnt from a GP Practice".
"""

from __future__ import annotations

import re

# Short upper-case words that are acronyms in this field. A 2-5 letter word
# with no vowel (GP, PCT, CT) is taken as an acronym too; words that are
# also ordinary English words (WHO, NICE, IT, US) are left out on purpose.
ACRONYMS = frozenset(
    """
    ECMN NHS SHA PCT GP UK EU USA IHI QI PDSA ICU ENT COPD ADHD HIV AIDS MRI
    CEO BMJ RCN GMC SPC TQM CQI QIPP PPI DNA OPD MDT CAMHS SKL IVF EPR ED GDP ECG EEG ECT
    A&E II III IV VI VII VIII IX XI XII
    """.split()
)
# No vowel, yet ordinary title words.
NOT_ACRONYMS = frozenset({"DR", "MR", "MRS", "ST", "MS"})
MINOR = frozenset(
    "a an and as at but by for from in into nor of on onto or per the to vs via with".split()
)
_VOWELS = set("AEIOUYÅÄÖÆØÉÈÜ")
_SPLIT = re.compile(r"(\s+)")
_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)
_APOSTROPHE = re.compile(r"(['’])")


def is_acronym(word: str) -> bool:
    """An upper-case word that should stay upper-case: 'NHS', 'GPs' stem 'GP'."""
    if word in ACRONYMS:
        return True
    letters = re.sub(r"[^A-Za-z]", "", word)
    if word in NOT_ACRONYMS or not 2 <= len(letters) <= 5 or not word.isupper():
        return False
    return not any(c in _VOWELS for c in word)


def is_upper_text(text: str) -> bool:
    """True for a line written in capitals that is more than a few acronyms."""
    cased = [c for c in text if c.isupper() or c.islower()]
    if len(cased) < 3 or any(c.islower() for c in cased):
        return False
    words = re.findall(r"[^\W\d_]+(?:['’&][^\W\d_]+)*", text)
    return any(not is_acronym(w) and len(w) > 1 for w in words)


def _one(word: str, capitalise: bool) -> str:
    if not word.isupper():
        return word  # already mixed case ("Ps", "iPhone"): as written
    if _APOSTROPHE.search(word):
        stem, mark, rest = _APOSTROPHE.split(word, maxsplit=1)
        if is_acronym(stem):
            return stem + mark + rest.lower()
        return _one(stem, capitalise) + mark + rest.lower()
    if len(word) > 2 and word.endswith("S") and word[:-1] in ACRONYMS:
        return word[:-1] + "s"  # plural acronyms: GPS -> GPs, SHAS -> SHAs
    if is_acronym(word):
        return word
    lower = word.lower()
    if not capitalise and lower in MINOR:
        return lower
    if word == "I":
        return word
    return lower[:1].upper() + lower[1:]


def title_case(text: str) -> str:
    pieces = _SPLIT.split(text.strip())
    wordy = [i for i, p in enumerate(pieces) if any(c.isalnum() for c in p)]
    last = wordy[-1] if wordy else -1
    out: list[str] = []
    first = True  # the next word starts a phrase, so it takes a capital
    for index, piece in enumerate(pieces):
        if index not in wordy:
            out.append(piece)
            if piece.strip():
                first = first or bool(re.search(r"[:–—-]$", piece))
            continue
        lead, core, trail = _CORE.match(piece).groups()  # type: ignore[union-attr]
        # Hyphenated and slashed compounds capitalise each part: FRONT-LINE -> Front-Line.
        parts = re.split(r"([-/–—])", core)
        for i in range(0, len(parts), 2):
            if parts[i]:
                parts[i] = _one(parts[i], capitalise=first or i > 0 or index == last)
        out.append(lead + "".join(parts) + trail)
        first = bool(re.search(r"[:–—!?]$", trail))
    return "".join(out)
