"""Publication dates as pages print them, in several languages."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

# Month names and their usual abbreviations; a phrase list, kept as data.
_MONTHS: dict[int, tuple[str, ...]] = {
    1: (
        "january",
        "jan",
        "januar",
        "janvier",
        "janv",
        "enero",
        "ene",
        "gennaio",
        "gen",
        "janeiro",
        "januari",
        "januar",
        "января",
        "январь",
        "янв",
        "jänner",
    ),
    2: (
        "february",
        "feb",
        "febr",
        "februar",
        "février",
        "fevrier",
        "févr",
        "fév",
        "febrero",
        "febbraio",
        "fevereiro",
        "fev",
        "februari",
        "февраля",
        "февраль",
        "фев",
    ),
    3: (
        "march",
        "mar",
        "märz",
        "maerz",
        "mars",
        "marzo",
        "março",
        "marco",
        "maret",
        "maart",
        "марта",
        "март",
        "мар",
    ),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile", "апреля", "апрель", "апр"),
    5: ("may", "mai", "mayo", "maggio", "mag", "maio", "mei", "мая", "май"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "июня", "июнь", "июн"),
    7: (
        "july",
        "jul",
        "juli",
        "juillet",
        "juil",
        "julio",
        "luglio",
        "lug",
        "julho",
        "июля",
        "июль",
        "июл",
    ),
    8: (
        "august",
        "aug",
        "août",
        "aout",
        "agosto",
        "ago",
        "agustus",
        "augustus",
        "августа",
        "август",
        "авг",
    ),
    9: (
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "settembre",
        "set",
        "setembro",
        "сентября",
        "сентябрь",
        "сен",
    ),
    10: (
        "october",
        "oct",
        "oktober",
        "okt",
        "octobre",
        "octubre",
        "ottobre",
        "ott",
        "outubro",
        "out",
        "октября",
        "октябрь",
        "окт",
    ),
    11: (
        "november",
        "nov",
        "novembre",
        "noviembre",
        "novembro",
        "nopember",
        "ноября",
        "ноябрь",
        "ноя",
    ),
    12: (
        "december",
        "dec",
        "dez",
        "dezember",
        "décembre",
        "decembre",
        "déc",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
        "desember",
        "desember",
        "декабря",
        "декабрь",
        "дек",
    ),
}
_MONTH_OF = {name: number for number, names in _MONTHS.items() for name in names}


def _alternatives_by_first_letter(names: list[str]) -> str:
    """ "a|b|…" for the names, in their order, grouped under their first
    letter ("j(?:anuary|an|…)|f(?:ebruary|…)|…"). The engine rules out a
    group by its letter at once, where it would try every name in turn, at
    every word of a dated line; at any position only one group can match,
    and in it the names keep their order, so the same name matches."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name[0], []).append(re.escape(name[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in groups.items())


_MONTH = "(" + _alternatives_by_first_letter(sorted(_MONTH_OF, key=len, reverse=True)) + r")\.?"

_CLOCK = (
    r"(?:\s*(?:,|at|um|à|às|a las|alle|\||-|–|—|·)?\s*"
    r"(\d{1,2})[:h](\d{2})(?::\d{2})?\s*([ap]\.?\s?m\.?)?)"
)
_TIME = _CLOCK + "?"
_YEAR = r"((?:19|20)\d{2})"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|º)?\.?"

# Each form with its order of fields. The forms are in lower case and are
# matched against the lowered text: IGNORECASE, which folds case at every
# comparison, made the month names the slowest part of loading a page.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), order)
    for pattern, order in (
        (_YEAR + r"-(\d{2})-(\d{2})(?:[t ](\d{1,2}):(\d{2}))?()", "ymd"),
        (_YEAR + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日" + _TIME, "ymd"),
        (_YEAR + r"\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일" + _TIME, "ymd"),
        (r"(?<![\w.])" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME, "mdy"),
        (r"(?<!\w)" + _DAY + r"\s*(?:de\s+)?" + _MONTH + r",?\s*(?:de\s+)?" + _YEAR + _TIME, "dmy"),
        (r"(?<![\d.])" + _YEAR + r"[./](\d{1,2})[./](\d{1,2})(?![\d])" + _TIME, "ymd"),
        (r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?!\d)" + _TIME, "dmy?"),
        (r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?!\d)" + _TIME, "mdy?"),
        # "11/20/19 6:38 AM", "On 11/13/19 at 4:00 PM": a year of two digits
        # only with the time after it, where three small numbers alone could
        # be anything (a score, a fraction, a page of pages).
        (r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{2})(?![\d/])" + _CLOCK, "mdy?"),
    )
)


_YEAR_HINT = re.compile(r"(?:19|20)\d\d")
_SHORT_YEAR_HINT = re.compile(r"\d/\d\d?/\d\d(?![\d/])")  # "11/20/19"


MEMO_CHARS = 300  # dated lines up to this long are searched once per process
MEMO_LINES = 1 << 12


def find_date(text: str) -> tuple[date | datetime, int] | None:
    """The first date in `text` and where it starts, with its time when one follows."""
    if _YEAR_HINT.search(text) is None and (
        "/" not in text or _SHORT_YEAR_HINT.search(text) is None
    ):  # every form below has a year
        return None
    # A page asks about its date line several times (head line? headline?
    # byline? the date?) and the month names cost more than all the rest of
    # the search: the forms run once per line.
    return _first_date_remembered(text) if len(text) <= MEMO_CHARS else _first_date(text)


def _first_date(text: str) -> tuple[date | datetime, int] | None:
    # "İ" is the one letter whose lower case is two characters: as "I" it
    # keeps every position, which the caller may cut the text at.
    lowered = text.replace("İ", "I").lower()
    best: tuple[date | datetime, int] | None = None
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(lowered):
            if best is not None and match.start() >= best[1]:
                break
            value = _build(match.groups(), order)
            if value is not None:
                best = (value, match.start())
                break
    return best


_first_date_remembered = lru_cache(maxsize=MEMO_LINES)(_first_date)


def parse_date(text: str) -> date | datetime | None:
    found = find_date(text)
    return found[0] if found else None


def _build(groups: tuple[str | None, ...], order: str) -> date | datetime | None:
    a, b, c, hour, minute, ampm = (list(groups) + [None] * 6)[:6]
    try:
        if order == "ymd":
            year, month, day = int(a or 0), _month(b), int(c or 0)
        elif order == "mdy":
            month, day, year = _month(a), int(b or 0), int(c or 0)
        elif order == "dmy":
            day, month, year = int(a or 0), _month(b), int(c or 0)
        else:  # "mdy?" / "dmy?": that order unless it cannot be a date
            first, second, year = int(a or 0), int(b or 0), int(c or 0)
            if year < 100:  # "11/20/19"
                year += 2000 if year < 70 else 1900
            if order == "dmy?":
                first, second = second, first
            month, day = (first, second) if first <= 12 else (second, first)
        day_value = date(year, month, day)
    except (ValueError, TypeError):
        return None
    if hour is None or minute is None:
        return day_value
    h, m = int(hour), int(minute)
    if ampm:
        is_pm = ampm.lower().startswith("p")
        if h == 12:
            h = 0
        if is_pm:
            h += 12
    if h > 23 or m > 59:
        return day_value
    return datetime(day_value.year, day_value.month, day_value.day, h, m)


def _month(token: str | None) -> int:
    if token is None:
        raise ValueError("no month")
    if token.isdigit():
        return int(token)
    return _MONTH_OF[token.lower().rstrip(".")]
