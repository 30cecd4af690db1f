"""Pre-check for the employer subsidy for außergewöhnliche Belastungen (§ 27 SchwbAV).

Only a preliminary, non-binding assessment: the Integrationsamt decides and establishes the
extent of the support need itself. Each answer may be True, False or None (unknown), so a
dialogue can stop early and still give a useful, honest result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

VORAUSSICHTLICH_MOEGLICH = "voraussichtlich_moeglich"
DERZEIT_EHER_NICHT = "derzeit_eher_nicht"
OFFEN = "offen"

ERFUELLT = "erfuellt"
NICHT_ERFUELLT = "nicht_erfuellt"
UNBEKANNT = "unbekannt"
PRAXIS = "praxis"  # not a legal condition: an office practice the user should know about

FIRST_YEAR_MONTHS = 12
MAX_MONTHS = 12 * 60

LEGAL_BASIS = ("§ 27 SchwbAV", "§ 185 Abs. 3 Nr. 2 Buchst. e SGB IX")


class PrecheckInputError(ValueError):
    """An answer of the wrong type; the message is German."""


@dataclass(frozen=True)
class Question:
    """One question of the pre-check, in standard German and in Leichte Sprache.

    kind: "bool" (ja/nein/weiß nicht) or "months" (a number of months).
    positive: the answer that speaks for the subsidy (None for "months").
    """

    id: str
    text: str
    leichte_sprache: str
    kind: str = "bool"
    positive: bool | None = True


QUESTIONS: tuple[Question, ...] = (
    Question(
        id="schwerbehindert",
        text=("Ist die beschäftigte Person schwerbehindert (Bescheid des Versorgungsamts mit einem "
              "GdB ab 50) oder gleichgestellt (Bescheid der Agentur für Arbeit)?"),
        leichte_sprache=(
            "Hat die Person einen Bescheid vom Versorgungs-Amt? "
            "Im Bescheid steht: Grad der Behinderung 50 oder mehr. "
            "Oder ist sie gleichgestellt? "
            "Gleichgestellt heißt: Die Agentur für Arbeit hat entschieden, "
            "dass die Person fast die gleichen Rechte bekommt."
        ),
    ),
    Question(
        id="besonders_betroffen",
        text=(
            "Ist die Person im Arbeitsleben besonders betroffen (zum Beispiel braucht sie "
            "dauerhaft eine Hilfskraft, ist ihre Arbeitsleistung deutlich gemindert oder hat sie "
            "eine geistige oder seelische Behinderung oder ein Anfallsleiden, § 155 Abs. 1 Nr. 1 "
            "Buchst. a–d SGB IX)? Oder kommt sie direkt aus einer Werkstatt für behinderte "
            "Menschen oder von einem anderen Leistungsanbieter, oder arbeitet sie in Teilzeit "
            "nach § 158 Abs. 2 SGB IX?"
        ),
        leichte_sprache=(
            "Hat die Person es wegen ihrer Behinderung bei der Arbeit besonders schwer? "
            "Oder hat sie vorher in einer Werkstatt für Menschen mit Behinderung gearbeitet?"
        ),
    ),
    Question(
        id="belastung",
        text=(
            "Ist die Arbeitsleistung wegen der Behinderung nicht nur vorübergehend deutlich "
            "geringer (zum Beispiel viel langsamer oder mit viel mehr Fehlern)? Oder braucht die "
            "Person regelmäßig zusätzliche Unterstützung durch Kolleginnen und Kollegen "
            "(Anleitung, "
            "Kontrolle, Motivation, Hilfe beim Heben oder bei Wegen im Betrieb)?"
        ),
        leichte_sprache=(
            "Schafft die Person wegen der Behinderung für längere Zeit weniger Arbeit? "
            "Oder braucht sie oft Hilfe von Kollegen?"
        ),
    ),
    Question(
        id="alternativen_ausgeschoepft",
        text=(
            "Haben Sie die anderen Möglichkeiten schon genutzt oder geprüft: den Arbeitsplatz "
            "behinderungsgerecht eingerichtet, Arbeitszeit oder Arbeitsorganisation angepasst, "
            "eine Versetzung auf einen passenderen Arbeitsplatz erwogen?"
        ),
        leichte_sprache=(
            "Haben Sie schon andere Hilfen versucht? Zum Beispiel: den Arbeitsplatz anpassen, "
            "andere Arbeitszeiten oder eine andere Arbeit im Betrieb."
        ),
    ),
    Question(
        id="arbeit_selbst",
        text="Erledigt die Person die vertraglich vereinbarte Arbeit grundsätzlich selbst?",
        leichte_sprache="Macht die Person ihre Arbeit im Grunde selbst?",
    ),
    Question(
        id="foerderung_dritter",
        text=(
            "Bekommen Sie für diese Person zurzeit einen Eingliederungszuschuss oder eine "
            "ähnliche Förderung von einer anderen Stelle (zum Beispiel der Agentur für Arbeit)?"
        ),
        leichte_sprache=(
            "Bekommen Sie für die Person gerade schon Geld von einem anderen Amt? "
            "Zum Beispiel von der Agentur für Arbeit."
        ),
        positive=False,
    ),
    Question(
        id="beschaeftigungsmonate",
        text="Seit wie vielen Monaten besteht das Arbeitsverhältnis?",
        leichte_sprache="Wie viele Monate arbeitet die Person schon bei Ihnen?",
        kind="months",
        positive=None,
    ),
)

QUESTION_IDS = tuple(q.id for q in QUESTIONS)

# German reason per question and status; "unbekannt" texts say what to clarify.
_REASONS: dict[str, dict[str, str]] = {
    "schwerbehindert": {
        ERFUELLT: "Die Person ist schwerbehindert oder gleichgestellt.",
        NICHT_ERFUELLT: "Der Zuschuss setzt voraus, dass die Person schwerbehindert oder "
                        "gleichgestellt ist.",
        UNBEKANNT: "Klären Sie, ob eine Schwerbehinderung oder Gleichstellung festgestellt ist.",
    },
    "besonders_betroffen": {
        ERFUELLT: "Die Person gehört zu einer begünstigten Gruppe (besonders betroffen, aus "
                  "einer Werkstatt oder Teilzeit nach § 158 Abs. 2 SGB IX).",
        NICHT_ERFUELLT: "Der Zuschuss ist für besonders betroffene Menschen, für Menschen aus "
                        "einer Werkstatt oder von einem anderen Leistungsanbieter und für "
                        "Teilzeit nach § 158 Abs. 2 SGB IX vorgesehen.",
        UNBEKANNT: "Klären Sie, ob die Person besonders betroffen ist (§ 155 Abs. 1 Nr. 1 "
                   "Buchst. a–d SGB IX) oder aus einer Werkstatt kommt.",
    },
    "belastung": {
        ERFUELLT: "Es gibt eine dauerhafte Leistungsminderung oder einen zusätzlichen "
                  "Unterstützungsbedarf.",
        NICHT_ERFUELLT: "Ohne dauerhafte Leistungsminderung oder zusätzlichen "
                        "Unterstützungsbedarf entsteht keine außergewöhnliche Belastung.",
        UNBEKANNT: "Beschreiben Sie, wie stark die Leistung gemindert ist oder welche "
                   "Unterstützung Kolleginnen und Kollegen leisten.",
    },
    "alternativen_ausgeschoepft": {
        ERFUELLT: "Andere Möglichkeiten sind ausgeschöpft.",
        NICHT_ERFUELLT: "Zuerst müssen andere Möglichkeiten genutzt werden, etwa Anpassung "
                        "des Arbeitsplatzes, der Arbeitszeit oder eine Versetzung. Dafür kann "
                        "das Integrationsamt ebenfalls beraten und fördern.",
        UNBEKANNT: "Prüfen Sie, ob Arbeitsplatz, Arbeitszeit, Organisation oder eine Versetzung "
                   "helfen könnten.",
    },
    "arbeit_selbst": {
        ERFUELLT: "Die Person erbringt die Arbeit grundsätzlich selbst.",
        NICHT_ERFUELLT: "Die vertraglich geschuldete Arbeit muss grundsätzlich die Person "
                        "selbst erbringen.",
        UNBEKANNT: "Klären Sie, ob die Person ihre Arbeit grundsätzlich selbst erbringt.",
    },
    "foerderung_dritter": {
        ERFUELLT: "Es läuft keine andere Förderung wie ein Eingliederungszuschuss.",
        NICHT_ERFUELLT: "Solange ein Eingliederungszuschuss oder eine ähnliche Förderung "
                        "läuft, wird der Zuschuss nicht gezahlt (Nachrang).",
        UNBEKANNT: "Klären Sie, ob zurzeit ein Eingliederungszuschuss oder eine ähnliche "
                   "Förderung läuft.",
    },
    "beschaeftigungsmonate": {
        ERFUELLT: "Das Arbeitsverhältnis besteht seit mindestens einem Jahr.",
        PRAXIS: "Das Arbeitsverhältnis besteht seit weniger als einem Jahr. § 27 SchwbAV nennt "
                "keine Wartezeit; in der Praxis vieler Integrationsämter wird der Zuschuss im "
                "ersten Jahr aber in der Regel noch nicht gezahlt, oft weil dann noch ein "
                "Eingliederungszuschuss läuft. Fragen Sie Ihr Integrationsamt.",
        UNBEKANNT: "Geben Sie an, seit wann das Arbeitsverhältnis besteht.",
    },
}

NEXT_STEP = (
    "Nächster Schritt: Stellen Sie einen Antrag beim Integrationsamt. Legen Sie bereit: eine "
    "Beschreibung der Leistungsminderung oder der nötigen Unterstützung (wer hilft wie oft und "
    "wie lange), den Stundenlohn und die wöchentliche Arbeitszeit der Person sowie Angaben zu "
    "schon genutzten oder laufenden Förderungen."
)

DISCLAIMER = (
    "Dies ist nur eine vorläufige Einschätzung, keine Entscheidung. Ob ein Zuschuss gezahlt wird, "
    "entscheidet das Integrationsamt; wie lange, hängt vom Einzelfall ab (§ 27 Abs. 4 SchwbAV). "
    "Die Höhe "
    "bemessen viele Integrationsämter in der Praxis in der Regel nach dem Stundenlohn und nach "
    "dem Umfang der Unterstützung oder Leistungsminderung, den sie feststellen; bei Teilzeit "
    "anteilig."
)

_HEADLINES = {
    VORAUSSICHTLICH_MOEGLICH: "Nach Ihren Angaben kommt ein Zuschuss wegen außergewöhnlicher "
                              "Belastungen (§ 27 SchwbAV) voraussichtlich in Betracht.",
    DERZEIT_EHER_NICHT: "Nach Ihren Angaben kommt ein Zuschuss wegen außergewöhnlicher "
                        "Belastungen (§ 27 SchwbAV) derzeit eher nicht in Betracht.",
    OFFEN: "Ob ein Zuschuss wegen außergewöhnlicher Belastungen (§ 27 SchwbAV) in Betracht "
           "kommt, ist noch offen.",
}


@dataclass(frozen=True)
class ConditionCheck:
    """One condition: its status and a German reason."""

    id: str
    status: str  # ERFUELLT, NICHT_ERFUELLT, UNBEKANNT or PRAXIS (a note, never a failure)
    reason: str


@dataclass(frozen=True)
class PrecheckResult:
    """Assessment, reasons per condition, open points and the next step."""

    level: str
    headline: str
    checks: tuple[ConditionCheck, ...]
    missing: tuple[str, ...]  # question ids still unknown
    next_step: str
    disclaimer: str = DISCLAIMER
    legal_basis: tuple[str, ...] = field(default=LEGAL_BASIS)

    def text(self) -> str:
        """Full German answer for the chat (a method: actions/precheck.py calls text())."""
        lines = [self.headline]
        lines += [f"- {c.reason}" for c in self.checks if c.status != ERFUELLT]
        if self.level == VORAUSSICHTLICH_MOEGLICH:
            lines += [f"- {c.reason}" for c in self.checks]
        lines += [self.next_step, self.disclaimer]
        return "\n".join(lines)


def question(question_id: str) -> Question:
    """Look up a question by id."""
    for q in QUESTIONS:
        if q.id == question_id:
            return q
    raise KeyError(question_id)


def next_question(answers: Mapping[str, Any]) -> Question | None:
    """First question not yet asked (key absent); None when all were asked."""
    return next((q for q in QUESTIONS if q.id not in answers), None)


def _status_bool(value: Any, q: Question) -> str:
    if value is None:
        return UNBEKANNT
    if not isinstance(value, bool):
        raise PrecheckInputError(f"Antwort zu „{q.id}“ muss ja, nein oder unbekannt sein.")
    return ERFUELLT if value is q.positive else NICHT_ERFUELLT


def _status_months(value: Any) -> str:
    if value is None:
        return UNBEKANNT
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PrecheckInputError("Die Dauer des Arbeitsverhältnisses muss in Monaten angegeben "
                                 "werden.")
    if value < 0 or value > MAX_MONTHS:
        raise PrecheckInputError("Bitte geben Sie eine realistische Dauer in Monaten an.")
    # "not in the first year" is one office's practice (seed 004), not a legal condition
    return ERFUELLT if value >= FIRST_YEAR_MONTHS else PRAXIS


def assess(answers: Mapping[str, Any]) -> PrecheckResult:
    """Assess the answers (missing keys count as unknown).

    Any condition clearly not met → derzeit_eher_nicht; otherwise any unknown → offen;
    all met → voraussichtlich_moeglich.
    """
    unknown_keys = set(answers) - set(QUESTION_IDS)
    if unknown_keys:
        raise PrecheckInputError(f"Unbekannte Angaben: {', '.join(sorted(unknown_keys))}")
    checks: list[ConditionCheck] = []
    for q in QUESTIONS:
        value = answers.get(q.id)
        status = _status_months(value) if q.kind == "months" else _status_bool(value, q)
        checks.append(ConditionCheck(q.id, status, _REASONS[q.id][status]))
    missing = tuple(c.id for c in checks if c.status == UNBEKANNT)
    if any(c.status == NICHT_ERFUELLT for c in checks):
        level = DERZEIT_EHER_NICHT
    elif missing:
        level = OFFEN
    else:
        level = VORAUSSICHTLICH_MOEGLICH
    next_step = NEXT_STEP
    if level == DERZEIT_EHER_NICHT:
        next_step = (
            "Nächster Schritt: Lassen Sie sich vom Integrationsamt beraten – auch dazu, welche "
            "anderen Hilfen passen. Einen Antrag können Sie trotzdem stellen. Dafür brauchen Sie: "
            "eine Beschreibung der Leistungsminderung oder Unterstützung, den Stundenlohn und die "
            "wöchentliche Arbeitszeit."
        )
    return PrecheckResult(
        level=level,
        headline=_HEADLINES[level],
        checks=tuple(checks),
        missing=missing,
        next_step=next_step,
    )
