"""Answer questions about a benefit or topic from the knowledge base."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    entity_values,
    intent_confidences,
    kb_guard,
    latest_intent,
    latest_text,
    leichte,
    retriever,
    say,
    store,
)
from actions.office import office_hint
from lotse.answer import compose
from lotse.kb.model import Faq, Topic
from lotse.retrieval import (
    CHOOSE_MIN,
    VAGUE_WEIGHT,
    Decision,
    Hit,
    best_sentence,
    is_follow_up,
)
from lotse.roles import role_from_text
from lotse.texts import text

LEVY_TOPIC = "ausgleichsabgabe"
OVERRIDE_CONFIDENCE = 0.6   # below this, a clearly better entry of another topic wins
OVERRIDE_FACTOR = 1.5       # ... if it scores this much higher than the intent's best entry
SPECIFIC_COVER = 0.3        # an entry must match this share of what the topic name does not say


def asker_role(tracker: Tracker, message: str) -> str | None:
    """The role from this message's wording ("mein Arbeitgeber …"), else from the slot."""
    return role_from_text(message) or tracker.get_slot("rolle")


def rank_for(tracker: Tracker, message: str) -> list[Hit]:
    """Rank every entry for the message with what the conversation knows (intent, topic, role)."""
    leistung = tuple(str(v) for v in entity_values(tracker, "leistung"))
    return retriever().rank(message, intents=intent_confidences(tracker),
                            topic=tracker.get_slot("thema"), role=asker_role(tracker, message),
                            leistung=leistung)


def _specific_enough(hit: Hit, topic: Topic, message: str) -> bool:
    """An entry answers more than the topic overview only if it matches what the message says
    beyond the topic's own name ("Wie hoch ist die Ausgleichsabgabe?" vs "Ausgleichsabgabe?")."""
    engine = retriever()
    asked = engine.query_terms(message)
    names = set(engine.query_terms(" ".join([topic.title, *topic.synonyms])))
    specific = [t for t in asked if t not in names and t not in engine.common]
    if specific and engine.coverage(hit.entry.key, specific) >= SPECIFIC_COVER:
        return True
    # a curated trigger hit on a word beyond the title ("kfz hilfe gebrauchtwagen": Gebrauchtwagen
    # is a synonym of the topic but the very subject of the entry)
    title = set(engine.query_terms(topic.title))
    beyond_title = [t for t in asked if t not in title and t not in engine.common]
    bag = engine.entry_terms.get(hit.entry.key, frozenset())
    return hit.triggers > 0 and any(t in bag for t in beyond_title)


def entry_of(hit: Hit) -> tuple[Topic, Faq | None] | None:
    """The topic and FAQ (None = the overview) a hit stands for."""
    topic = store().topic(hit.entry.topic_id) if hit.entry.topic_id else None
    if topic is None:
        return None
    faq = next((f for f in topic.faqs if f.id == hit.entry.faq_id), None)
    return topic, faq


def choose_within(topic: Topic, hits: list[Hit], message: str, confidence: float,
                  current: str | None = None) -> Hit | None:
    """The classifier proposed `topic`; retrieval picks the passage (maybe of another topic).

    A short follow-up ("Gilt das auch für Gleichgestellte?") stays with the conversation's
    topic when retrieval ranks an entry of it first, whatever the classifier proposed."""
    entries = [h for h in hits if h.entry.kind != "law"]
    own = next((h for h in entries if h.entry.topic_id == topic.id), None)
    other = next((h for h in entries if h.entry.topic_id != topic.id), None)
    if current and current != topic.id and entries and is_follow_up(message):
        kept = next((h for h in entries if h.entry.topic_id == current), None)
        if kept is not None and kept.score >= AGREE_SHARE * entries[0].score:
            return kept
    if other is not None and confidence < OVERRIDE_CONFIDENCE and other.cover >= 0.5 and \
            other.score >= OVERRIDE_FACTOR * (own.score if own else 0.0):
        return other
    return own


