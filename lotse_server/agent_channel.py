"""Agent API for the hotline staff page (`widget/agent.html`): queue, take over, write, hand back.

Registered in credentials.yml as ``lotse_server.agent_channel.AgentInput``; routes live under
``/webhooks/agent/``. Every route needs ``Authorization: Bearer $LOTSE_AGENT_TOKEN`` (401 without;
401 everywhere while the variable is unset). The state of a handoff is kept only in the
conversation's events in the tracker store (see lotse_server/hotline.py), so the queue survives a
restart. Agent messages reach the widget through the socket.io channel (room = session id).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.shared.core.events import ActionExecuted, BotUttered, ConversationResumed
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from lotse.texts import text
from lotse_server import hotline
from lotse_server.channels import emit_to_session

logger = logging.getLogger(__name__)
MAX_QUEUE = 200


# --------------------------------------------------------------------------- labels (KB)
@lru_cache(maxsize=1)
def _labels() -> hotline.SummaryLabels:
    roles = {r: text(f"summary_role_{r}") for r in ("arbeitnehmer", "arbeitgeber", "sbv")}

    def topic_title(topic_id: str) -> str | None:
        try:
            from lotse.kb.store import DEFAULT_DB, KnowledgeStore

            topic = KnowledgeStore(DEFAULT_DB).topic(topic_id) if DEFAULT_DB.exists() else None
            return topic.title if topic else topic_id
        except Exception:  # noqa: BLE001 - a summary without titles is still useful
            return topic_id

    def office(office_id: str) -> tuple[str, str] | None:
        try:
            from lotse.offices import load_directory

            found = load_directory().offices.get(office_id)
        except Exception:  # noqa: BLE001
            return None
        return (found.name, str(found.land)) if found else None

    return hotline.SummaryLabels(roles=roles, topic_title=topic_title, office=office)


def _levy_figure(slots: dict[str, Any]) -> str | None:
    """The yearly Ausgleichsabgabe for the numbers the user gave (as the assistant computes it)."""
    jobs, disabled = slots.get("levy_jobs"), slots.get("levy_disabled")
    if jobs is None or disabled is None:
        return None
    try:
        from lotse.levy import format_eur, levy_for

        return format_eur(levy_for(dt.date.today().year, jobs, disabled).annual_amount)
    except Exception:  # noqa: BLE001 - invalid numbers: no figure
        return None


def card(sender_id: str, tracker: Any) -> dict[str, Any]:
    """One queue entry: state, waiting time and the summary."""
    events = [e.as_dict() for e in tracker.events]
    slots = {name: slot.value for name, slot in tracker.slots.items()}
    state = hotline.handoff_state(events)
    info = hotline.summary(slots, events, _labels())
    levy = _levy_figure(slots)
    if levy:
        info["zahlen"]["ausgleichsabgabe_jahr"] = levy
    info["zahlen"] = {k: hotline.number_text(v) for k, v in info["zahlen"].items()}
    return {"id": sender_id, **state, "summary": info}


# --------------------------------------------------------------------------- tracker access
def _store(agent: Any) -> Any:
    store = agent.tracker_store
    return getattr(store, "_tracker_store", store)  # FailSafeTrackerStore wraps the real one


QUEUE_HOURS = 24  # a handoff older than this is not looked at (the user has long gone)


async def _paused_candidates(agent: Any) -> list[str]:
    """Conversations paused in the last QUEUE_HOURS: one SQL query on the SQL store, else all
    keys (in-memory store)."""
    store = _store(agent)
    if hasattr(store, "session_scope") and hasattr(store, "SQLEvent"):
        since = time.time() - QUEUE_HOURS * 3600
        with store.session_scope() as session:
            rows = (session.query(store.SQLEvent.sender_id)
                    .filter(store.SQLEvent.type_name == "pause", store.SQLEvent.timestamp >= since)
                    .distinct().all())
        return [r[0] for r in rows]
    return list(await store.keys())


async def queue(agent: Any) -> list[dict[str, Any]]:
    cards = []
    for sender_id in await _paused_candidates(agent):
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None or not tracker.is_paused():
            continue
        entry = card(sender_id, tracker)
        if entry["status"] != "bot":
            cards.append(entry)
    cards.sort(key=lambda c: c.get("since") or 0)
    return cards[:MAX_QUEUE]


def agent_label(name: str, ls: bool) -> str:
    name = hotline.clean_name(name)
    return text("handoff_agent_label", ls, name=name) if name else text("handoff_agent_default", ls)


async def _update(agent: Any, sender_id: str,
                  change: Callable[[Any], list[Any] | None]) -> tuple[int, Any]:
    """Apply `change(tracker)` -> events under the conversation's lock and save."""
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return 404, {"error": "Gespräch nicht gefunden"}
        events = change(tracker)
        if events is None:
            return 409, {"error": "Das Gespräch wartet nicht (mehr) auf eine Person.",
                         **card(sender_id, tracker)}
        for event in events:
            tracker.update(event)
        await agent.tracker_store.save(tracker)
        return 200, card(sender_id, tracker)


