"""Kündigungsschutz deadlines (§§ 169-174 SGB IX with §§ 187, 188, 193 BGB)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lotse.deadlines import (
    DeadlineInputError,
    add_months,
    extraordinary_dismissal,
    format_date,
    format_date_long,
    months_period_end_from_start_day,
    next_working_day,
    ordinary_dismissal,
    protection_applies,
)

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    "start,end",
    [
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),  # § 188 Abs. 3 BGB
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 1, 30), date(2026, 2, 28)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 12, 31), date(2027, 1, 31)),
        (date(2026, 2, 28), date(2026, 3, 28)),
    ],
)
def test_add_one_month(start, end):
    assert add_months(start, 1) == end


def test_add_several_months():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 5), 14) == date(2028, 1, 5)


@pytest.mark.parametrize(
    "start,end",
    [
        (date(2026, 3, 1), date(2026, 8, 31)),
        (date(2026, 1, 15), date(2026, 7, 14)),
        (date(2025, 8, 31), date(2026, 2, 28)),  # no 31 Feb -> last day of February
        (date(2025, 8, 29), date(2026, 2, 28)),  # no 29 Feb 2026
        (date(2025, 8, 28), date(2026, 2, 27)),
        (date(2027, 8, 29), date(2028, 2, 28)),  # 29 Feb 2028 exists -> day before
        (date(2026, 7, 1), date(2026, 12, 31)),
    ],
)
def test_six_month_period_end(start, end):
    assert months_period_end_from_start_day(start, 6) == end


@pytest.mark.parametrize(
    "day,expected",
    [
        (date(2026, 11, 20), date(2026, 11, 20)),  # Friday
        (date(2026, 11, 21), date(2026, 11, 23)),  # Saturday -> Monday
        (date(2026, 11, 22), date(2026, 11, 23)),  # Sunday -> Monday
        (date(2026, 11, 23), date(2026, 11, 23)),
    ],
)
def test_next_working_day(day, expected):
    assert next_working_day(day) == expected


def test_format_dates():
    assert format_date(date(2026, 3, 5)) == "05.03.2026"
    assert format_date_long(date(2026, 11, 17)) == "17.11.2026 (Dienstag)"


# --------------------------------------------------------------------------- § 174


@pytest.mark.parametrize(
    "known,deadline",
    [
        (date(2026, 11, 3), date(2026, 11, 17)),  # Tuesday -> Tuesday two weeks later
        (date(2026, 11, 6), date(2026, 11, 20)),  # Friday
        (date(2026, 10, 31), date(2026, 11, 16)),  # Sat: end Sat 14.11 -> Mon 16.11
        (date(2026, 11, 1), date(2026, 11, 16)),  # Sun: end Sun 15.11 -> Mon 16.11
        (date(2026, 12, 20), date(2027, 1, 4)),  # Sunday over the year end
        (date(2026, 2, 16), date(2026, 3, 2)),
    ],
)
def test_extraordinary_application_deadline(known, deadline):
    r = extraordinary_dismissal(known, today=TODAY)
    assert r.kind == "ausserordentlich"
    assert r.get("antrag_bis").date == deadline
    assert format_date(deadline) in r.text
    assert r.get("entscheidung_bis") is None


def test_extraordinary_weekend_shift_is_explained():
    r = extraordinary_dismissal(date(2026, 11, 1), today=TODAY)
    assert "15.11.2026" in r.text and "Sonntag" in r.text and "§ 193 BGB" in r.text


def test_extraordinary_texts():
    r = extraordinary_dismissal(date(2026, 11, 3), today=TODAY)
    for fragment in ("§ 174 Abs. 2", "§ 174 Abs. 3", "§ 174 Abs. 5", "unverzüglich",
                     "vollständigem Ablauf", "Feiertag", "keine Rechtsberatung",
                     "Eingang", "Sie", "17.11.2026"):
        assert fragment in r.text, fragment


def test_extraordinary_with_receipt_gives_decision_deadline():
    r = extraordinary_dismissal(date(2026, 11, 3), date(2026, 11, 10), today=TODAY)
    assert r.get("entscheidung_bis").date == date(2026, 11, 24)
    assert "24.11.2026" in r.text
    assert not r.warnings


def test_extraordinary_late_application_warns():
    r = extraordinary_dismissal(date(2026, 11, 3), date(2026, 11, 18), today=TODAY)
    assert r.warnings
    assert "versäumt" in r.text


def test_extraordinary_receipt_on_shifted_deadline_is_in_time():
    r = extraordinary_dismissal(date(2026, 11, 1), date(2026, 11, 16), today=TODAY)
    assert not r.warnings


def test_extraordinary_receipt_before_knowledge_raises():
    with pytest.raises(DeadlineInputError):
        extraordinary_dismissal(date(2026, 11, 3), date(2026, 11, 2), today=TODAY)


# --------------------------------------------------------------------------- § 171


def test_ordinary_both_dates():
    r = ordinary_dismissal(date(2026, 1, 31), date(2026, 2, 10), today=TODAY)
    assert r.kind == "ordentlich"
    # 28.02.2026 is a Saturday: the period ends on Monday 02.03.2026 (§ 26 Abs. 3 SGB X)
    assert r.get("entscheidung_bis").date == date(2026, 3, 2)
    assert r.get("kuendigung_bis").date == date(2026, 3, 10)
    for fragment in ("02.03.2026", "10.03.2026", "§ 171 Abs. 1", "§ 171 Abs. 3", "§ 169",
                     "vier Wochen", "keine Rechtsberatung", "§ 168"):
        assert fragment in r.text, fragment


@pytest.mark.parametrize(
    "consent,deadline",
    [
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 5, 15), date(2026, 6, 15)),
        (date(2026, 12, 31), date(2027, 2, 1)),   # 31.01.2027 is a Sunday
        (date(2027, 1, 29), date(2027, 3, 1)),    # 28.02.2027 is a Sunday
    ],
)
def test_ordinary_notice_within_one_month_of_consent(consent, deadline):
    r = ordinary_dismissal(consent_received=consent, today=TODAY)
    assert r.get("kuendigung_bis").date == deadline
    assert r.get("entscheidung_bis") is None


def test_ordinary_only_application():
    r = ordinary_dismissal(date(2026, 10, 31), today=TODAY)
    assert r.get("entscheidung_bis").date == date(2026, 11, 30)
    assert r.get("kuendigung_bis") is None
    assert "innerhalb eines Monats" in r.text


def test_ordinary_without_dates_gives_general_text():
    r = ordinary_dismissal(today=TODAY)
    assert r.deadlines == ()
    assert "vier Wochen" in r.text and "§ 171 Abs. 1" in r.text


def test_consent_before_application_raises():
    with pytest.raises(DeadlineInputError) as exc:
        ordinary_dismissal(date(2026, 3, 10), date(2026, 3, 1), today=TODAY)
    assert "Zustimmung" in str(exc.value)


def test_same_day_consent_is_allowed():
    r = ordinary_dismissal(date(2026, 3, 10), date(2026, 3, 10), today=TODAY)
    assert r.get("kuendigung_bis").date == date(2026, 4, 10)


# --------------------------------------------------------------------------- § 173


@pytest.mark.parametrize(
    "start,notice,applies",
    [
        (date(2026, 3, 1), date(2026, 8, 31), False),  # exactly six months: not longer
        (date(2026, 3, 1), date(2026, 9, 1), True),
        (date(2026, 3, 1), date(2026, 3, 1), False),
        (date(2025, 8, 31), date(2026, 2, 28), False),
        (date(2025, 8, 31), date(2026, 3, 1), True),
        (date(2020, 1, 1), date(2026, 1, 1), True),
        (date(1990, 4, 1), date(2026, 11, 20), True),
        (date(2026, 5, 15), date(2026, 11, 14), False),
        (date(2026, 5, 15), date(2026, 11, 15), True),
    ],
)
def test_protection_applies(start, notice, applies):
    r = protection_applies(start, notice, today=TODAY)
    assert r.applies is applies
    assert format_date(start) in r.reason and format_date(notice) in r.reason
    assert "keine Rechtsberatung" in r.text


def test_protection_texts():
    no = protection_applies(date(2026, 3, 1), date(2026, 8, 31), today=TODAY)
    assert "§ 173 Abs. 1 Nr. 1" in no.text and "vier Tagen" in no.text
    assert no.six_months_end == date(2026, 8, 31)
    yes = protection_applies(date(2026, 3, 1), date(2026, 9, 1), today=TODAY)
    assert "§ 168" in yes.text and "§ 173 Abs. 3" in yes.text


def test_notice_before_start_raises():
    with pytest.raises(DeadlineInputError):
        protection_applies(date(2026, 3, 1), date(2026, 2, 1), today=TODAY)


# --------------------------------------------------------------------------- invalid input


@pytest.mark.parametrize(
    "call",
    [
        lambda: extraordinary_dismissal(date(2021, 11, 20), today=TODAY),  # > 5 years back
        lambda: extraordinary_dismissal(date(2031, 11, 22), today=TODAY),  # > 5 years ahead
        lambda: extraordinary_dismissal("03.11.2026", today=TODAY),
        lambda: extraordinary_dismissal(None, today=TODAY),
        lambda: extraordinary_dismissal(20261103, today=TODAY),
        lambda: ordinary_dismissal("2026-01-01", today=TODAY),
        lambda: ordinary_dismissal(consent_received=date(1990, 1, 1), today=TODAY),
        lambda: protection_applies(date(2026, 1, 1), "morgen", today=TODAY),
        lambda: protection_applies(date(1960, 1, 1), date(2026, 1, 1), today=TODAY),
        lambda: protection_applies(date(2010, 1, 1), date(2020, 1, 1), today=TODAY),
    ],
)
def test_invalid_input_raises(call):
    with pytest.raises(DeadlineInputError):
        call()


def test_error_message_is_german_and_names_field():
    with pytest.raises(DeadlineInputError) as exc:
        extraordinary_dismissal(date(2035, 1, 1), today=TODAY)
    assert "Tag der Kenntnis" in str(exc.value) and "Zukunft" in str(exc.value)


def test_limits_are_inclusive():
    extraordinary_dismissal(date(2021, 11, 21), today=TODAY)
    extraordinary_dismissal(date(2031, 11, 21), today=TODAY)


def test_datetime_is_accepted():
    r = extraordinary_dismissal(datetime(2026, 11, 3, 14, 30), today=TODAY)
    assert r.get("antrag_bis").date == date(2026, 11, 17)


def test_today_on_29_february():
    r = extraordinary_dismissal(date(2028, 2, 1), today=date(2028, 2, 29))
    assert r.get("antrag_bis").date == date(2028, 2, 15)


def test_default_today_works():
    r = extraordinary_dismissal(date.today())
    assert r.get("antrag_bis").date.weekday() < 5