def send_entry(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Topic,
               faq: Faq | None, message: str) -> list[dict[str, Any]]:
    """Send one entry (or the topic overview) with the office hint; remember the topic."""
    role = asker_role(tracker, message)
    answer = compose(topic, message, leichte=leichte(tracker), faq=faq, role=role)
    say(dispatcher, answer)
    if topic.responsible == "integrationsamt":
        hint = office_hint(tracker, message, topic_id=topic.id)
        if hint:
            dispatcher.utter_message(text=hint)
    events = topic_events(tracker, topic.id) + [SlotSet("eintrag", faq.id if faq else None)]
    if role and not tracker.get_slot("rolle"):
        events.append(SlotSet("rolle", role))  # said in so many words: keep it for follow-ups
    return events


def topic_events(tracker: Tracker, topic_id: str) -> list[dict[str, Any]]:
    """Remember the current topic (for 'Voraussetzungen?', 'mehr dazu') and the topic history."""
    seen = list(tracker.get_slot("themen") or [])
    if topic_id not in seen:
        seen.append(topic_id)
    return [SlotSet("thema", topic_id), SlotSet("themen", seen[-10:]), SlotSet("fehlversuche", 0)]


class ActionAnswerTopic(Action):
    def name(self) -> str:
        return "action_answer_topic"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        intent = latest_intent(tracker)
        topic = store().topic_for_intent(intent)
        if topic is None:
            dispatcher.utter_message(text=text("no_topic", leichte(tracker)))
            return []
        message = latest_text(tracker)
        if topic.id == LEVY_TOPIC:
            from actions.levy import levy_from_message  # local: keeps module graph acyclic

            computed = levy_from_message(dispatcher, tracker, message)
            if computed is not None:
                return computed + topic_events(tracker, topic.id)
        hits = rank_for(tracker, message)
        confidence = intent_confidences(tracker).get(topic.id, 0.0)
        chosen = choose_within(topic, hits, message, confidence, tracker.get_slot("thema"))
        faq: Faq | None = None
        if chosen is not None:
            found = entry_of(chosen)
            if found is not None:
                chosen_topic, chosen_faq = found
                if chosen_topic.id != topic.id:
                    topic = chosen_topic
                    faq = chosen_faq
                elif chosen_faq is not None and _specific_enough(chosen, topic, message):
                    faq = chosen_faq
        return send_entry(dispatcher, tracker, topic, faq, message)


class _TopicView:
    """Mixin (not an Action itself, so rasa-sdk does not try to register it)."""

    view = "short"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        named = [v for v in entity_values(tracker, "leistung") if store().topic(str(v))]
        topic_id = named[0] if named else tracker.get_slot("thema")  # "Voraussetzungen der Kfz-Hilfe?"
        topic = store().topic(topic_id) if topic_id else None
        if topic is None:
            dispatcher.utter_message(text=text("no_topic", leichte(tracker)))
            return []
        say(dispatcher, compose(topic, leichte=leichte(tracker), view=self.view,
                                role=tracker.get_slot("rolle")))
        return topic_events(tracker, topic.id)


class ActionTopicConditions(_TopicView, Action):
    view = "conditions"

    def name(self) -> str:
        return "action_topic_conditions"


class ActionTopicDetails(_TopicView, Action):
    view = "details"

    def name(self) -> str:
        return "action_topic_details"


AGREE_SHARE = 0.8  # an entry of the classifier's topic this close to the best one is taken


def _agreeing_hit(hits: list[Hit], candidates: list[str]) -> Hit | None:
    """Two independent signals agree: an entry near the top of the ranking belongs to one of
    the classifier's two best topics."""
    entries = [h for h in hits[:5] if h.entry.kind != "law"]
    if not entries or not candidates:
        return None
    best = entries[0]
    for hit in entries:
        if hit.entry.topic_id in candidates and hit.score >= max(CHOOSE_MIN, AGREE_SHARE * best.score):
            return hit
    return None