class AgentInput(InputChannel):
    """``/webhooks/agent/…``: heartbeat, queue, conversation, take, send, release."""

    @classmethod
    def name(cls) -> str:
        return "agent"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("lotse_agent", __name__)

        def guard(request: Request) -> HTTPResponse | None:
            if not hotline.token_ok(request.headers.get("Authorization")):
                return response.json({"error": "Anmeldung erforderlich"}, status=401,
                                     headers={"WWW-Authenticate": 'Bearer realm="hotline"'})
            return None

        def body(request: Request) -> dict[str, Any]:
            try:
                data = request.json
            except Exception:  # noqa: BLE001 - bad JSON is treated as empty
                return {}
            return data if isinstance(data, dict) else {}

        @bp.route("/heartbeat", methods=["POST"])
        async def heartbeat(request: Request) -> HTTPResponse:
            if (denied := guard(request)) is not None:
                return denied
            agent_id = str(body(request).get("agent_id") or "")[:64]
            if agent_id:
                hotline.PRESENCE.beat(agent_id)
            return response.json(hotline.availability())

        @bp.route("/signout", methods=["POST"])
        async def signout(request: Request) -> HTTPResponse:
            if (denied := guard(request)) is not None:
                return denied
            hotline.PRESENCE.leave(str(body(request).get("agent_id") or ""))
            return response.json(hotline.availability())

        @bp.route("/queue", methods=["GET"])
        async def list_queue(request: Request) -> HTTPResponse:
            if (denied := guard(request)) is not None:
                return denied
            return response.json({"queue": await queue(request.app.ctx.agent),
                                  "hotline": hotline.availability()})

        @bp.route("/conversations/<sender_id:str>", methods=["GET"])
        async def conversation(request: Request, sender_id: str) -> HTTPResponse:
            if (denied := guard(request)) is not None:
                return denied
            tracker = await request.app.ctx.agent.tracker_store.retrieve(sender_id)
            if tracker is None:
                return response.json({"error": "Gespräch nicht gefunden"}, status=404)
            events = [e.as_dict() for e in tracker.events]
            return response.json({**card(sender_id, tracker), "history": hotline.history(events)})

        @bp.route("/conversations/<sender_id:str>/take", methods=["POST"])
        async def take(request: Request, sender_id: str) -> HTTPResponse:
            if (denied := guard(request)) is not None:
                return denied
            name = hotline.clean_name(body(request).get("name"))
            notice: dict[str, str] = {}

            def change(tracker: Any) -> list[Any] | None:
                state = hotline.handoff_state(e.as_dict() for e in tracker.events)
                if state["status"] != "waiting" or not tracker.is_paused():
                    return None
                ls = bool(tracker.get_slot("leichte_sprache"))
                label = agent_label(name, ls)
                event = BotUttered(text("handoff_taken", ls, agent=label), metadata={
                    hotline.META_HANDOFF: "taken", hotline.META_AGENT: label})
                notice.update(text=event.text, agent=label, ts=event.timestamp)
                return [event]

            status, result = await _update(request.app.ctx.agent, sender_id, change)
            if status == 200:
                await emit_to_session(sender_id, notice["text"], ts=notice["ts"],
                                      handoff={"status": "active", "agent": notice["agent"]})
            return response.json(result, status=status)

        @bp.route("/conversations/<sender_id:str>/send", methods=["POST"])
        async def send(request: Request, sender_id: str) -> HTTPResponse:
            if (denied := guard(request)) is not None:
                return denied
            message = str(body(request).get("text") or "").strip()
            if not message or len(message) > hotline.MAX_AGENT_TEXT:
                return response.json({"error": "Bitte einen Text mit höchstens "
                                      f"{hotline.MAX_AGENT_TEXT} Zeichen senden."}, status=400)
            sent: dict[str, str] = {}

            def change(tracker: Any) -> list[Any] | None:
                state = hotline.handoff_state(e.as_dict() for e in tracker.events)
                if state["status"] != "active":
                    return None
                event = BotUttered(message, metadata={hotline.META_AGENT: state["agent"]})
                sent.update(agent=state["agent"], ts=event.timestamp)
                return [event]

            status, result = await _update(request.app.ctx.agent, sender_id, change)
            if status == 200:
                await emit_to_session(sender_id, message, agent=sent["agent"], ts=sent["ts"])
            return response.json(result, status=status)

        @bp.route("/conversations/<sender_id:str>/release", methods=["POST"])
        async def release(request: Request, sender_id: str) -> HTTPResponse:
            if (denied := guard(request)) is not None:
                return denied
            notice: dict[str, str] = {}

            def change(tracker: Any) -> list[Any] | None:
                if hotline.handoff_state(e.as_dict() for e in tracker.events)["status"] == "bot":
                    return None
                said = BotUttered(text("handoff_released", bool(tracker.get_slot("leichte_sprache"))),
                                  metadata={hotline.META_HANDOFF: "released"})
                notice.update(text=said.text, ts=said.timestamp)
                events: list[Any] = [ConversationResumed(), said]
                if tracker.latest_action_name != "action_listen":
                    events.append(ActionExecuted("action_listen"))
                return events

            status, result = await _update(request.app.ctx.agent, sender_id, change)
            if status == 200:
                await emit_to_session(sender_id, notice["text"], ts=notice["ts"], handoff={"status": "bot"})
            return response.json(result, status=status)

        return bp
