"""Kündigungsschutz deadlines (§§ 168-174 SGB IX), computed per §§ 187, 188, 193 BGB.

An end date on a Saturday, Sunday or public holiday moves to the next working day (§ 193 BGB,
§ 26 Abs. 3 SGB X). Nationwide holidays always count; a Land's own holidays only when the Land is
known (the `holidays` package keeps both up to date). Deemed consent (§ 171 Abs. 5, § 174 Abs. 3)
is reached only when the decision period has fully run out, so texts say "frühestens mit Ablauf
des …" and never announce it for the last day itself. The results are orientation, not advice.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays as holidays_lib

from lotse.kb.store import fold

MAX_YEARS_AWAY = 5
MAX_EMPLOYMENT_YEARS = 60
TWO_WEEKS = timedelta(days=14)

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

NO_LEGAL_ADVICE = (
    "Hinweis: Diese Berechnung dient der Orientierung und ist keine Rechtsberatung. "
    "Verbindlich klären Sie Fristen mit dem Integrationsamt oder einer rechtlichen Beratung."
)
HOLIDAY_HINT = (
    "Fällt ein Fristende auf einen Samstag, Sonntag oder bundesweiten Feiertag, endet die Frist am "
    "nächsten Werktag (§ 193 BGB, § 26 Abs. 3 SGB X); das ist eingerechnet. Planen Sie trotzdem so, "
    "dass Sie vor dem Fristende fertig sind."
)
HOLIDAY_HINT_NO_LAND = (
    " Feiertage, die nur in einem Land gelten, sind nicht eingerechnet, weil das Land nicht "
    "bekannt ist."
)

# ISO 3166-2 codes of the Länder (as the holidays package names them) and the names users type.
LAENDER = {
    "BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg",
    "HB": "Bremen", "HH": "Hamburg", "HE": "Hessen", "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen", "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz",
    "SL": "Saarland", "SN": "Sachsen", "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}
_LAND_ALIASES = {"NRW": "NW", "NRW_LVR": "NW", "NRW_LWL": "NW"}


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


def land_code(land: str | None) -> str | None:
    """'NW', 'nrw_lvr', 'Nordrhein-Westfalen' or 'nordrhein westfalen' -> 'NW'; unknown -> None."""
    if not land:
        return None
    key = str(land).strip().upper()
    if key in LAENDER:
        return key
    if key in _LAND_ALIASES:
        return _LAND_ALIASES[key]
    wanted = fold(str(land)).replace("-", " ").strip()
    for code, name in LAENDER.items():
        if fold(name).replace("-", " ") == wanted:
            return code
    return None


@lru_cache(maxsize=64)
def _holidays(year: int, land: str | None) -> holidays_lib.HolidayBase:
    """Nationwide holidays (no Land) or the Land's full list, as the holidays package keeps it."""
    return holidays_lib.country_holidays("DE", subdiv=land, years=year)


def holiday_name(d: date, land: str | None = None) -> str | None:
    """The (English) name of a public holiday on d, or None; nationwide ones always count."""
    return _holidays(d.year, land_code(land)).get(d)


def is_working_day(d: date, land: str | None = None) -> bool:
    """Monday to Friday and no public holiday (nationwide, plus the Land's if known)."""
    return d.weekday() < 5 and holiday_name(d, land) is None


def next_working_day(d: date, land: str | None = None) -> date:
    """§ 193 BGB / § 26 Abs. 3 SGB X: an end on a Saturday, Sunday or holiday moves on."""
    while not is_working_day(d, land):
        d += timedelta(days=1)
    return d


def _shift_note(raw_end: date, end: date, land: str | None) -> str:
    """Why an end date moved: weekday name or 'Feiertag', in German."""
    if raw_end.weekday() >= 5:
        why = f"ein {WEEKDAYS[raw_end.weekday()]}"
    else:
        why = "ein gesetzlicher Feiertag"
    return (f"Das rechnerische Fristende {format_date(raw_end)} ist {why}; die Frist endet deshalb "
            f"am nächsten Werktag, dem {format_date_long(end)} (§ 193 BGB, § 26 Abs. 3 SGB X).")


def _holiday_hint(land: str | None) -> str:
    return HOLIDAY_HINT + ("" if land_code(land) else HOLIDAY_HINT_NO_LAND)


