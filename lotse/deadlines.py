"""Kündigungsschutz deadlines (§§ 168-174 SGB IX), computed per §§ 187, 188, 193 BGB.

Public holidays differ by Land and are not modelled: only Saturdays and Sundays move an end
date (§ 193 BGB), and every text says so. The results are orientation, not legal advice.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

MAX_YEARS_AWAY = 5
MAX_EMPLOYMENT_YEARS = 60
TWO_WEEKS = timedelta(days=14)

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

NO_LEGAL_ADVICE = (
    "Hinweis: Diese Berechnung dient der Orientierung und ist keine Rechtsberatung. "
    "Verbindlich klären Sie Fristen mit dem Integrationsamt oder einer rechtlichen Beratung."
)
HOLIDAY_HINT = (
    "Gesetzliche Feiertage sind nicht berücksichtigt; planen Sie so, dass Sie vor dem Fristende "
    "fertig sind."
)


class DeadlineInputError(ValueError):
    """Input dates that cannot be right; the message is German and user-facing."""


@dataclass(frozen=True)
class Deadline:
    """One computed date with what it means and where it comes from."""

    id: str
    label: str
    date: date
    legal: str


@dataclass(frozen=True)
class DeadlineResult:
    """Computed deadlines plus a German explanation (formal Sie)."""

    kind: str  # "ausserordentlich" or "ordentlich"
    deadlines: tuple[Deadline, ...]
    text: str
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def get(self, deadline_id: str) -> Deadline | None:
        """The deadline with this id, if it was computed."""
        return next((d for d in self.deadlines if d.id == deadline_id), None)


@dataclass(frozen=True)
class ProtectionResult:
    """Whether the six-month exception of § 173 Abs. 1 Nr. 1 SGB IX rules protection out."""

    applies: bool
    six_months_end: date
    reason: str
    text: str


# --------------------------------------------------------------------------- date helpers


def format_date(d: date) -> str:
    """TT.MM.JJJJ."""
    return d.strftime("%d.%m.%Y")


def format_date_long(d: date) -> str:
    """'17.11.2026 (Dienstag)' – the weekday helps users plan."""
    return f"{format_date(d)} ({WEEKDAYS[d.weekday()]})"


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def add_months(start: date, months: int = 1) -> date:
    """End of a month period that starts with an event (§ 188 Abs. 2 Alt. 1, Abs. 3 BGB):
    the day with the same number, or the last day of the month if that day does not exist."""
    year, month = _shift_month(start.year, start.month, months)
    return date(year, month, min(start.day, _last_day(year, month)))


def months_period_end_from_start_day(start: date, months: int) -> date:
    """End of a month period whose first day counts (§ 187 Abs. 2, § 188 Abs. 2 Alt. 2,
    Abs. 3 BGB): the day before the same day number, or the month's last day if that number
    does not exist. Used for 'employment has lasted six months'."""
    year, month = _shift_month(start.year, start.month, months)
    if start.day > _last_day(year, month):
        return date(year, month, _last_day(year, month))
    return date(year, month, start.day) - timedelta(days=1)


def next_working_day(d: date) -> date:
    """§ 193 BGB for Saturday and Sunday (holidays not modelled)."""
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _check_date(value: object, label: str, today: date, years_back: int = MAX_YEARS_AWAY) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        raise DeadlineInputError(
            f"„{label}“ muss ein Datum sein (zum Beispiel 03.11.2026), nicht {value!r}."
        )
    try:
        low = today.replace(year=today.year - years_back)
        high = today.replace(year=today.year + MAX_YEARS_AWAY)
    except ValueError:  # 29 February
        low = date(today.year - years_back, 2, 28)
        high = date(today.year + MAX_YEARS_AWAY, 2, 28)
    if value < low:
        raise DeadlineInputError(
            f"„{label}“ ({format_date(value)}) liegt mehr als {years_back} Jahre zurück. "
            "Bitte prüfen Sie das Datum."
        )
    if value > high:
        raise DeadlineInputError(
            f"„{label}“ ({format_date(value)}) liegt mehr als {MAX_YEARS_AWAY} Jahre in der "
            "Zukunft. Bitte prüfen Sie das Datum."
        )
    return value


def _today(today: date | None) -> date:
    if today is None:
        return date.today()
    if isinstance(today, datetime):
        return today.date()
    if not isinstance(today, date):
        raise DeadlineInputError("Interner Fehler: 'today' muss ein Datum sein.")
    return today


# --------------------------------------------------------------------------- § 174


def extraordinary_dismissal(
    knowledge_date: date,
    application_received: date | None = None,
    *,
    today: date | None = None,
) -> DeadlineResult:
    """Deadlines for an außerordentliche (fristlose) Kündigung, § 174 SGB IX."""
    now = _today(today)
    known = _check_date(knowledge_date, "Tag der Kenntnis", now)
    received = None
    if application_received is not None:
        received = _check_date(application_received, "Eingang des Antrags", now)
        if received < known:
            raise DeadlineInputError(
                "Der Antrag kann nicht vor dem Tag eingegangen sein, an dem Sie von den "
                "Kündigungsgründen erfahren haben. Bitte prüfen Sie die Daten."
            )
    raw_end = known + TWO_WEEKS
    end = next_working_day(raw_end)
    deadlines = [Deadline("antrag_bis", "Antrag muss beim Integrationsamt eingegangen sein",
                          end, "§ 174 Abs. 2 SGB IX")]
    warnings: list[str] = []
    lines = [
        "Außerordentliche Kündigung eines schwerbehinderten Menschen – Fristen (§ 174 SGB IX):",
        f"- Sie haben am {format_date_long(known)} von den maßgebenden Tatsachen erfahren.",
        f"- Der Antrag auf Zustimmung muss spätestens am {format_date_long(end)} beim "
        "Integrationsamt eingegangen sein (zwei Wochen, § 174 Abs. 2 SGB IX; berechnet nach "
        "§§ 187, 188 BGB). Es zählt der Eingang, nicht das Absenden.",
    ]
    if end != raw_end:
        lines.append(
            f"- Das rechnerische Fristende {format_date(raw_end)} ist ein "
            f"{WEEKDAYS[raw_end.weekday()]}; es verschiebt sich auf den nächsten Werktag "
            "(§ 193 BGB)."
        )
    if received is not None:
        decide = received + TWO_WEEKS
        deadlines.append(Deadline("entscheidung_bis", "Entscheidungsfrist des Integrationsamts",
                                  decide, "§ 174 Abs. 3 SGB IX"))
        if received > end:
            warnings.append(
                f"Der Antrag ist am {format_date(received)} eingegangen, also nach dem "
                f"{format_date(end)}. Nach dieser Berechnung ist die Zwei-Wochen-Frist versäumt. "
                "Lassen Sie das bitte umgehend rechtlich prüfen."
            )
        lines.append(
            f"- Eingang des Antrags: {format_date(received)}. Das Integrationsamt entscheidet bis "
            f"zum {format_date_long(decide)}. Entscheidet es bis dahin nicht, gilt die "
            "Zustimmung als erteilt (§ 174 Abs. 3 SGB IX)."
        )
    else:
        lines.append(
            "- Das Integrationsamt entscheidet innerhalb von zwei Wochen ab Eingang des Antrags; "
            "entscheidet es nicht, gilt die Zustimmung als erteilt (§ 174 Abs. 3 SGB IX)."
        )
    lines.append(
        "- Nach der Zustimmung müssen Sie die Kündigung unverzüglich erklären, also ohne "
        "schuldhaftes Zögern (§ 174 Abs. 5 SGB IX)."
    )
    lines += [f"Achtung: {w}" for w in warnings]
    lines += [HOLIDAY_HINT, NO_LEGAL_ADVICE]
    return DeadlineResult("ausserordentlich", tuple(deadlines), "\n".join(lines), tuple(warnings))


# --------------------------------------------------------------------------- § 171


def ordinary_dismissal(
    application_received: date | None = None,
    consent_received: date | None = None,
    *,
    today: date | None = None,
) -> DeadlineResult:
    """Deadlines for an ordentliche Kündigung, §§ 169, 171 SGB IX."""
    now = _today(today)
    received = (
        _check_date(application_received, "Eingang des Antrags", now)
        if application_received is not None else None
    )
    consent = (
        _check_date(consent_received, "Zustellung der Zustimmung", now)
        if consent_received is not None else None
    )
    if received is not None and consent is not None and consent < received:
        raise DeadlineInputError(
            "Die Zustimmung kann nicht vor dem Eingang des Antrags zugestellt worden sein. "
            "Bitte prüfen Sie die Daten."
        )
    deadlines: list[Deadline] = []
    lines = ["Ordentliche Kündigung eines schwerbehinderten Menschen – Fristen:",
             "- Kündigen Sie erst, wenn die Zustimmung des Integrationsamts vorliegt "
             "(§ 168 SGB IX)."]
    if received is not None:
        decide = add_months(received, 1)
        deadlines.append(Deadline("entscheidung_bis", "Integrationsamt soll entschieden haben",
                                  decide, "§ 171 Abs. 1 SGB IX"))
        lines.append(
            f"- Antrag eingegangen am {format_date(received)}: Das Integrationsamt soll bis zum "
            f"{format_date_long(decide)} entscheiden (ein Monat, § 171 Abs. 1 SGB IX). Eine "
            "Zustimmung gilt nur in den Fällen von § 171 Abs. 5 SGB IX (Betriebsschließung, "
            "Insolvenz) nach Fristablauf als erteilt."
        )
    else:
        lines.append(
            "- Das Integrationsamt soll innerhalb eines Monats ab Eingang des Antrags entscheiden "
            "(§ 171 Abs. 1 SGB IX)."
        )
    if consent is not None:
        notice_by = add_months(consent, 1)
        deadlines.append(Deadline("kuendigung_bis", "Kündigung muss erklärt sein", notice_by,
                                  "§ 171 Abs. 3 SGB IX"))
        lines.append(
            f"- Zustimmung zugestellt am {format_date(consent)}: Sie können die Kündigung nur bis "
            f"zum {format_date_long(notice_by)} erklären (ein Monat, § 171 Abs. 3 SGB IX). "
            "Danach brauchen Sie eine neue Zustimmung."
        )
    else:
        lines.append(
            "- Nach Zustellung der Zustimmung können Sie nur innerhalb eines Monats kündigen "
            "(§ 171 Abs. 3 SGB IX)."
        )
    lines.append(
        "- Die Kündigungsfrist beträgt mindestens vier Wochen (§ 169 SGB IX); eine längere Frist "
        "aus Gesetz, Tarif- oder Arbeitsvertrag bleibt bestehen."
    )
    lines += [HOLIDAY_HINT, NO_LEGAL_ADVICE]
    return DeadlineResult("ordentlich", tuple(deadlines), "\n".join(lines))


# --------------------------------------------------------------------------- § 173


def protection_applies(
    employment_start: date, notice_date: date, *, today: date | None = None
) -> ProtectionResult:
    """§ 173 Abs. 1 Nr. 1 SGB IX: no special protection if, when the notice is received, the
    employment has not lasted longer than six months without interruption."""
    now = _today(today)
    # An employment may have started decades ago; only the notice date must be recent.
    start = _check_date(employment_start, "Beginn des Arbeitsverhältnisses", now,
                        years_back=MAX_EMPLOYMENT_YEARS)
    notice = _check_date(notice_date, "Zugang der Kündigung", now)
    if notice < start:
        raise DeadlineInputError(
            "Die Kündigung kann nicht vor Beginn des Arbeitsverhältnisses zugehen. "
            "Bitte prüfen Sie die Daten."
        )
    six_end = months_period_end_from_start_day(start, 6)
    applies = notice > six_end
    if applies:
        reason = (
            f"Das Arbeitsverhältnis besteht seit {format_date(start)} und damit beim Zugang der "
            f"Kündigung am {format_date(notice)} länger als sechs Monate."
        )
        body = (
            "Der besondere Kündigungsschutz kann deshalb greifen: Für die Kündigung ist die "
            "vorherige Zustimmung des Integrationsamts nötig (§ 168 SGB IX). Der Schutz entfällt "
            "aber zum Beispiel, wenn die Schwerbehinderung beim Zugang der Kündigung nicht "
            "nachgewiesen ist und kein Antrag früh genug lief (§ 173 Abs. 3 SGB IX); weitere "
            "Ausnahmen stehen in § 173 SGB IX."
        )
    else:
        reason = (
            f"Das Arbeitsverhältnis besteht seit {format_date(start)}; die ersten sechs Monate "
            f"enden am {format_date(six_end)}. Beim Zugang der Kündigung am "
            f"{format_date(notice)} besteht es noch nicht länger als sechs Monate."
        )
        body = (
            "Der besondere Kündigungsschutz gilt deshalb noch nicht (§ 173 Abs. 1 Nr. 1 SGB IX). "
            "Der Arbeitgeber muss die Beendigung aber innerhalb von vier Tagen dem "
            "Integrationsamt anzeigen (§ 173 Abs. 4 SGB IX)."
        )
    text = "\n".join([
        reason,
        body,
        "Gerechnet ist mit einem Arbeitsverhältnis ohne Unterbrechung (§§ 187, 188 BGB).",
        NO_LEGAL_ADVICE,
    ])
    return ProtectionResult(applies=applies, six_months_end=six_end, reason=reason, text=text)
