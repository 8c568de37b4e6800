"""Text that looks like a patient identifier, found before it is published.

Stories are written by clinical teams; an NHS number, a Swedish personal
identity number or a date of birth beside a name on a public page is the
worst mistake this site could make. `scan` returns warnings (the build turns
them into errors only under `--strict`) and is pure: text in, diagnostics out.

False alarms teach editors to ignore warnings, so every rule leans on
something a random number rarely has: a valid check digit, a real calendar
date, or a named person right beside a date-of-birth cue.
"""

from __future__ import annotations

import bisect
import calendar
import re

from ..core.diagnostics import Diagnostic, Position

REVIEWED_RE = re.compile(r"<!--\s*identifiers\s*:\s*reviewed\s*-->", re.IGNORECASE)

# Stories are hard-wrapped, and Markdown publishes a single line break as a
# space: '943 476' at the end of one line and '5919' on the next is on the
# page as '943 476 5919'. A blank line ends a paragraph and so ends a match.
_SP = r"[ \t\u00a0]"
_GAP = rf"(?:{_SP}+\n?{_SP}*|\n{_SP}*)"
GAP_RE = re.compile(_GAP)

# 3-3-4 with spaces (or a wrap) or with dashes, or ten digits together. A
# phone-like 4-3-4 or 5-6 grouping never matches: its digits cannot regroup.
# No leading lookbehind: it would cost Python's fast first-digit scan, so
# `_isolated` rejects a match glued to an earlier digit instead.
NHS_RE = re.compile(
    r"[0-9]{3}(?:(?P<space>[ \u00a0]|\n[ \t]*)[0-9]{3}(?:[ \u00a0]|\n[ \t]*)|-[0-9]{3}-|[0-9]{3})"
    r"[0-9]{4}(?![0-9])"
)

# YYMMDD-NNNN, YYMMDD+NNNN (aged 100 or more), YYYYMMDD-NNNN, YYYYMMDDNNNN;
# `_swedish_numbers` sorts out which lengths go with which separator. Ten
# digits without a separator are left to the NHS rule: Swedes write the
# short form with its separator.
SWEDISH_RE = re.compile(r"(?P<date>[0-9]{6,8})(?P<sep>[-+]?)(?P<serial>[0-9]{4})(?![0-9])")

# A number right after one of these is a phone number whatever its digits say.
PHONE_BEFORE_RE = re.compile(
    r"(?:\b(?:tel|telephone|phone|phoned|ph|mobile|mob|cell|fax|call|ring|helpline"
    r"|switchboard|whatsapp|sms)\b\.?|\+[0-9]{1,3})"
    r"[ \t\u00a0:.\-–()]{0,6}(?:\(0\)[ \t\u00a0]*)?$",
    re.IGNORECASE,
)
PHONE_AFTER_RE = re.compile(
    r"^[ \t\u00a0]*[(\[]?(?:tel|telephone|phone|mobile|mob|landline|fax)\b", re.IGNORECASE
)

# English and Swedish month names, long and short.
_MONTHS = set(
    """january jan januari february feb februari march mar mars april apr may maj
    june jun juni july jul juli august aug augusti september sep sept october oct
    oktober okt november nov december dec""".split()
)
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))

_DOB_CUE = (
    rf"\bd\.?{_SP}?o\.?{_SP}?b\b\.?|\bdate{_GAP}of{_GAP}birth\b|\bborn(?:{_GAP}on)?\b"
    rf"|\bfödd(?:{_GAP}den)?\b|\bf\."
)
# A whole date (day, month and year): 12/03/1961, 12.03.61, 1961-03-12,
# 12 March 1961, 12th of March 1961, March 12, 1961.
_TH = r"(?:st|nd|rd|th)?"
_FULL_DATE = (
    r"(?P<n1>[0-9]{1,2})(?P<nsep>[/.\-])(?P<n2>[0-9]{1,2})(?P=nsep)(?:[0-9]{4}|[0-9]{2})"
    r"|[0-9]{4}-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})"
    rf"|(?P<dd>[0-9]{{1,2}}){_TH}{_GAP}(?:of{_GAP})?(?:{_MONTH})\.?,?{_GAP}[0-9]{{4}}"
    rf"|(?:{_MONTH})\.?{_GAP}(?P<md>[0-9]{{1,2}}){_TH},?{_GAP}[0-9]{{4}}"
)
DOB_RE = re.compile(
    rf"(?P<cue>{_DOB_CUE}){_SP}*[:\-–]?{_GAP}?(?:the{_GAP})?(?P<date>{_FULL_DATE})(?![0-9])",
    re.IGNORECASE,
)

