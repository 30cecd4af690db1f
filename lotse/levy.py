"""Ausgleichsabgabe calculator (§§ 154-160 SGB IX).

All arithmetic uses exact fractions: the rate stages (2 %, 3 %, 5 %) and the rounding of 0.5
(§ 157 Abs. 2) are boundary rules where float errors would change the amount.

Model (matches the worked examples in facts.md §5): for each month the mandatory places are
5 % of the counted jobs, rounded per § 157 Abs. 2 (or 1 / 2 places for small employers, § 154
Abs. 1 Satz 3); the year's sum of mandatory places minus the year's sum of credited places gives
the unfilled place-months; these are multiplied by the monthly rate of the stage that the annual
average quota falls into (§ 160 Abs. 1 Satz 3, Abs. 2).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from lotse.kb.errors import KnowledgeBaseError
from lotse.kb.yamlio import parse_yaml

Number = int | float | Decimal | Fraction

RATES_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "levy_rates.yml"

MIN_YEAR = 2024
MAX_YEAR = 2100
MAX_JOBS = 10_000_000
MIN_JOBS_FOR_DUTY = 20
QUOTA_PERCENT = 5
MONTHS = 12

GENERAL_KEYS = ("quota_3_to_5", "quota_2_to_3", "quota_0_to_2", "quota_0")
SMALL_40_KEYS = ("below_1", "zero")
SMALL_60_KEYS = ("below_2", "below_1", "zero")

LEGAL_DUTY = "§ 154 Abs. 1 SGB IX"
LEGAL_COUNT = "§ 156, § 157 Abs. 1 SGB IX"
LEGAL_ROUNDING = "§ 157 Abs. 2 SGB IX"
LEGAL_CREDIT = "§ 158, § 159 Abs. 2 SGB IX"
LEGAL_RATE = "§ 160 Abs. 2 SGB IX"
LEGAL_PAYMENT = "§ 160 Abs. 4, § 163 Abs. 2 SGB IX"

MONTH_NAMES = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)


class LevyInputError(ValueError):
    """Input that cannot describe a real employer; the message is German and user-facing."""


class LevyRatesError(ValueError):
    """levy_rates.yml is malformed; the message names file and field."""


# --------------------------------------------------------------------------- rates


@dataclass(frozen=True)
class RatePeriod:
    """Monthly rates (whole euros) valid from a date on."""

    valid_from: date
    valid_until: date | None
    source: str
    general: Mapping[str, int]
    small_under_40: Mapping[str, int]
    small_under_60: Mapping[str, int]


def _check_rate_table(raw: Any, keys: tuple[str, ...], where: str) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise LevyRatesError(f"{where}: erwartet eine Zuordnung mit {', '.join(keys)}")
    missing = [k for k in keys if k not in raw]
    unknown = [k for k in raw if k not in keys]
    if missing:
        raise LevyRatesError(f"{where}: fehlende Felder: {', '.join(missing)}")
    if unknown:
        raise LevyRatesError(f"{where}: unbekannte Felder: {', '.join(map(str, unknown))}")
    table: dict[str, int] = {}
    for key in keys:
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise LevyRatesError(f"{where}.{key}: erwartet ganze Euro > 0, gefunden {value!r}")
        table[key] = value
    return table


def _check_date(raw: Any, where: str, required: bool) -> date | None:
    if raw is None and not required:
        return None
    if isinstance(raw, date):
        return raw
    raise LevyRatesError(f"{where}: erwartet ein Datum JJJJ-MM-TT, gefunden {raw!r}")


def parse_rates(data: Any, path: str | Path = "levy_rates.yml") -> tuple[RatePeriod, ...]:
    """Validate parsed YAML; every error names the file and the field."""
    name = str(path)
    if not isinstance(data, dict) or not isinstance(data.get("periods"), list):
        raise LevyRatesError(f"{name}: periods: erwartet eine Liste von Zeiträumen")
    if not data["periods"]:
        raise LevyRatesError(f"{name}: periods: die Liste ist leer")
    periods: list[RatePeriod] = []
    for i, raw in enumerate(data["periods"]):
        where = f"{name}: periods[{i}]"
        if not isinstance(raw, dict):
            raise LevyRatesError(f"{where}: erwartet eine Zuordnung")
        allowed = {"valid_from", "valid_until", "source", "general", "small_under_40",
                   "small_under_60"}
        unknown = sorted(str(k) for k in raw if k not in allowed)
        if unknown:
            raise LevyRatesError(f"{where}: unbekannte Felder: {', '.join(unknown)}")
        valid_from = _check_date(raw.get("valid_from"), f"{where}.valid_from", required=True)
        valid_until = _check_date(raw.get("valid_until"), f"{where}.valid_until", required=False)
        assert valid_from is not None
        if valid_until is not None and valid_until < valid_from:
            raise LevyRatesError(f"{where}.valid_until: liegt vor valid_from")
        source = raw.get("source")
        if not isinstance(source, str) or not source.strip():
            raise LevyRatesError(f"{where}.source: Quelle fehlt")
        periods.append(
            RatePeriod(
                valid_from=valid_from,
                valid_until=valid_until,
                source=source.strip(),
                general=_check_rate_table(raw.get("general"), GENERAL_KEYS, f"{where}.general"),
                small_under_40=_check_rate_table(
                    raw.get("small_under_40"), SMALL_40_KEYS, f"{where}.small_under_40"
                ),
                small_under_60=_check_rate_table(
                    raw.get("small_under_60"), SMALL_60_KEYS, f"{where}.small_under_60"
                ),
            )
        )
    for i in range(1, len(periods)):
        prev, cur = periods[i - 1], periods[i]
        if cur.valid_from <= prev.valid_from:
            raise LevyRatesError(
                f"{name}: periods[{i}].valid_from: Zeiträume müssen aufsteigend sortiert sein"
            )
        if prev.valid_until is not None and prev.valid_until >= cur.valid_from:
            raise LevyRatesError(f"{name}: periods[{i - 1}].valid_until: überschneidet sich")
    return tuple(periods)


def load_rates(path: str | Path | None = None) -> tuple[RatePeriod, ...]:
    """Load and validate the rate periods (default: knowledge/levy_rates.yml of this repo)."""
    file = Path(path) if path is not None else RATES_FILE
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise LevyRatesError(f"{file}: kann nicht gelesen werden ({exc.strerror})") from exc
    try:
        data = parse_yaml(text, file.name)
    except KnowledgeBaseError as exc:
        raise LevyRatesError(f"{file}: kein gültiges YAML ({exc.problems[0].message})") from exc
    return parse_rates(data, file)


@lru_cache(maxsize=1)
def _default_rates() -> tuple[RatePeriod, ...]:
    return load_rates()


def rates_for_year(year: int, periods: Sequence[RatePeriod] | None = None) -> RatePeriod:
    """Latest period in force on 1 January of the year (later years reuse the newest rates)."""
    periods = periods if periods is not None else _default_rates()
    jan1 = date(year, 1, 1)
    candidates = [
        p for p in periods
        if p.valid_from <= jan1 and (p.valid_until is None or p.valid_until >= jan1)
    ]
    if not candidates:
        raise LevyInputError(
            f"Für das Jahr {year} sind keine Sätze der Ausgleichsabgabe hinterlegt."
        )
    return max(candidates, key=lambda p: p.valid_from)


# --------------------------------------------------------------------------- input / result


@dataclass(frozen=True)
class LevyInput:
    """What the employer tells us.

    jobs: annual average of Arbeitsplätze (§ 156) including trainee places if trainee_places is
    given (they are then subtracted, § 157 Abs. 1). disabled: annual average of severely disabled
    or equal-status people employed, not counting disabled trainees, who go into
    disabled_trainees and are credited twice (§ 159 Abs. 2). monthly_jobs / monthly_disabled:
    twelve values instead of the constant averages.
    """

    year: int
    jobs: Number | None = None
    disabled: Number | None = None
    disabled_trainees: Number = 0
    trainee_places: Number = 0
    monthly_jobs: Sequence[Number] | None = None
    monthly_disabled: Sequence[Number] | None = None


@dataclass(frozen=True)
class LevyStep:
    """One explained step of the calculation."""

    label: str
    text: str
    legal: str


@dataclass(frozen=True)
class LevyResult:
    """Every intermediate value, so the answer can be explained and checked."""

    year: int
    monthly_mode: bool
    jobs: Fraction  # annual average of counted jobs
    credited: Fraction  # annual average of credited places (disabled + 2 x disabled trainees)
    duty: bool
    small_employer: str | None  # "under_40", "under_60" or None
    raw_mandatory: Fraction  # 5 % of the average jobs before rounding
    mandatory_by_month: tuple[int, ...]
    mandatory_places: Fraction  # annual average
    unfilled_place_months: Fraction
    quota_percent: Fraction
    stage: str  # "keine_pflicht", "erfuellt", "quote_erreicht", or the rate key
    stage_reason: str
    rate: int  # euros per unfilled place and month (0 if nothing to pay)
    monthly_amount: Decimal
    annual_amount: Decimal
    rates_valid_from: date
    rates_source: str
    steps: tuple[LevyStep, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def unfilled_places(self) -> Fraction:
        """Average unfilled places per month."""
        return self.unfilled_place_months / MONTHS


# --------------------------------------------------------------------------- formatting


def _to_decimal(value: Number) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def format_number(value: Number, places: int = 2, rounding: str = ROUND_DOWN) -> str:
    """German number: thousands dot, decimal comma, at most `places` decimals (cut by default,
    so a count never looks larger than it is)."""
    dec = _to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=rounding)
    sign = "-" if dec < 0 else ""
    dec = abs(dec)
    whole = int(dec)
    frac = dec - whole
    text = f"{whole:,}".replace(",", ".")
    if frac:
        digits = f"{frac:.{places}f}"[2:].rstrip("0")
        text += "," + digits
    return sign + text


def format_eur(value: Number) -> str:
    """Money German style: '9.900 €', '155 €', '1.234,50 €' (cents only when needed)."""
    dec = _to_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole = int(abs(dec))
    cents = int((abs(dec) - whole) * 100)
    text = f"{whole:,}".replace(",", ".")
    if cents:
        text += f",{cents:02d}"
    return ("-" if dec < 0 else "") + text + " €"


def format_quota(quota: Fraction) -> str:
    """Quota in % rounded to two decimals, but never rounded up onto a stage boundary
    (1.999 % reads '1,99', not '2'), so the text matches the stage chosen."""
    rounded = Fraction(_to_decimal(quota).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    if any(quota < bound <= rounded for bound in (2, 3, QUOTA_PERCENT)):
        return format_number(quota)
    return format_number(quota, rounding=ROUND_HALF_UP)


def _places(value: Fraction | int, word: str = "Pflichtarbeitsplatz") -> str:
    """'1 Pflichtarbeitsplatz', '3 Pflichtarbeitsplätze', '0,5 Pflichtarbeitsplätze'."""
    plural = word.replace("platz", "plätze")
    return f"{format_number(value)} {word if value == 1 else plural}"


def _format_date(d: date) -> str:
    return d.strftime("%d.%m.%Y")


# --------------------------------------------------------------------------- validation


def _as_fraction(value: Any, label: str) -> Fraction:
    if isinstance(value, bool) or value is None:
        raise LevyInputError(f"Bitte geben Sie für „{label}“ eine Zahl an.")
    if isinstance(value, Fraction):
        result = value
    elif isinstance(value, int):
        result = Fraction(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise LevyInputError(f"„{label}“ muss eine endliche Zahl sein.")
        result = Fraction(Decimal(repr(value)))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise LevyInputError(f"„{label}“ muss eine endliche Zahl sein.")
        result = Fraction(value)
    else:
        raise LevyInputError(f"Bitte geben Sie für „{label}“ eine Zahl an, nicht {value!r}.")
    if result < 0:
        raise LevyInputError(f"„{label}“ darf nicht negativ sein.")
    if result > MAX_JOBS:
        raise LevyInputError(
            f"„{label}“ ist unrealistisch groß (mehr als {format_number(MAX_JOBS)})."
        )
    return result


def _check_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise LevyInputError("Bitte geben Sie das Jahr als Zahl an, zum Beispiel 2025.")
    if year < MIN_YEAR:
        raise LevyInputError(
            f"Die Berechnung ist für die Jahre ab {MIN_YEAR} möglich. "
            "Für frühere Jahre galten andere Sätze."
        )
    if year > MAX_YEAR:
        raise LevyInputError(f"Das Jahr {year} liegt zu weit in der Zukunft.")
    return year


def _monthly_values(values: Any, label: str) -> list[Fraction]:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise LevyInputError(f"„{label}“: Bitte geben Sie genau 12 Monatswerte an.")
    if len(values) != MONTHS:
        raise LevyInputError(
            f"„{label}“: Bitte geben Sie genau 12 Monatswerte an (erhalten: {len(values)})."
        )
    return [_as_fraction(v, f"{label} ({MONTH_NAMES[i]})") for i, v in enumerate(values)]


def _prepare_months(data: LevyInput) -> tuple[list[Fraction], list[Fraction]]:
    """Counted jobs and credited places for each of the 12 months."""
    trainee_places = _as_fraction(data.trainee_places, "Ausbildungsplätze")
    trainees = _as_fraction(data.disabled_trainees, "schwerbehinderte Auszubildende")
    if data.monthly_jobs is not None or data.monthly_disabled is not None:
        if data.monthly_jobs is None or data.monthly_disabled is None:
            raise LevyInputError(
                "Bitte geben Sie Monatswerte sowohl für die Arbeitsplätze als auch für die "
                "schwerbehinderten Beschäftigten an."
            )
        jobs = _monthly_values(data.monthly_jobs, "Arbeitsplätze")
        disabled = _monthly_values(data.monthly_disabled, "schwerbehinderte Beschäftigte")
    else:
        jobs = [_as_fraction(data.jobs, "Arbeitsplätze")] * MONTHS
        disabled = [_as_fraction(data.disabled, "schwerbehinderte Beschäftigte")] * MONTHS
    counted: list[Fraction] = []
    credited: list[Fraction] = []
    for i, (j, d) in enumerate(zip(jobs, disabled, strict=True)):
        when = f" im {MONTH_NAMES[i]}" if data.monthly_jobs is not None else ""
        if trainee_places > j:
            raise LevyInputError(
                f"Es gibt{when} mehr Ausbildungsplätze ({format_number(trainee_places)}) "
                f"als Arbeitsplätze insgesamt ({format_number(j)})."
            )
        c = j - trainee_places
        if d > c:
            raise LevyInputError(
                f"Die Zahl der schwerbehinderten Beschäftigten{when} ({format_number(d)}) ist "
                f"größer als die Zahl der Arbeitsplätze ({format_number(c)}). Bitte prüfen Sie "
                "die Angaben."
            )
        if trainees > j:
            raise LevyInputError(
                "Es können nicht mehr schwerbehinderte Auszubildende als Arbeitsplätze "
                "angegeben werden."
            )
        counted.append(c)
        credited.append(d + 2 * trainees)
    return counted, credited


# --------------------------------------------------------------------------- calculation


def _round_mandatory(raw: Fraction, below_60: bool) -> int:
    """§ 157 Abs. 2: fractions of 0.5 and more round up, for employers under 60 jobs down."""
    if below_60:
        return math.floor(raw)
    return math.floor(raw + Fraction(1, 2))


def _select_rate(
    rates: RatePeriod, small: str | None, credited: Fraction, quota: Fraction
) -> tuple[str, int, str]:
    """(stage key, monthly rate, German reason) per § 160 Abs. 2."""
    if small == "under_40":
        if credited == 0:
            return ("small_under_40.zero", rates.small_under_40["zero"],
                    "weniger als 40 Arbeitsplätze und niemand schwerbehindert beschäftigt")
        return ("small_under_40.below_1", rates.small_under_40["below_1"],
                "weniger als 40 Arbeitsplätze und im Durchschnitt weniger als ein "
                "schwerbehinderter Mensch beschäftigt")
    if small == "under_60":
        if credited == 0:
            return ("small_under_60.zero", rates.small_under_60["zero"],
                    "weniger als 60 Arbeitsplätze und niemand schwerbehindert beschäftigt")
        if credited < 1:
            return ("small_under_60.below_1", rates.small_under_60["below_1"],
                    "weniger als 60 Arbeitsplätze und im Durchschnitt weniger als ein "
                    "schwerbehinderter Mensch beschäftigt")
        return ("small_under_60.below_2", rates.small_under_60["below_2"],
                "weniger als 60 Arbeitsplätze und im Durchschnitt weniger als zwei "
                "schwerbehinderte Menschen beschäftigt")
    q = format_quota(quota)
    if quota == 0:
        return ("quota_0", rates.general["quota_0"], "Beschäftigungsquote 0 %")
    if quota < 2:
        return ("quota_0_to_2", rates.general["quota_0_to_2"],
                f"Beschäftigungsquote {q} %: mehr als 0 % bis unter 2 %")
    if quota < 3:
        return ("quota_2_to_3", rates.general["quota_2_to_3"],
                f"Beschäftigungsquote {q} %: 2 % bis unter 3 %")
    return ("quota_3_to_5", rates.general["quota_3_to_5"],
            f"Beschäftigungsquote {q} %: 3 % bis unter 5 %")


def _money(value: Fraction) -> Decimal:
    return _to_decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def calculate_levy(data: LevyInput, periods: Sequence[RatePeriod] | None = None) -> LevyResult:
    """Compute the Ausgleichsabgabe for one calendar year; raises LevyInputError on nonsense."""
    year = _check_year(data.year)
    rates = rates_for_year(year, periods)
    counted, credited = _prepare_months(data)
    monthly_mode = data.monthly_jobs is not None
    avg_jobs = sum(counted, Fraction(0)) / MONTHS
    avg_credited = sum(credited, Fraction(0)) / MONTHS
    raw_mandatory = avg_jobs * QUOTA_PERCENT / 100
    quota = avg_credited / avg_jobs * 100 if avg_jobs else Fraction(0)
    steps: list[LevyStep] = []
    notes: list[str] = []
    jobs_text = (
        f"Im Jahresdurchschnitt {format_number(avg_jobs)} Arbeitsplätze"
        + (" (ohne Ausbildungsplätze)" if data.trainee_places else "")
        + "."
    )
    steps.append(LevyStep("Arbeitsplätze", jobs_text, LEGAL_COUNT))
    common = dict(
        year=year, monthly_mode=monthly_mode, jobs=avg_jobs, credited=avg_credited,
        raw_mandatory=raw_mandatory, quota_percent=quota,
        rates_valid_from=rates.valid_from, rates_source=rates.source,
    )
    zero = Decimal("0.00")

    if avg_jobs < MIN_JOBS_FOR_DUTY:
        steps.append(LevyStep(
            "Beschäftigungspflicht",
            f"Weniger als {MIN_JOBS_FOR_DUTY} Arbeitsplätze: keine Beschäftigungspflicht und "
            "keine Ausgleichsabgabe.",
            LEGAL_DUTY,
        ))
        return LevyResult(
            duty=False, small_employer=None, mandatory_by_month=(0,) * MONTHS,
            mandatory_places=Fraction(0), unfilled_place_months=Fraction(0),
            stage="keine_pflicht",
            stage_reason=f"weniger als {MIN_JOBS_FOR_DUTY} Arbeitsplätze im Jahresdurchschnitt",
            rate=0, monthly_amount=zero, annual_amount=zero, steps=tuple(steps), **common,
        )

    if avg_jobs < 40:
        small: str | None = "under_40"
        mandatory_by_month = (1,) * MONTHS
    elif avg_jobs < 60:
        small = "under_60"
        mandatory_by_month = (2,) * MONTHS
    else:
        small = None
        mandatory_by_month = tuple(
            _round_mandatory(j * QUOTA_PERCENT / 100, below_60=False) for j in counted
        )
    mandatory_avg = Fraction(sum(mandatory_by_month), MONTHS)
    if small:
        rounded_small = _round_mandatory(raw_mandatory, below_60=True)
        mand_text = (
            f"Weniger als {40 if small == 'under_40' else 60} Arbeitsplätze: "
            f"{_places(mandatory_by_month[0])}"
            f" (5 % von {format_number(avg_jobs)} = {format_number(raw_mandatory)}, "
            f"bei unter 60 Arbeitsplätzen abgerundet auf {rounded_small})."
        )
        legal_mand = "§ 154 Abs. 1 Satz 3, § 157 Abs. 2 SGB IX"
    elif not monthly_mode:
        direction = "aufgerundet" if raw_mandatory - math.floor(raw_mandatory) >= Fraction(1, 2) \
            else "abgerundet"
        mand_text = f"5 % von {format_number(avg_jobs)} = {format_number(raw_mandatory)}"
        if raw_mandatory.denominator != 1:
            mand_text += f", {direction} auf {mandatory_by_month[0]}"
        mand_text += " Pflichtarbeitsplätze."
        legal_mand = "§ 154 Abs. 1, § 157 Abs. 2 SGB IX"
    else:
        mand_text = (
            "5 % der Arbeitsplätze je Monat, Bruchteile ab 0,5 aufgerundet: zusammen "
            f"{sum(mandatory_by_month)} Pflichtplatz-Monate (Durchschnitt "
            f"{format_number(mandatory_avg)})."
        )
        legal_mand = "§ 154 Abs. 1, § 157 Abs. 2 SGB IX"
    steps.append(LevyStep("Pflichtarbeitsplätze", mand_text, legal_mand))

    credit_text = f"Besetzt: im Jahresdurchschnitt {_places(avg_credited)}"
    if data.disabled_trainees:
        credit_text += " (schwerbehinderte Auszubildende doppelt gezählt)"
    credit_text += f"; Beschäftigungsquote {format_quota(quota)} %."
    steps.append(LevyStep("Besetzte Pflichtarbeitsplätze", credit_text, LEGAL_CREDIT))

    unfilled = max(Fraction(0), sum(mandatory_by_month) - sum(credited, Fraction(0)))
    common.update(
        duty=True, small_employer=small, mandatory_by_month=mandatory_by_month,
        mandatory_places=mandatory_avg, unfilled_place_months=unfilled,
    )
    if unfilled == 0:
        steps.append(LevyStep(
            "Ergebnis", "Alle Pflichtarbeitsplätze sind besetzt: keine Ausgleichsabgabe.",
            "§ 160 Abs. 1 SGB IX",
        ))
        return LevyResult(
            stage="erfuellt", stage_reason="alle Pflichtarbeitsplätze besetzt", rate=0,
            monthly_amount=zero, annual_amount=zero, steps=tuple(steps), **common,
        )
    if small is None and quota >= QUOTA_PERCENT:
        notes.append(
            "Die Beschäftigungsquote erreicht 5 %, obwohl durch die Aufrundung rechnerisch ein "
            "Rest unbesetzt bleibt. § 160 Abs. 2 SGB IX nennt dafür keinen Satz; bitte klären "
            "Sie diesen Sonderfall mit dem Integrationsamt."
        )
        steps.append(LevyStep(
            "Ergebnis", "Beschäftigungsquote von 5 % erreicht: keine Ausgleichsabgabe.",
            LEGAL_RATE,
        ))
        return LevyResult(
            stage="quote_erreicht", stage_reason=f"Beschäftigungsquote {format_quota(quota)} %",
            rate=0, monthly_amount=zero, annual_amount=zero, steps=tuple(steps),
            notes=tuple(notes), **common,
        )

    stage, rate, reason = _select_rate(rates, small, avg_credited, quota)
    annual = unfilled * rate
    monthly = annual / MONTHS
    legal_rate = f"§ 160 Abs. 2 Satz {2 if small else 1} SGB IX"
    steps.append(LevyStep(
        "Satz", f"{reason}: {format_eur(rate)} je unbesetztem Pflichtarbeitsplatz und Monat.",
        legal_rate,
    ))
    if monthly_mode:
        amount_text = (
            f"{format_number(unfilled)} unbesetzte Pflichtplatz-Monate × {format_eur(rate)} "
            f"= {format_eur(_money(annual))} im Jahr."
        )
    else:
        amount_text = (
            f"Unbesetzt: {_places(unfilled / MONTHS)} × "
            f"{format_eur(rate)} = {format_eur(_money(monthly))} im Monat, × 12 = "
            f"{format_eur(_money(annual))} im Jahr."
        )
    steps.append(LevyStep("Betrag", amount_text, "§ 160 Abs. 1 SGB IX"))
    if year > rates.valid_from.year and rates.valid_until is None:
        notes.append(
            f"Für {year} sind die zuletzt bekannt gemachten Sätze (ab "
            f"{_format_date(rates.valid_from)}) verwendet; sie werden nach § 160 Abs. 3 SGB IX "
            "von Zeit zu Zeit angepasst."
        )
    return LevyResult(
        stage=stage, stage_reason=reason, rate=rate, monthly_amount=_money(monthly),
        annual_amount=_money(annual), steps=tuple(steps), notes=tuple(notes), **common,
    )


def levy_for(
    year: int,
    jobs: Number,
    disabled: Number,
    *,
    disabled_trainees: Number = 0,
    trainee_places: Number = 0,
    periods: Sequence[RatePeriod] | None = None,
) -> LevyResult:
    """Shortcut for the common constant case."""
    return calculate_levy(
        LevyInput(year=year, jobs=jobs, disabled=disabled, disabled_trainees=disabled_trainees,
                  trainee_places=trainee_places),
        periods,
    )


def format_levy_explanation(result: LevyResult) -> str:
    """Short German step-by-step answer (formal Sie) with paragraph citations."""
    head = (
        f"Ausgleichsabgabe für {result.year} (Sätze gültig ab "
        f"{_format_date(result.rates_valid_from)}, {result.rates_source}):"
    )
    lines = [head]
    lines += [f"- {step.text} ({step.legal})" for step in result.steps]
    if result.annual_amount > 0:
        lines.append(
            f"Ergebnis: {format_eur(result.annual_amount)} im Jahr. Die Zahlung hebt die Pflicht "
            "zur Beschäftigung schwerbehinderter Menschen nicht auf (§ 160 Abs. 1 SGB IX)."
        )
        lines.append(
            f"Zahlen Sie die Abgabe bis zum 31. März {result.year + 1} an das Integrationsamt "
            "Ihres Sitzes, zusammen mit der Anzeige bei der Agentur für Arbeit "
            f"({LEGAL_PAYMENT})."
        )
    lines += list(result.notes)
    lines.append(
        "Dies ist eine unverbindliche Modellrechnung; maßgeblich sind die Monatswerte Ihrer "
        "Anzeige."
    )
    return "\n".join(lines)