def answer_by_retrieval(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Answer a message the classifier was unsure about from the whole knowledge base."""
    ls = leichte(tracker)
    message = latest_text(tracker)
    from actions.context import inform_in_context  # local: context imports office/levy

    in_context = (inform_in_context(dispatcher, tracker)  # "Und wenn es 5 wären?", "in Köln"
                  if len(message.split()) <= 8 else None)
    if in_context is not None:
        return in_context + [SlotSet("fehlversuche", 0)]
    engine = retriever()
    hits = rank_for(tracker, message)
    decision = engine.decide(hits, n_terms=len(engine.query_terms(message)))
    candidates = [t for t, c in sorted(intent_confidences(tracker).items(),
                                       key=lambda x: -x[1]) if c >= 0.1][:2]
    if engine.query_weight(message) < VAGUE_WEIGHT and decision.outcome != "none":
        # too little to search on: the classifier's own guesses are the better offer
        decision = Decision("choose", tuple(_topic_hit(t) for t in candidates)) \
            if candidates else Decision("none")
    elif decision.outcome in ("choose", "none"):
        agree = _agreeing_hit(hits, candidates)
        if agree is not None:
            decision = Decision("answer", (agree,))
    also: Hit | None = None
    if decision.outcome == "choose" and len(decision.hits) == 2 and _same_subject(*decision.hits):
        # two entries of one topic (or twice the same question): answer the better one and
        # offer the other as a button, instead of making the user choose blind
        decision, also = Decision("answer", decision.hits[:1]), decision.hits[1]
    if decision.outcome == "answer":
        found = entry_of(decision.hits[0])
        if found is not None:
            topic, faq = found
            if faq is not None and not _specific_enough(decision.hits[0], topic, message):
                faq = None
            events = send_entry(dispatcher, tracker, topic, faq, message)
            if also is not None:
                dispatcher.utter_message(text=text("also_entry", ls), buttons=[_entry_button(also)])
            return events
    failures = float(tracker.get_slot("fehlversuche") or 0) + 1
    if decision.outcome == "law":
        passage = decision.hits[0].entry
        norm, law = passage.key.split(":", 2)[2], passage.key.split(":", 2)[1]
        sentence = best_sentence(passage.text, engine.query_terms(message), engine.lexicon)
        dispatcher.utter_message(text=text(
            "law_passage", ls, norm=norm, law=law,
            title=passage.title.split(" – ", 1)[-1], sentence=sentence))
        return [SlotSet("fehlversuche", 0)]
    if failures >= 2:  # second failed attempt in a row: offer a person instead
        from actions.conversation import handoff_messages

        handoff_messages(dispatcher, tracker)
        return [SlotSet("fehlversuche", 0)]
    if decision.outcome == "choose":
        buttons = [_entry_button(h) for h in decision.hits]
        buttons.append({"title": text("clarify_none", ls), "payload": "/human_handoff"})
        dispatcher.utter_message(text=text("choose_entry", ls), buttons=buttons)
        return [SlotSet("fehlversuche", failures)]
    dispatcher.utter_message(text=text("fallback", ls))
    return [SlotSet("fehlversuche", failures)]


class ActionClarify(Action):
    """NLU was unsure: retrieval over the whole knowledge base answers when one entry is clearly
    best (or when it agrees with the classifier's guess), offers the two best entries otherwise,
    points to a paragraph when only the law fits, and admits it did not understand only when
    nothing matches."""

    def name(self) -> str:
        return "action_clarify"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        return answer_by_retrieval(dispatcher, tracker)


def _same_subject(a: Hit, b: Hit) -> bool:
    """Same topic, or questions that share most of their words."""
    if a.entry.topic_id and a.entry.topic_id == b.entry.topic_id:
        return True
    engine = retriever()
    ta, tb = set(engine.query_terms(a.entry.title)), set(engine.query_terms(b.entry.title))
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= 0.5


def _topic_hit(topic_id: str) -> Hit:
    return Hit(retriever().entries[topic_id], 0.0, 0.0)


def _entry_button(hit: Hit) -> dict[str, str]:
    """A button for an entry: its question as payload, which retrieval matches exactly."""
    entry = hit.entry
    if entry.kind == "topic":
        topic = store().topic(entry.topic_id)
        if topic is not None and topic.intent:
            return {"title": topic.title, "payload": f"/{topic.intent}"}
    return {"title": entry.title, "payload": entry.title}