NAME_TITLE_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?[ \u00a0]+[^\W\d_][\w'’-]*")
WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")

# Capitalised words that start sentences or name things, never people.
_NOT_NAMES = set(
    """a an the this that these those our we us it its their they he she his her i my
    me you your in on at by for from to of and but or nor when where while after before
    during since until as if so then every each all some no not with without once over
    under between about into here there what who how why born dob date birth patient
    patients name case story today yesterday tomorrow dear thanks hello please note
    monday tuesday wednesday thursday friday saturday sunday""".split()
) | _MONTHS
_INSTITUTIONS = set(
    """nhs trust hospital hospitals unit ward team teams clinic clinics service services
    centre center network board council practice surgery health care university county
    foundation department school group programme program project microsystem
    microsystems clinical medical newsletter committee authority partnership region
    pilot workshop day week month year issue chapter section""".split()
)
NAME_BEFORE = 120  # characters before the cue (this line and the one above)
NAME_AFTER = 60  # characters after the date, same line


_DIGITS_GATE = re.compile(r"[0-9]{3}[ \t\u00a0\n+-]*[0-9]{3}")
# Every date of birth has a whole-word cue with a digit soon after it.
# Searched in the lower-cased text: a case-blind search costs Python's re twice as much.
_CUE_GATE = re.compile(r"(?=[dbf])(?:\bd\.?\s?o\.?\s?b\b|\bbirth\b|\bborn\b|\bf\u00f6dd\b|\bf\.)[\s\S]{0,40}?[0-9]")

# The gates above test every character of a file with Python's re, a tenth of
# a second per thousand stories each. Cheaper tests on the file's UTF-8 bytes
# go first; they may pass a file the gate refuses, never the other way round.
# Digits become '0' and the gate's separators ' ' (no-break space is two bytes;
# any \xc2 or \xa0 byte is taken as one), so a literal search stands in for the gate.
_DIGIT_RUNS = bytes.maketrans(b"0123456789\t\n+-\xc2\xa0", b"0000000000" + b" " * 6)
_DIGITS_HINT = re.compile(rb"000 *000")
# Between the letters of "d.o.b." the gate allows dots and spaces, some of them
# beyond ASCII; all such bytes are dropped, so "dob" is left in the bytes.
_DOB_FILLER = bytes(range(0x09, 0x0E)) + bytes(range(0x1C, 0x21)) + b"." + bytes(range(0x80, 0x100))
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789_")
# The cues but "d.o.b.", lower-cased as bytes: "Född" has two ways to be written.
_CUE_WORDS = (b"birth", b"born", b"f.", b"f\xc3\xb6dd", b"f\xc3\x96dd")


def _may_hold_digits(data: bytes) -> bool:
    return _DIGITS_HINT.search(data.translate(_DIGIT_RUNS)) is not None


def _may_hold_cue(data: bytes) -> bool:
    low = data.lower()  # ASCII letters only: enough for every cue but "född"
    if any(_starts_a_word(low, word) for word in _CUE_WORDS):
        return True
    return b"dob" in low.translate(None, _DOB_FILLER)


def _starts_a_word(data: bytes, word: bytes) -> bool:
    """True if `word` is in `data` with no ASCII letter, digit or '_' just before it."""
    at = data.find(word)
    while at >= 0:
        if at == 0 or data[at - 1] not in _WORD_BYTES:
            return True
        at = data.find(word, at + 1)
    return False


def nhs_check_digit_ok(digits: str) -> bool:
    """Modulus 11: weights 10..2 on the first nine digits; 11 means 0, 10 is never issued."""
    digits = re.sub(r"[\s-]", "", digits)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 10:
        return False
    return check % 11 == int(digits[9])


def luhn_ok(digits: str) -> bool:
    """The Luhn check used by Swedish numbers (over YYMMDDNNNN, century dropped)."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def swedish_date_ok(yymmdd: str, century: str | None) -> bool:
    """A real calendar date; days 61-91 are coordination numbers (day + 60)."""
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    if day > 60:
        day -= 60
    # A birth century outside 1800-2099 is a long number, not a person.
    if not 1 <= month <= 12 or day < 1 or century not in (None, "18", "19", "20"):
        return False
    # Without the century, 29 February is fine in any year divisible by four
    # (2000 was a leap year, so no century rules one out).
    year = int(century) * 100 + yy if century else (2000 + yy if yy % 4 == 0 else 2001)
    return day <= calendar.monthrange(year, month)[1]


def _one_line(matched: str) -> str:
    """The match as the page shows it: a wrapped line break reads as a space."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", matched)


def _digit_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isdigit()


def _isolated(text: str, start: int, end: int, joiners: str) -> bool:
    """Not glued to letters or digits, nor part of a longer number such as 1.9434765919."""
    if start > 0 and text[start - 1].isalnum():
        return False
    if end < len(text) and text[end].isalnum():
        return False
    if start > 0 and text[start - 1] in joiners and _digit_at(text, start - 2):
        return False
    return not (end < len(text) and text[end] in joiners and _digit_at(text, end + 1))


