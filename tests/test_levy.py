"""Ausgleichsabgabe calculator: worked examples of facts.md §5, 2024 rates, edge cases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from lotse.levy import (
    RATES_FILE,
    LevyInput,
    LevyInputError,
    LevyRatesError,
    calculate_levy,
    format_eur,
    format_levy_explanation,
    format_number,
    format_quota,
    levy_for,
    load_rates,
    parse_rates,
    rates_for_year,
)

# facts.md §5 worked examples (2025 rates, constant numbers all year)
WORKED_2025 = [
    # jobs, disabled, mandatory places, rate, annual levy
    (19, 0, 0, 0, 0),
    (35, 0, 1, 235, 2820),
    (35, 1, 1, 0, 0),
    (50, 1, 2, 155, 1860),
    (50, 0, 2, 465, 11160),
    (60, 0, 3, 815, 29340),
    (100, 2, 5, 275, 9900),
    (250, 10, 13, 155, 5580),
    (1000, 15, 50, 405, 170100),
]


@pytest.mark.parametrize("jobs,disabled,places,rate,annual", WORKED_2025)
def test_worked_examples_2025(jobs, disabled, places, rate, annual):
    r = levy_for(2025, jobs, disabled)
    assert r.mandatory_places == places
    assert r.rate == rate
    assert r.annual_amount == Decimal(annual)
    assert r.monthly_amount * 12 == Decimal(annual)
    assert r.rates_valid_from == date(2025, 1, 1)


WORKED_2024 = [
    (19, 0, 0, 0, 0),
    (35, 0, 1, 210, 2520),
    (35, 1, 1, 0, 0),
    (50, 1, 2, 140, 1680),
    (50, 0, 2, 410, 9840),
    (60, 0, 3, 720, 25920),
    (100, 2, 5, 245, 8820),
    (250, 10, 13, 140, 5040),
    (1000, 15, 50, 360, 151200),
]


@pytest.mark.parametrize("jobs,disabled,places,rate,annual", WORKED_2024)
def test_2024_rates(jobs, disabled, places, rate, annual):
    r = levy_for(2024, jobs, disabled)
    assert (r.mandatory_places, r.rate, r.annual_amount) == (places, rate, Decimal(annual))
    assert r.rates_valid_from == date(2024, 1, 1)
    assert r.rates_source == "§ 160 Abs. 2 SGB IX"


@pytest.mark.parametrize(
    "jobs,disabled,stage",
    [
        (35, 0, "small_under_40.zero"),
        (35, 0.5, "small_under_40.below_1"),
        (50, 0, "small_under_60.zero"),
        (50, 0.5, "small_under_60.below_1"),
        (50, 1, "small_under_60.below_2"),
        (50, 1.5, "small_under_60.below_2"),
        (60, 0, "quota_0"),
        (1000, 15, "quota_0_to_2"),
        (100, 2, "quota_2_to_3"),
        (250, 10, "quota_3_to_5"),
        (19, 0, "keine_pflicht"),
        (35, 1, "erfuellt"),
        (100, 5, "erfuellt"),
        (100, 7, "erfuellt"),
    ],
)
def test_stage_keys(jobs, disabled, stage):
    assert levy_for(2025, jobs, disabled).stage == stage


@pytest.mark.parametrize(
    "jobs,places,small",
    [
        (20, 1, "under_40"),
        (39, 1, "under_40"),
        (39.9, 1, "under_40"),
        (40, 2, "under_60"),
        (50, 2, "under_60"),  # 2.5 rounds DOWN below 60 jobs (§ 157 Abs. 2)
        (59, 2, "under_60"),
        (59.99, 2, "under_60"),
        (60, 3, None),
        (69, 3, None),  # 3.45 -> 3
        (70, 4, None),  # 3.5 -> 4 (round half up from 60 jobs)
        (99, 5, None),  # 4.95 -> 5
        (210, 11, None),  # 10.5 -> 11
        (230, 12, None),  # 11.5 -> 12
        (249, 12, None),  # 12.45 -> 12
        (250, 13, None),  # 12.5 -> 13
        (251, 13, None),
        (10_000_000, 500_000, None),
    ],
)
def test_mandatory_places_and_rounding(jobs, places, small):
    r = levy_for(2025, jobs, 0)
    assert r.duty
    assert r.mandatory_places == places
    assert r.small_employer == small


@pytest.mark.parametrize("jobs", [0, 1, 19, 19.5, 19.99])
def test_no_duty_below_20(jobs):
    r = levy_for(2025, jobs, 0)
    assert not r.duty
    assert r.annual_amount == 0
    assert r.stage == "keine_pflicht"


@pytest.mark.parametrize(
    "jobs,disabled,annual",
    [
        (20, 0, 2820),  # 1 place x 235 x 12
        (39, 0, 2820),
        (40, 0, 11160),  # 2 places x 465 x 12
        (59, 0, 11160),
        (60, 0, 29340),  # 3 places x 815 x 12: general rates from 60 on
        (60, 1, 9720),  # 2 unfilled x 405 x 12 (1.67 %)
        (40, 1, 1860),
        (39, 1, 0),
        (59, 2, 0),
    ],
)
def test_small_employer_boundaries(jobs, disabled, annual):
    assert levy_for(2025, jobs, disabled).annual_amount == Decimal(annual)


@pytest.mark.parametrize(
    "jobs,disabled,stage",
    [
        (100, 3, "quota_3_to_5"),  # exactly 3 %
        (300, 6, "quota_2_to_3"),  # exactly 2 %
        (300, Fraction(599, 100), "quota_0_to_2"),  # 1.9966 %
        (110, 3.3, "quota_3_to_5"),  # float 3.3/110*100 = 2.9999999999999996 in binary
        (1000, 0.1 + 0.2, "quota_0_to_2"),
        (100, Decimal("4.99"), "quota_3_to_5"),
        (1000, Decimal("0.01"), "quota_0_to_2"),  # more than 0 %
    ],
)
def test_quota_stage_boundaries_are_exact(jobs, disabled, stage):
    assert levy_for(2025, jobs, disabled).stage == stage


def test_quota_percent_is_exact():
    r = levy_for(2025, 1000, 15)
    assert r.quota_percent == Fraction(3, 2)
    assert levy_for(2025, 110, 3.3).quota_percent == 3


def test_quota_reached_through_rounding_pays_nothing():
    r = levy_for(2025, 250, 12.5)  # 13 places, 12.5 filled, quota exactly 5 %
    assert r.stage == "quote_erreicht"
    assert r.annual_amount == 0
    assert r.notes and "Integrationsamt" in r.notes[0]


def test_fractional_average_disabled():
    r = levy_for(2025, 100, 2.5)  # 2.5 % -> 275 €, 2.5 unfilled places
    assert r.rate == 275
    assert r.unfilled_places == Fraction(5, 2)
    assert r.annual_amount == Decimal("8250.00")


def test_disabled_trainees_count_twice():
    r = levy_for(2025, 100, 1, disabled_trainees=1)
    assert r.credited == 3
    assert r.stage == "quota_3_to_5"
    assert r.annual_amount == Decimal(2 * 155 * 12)


def test_trainee_places_do_not_count_as_jobs():
    r = levy_for(2025, 110, 2, trainee_places=10)
    assert r.jobs == 100
    assert r.mandatory_places == 5
    assert r.annual_amount == Decimal(9900)


def test_trainee_places_can_remove_duty():
    assert not levy_for(2025, 22, 0, trainee_places=3).duty


def test_monthly_constant_equals_constant_case():
    monthly = calculate_levy(
        LevyInput(year=2025, monthly_jobs=[250] * 12, monthly_disabled=[10] * 12)
    )
    constant = levy_for(2025, 250, 10)
    assert monthly.annual_amount == constant.annual_amount == Decimal(5580)
    assert monthly.monthly_mode and not constant.monthly_mode


def test_monthly_seasonal_jobs():
    jobs = [100] * 6 + [140] * 6  # 5 and 7 places
    r = calculate_levy(LevyInput(year=2025, monthly_jobs=jobs, monthly_disabled=[2] * 12))
    assert r.jobs == 120
    assert r.unfilled_place_months == 48
    assert r.stage == "quota_0_to_2"  # 2 / 120 = 1.67 %
    assert r.annual_amount == Decimal(48 * 405)


def test_monthly_overfilled_months_offset_underfilled_months():
    disabled = [8] * 6 + [2] * 6  # average 5 = 5 places
    r = calculate_levy(LevyInput(year=2025, monthly_jobs=[100] * 12, monthly_disabled=disabled))
    assert r.stage == "erfuellt"
    assert r.annual_amount == 0


def test_monthly_small_employer():
    r = calculate_levy(
        LevyInput(year=2025, monthly_jobs=[30] * 12, monthly_disabled=[1] * 6 + [0] * 6)
    )
    assert r.stage == "small_under_40.below_1"
    assert r.annual_amount == Decimal(6 * 155)


def test_monthly_rounding_per_month():
    jobs = [250] * 12  # 12.5 -> 13 each month
    r = calculate_levy(LevyInput(year=2025, monthly_jobs=jobs, monthly_disabled=[0] * 12))
    assert r.mandatory_by_month == (13,) * 12
    assert r.annual_amount == Decimal(13 * 12 * 815)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"monthly_jobs": [100] * 11, "monthly_disabled": [1] * 11},
        {"monthly_jobs": [100] * 12},
        {"monthly_jobs": [100] * 12, "monthly_disabled": [1] * 13},
        {"monthly_jobs": "100", "monthly_disabled": [1] * 12},
        {"monthly_jobs": [100] * 11 + [-1], "monthly_disabled": [1] * 12},
        {"monthly_jobs": [100] * 12, "monthly_disabled": [1] * 11 + [101]},
    ],
)
def test_monthly_input_errors(kwargs):
    with pytest.raises(LevyInputError):
        calculate_levy(LevyInput(year=2025, **kwargs))


@pytest.mark.parametrize("year,valid_from", [
    (2024, date(2024, 1, 1)),
    (2025, date(2025, 1, 1)),
    (2026, date(2025, 1, 1)),
    (2031, date(2025, 1, 1)),
])
def test_rates_for_year(year, valid_from):
    assert rates_for_year(year).valid_from == valid_from


def test_later_year_uses_latest_rates_with_note():
    r = levy_for(2026, 100, 2)
    assert r.annual_amount == Decimal(9900)
    assert any("§ 160 Abs. 3" in n for n in r.notes)


def test_custom_periods_pick_latest_valid_from(tmp_path):
    text = RATES_FILE.read_text(encoding="utf-8") + (
        "  - valid_from: 2027-01-01\n"
        "    source: test\n"
        "    general: {quota_3_to_5: 1, quota_2_to_3: 2, quota_0_to_2: 3, quota_0: 4}\n"
        "    small_under_40: {below_1: 5, zero: 6}\n"
        "    small_under_60: {below_2: 7, below_1: 8, zero: 9}\n"
    )
    f = tmp_path / "rates.yml"
    f.write_text(text, encoding="utf-8")
    periods = load_rates(f)
    assert rates_for_year(2026, periods).valid_from == date(2025, 1, 1)
    assert rates_for_year(2027, periods).general["quota_0"] == 4
    assert levy_for(2028, 60, 0, periods=periods).annual_amount == Decimal(3 * 4 * 12)


@pytest.mark.parametrize(
    "kwargs,fragment",
    [
        ({"year": 2025, "jobs": -1, "disabled": 0}, "negativ"),
        ({"year": 2025, "jobs": 100, "disabled": -2}, "negativ"),
        ({"year": 2025, "jobs": 100, "disabled": 101}, "größer"),
        ({"year": 2025, "jobs": 30, "disabled": 31}, "größer"),
        ({"year": 2023, "jobs": 100, "disabled": 2}, "2024"),
        ({"year": 1999, "jobs": 100, "disabled": 2}, "2024"),
        ({"year": 2200, "jobs": 100, "disabled": 2}, "Zukunft"),
        ({"year": "2025", "jobs": 100, "disabled": 2}, "Jahr"),
        ({"year": 2025.0, "jobs": 100, "disabled": 2}, "Jahr"),
        ({"year": True, "jobs": 100, "disabled": 2}, "Jahr"),
        ({"year": 2025, "jobs": "100", "disabled": 2}, "Zahl"),
        ({"year": 2025, "jobs": None, "disabled": 2}, "Zahl"),
        ({"year": 2025, "jobs": 100, "disabled": None}, "Zahl"),
        ({"year": 2025, "jobs": True, "disabled": 0}, "Zahl"),
        ({"year": 2025, "jobs": float("nan"), "disabled": 0}, "endliche"),
        ({"year": 2025, "jobs": float("inf"), "disabled": 0}, "endliche"),
        ({"year": 2025, "jobs": Decimal("NaN"), "disabled": 0}, "endliche"),
        ({"year": 2025, "jobs": 10_000_001, "disabled": 0}, "unrealistisch"),
        ({"year": 2025, "jobs": 1e12, "disabled": 0}, "unrealistisch"),
        ({"year": 2025, "jobs": 100, "disabled": 0, "trainee_places": 101}, "Ausbildungsplätze"),
        ({"year": 2025, "jobs": 100, "disabled": 95, "trainee_places": 10}, "größer"),
        ({"year": 2025, "jobs": 100, "disabled": 0, "disabled_trainees": -1}, "negativ"),
        ({"year": 2025, "jobs": 10, "disabled": 0, "disabled_trainees": 11}, "Auszubildende"),
    ],
)
def test_nonsense_input_raises_german_error(kwargs, fragment):
    with pytest.raises(LevyInputError) as exc:
        calculate_levy(LevyInput(**kwargs))
    assert fragment in str(exc.value)


def test_input_error_is_value_error():
    assert issubclass(LevyInputError, ValueError)


def test_accepts_int_float_decimal_fraction():
    for jobs in (100, 100.0, Decimal("100"), Fraction(100)):
        assert levy_for(2025, jobs, 2).annual_amount == Decimal(9900)


# --------------------------------------------------------------------------- rates file


def test_rates_file_matches_law_and_notice():
    p2024, p2025 = load_rates()
    assert p2024.valid_from == date(2024, 1, 1) and p2024.valid_until == date(2024, 12, 31)
    assert dict(p2024.general) == {
        "quota_3_to_5": 140, "quota_2_to_3": 245, "quota_0_to_2": 360, "quota_0": 720,
    }
    assert dict(p2024.small_under_40) == {"below_1": 140, "zero": 210}
    assert dict(p2024.small_under_60) == {"below_2": 140, "below_1": 245, "zero": 410}
    assert p2025.valid_from == date(2025, 1, 1) and p2025.valid_until is None
    assert dict(p2025.general) == {
        "quota_3_to_5": 155, "quota_2_to_3": 275, "quota_0_to_2": 405, "quota_0": 815,
    }
    assert dict(p2025.small_under_40) == {"below_1": 155, "zero": 235}
    assert dict(p2025.small_under_60) == {"below_2": 155, "below_1": 275, "zero": 465}
    assert "BAnz AT 11.12.2024 B2" in p2025.source


def test_default_rates_path_is_repo_file():
    expected = Path(__file__).resolve().parent.parent / "knowledge" / "levy_rates.yml"
    assert expected == RATES_FILE


GOOD_PERIOD = {
    "valid_from": date(2025, 1, 1),
    "source": "x",
    "general": {"quota_3_to_5": 1, "quota_2_to_3": 2, "quota_0_to_2": 3, "quota_0": 4},
    "small_under_40": {"below_1": 1, "zero": 2},
    "small_under_60": {"below_2": 1, "below_1": 2, "zero": 3},
}


def _with(**changes):
    period = {**GOOD_PERIOD, **changes}
    return {"periods": [{k: v for k, v in period.items() if v is not ...}]}


@pytest.mark.parametrize(
    "data,fragment",
    [
        (None, "periods"),
        ({"periods": []}, "leer"),
        ({"periods": "x"}, "periods"),
        ({"periods": ["x"]}, "periods[0]"),
        (_with(valid_from=...), "periods[0].valid_from"),
        (_with(valid_from="2025-01-01"), "periods[0].valid_from"),
        (_with(valid_until="bald"), "periods[0].valid_until"),
        (_with(valid_until=date(2024, 1, 1)), "periods[0].valid_until"),
        (_with(source=""), "periods[0].source"),
        (_with(source=...), "periods[0].source"),
        (_with(general=...), "periods[0].general"),
        (_with(general={"quota_3_to_5": 1}), "periods[0].general: fehlende"),
        (_with(general={**GOOD_PERIOD["general"], "extra": 1}), "unbekannte"),
        (_with(general={**GOOD_PERIOD["general"], "quota_0": -5}), "periods[0].general.quota_0"),
        (_with(general={**GOOD_PERIOD["general"], "quota_0": "815"}), "general.quota_0"),
        (_with(general={**GOOD_PERIOD["general"], "quota_0": 81.5}), "general.quota_0"),
        (_with(small_under_40={"below_1": 1}), "periods[0].small_under_40"),
        (_with(small_under_60={"below_2": 1, "below_1": 2, "zero": True}), "small_under_60.zero"),
        (_with(typo=1), "unbekannte Felder: typo"),
        ({"periods": [GOOD_PERIOD, GOOD_PERIOD]}, "periods[1].valid_from"),
        (
            {"periods": [{**GOOD_PERIOD, "valid_until": date(2026, 1, 1)},
                         {**GOOD_PERIOD, "valid_from": date(2025, 6, 1)}]},
            "periods[0].valid_until",
        ),
    ],
)
def test_parse_rates_errors_name_file_and_field(data, fragment):
    with pytest.raises(LevyRatesError) as exc:
        parse_rates(data, "my_rates.yml")
    assert "my_rates.yml" in str(exc.value)
    assert fragment in str(exc.value)


def test_load_rates_missing_file(tmp_path):
    with pytest.raises(LevyRatesError) as exc:
        load_rates(tmp_path / "nope.yml")
    assert "nope.yml" in str(exc.value)


def test_load_rates_invalid_yaml(tmp_path):
    f = tmp_path / "bad.yml"
    f.write_text("periods: [\n", encoding="utf-8")
    with pytest.raises(LevyRatesError) as exc:
        load_rates(f)
    assert "bad.yml" in str(exc.value)


def test_year_without_rates():
    periods = parse_rates(_with(valid_from=date(2025, 1, 1)))
    with pytest.raises(LevyInputError):
        rates_for_year(2024, periods)


# --------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    "value,text",
    [
        (9900, "9.900 €"),
        (155, "155 €"),
        (170100, "170.100 €"),
        (0, "0 €"),
        (Decimal("1234.5"), "1.234,50 €"),
        (Decimal("0.05"), "0,05 €"),
        (1_000_000, "1.000.000 €"),
        (Decimal("8250.00"), "8.250 €"),
        (12.345, "12,35 €"),
        (Fraction(1, 3), "0,33 €"),
    ],
)
def test_format_eur(value, text):
    assert format_eur(value) == text


@pytest.mark.parametrize(
    "value,text",
    [(12.5, "12,5"), (1000, "1.000"), (Fraction(3, 2), "1,5"), (Fraction(5, 3), "1,66"),
     (Fraction(4999, 1000), "4,99"), (0, "0")],
)
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(
    "quota,text",
    [(Fraction(5, 3), "1,67"), (Fraction(1999, 1000), "1,99"), (Fraction(29999, 10000), "2,99"),
     (Fraction(4999, 1000), "4,99"), (Fraction(3), "3"), (Fraction(3, 2), "1,5"),
     (Fraction(2001, 1000), "2")],
)
def test_format_quota_never_rounds_onto_a_boundary(quota, text):
    assert format_quota(quota) == text


def test_small_employer_text_plural():
    text = format_levy_explanation(levy_for(2025, 50, 0))
    assert "2 Pflichtarbeitsplätze" in text
    assert "1 Pflichtarbeitsplatz " in format_levy_explanation(levy_for(2025, 35, 0))


def test_explanation_for_100_2():
    text = format_levy_explanation(levy_for(2025, 100, 2))
    for fragment in ("9.900 €", "275 €", "825 €", "§ 154", "§ 157 Abs. 2", "§ 160 Abs. 2",
                     "§ 160 Abs. 1", "01.01.2025", "31. März 2026", "§ 163 Abs. 2", "Sie",
                     "2 %"):
        assert fragment in text, fragment
    assert len(text.splitlines()) <= 10


def test_explanation_rounding_up_is_explained():
    text = format_levy_explanation(levy_for(2025, 250, 10))
    assert "12,5" in text and "aufgerundet auf 13" in text
    assert "5.580 €" in text


def test_explanation_small_employer_rounds_down():
    text = format_levy_explanation(levy_for(2025, 50, 1))
    assert "weniger als 60 Arbeitsplätze" in text
    assert "abgerundet auf 2" in text
    assert "§ 154 Abs. 1 Satz 3" in text and "§ 160 Abs. 2 Satz 2" in text
    assert "1.860 €" in text


def test_explanation_no_duty():
    text = format_levy_explanation(levy_for(2025, 19, 0))
    assert "keine Beschäftigungspflicht" in text
    assert "§ 154 Abs. 1" in text
    assert "31. März" not in text


def test_explanation_fulfilled():
    text = format_levy_explanation(levy_for(2025, 35, 1))
    assert "keine Ausgleichsabgabe" in text


@pytest.mark.parametrize("jobs,disabled", [(j, d) for j, d, *_ in WORKED_2025])
def test_every_step_has_legal_reference(jobs, disabled):
    r = levy_for(2025, jobs, disabled)
    assert r.steps
    assert all("§" in s.legal for s in r.steps)
    assert len(format_levy_explanation(r).splitlines()) <= 10
