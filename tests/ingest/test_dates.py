"""Dates as pages print them, in French and English."""

from __future__ import annotations

import datetime as dt

import pytest

from site_builder.ingest.dates import find_dates

ALGIERS = dt.timezone(dt.timedelta(hours=1))


def first(text: str):
    found = find_dates(text, "Africa/Algiers")
    assert found, text
    return found[0].value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05.12.2023 à 17 H 41", dt.datetime(2023, 12, 5, 17, 41, tzinfo=ALGIERS)),
        ("Publié le 12 mars 2024 à 10h15", dt.datetime(2024, 3, 12, 10, 15, tzinfo=ALGIERS)),
        ("18/06/2022", dt.date(2022, 6, 18)),
        ("Jeudi 4 juin 2015", dt.date(2015, 6, 4)),
        ("Lundi 1er février 2021 - 09:00", dt.datetime(2021, 2, 1, 9, 0, tzinfo=ALGIERS)),
        ("2024-03-12T10:15:00+02:00", dt.datetime(2024, 3, 12, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
        ("2026-02-25T09:12:45+00:00", dt.datetime(2026, 2, 25, 9, 12, 45, tzinfo=dt.timezone.utc)),
        ("Mis en ligne : 2024-08-10 08:30", dt.datetime(2024, 8, 10, 8, 30, tzinfo=ALGIERS)),
        ("Published March 10, 2023 at 3:45 p.m. GMT", dt.datetime(2023, 3, 10, 15, 45, tzinfo=dt.timezone.utc)),
        ("Tue 12 Mar 2024 09.15 GMT", dt.datetime(2024, 3, 12, 9, 15, tzinfo=dt.timezone.utc)),
        ("Published: 2 March 2026, 09:15 EAT", dt.datetime(2026, 3, 2, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=3)))),
        ("March 3, 2026 10:00 MSK", dt.datetime(2026, 3, 3, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))),
        ("4 juin 2025, 18 h 05 CEST", dt.datetime(2025, 6, 4, 18, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
        ("Updated March 3, 2026 at 4:05 p.m. ET", dt.datetime(2026, 3, 3, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))),
        ("July 3, 2026 4:05 PM ET", dt.datetime(2026, 7, 3, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=-4)))),
        ("Publié le 3 mars 2026 à 10h et mis en ligne à 12h", dt.datetime(2026, 3, 3, 10, 0, tzinfo=ALGIERS)),
        ("Sept. 3, 2023", dt.date(2023, 9, 3)),
    ],
)
def test_page_date_formats(text, expected):
    value = first(text)
    assert value == expected
    assert type(value) is type(expected)
    if isinstance(expected, dt.datetime):
        assert value.utcoffset() == expected.utcoffset()


def test_update_is_told_apart_from_publication():
    found = find_dates("05.12.2023 à 17 H 41 • Mis à jour le 05.12.2023 à 17 H 46 • Temps de lecture : 2 minutes",
                       "Africa/Algiers")
    assert [(f.value.hour, f.value.minute, f.is_update) for f in found] == [(17, 41, False), (17, 46, True)]


def test_reading_time_and_impossible_dates_are_not_dates():
    assert find_dates("Temps de lecture : 2 minutes", "Africa/Algiers") == []
    assert find_dates("le 31.02.2023", "Africa/Algiers") == []


def test_time_printed_on_its_own_line():
    from site_builder.ingest.dates import time_of_day

    moment = time_of_day("Published 18:10 CET", dt.date(2023, 8, 18), "Africa/Algiers")
    assert moment == dt.datetime(2023, 8, 18, 18, 10, tzinfo=ALGIERS)
    assert time_of_day("Temps de lecture : 3 min", dt.date(2023, 8, 18), "Africa/Algiers") is None