def deemed_consent_text(end: date, period: str, legal: str) -> str:
    """The only wording for deemed consent: never 'bis dahin', never 'unverzüglich' on the last day."""
    day_after = end + timedelta(days=1)
    return (
        f"Entscheidet das Integrationsamt nicht innerhalb von {period}, gilt die Zustimmung als "
        f"erteilt ({legal}) – frühestens mit Ablauf des {format_date_long(end)}, also nicht vor dem "
        f"{format_date(day_after)}. Das gilt nur, wenn in dieser Zeit keine Entscheidung getroffen und "
        "Ihnen mitgeteilt wurde; auch eine telefonische Mitteilung zählt. Kündigen Sie nicht "
        "vorher, und fragen Sie vor der Kündigung beim Integrationsamt nach, ob entschieden wurde."
    )


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
    land: str | None = None,
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
    end = next_working_day(raw_end, land)
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
        lines.append("- " + _shift_note(raw_end, end, land))
    if received is not None:
        raw_decide = received + TWO_WEEKS
        decide = next_working_day(raw_decide, land)
        deadlines.append(Deadline("entscheidung_bis", "Entscheidungsfrist des Integrationsamts",
                                  decide, "§ 174 Abs. 3 SGB IX"))
        deadlines.append(Deadline("fiktion_ab", "Zustimmung gilt frühestens als erteilt ab",
                                  decide + timedelta(days=1), "§ 174 Abs. 3 Satz 2 SGB IX"))
        if received > end:
            warnings.append(
                f"Der Antrag ist am {format_date(received)} eingegangen, also nach dem "
                f"{format_date(end)}. Nach dieser Berechnung ist die Zwei-Wochen-Frist versäumt. "
                "Lassen Sie das bitte umgehend rechtlich prüfen."
            )
        lines.append(
            f"- Eingang des Antrags: {format_date(received)}. Die Entscheidungsfrist des "
            f"Integrationsamts endet mit Ablauf des {format_date_long(decide)} (zwei Wochen, "
            "§ 174 Abs. 3 Satz 1 SGB IX)."
        )
        if decide != raw_decide:
            lines.append("- " + _shift_note(raw_decide, decide, land))
        lines.append("- " + deemed_consent_text(decide, "von zwei Wochen",
                                                "§ 174 Abs. 3 Satz 2 SGB IX"))
    else:
        lines.append(
            "- Das Integrationsamt entscheidet innerhalb von zwei Wochen ab Eingang des Antrags "
            "(§ 174 Abs. 3 SGB IX). Trifft es in dieser Zeit keine Entscheidung, gilt die "
            "Zustimmung erst nach vollständigem Ablauf der zwei Wochen als erteilt. Nennen Sie mir "
            "den Eingangstag des Antrags, dann rechne ich das Datum aus."
        )
    lines.append(
        "- Nach der Zustimmung – oder wenn sie nach Ablauf der Frist als erteilt gilt – müssen "
        "Sie die Kündigung unverzüglich erklären, also ohne schuldhaftes Zögern "
        "(§ 174 Abs. 5 SGB IX)."
    )
    lines += [f"Achtung: {w}" for w in warnings]
    lines += [_holiday_hint(land), NO_LEGAL_ADVICE]
    return DeadlineResult("ausserordentlich", tuple(deadlines), "\n".join(lines), tuple(warnings))


# --------------------------------------------------------------------------- § 171


def ordinary_dismissal(
    application_received: date | None = None,
    consent_received: date | None = None,
    *,
    today: date | None = None,
    land: str | None = None,
    closure_or_insolvency: bool = False,
) -> DeadlineResult:
    """Deadlines for an ordentliche Kündigung, §§ 169, 171 SGB IX.

    `closure_or_insolvency` marks the cases of § 172 Abs. 1 Satz 1 and Abs. 3 (Betriebsschließung,
    Insolvenz), where § 171 Abs. 5 makes the one-month period binding with deemed consent.
    """
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
        raw_decide = add_months(received, 1)
        decide = next_working_day(raw_decide, land)
        deadlines.append(Deadline("entscheidung_bis", "Integrationsamt soll entschieden haben",
                                  decide, "§ 171 Abs. 1 SGB IX"))
        lines.append(
            f"- Antrag eingegangen am {format_date(received)}: Das Integrationsamt soll bis zum "
            f"{format_date_long(decide)} entscheiden (ein Monat, § 171 Abs. 1 SGB IX)."
        )
        if decide != raw_decide:
            lines.append("- " + _shift_note(raw_decide, decide, land))
        if closure_or_insolvency:
            deadlines.append(Deadline("fiktion_ab", "Zustimmung gilt frühestens als erteilt ab",
                                      decide + timedelta(days=1), "§ 171 Abs. 5 SGB IX"))
            lines.append("- Bei Betriebsschließung oder Insolvenz (§ 172 Abs. 1 Satz 1, Abs. 3 "
                         "SGB IX): " + deemed_consent_text(decide, "eines Monats",
                                                           "§ 171 Abs. 5 SGB IX"))
        else:
            lines.append(
                "- Wird die Frist überschritten, gilt die Zustimmung nicht als erteilt; Sie "
                "warten auf die Entscheidung. Nur bei Betriebsschließung oder Insolvenz "
                "(§ 171 Abs. 5 SGB IX) gilt sie nach vollständigem Ablauf des Monats als erteilt."
            )
    else:
        lines.append(
            "- Das Integrationsamt soll innerhalb eines Monats ab Eingang des Antrags entscheiden "
            "(§ 171 Abs. 1 SGB IX)."
        )
    if consent is not None:
        raw_notice = add_months(consent, 1)
        notice_by = next_working_day(raw_notice, land)
        deadlines.append(Deadline("kuendigung_bis", "Kündigung muss zugegangen sein", notice_by,
                                  "§ 171 Abs. 3 SGB IX"))
        lines.append(
            f"- Zustimmung zugestellt am {format_date(consent)}: Die Kündigung muss bis zum "
            f"{format_date_long(notice_by)} erklärt sein, das heißt dem Arbeitnehmer "
            "zugegangen sein (ein Monat, § 171 Abs. 3 SGB IX). Danach brauchen Sie eine neue "
            "Zustimmung."
        )
        if notice_by != raw_notice:
            lines.append("- " + _shift_note(raw_notice, notice_by, land)
                         + " Sicherer ist es, bis zum rechnerischen Fristende zu kündigen.")
    else:
        lines.append(
            "- Nach Zustellung der Zustimmung können Sie nur innerhalb eines Monats kündigen; "
            "die Kündigung muss in dieser Zeit zugehen (§ 171 Abs. 3 SGB IX)."
        )
    lines.append(
        "- Die Kündigungsfrist beträgt mindestens vier Wochen (§ 169 SGB IX); eine längere Frist "
        "aus Gesetz, Tarif- oder Arbeitsvertrag bleibt bestehen."
    )
    lines += [_holiday_hint(land), NO_LEGAL_ADVICE]
    return DeadlineResult("ordentlich", tuple(deadlines), "\n".join(lines))


