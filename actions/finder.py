"""Benefit finder dialogue: role -> situation -> matching benefits (as buttons)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_values, kb_guard, latest_text, leichte, store
from lotse.answer import SENTENCE_END
from lotse.finder import detect_situations, rank, situations, situations_for_role
from lotse.texts import text


def first_sentence(value: str) -> str:
    return SENTENCE_END.split(value.strip(), maxsplit=1)[0].replace("\n", " ")


class ActionFindBenefits(Action):
    def name(self) -> str:
        return "action_find_benefits"

    @kb_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict) -> list[dict[str, Any]]:
        ls = leichte(tracker)
        role = (entity_values(tracker, "rolle") or [tracker.get_slot("rolle")])[0]
        chosen = entity_values(tracker, "situation")
        tags = [t for t in chosen if t in situations()] or detect_situations(latest_text(tracker))
        if tags:
            found = rank(store().all_topics(), role, tags)
            if not found:
                dispatcher.utter_message(text=text("finder_none", ls))
                return []
            lines = [text("finder_intro", ls)]
            for t in found[:3]:  # one plain sentence each, so the list already informs
                summary = t.leichte_sprache.split("\n")[0] if ls else first_sentence(t.short)
                lines.append(f"• {t.title}: {summary}")
            dispatcher.utter_message(text="\n".join(lines), buttons=[
                {"title": t.title, "payload": f"/{t.intent}"} for t in found if t.intent])
            return []
        if role is None:
            dispatcher.utter_message(text=text("finder_ask_role", ls), buttons=[
                {"title": text(f"btn_role_{r}", ls), "payload": f'/find_benefits{{"rolle":"{r}"}}'}
                for r in ("arbeitnehmer", "arbeitgeber", "sbv")])
            return []
        dispatcher.utter_message(text=text("finder_ask_situation", ls), buttons=[
            {"title": s.label_ls if ls else s.label,
             "payload": f'/find_benefits{{"situation":"{s.id}"}}'}
            for s in situations_for_role(role)])
        return []