def _looks_like_phone(text: str, start: int, end: int) -> bool:
    """A valid check digit is one chance in eleven for any ten digits, so a
    number introduced as a phone number is taken at its word."""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[max(line_start, start - 40) : start]
    line_end = text.find("\n", end)
    after = text[end : line_end if line_end >= 0 else len(text)][:20]
    return bool(PHONE_BEFORE_RE.search(before) or PHONE_AFTER_RE.match(after))


def _nhs_numbers(text: str) -> list[tuple[int, str]]:
    found = []
    for m in NHS_RE.finditer(text):
        joiners = ".,-/" + (" \u00a0" if m["space"] else "")
        if (
            m.group().count("\n") < 2
            and _isolated(text, m.start(), m.end(), joiners)
            and nhs_check_digit_ok(m.group())
            and not _looks_like_phone(text, m.start(), m.end())
        ):
            found.append((m.start(), f"possible NHS number '{_one_line(m.group())}'"))
    return found


def _swedish_numbers(text: str) -> list[tuple[int, str]]:
    found = []
    for m in SWEDISH_RE.finditer(text):
        date, sep, serial = m["date"], m["sep"], m["serial"]
        if (len(date), sep) not in {(6, "-"), (6, "+"), (8, "-"), (8, "")}:
            continue
        century, date = (date[:2], date[2:]) if len(date) == 8 else (None, date)
        if (
            _isolated(text, m.start(), m.end(), ".,-/+")
            and swedish_date_ok(date, century)
            and luhn_ok(date + serial)
        ):
            found.append((m.start(), f"possible Swedish personal identity number '{m.group()}'"))
    return found


def _date_ok(m: re.Match[str]) -> bool:
    if m["n1"]:
        a, b = int(m["n1"]), int(m["n2"])
        # Day-month or month-day: either reading will do.
        return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)
    if m["im"]:
        return 1 <= int(m["im"]) <= 12 and 1 <= int(m["id"]) <= 31
    day = m["dd"] or m["md"]
    return 1 <= int(day) <= 31


def _has_name(window: str) -> bool:
    """A title and a capitalised word, or two to four capitalised words that
    are neither sentence glue ('The', 'When') nor an organisation ('Leeds
    Frailty Unit', 'Leeds Frailty team')."""
    if NAME_TITLE_RE.search(window):
        return True
    words = list(WORD_RE.finditer(window))
    run: list[re.Match[str]] = []

    def is_name(run: list[re.Match[str]], following: str) -> bool:
        return (
            2 <= len(run) <= 4
            and not any(w.group().lower() in _INSTITUTIONS for w in run)
            and following.lower() not in _INSTITUTIONS
        )

    for w in words:
        word = w.group()
        capitalised = word[0].isupper() and any(c.islower() for c in word[1:])
        glued = bool(run) and GAP_RE.fullmatch(window, run[-1].end(), w.start()) is not None
        if capitalised and word.lower() not in _NOT_NAMES:
            if run and not glued:
                if is_name(run, ""):
                    return True
                run = []
            run.append(w)
            continue
        following = word if glued else ""
        if run and is_name(run, following):
            return True
        run = []
    return is_name(run, "")


def _dates_of_birth(text: str) -> list[tuple[int, str]]:
    found = []
    for m in DOB_RE.finditer(text):
        if not _date_ok(m):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        previous_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
        lo = max(previous_start, m.start() - NAME_BEFORE)
        while lo > previous_start and lo < m.start() and text[lo - 1].isalnum():
            lo += 1  # a word cut by the window would look like a new sentence
        before = text[lo : m.start()]
        line_end = text.find("\n", m.end())
        after = text[m.end() : line_end if line_end >= 0 else len(text)][:NAME_AFTER]
        if _has_name(before) or _has_name(after):
            what = f"possible date of birth next to a name '{_one_line(m.group())}'"
            found.append((m.start(), what))
    return found


def scan(path: str, text: str) -> list[Diagnostic]:
    """Warnings for identifier-like text in one file, in file order.

    `text` is the whole file as written (front matter included) so that
    line and column (1-based, in characters) point where the editor looks.
    """
    if REVIEWED_RE.search(text):
        return []
    # Cheap gates first: most files have no six digits close together and no
    # birth cue, and the full rules cost ten times more than these searches.
    found = []
    data = text.encode("utf-8", "surrogatepass")
    if _may_hold_digits(data) and _DIGITS_GATE.search(text):
        found += _nhs_numbers(text) + _swedish_numbers(text)
    if _may_hold_cue(data) and _CUE_GATE.search(text.lower()):
        found += _dates_of_birth(text)
    if not found:
        return []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    diagnostics = []
    for offset, what in sorted(found):
        line = bisect.bisect_right(line_starts, offset)
        col = offset - line_starts[line - 1] + 1
        diagnostics.append(
            Diagnostic(Position(path, line, col), "warning", f"{what} — review before publishing")
        )
    return diagnostics