# --------------------------------------------------------------------------- § 4 KSchG


def claim_deadline(
    notice_received: date,
    decision_notified: date | None = None,
    *,
    today: date | None = None,
    land: str | None = None,
) -> DeadlineResult:
    """Klagefrist of an employee (§ 4 KSchG): three weeks after the notice was received.

    Where the dismissal needs the Integrationsamt's consent and its decision reached the employee
    only after the notice, the period runs from that notification (§ 4 Satz 4 KSchG). The safe
    advice stays: file within three weeks of receiving the notice.
    """
    now = _today(today)
    notice = _check_date(notice_received, "Zugang der Kündigung", now)
    raw_end = notice + timedelta(days=21)
    end = next_working_day(raw_end, land)
    deadlines = [Deadline("klage_bis", "Klage beim Arbeitsgericht eingereicht", end,
                          "§ 4 Satz 1 KSchG")]
    lines = [
        "Klagefrist gegen die Kündigung (§ 4 KSchG):",
        f"- Die Kündigung ist Ihnen am {format_date_long(notice)} zugegangen. Reichen Sie die "
        f"Klage spätestens am {format_date_long(end)} beim Arbeitsgericht ein (drei Wochen, "
        "§ 4 Satz 1 KSchG). Danach gilt die Kündigung in der Regel als wirksam (§ 7 KSchG).",
    ]
    if end != raw_end:
        lines.append("- " + _shift_note(raw_end, end, land))
    if decision_notified is not None:
        decision = _check_date(decision_notified, "Bekanntgabe der Entscheidung", now)
        if decision > notice:
            raw_late = decision + timedelta(days=21)
            late = next_working_day(raw_late, land)
            deadlines.append(Deadline("klage_bis_nach_bekanntgabe",
                                      "Klagefrist ab Bekanntgabe der Entscheidung", late,
                                      "§ 4 Satz 4 KSchG"))
            lines.append(
                f"- Die Entscheidung des Integrationsamts wurde Ihnen erst am "
                f"{format_date(decision)} bekannt gegeben. Dann läuft die Frist nach § 4 Satz 4 "
                f"KSchG erst ab diesem Tag, bis zum {format_date_long(late)}. Verlassen Sie sich "
                "nicht darauf: Klagen Sie möglichst innerhalb von drei Wochen nach Zugang der "
                "Kündigung."
            )
    else:
        lines.append(
            "- Brauchte die Kündigung die Zustimmung des Integrationsamts und wurde Ihnen dessen "
            "Entscheidung erst später bekannt gegeben, beginnt die Frist erst mit dieser "
            "Bekanntgabe (§ 4 Satz 4 KSchG). Sicher ist: innerhalb von drei Wochen nach Zugang "
            "der Kündigung klagen."
        )
    lines.append("- Die Rechtsantragsstelle des Arbeitsgerichts hilft beim Formulieren der Klage; "
                 "lassen Sie sich beraten (Gewerkschaft, Fachanwalt, Sozialverband).")
    lines += [_holiday_hint(land), NO_LEGAL_ADVICE]
    return DeadlineResult("klagefrist", tuple(deadlines), "\n".join(lines))


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
