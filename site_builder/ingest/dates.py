"""Publication dates written the way pages write them, in French or English.

Pages print dates as "05.12.2023 à 17 H 41", "Publié le 12 mars 2024 à 10h15",
"18/06/2022", "Jeudi 4 juin 2015", "March 12, 2024 10:15 GMT" or ISO 8601. Month
names come from babel (CLDR) rather than a hand-kept list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import get_month_names

# Named zones pages print after a time, in minutes east of UTC; anything else is read in
# the site's zone. Only abbreviations that name one zone in the news (not CST, IST, AST).
_ZONE_OFFSETS = {
    "gmt": 0, "utc": 0, "z": 0, "cet": 60, "cest": 120, "wet": 0, "west": 60,
    "est": -300, "edt": -240, "pst": -480, "pdt": -420, "bst": 60,
    "eet": 120, "eest": 180, "msk": 180, "wat": 60, "cat": 120, "eat": 180, "sast": 120,
    "pkt": 300, "hkt": 480, "sgt": 480, "jst": 540, "kst": 540, "aest": 600, "aedt": 660,
}

# Words that say the date that follows is a later revision, not the publication.
_UPDATE_WORDS = re.compile(
    r"(mis|mise)\s+a\s+jour|actualise|modifie|updated|last\s+modified|revised", re.I
)


@dataclass(slots=True, frozen=True)
class FoundDate:
    """A date found in a line of text."""

    value: datetime | date
    """A timezone-aware datetime when the page gave a time, else a plain date."""
    is_update: bool
    """True when the page labels it as a revision ("Mis à jour le ...")."""


def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    char = base if base.isascii() else char
    lower = char.lower()
    return lower if len(lower) == 1 else char


# Latin letters (with their accents) and the typographic apostrophe, folded once.
_FOLD_TABLE = {code: _fold_char(chr(code)) for code in range(0x41, 0x250)}
_FOLD_TABLE[ord("’")] = "'"


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping one character per input character."""
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """fold() for single words, which repeat a lot."""
    return fold(word)


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    """Folded month name or abbreviation (fr, en) → month number."""
    months: dict[str, int] = {}
    for locale in ("fr", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                months[fold(name).rstrip(".")] = number
    months["sept"] = 9
    months["fevr"] = 2
    return months


@lru_cache(maxsize=1)
def _date_pattern() -> re.Pattern[str]:
    month = "|".join(sorted(map(re.escape, _month_numbers()), key=len, reverse=True))
    return re.compile(
        rf"""
        (?P<iso>(?P<iy>(?:19|20)\d{{2}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})
            (?:[t\s](?P<ih>\d{{2}}):(?P<imin>\d{{2}})(?::(?P<isec>\d{{2}})(?:\.\d+)?)?
               (?P<itz>z|[+-]\d{{2}}:?\d{{2}})?)?)
        |(?P<num>\b(?P<nd>\d{{1,2}})[./-](?P<nm>\d{{1,2}})[./-](?P<ny>(?:19|20)\d{{2}})\b)
        |(?P<dmy>\b(?P<wd>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<wm>{month})\.?,?\s+(?P<wy>(?:19|20)\d{{2}})\b)
        |(?P<mdy>\b(?P<am>{month})\.?\s+(?P<ad>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ay>(?:19|20)\d{{2}})\b)
        """,
        re.X,
    )


# "4:05 p.m. ET": American zones, with their summer time, only after a.m. or p.m., as
# "et" is also French for "and" ("entre 10h et 12h").
_US_ZONES = {"et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
             "pt": "America/Los_Angeles"}
_ZONE_NAMES = "|".join(sorted(_ZONE_OFFSETS, key=len, reverse=True))  # "cest" tried before "cet"
_TIME = re.compile(
    r"""(?<![\d.:/-])(?P<h>[01]?\d|2[0-3])\s*(?:h|:|\.)\s*(?P<m>[0-5]\d)?(?![\d/])
        (?:\s*(?P<ampm>[ap])\.?m\.?)?
        (?(ampm)(?:\s*(?P<us>et|ct|mt|pt)\b)?)
        (?:\s*\(?(?P<zone>""" + _ZONE_NAMES + r""")\b
           (?P<shift>[+-]\d{1,2})?\)?)?""",
    re.X,
)

# How far from a date its time may be printed ("05.12.2023 à 17 H 41", "10:15 GMT, 12 March").
_TIME_AFTER_GAP = re.compile(r"^[\s,à|•–-]*(?:a|at|vers|-)?[\s,|•–-]*$")
_TIME_BEFORE_GAP = re.compile(r"^[\s,|•–-]*(?:(?:le|du|on|the)\s+)?(?:\w{3,9}\.?,?\s*)?$")


def find_dates(line: str, zone: str) -> list[FoundDate]:
    """Every date in one line, with its time and whether it is an update."""
    folded = fold(line)
    found: list[FoundDate] = []
    previous_end = 0
    for match in _date_pattern().finditer(folded):
        day = _calendar_day(match)
        if day is None:
            continue
        moment = _iso_moment(match, day) or _nearby_time(folded, match, day, previous_end)
        value = _localise(moment, zone) if moment else day
        label_text = folded[previous_end : match.start()]
        found.append(FoundDate(value, bool(_UPDATE_WORDS.search(label_text))))
        previous_end = match.end()
    return found


def _calendar_day(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups["iso"]:
            return date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        if groups["num"]:
            return date(int(groups["ny"]), int(groups["nm"]), int(groups["nd"]))
        if groups["dmy"]:
            month = _month_numbers()[groups["wm"]]
            return date(int(groups["wy"]), month, int(groups["wd"]))
        month = _month_numbers()[groups["am"]]
        return date(int(groups["ay"]), month, int(groups["ad"]))
    except (ValueError, KeyError):
        return None  # "31.02.2023" and the like are not dates


def _iso_moment(match: re.Match[str], day: date) -> datetime | None:
    if not match.group("ih"):
        return None
    moment = datetime(day.year, day.month, day.day, int(match["ih"]), int(match["imin"]), int(match["isec"] or 0))
    offset = match.group("itz")
    if offset:
        if offset == "z":
            return moment.replace(tzinfo=timezone.utc)
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return moment.replace(tzinfo=timezone(sign * delta))
    return moment


def _nearby_time(folded: str, match: re.Match[str], day: date, floor: int) -> datetime | None:
    """The time printed right after the date, or right before it."""
    after = _TIME.search(folded, match.end(), match.end() + 25)
    if after and _TIME_AFTER_GAP.match(folded[match.end() : after.start()]):
        return _with_time(day, after)
    for before in _TIME.finditer(folded, max(floor, match.start() - 30), match.start()):
        if _TIME_BEFORE_GAP.match(folded[before.end() : match.start()]):
            return _with_time(day, before)
    return None


def _with_time(day: date, match: re.Match[str]) -> datetime | None:
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ampm"] == "p" and hour < 12:
        hour += 12
    elif match["ampm"] == "a" and hour == 12:
        hour = 0
    if match["m"] is None and not match["zone"] and "h" not in match.group(0):
        return None  # a bare number is not a time
    moment = datetime(day.year, day.month, day.day, hour, minute)
    if match["us"]:
        return moment.replace(tzinfo=ZoneInfo(_US_ZONES[match["us"]]))
    if match["zone"]:
        minutes = _ZONE_OFFSETS[match["zone"]] + 60 * int(match["shift"] or 0)
        return moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    return moment


def time_of_day(line: str, day: date, zone: str) -> datetime | None:
    """The time printed in a line that has no date of its own, on the given day."""
    for match in _TIME.finditer(fold(line)):
        moment = _with_time(day, match)
        if moment is not None:
            return _localise(moment, zone)
    return None


def _localise(moment: datetime, zone: str) -> datetime:
    """Naive times printed by a page are in the site's time zone."""
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=ZoneInfo(zone))


def parse_iso(text: str, zone: str) -> datetime | date | None:
    """An ISO 8601 date or date-time (from <meta> or JSON-LD), localised if naive."""
    dates = find_dates(text, zone)
    return dates[0].value if dates else None


def as_fixed_offset(value: datetime | date) -> datetime | date:
    """Replace a named zone by its fixed offset, so YAML prints +01:00."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        offset = value.utcoffset()
        assert offset is not None
        return value.replace(tzinfo=timezone(offset))
    return value
