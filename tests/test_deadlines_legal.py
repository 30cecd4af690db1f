"""Legal review findings on the deadline calculator (issue 11, critical #1).

Deemed consent (§ 171 Abs. 5, § 174 Abs. 3 SGB IX) arises only when the decision period has fully
run out; an end on a Saturday, Sunday or public holiday moves to the next working day (§ 26 Abs. 3
SGB X, § 193 BGB). The old calculator printed a Saturday as the decision date and told employers
that consent counted "bis dahin" and to dismiss "unverzüglich" - these tests fail on that code.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from lotse.deadlines import (
    LAENDER,
    claim_deadline,
    extraordinary_dismissal,
    is_working_day,
    land_code,
    next_working_day,
    ordinary_dismissal,
)

TODAY = date(2026, 12, 2)
NATIONWIDE = holidays.country_holidays("DE", years=range(2026, 2029))


def _days(start: date, count: int):
    return (start + timedelta(days=i) for i in range(count))


def test_decision_period_ending_on_saturday_moves_to_monday():
    # received Saturday 07.11.2026 + 14 days = Saturday 21.11.2026 -> Monday 23.11.2026
    r = extraordinary_dismissal(date(2026, 11, 2), date(2026, 11, 7), today=TODAY)
    assert r.get("entscheidung_bis").date == date(2026, 11, 23)
    assert r.get("fiktion_ab").date == date(2026, 11, 24)
    assert "21.11.2026" in r.text and "Samstag" in r.text


def test_deemed_consent_wording_is_safe():
    r = extraordinary_dismissal(date(2026, 11, 2), date(2026, 11, 7), today=TODAY)
    assert "bis dahin" not in r.text
    assert "frühestens mit Ablauf des 23.11.2026" in r.text
    assert "nicht vor dem 24.11.2026" in r.text
    assert "Kündigen Sie nicht vorher" in r.text
    assert "nachfragen" in r.text or "fragen Sie" in r.text
    assert "telefonisch" in r.text  # a decision told by phone blocks the fiction
    # "unverzüglich" only ever refers to the time after consent or after the period ran out
    sentence = next(line for line in r.text.splitlines() if "unverzüglich" in line)
    assert "nach Ablauf der Frist" in sentence


def test_closure_path_of_171_5_uses_the_same_safe_wording():
    # Antrag received 31.07.2026 -> one month = 31.08.2026 (Monday); fiction only from 01.09.
    r = ordinary_dismissal(date(2026, 7, 31), today=TODAY, closure_or_insolvency=True)
    assert r.get("entscheidung_bis").date == date(2026, 8, 31)
    assert r.get("fiktion_ab").date == date(2026, 9, 1)
    assert "frühestens mit Ablauf des 31.08.2026" in r.text
    assert "bis dahin" not in r.text
    # without closure/insolvency there is no deemed consent at all
    plain = ordinary_dismissal(date(2026, 7, 31), today=TODAY)
    assert plain.get("fiktion_ab") is None
    assert "gilt die Zustimmung nicht als erteilt" in plain.text


@pytest.mark.parametrize("land", [None, *LAENDER])
def test_no_end_date_falls_on_a_weekend_or_holiday(land):
    """Over two years of start dates, every computed end date is a working day."""
    land_holidays = holidays.country_holidays("DE", subdiv=land, years=range(2026, 2029))
    for day in _days(date(2026, 1, 1), 730):
        results = [
            extraordinary_dismissal(day, day + timedelta(days=3), today=TODAY, land=land),
            ordinary_dismissal(day, day + timedelta(days=20), today=TODAY, land=land,
                               closure_or_insolvency=True),
            claim_deadline(day, today=TODAY, land=land),
        ]
        for result in results:
            for deadline in result.deadlines:
                if deadline.id == "fiktion_ab":
                    continue  # the first day after the period, not a period end
                d = deadline.date
                assert d.weekday() < 5, (land, day, deadline)
                assert d not in NATIONWIDE, (land, day, deadline)
                assert d not in land_holidays, (land, day, deadline)


def test_deemed_consent_never_on_or_before_the_last_day():
    for day in _days(date(2026, 1, 1), 400):
        r = extraordinary_dismissal(day, day + timedelta(days=5), today=TODAY)
        assert r.get("fiktion_ab").date > r.get("entscheidung_bis").date
        assert r.get("fiktion_ab").date > day + timedelta(days=5 + 14)


def test_christmas_moves_the_application_deadline():
    # knowledge 11.12.2026 + 14 = Friday 25.12. (holiday), 26.12. holiday/Saturday, 27.12. Sunday
    r = extraordinary_dismissal(date(2026, 12, 11), today=TODAY)
    assert r.get("antrag_bis").date == date(2026, 12, 28)
    assert "Feiertag" in r.text


def test_land_holiday_counts_only_where_the_land_is_known():
    # Fronleichnam 04.06.2026 is a holiday in NRW, not in Berlin
    known = date(2026, 5, 21)
    assert extraordinary_dismissal(known, today=TODAY).get("antrag_bis").date == date(2026, 6, 4)
    nrw = extraordinary_dismissal(known, today=TODAY, land="Nordrhein-Westfalen")
    assert nrw.get("antrag_bis").date == date(2026, 6, 5)
    assert extraordinary_dismissal(known, today=TODAY, land="BE").get("antrag_bis").date == \
        date(2026, 6, 4)
    assert "Land nicht bekannt" not in nrw.text
    assert "nicht bekannt" in extraordinary_dismissal(known, today=TODAY).text


def test_land_codes():
    assert land_code("nrw_lvr") == "NW"
    assert land_code("baden-wuerttemberg") == "BW"
    assert land_code("Thüringen") == "TH"
    assert land_code("Atlantis") is None
    assert not is_working_day(date(2026, 10, 3))  # Tag der Deutschen Einheit (Saturday anyway)
    assert next_working_day(date(2026, 5, 1)) == date(2026, 5, 4)  # Friday holiday -> Monday


def test_claim_deadline_runs_three_weeks_and_names_section_4_sentence_4():
    r = claim_deadline(date(2026, 11, 4), today=TODAY)
    assert r.get("klage_bis").date == date(2026, 11, 25)
    assert "§ 4 Satz 4 KSchG" in r.text and "drei Wochen" in r.text
    later = claim_deadline(date(2026, 11, 4), date(2026, 11, 20), today=TODAY)
    assert later.get("klage_bis_nach_bekanntgabe").date == date(2026, 12, 11)
    assert "Verlassen Sie sich nicht darauf" in later.text
