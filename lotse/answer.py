"""Compose the assistant's answer for a topic: short answer first, legal basis always, next step.

Pure functions over `Topic`; the Rasa actions only pick the topic and send the result. Nothing
here invents a number or a paragraph: every fact comes from the topic or from levy_rates.yml.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from lotse.kb.model import Faq, LegalRef, Topic
from lotse.kb.store import fold
from lotse.levy import format_eur, load_rates
from lotse.texts import text

VIEWS = ("short", "details", "conditions")


@dataclass
class Answer:
    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)
    faq_id: str | None = None


def _stop_stems() -> frozenset[str]:
    from spacy.lang.de.stop_words import STOP_WORDS

    generic = {"schwerbehindert", "schwerbehinderte", "schwerbehinderten", "integrationsamt",
               "inklusionsamt", "behinderung", "menschen", "mensch", "arbeitgeber", "bitte",
               "gibt", "geben", "bekomme", "bekommen", "frage", "wer", "was", "wie"}
    return frozenset(fold(w) for w in STOP_WORDS | generic)


def _stem(word: str) -> str:
    """A crude German stem: the first six letters (kündigen/Kündigung, zahlen/Zahlung meet)."""
    return word[:6]


_WORDS = re.compile(r"[a-z0-9]+")
_STOP: frozenset[str] | None = None


def stems(text: str) -> set[str]:
    """Content-word stems of a text (stop words and words shorter than 3 letters removed)."""
    global _STOP
    if _STOP is None:
        _STOP = _stop_stems()
    return {_stem(w) for w in _WORDS.findall(fold(text)) if len(w) >= 3 and w not in _STOP}


def _trigger_hits(trigger: str, words: list[str]) -> bool:
    """Every word of the trigger must begin some word of the message (order and gaps free)."""
    parts = _WORDS.findall(fold(trigger))
    return bool(parts) and all(any(w.startswith(p) for w in words) for p in parts)


def match_faq(topic: Topic, message: str) -> Faq | None:
    """The FAQ that best answers the message, or None (then the general short answer fits).

    Scores each FAQ by its trigger hits (editor-curated, strong) plus the overlap of content-word
    stems between the message and the FAQ answer, weighted by how specific a stem is within the
    topic (IDF), so that words every FAQ shares ("Kündigung" in the dismissal topic) count little.
    """
    if not topic.faqs or not message:
        return None
    words = _WORDS.findall(fold(message))
    asked = stems(message)
    units = [stems(f.answer + " " + " ".join(f.triggers)) for f in topic.faqs]
    units.append(stems(topic.short))
    df = {st: sum(st in u for u in units) for st in asked}
    n = len(units)
    best: tuple[float, int] | None = None
    chosen: Faq | None = None
    for order, (faq, unit) in enumerate(zip(topic.faqs, units[:-1], strict=True)):
        hits = [t for t in faq.triggers if _trigger_hits(t, words)]
        overlap = sum(math.log(1 + n / df[st]) for st in asked & unit if df[st])
        score = 3.0 * len(hits) + 0.5 * max((len(_WORDS.findall(t)) for t in hits), default=0) \
            + overlap
        if (hits and score >= 3.5) or overlap >= 3.0:
            if best is None or (score, -order) > best:
                best, chosen = (score, -order), faq
    return chosen


# a sentence ends after a word of 3+ lower-case letters, so "Abs. 3" and "z. B." do not split
SENTENCE_END = re.compile(r"(?<=[a-zäöüß]{3}[.!?])\s+(?=[A-ZÄÖÜ])")


def one_sentence_per_line(value: str) -> str:
    """Leichte Sprache: every sentence on its own line, whatever the YAML folding did."""
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    return "\n".join(part for line in lines for part in SENTENCE_END.split(line))


def best_detail_sentence(topic: Topic, message: str) -> str | None:
    """The sentence of `details` that answers a specific question the short answer does not cover."""
    asked = stems(message or "")
    if not asked:
        return None
    sentences = [x for x in SENTENCE_END.split(topic.details) if x and x not in topic.short]
    units = [stems(x) for x in sentences] + [stems(topic.short)]
    n = len(units)
    best, chosen = 0.0, None
    for sentence, unit in zip(sentences, units[:-1], strict=True):
        score = sum(math.log(1 + n / sum(st in u for u in units)) for st in asked & unit)
        if score > best:
            best, chosen = score, sentence
    return chosen if best >= 3.0 else None


def format_legal(refs: tuple[LegalRef, ...] | list[LegalRef]) -> str:
    """'§ 19 SchwbAV, § 185 Abs. 3 SGB IX' without duplicates, in the given order."""
    return ", ".join(dict.fromkeys(str(r) for r in refs))


def _date(d) -> str:  # noqa: ANN001 - date
    return d.strftime("%d.%m.%Y")


def levy_rates_table(year_from: str | None = None) -> str:
    """The rates table rendered from levy_rates.yml (latest period, or the one starting in a year)."""
    periods = load_rates()
    period = periods[-1]
    if year_from:
        period = next(p for p in periods if p.valid_from.year == int(year_from))
    g, s40, s60 = period.general, period.small_under_40, period.small_under_60
    return (
        f"Monatlich je unbesetztem Pflichtarbeitsplatz (gültig ab {_date(period.valid_from)}): "
        f"Beschäftigungsquote 3 % bis unter 5 %: {format_eur(g['quota_3_to_5'])}; "
        f"2 % bis unter 3 %: {format_eur(g['quota_2_to_3'])}; "
        f"über 0 % bis unter 2 %: {format_eur(g['quota_0_to_2'])}; "
        f"0 %: {format_eur(g['quota_0'])}. "
        f"Kleinbetriebe unter 40 Arbeitsplätzen: {format_eur(s40['below_1'])} bzw. "
        f"{format_eur(s40['zero'])} (niemand beschäftigt); unter 60 Arbeitsplätzen: "
        f"{format_eur(s60['below_2'])}, {format_eur(s60['below_1'])} bzw. "
        f"{format_eur(s60['zero'])} (niemand beschäftigt)."
    )


def render(value: str) -> str:
    """Fill the placeholders the validator allows ({levy_rates}, {levy_rates_2024})."""
    if "{" not in value:
        return value
    return value.format(levy_rates=levy_rates_table(), levy_rates_2024=levy_rates_table("2024"))


def _topic_buttons(topic: Topic, leichte: bool, view: str) -> list[dict[str, str]]:
    buttons = []
    if view != "conditions" and topic.conditions:
        buttons.append({"title": text("btn_conditions", leichte), "payload": "/ask_conditions"})
    if view != "details":
        buttons.append({"title": text("btn_details", leichte), "payload": "/ask_details"})
    if topic.responsible == "integrationsamt":
        buttons.append({"title": text("btn_office", leichte), "payload": "/ask_office"})
    return buttons


_AUTO = Faq("", (), "")  # sentinel: let match_faq pick the entry


OTHER_SIDE = {"arbeitnehmer": "arbeitgeber", "arbeitgeber": "arbeitnehmer"}


def _first_sentence(value: str) -> str:
    return SENTENCE_END.split(value.strip(), maxsplit=1)[0]


def next_step(topic: Topic, *, leichte: bool, role: str | None) -> str:
    """The next step, led by the asker's own where the sides differ; the other side's in one
    line (Leichte Sprache: only the asker's)."""
    own = topic.next_step_for(role)
    if own is None:
        return render(topic.apply_leichte_sprache if leichte and topic.apply_leichte_sprache
                      else topic.apply_how)
    how, easy = own
    if leichte:
        return render(easy)
    other = topic.next_step_for(OTHER_SIDE.get(role or ""))
    if other is None:
        return render(how)
    label = text(f"label_for_{OTHER_SIDE[role or '']}")
    return f"{render(how)}\n{label}: {render(_first_sentence(other[0]))}"


def compose(topic: Topic, message: str = "", *, leichte: bool = False, view: str = "short",
            faq: Faq | None = _AUTO, role: str | None = None) -> Answer:
    """Build the answer for a topic in the requested view.

    `faq` is the entry the retrieval engine chose (None = the topic overview); by default the
    topic's own matcher picks one from the message.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    if faq is _AUTO:
        faq = match_faq(topic, message) if view == "short" else None
    elif view != "short":
        faq = None
    parts: list[str] = []
    legal: list[LegalRef] = []
    if leichte:
        parts.append(topic.title_leichte_sprache or topic.title)
        easy = render(faq.leichte_sprache if faq and faq.leichte_sprache else
                      (faq.answer if faq else topic.leichte_sprache))
        parts.append(one_sentence_per_line(easy))
    elif view == "short":
        if faq:  # the specific answer first, then the overview it belongs to
            parts += [f"{topic.title}: " + render(faq.answer), render(topic.short)]
        else:
            parts.append(f"{topic.title}: " + render(topic.short))
            extra = best_detail_sentence(topic, message)
            if extra:
                parts.append(render(extra))
    elif view == "details":
        parts.append(f"{topic.title}: " + render(topic.details))
        if topic.amounts and "{levy_rates" not in topic.details:
            lines = [f"{a.label}: {a.value} ({text('label_valid_from')} {_date(a.valid_from)})"
                     for a in topic.amounts if a.valid_until is None]
            if lines:
                parts.append(f"{text('label_amounts')}: " + "; ".join(lines) + ".")
        if topic.excluded:
            label = text("label_excluded" if topic.kind == "leistung" else "label_not_covered")
            parts.append(f"{label}: " + " ".join(render(e) for e in topic.excluded))
    if view == "conditions" and not leichte:  # the Leichte Sprache text names the conditions
        items = topic.conditions or ("Keine besonderen Voraussetzungen.",)
        parts.append(f"{text('label_conditions', leichte)} ({topic.title}):\n"
                     + "\n".join(f"• {render(c)}" for c in items))
    if faq:
        legal.extend(faq.legal_basis)
    legal.extend(topic.legal_basis)
    if legal:
        parts.append(f"{text('label_legal', leichte)}: {format_legal(legal[:5])}")
    next_step_text = next_step(topic, leichte=leichte, role=role)
    if topic.apply_before_start and view != "short":
        next_step_text += " " + text("apply_before", leichte)
    parts.append(f"{text('label_next', leichte)}: {next_step_text}")
    return Answer("\n\n".join(parts), _topic_buttons(topic, leichte, view),
                  faq.id if faq else None)
