"""Handoff to hotline staff: office hours, signed-in agents, the waiting queue and its summary.

Pure Python (no Rasa imports), so everything here is unit-tested without a server.

The handoff state lives only in the conversation's events, i.e. in the tracker store, so the
queue survives a restart of the Rasa server:
- `pause` (ConversationPaused, returned by action_handoff) puts a conversation in the queue;
- a bot event with metadata `{"lotse_handoff": "taken", "lotse_agent": <name>}` marks it taken;
- `resume` (ConversationResumed) hands it back to the assistant.
Agent messages are bot events with metadata `{"lotse_agent": <name>}`.

Settings (environment):
  LOTSE_AGENT_TOKEN     shared secret of the hotline staff; unset = handoff off (401 everywhere)
  LOTSE_HOTLINE_HOURS   office hours, default "Mo-Fr 08:00-16:00" (Europe/Berlin);
                        several ranges with ";", e.g. "Mo-Do 08:00-16:00; Fr 08:00-13:00";
                        "immer" = always open
  LOTSE_AGENT_TIMEOUT   seconds after the last heartbeat an agent counts as signed in (default 45)
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
DEFAULT_HOURS = "Mo-Fr 08:00-16:00"
DAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
META_AGENT = "lotse_agent"
META_HANDOFF = "lotse_handoff"
# intents whose message is no question worth showing as "the open question"
NOT_A_QUESTION = frozenset({"human_handoff", "greet", "goodbye", "thanks", "affirm", "deny",
                            "leichte_sprache_an", "leichte_sprache_aus", "restart", "dont_know",
                            "feedback", "bot_challenge"})
MAX_NAME_CHARS = 80
MAX_AGENT_TEXT = 2000


# --------------------------------------------------------------------------- office hours
@dataclass(frozen=True)
class Span:
    days: frozenset[int]  # 0 = Monday
    start: dt.time
    end: dt.time


_RANGE = re.compile(r"^\s*([A-Za-z]{2})(?:\s*-\s*([A-Za-z]{2}))?((?:\s*,\s*[A-Za-z]{2})*)\s+"
                    r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_hours(spec: str | None) -> tuple[Span, ...] | None:
    """"Mo-Fr 08:00-16:00; Sa 09:00-12:00" -> spans; "immer" -> None (always open).

    Raises ValueError for anything else, so a typo in the setting is noticed at once."""
    spec = (spec or DEFAULT_HOURS).strip()
    if spec.lower() in ("immer", "always", "24/7"):
        return None
    spans = []
    for part in spec.split(";"):
        if not part.strip():
            continue
        m = _RANGE.match(part)
        if not m:
            raise ValueError(f"LOTSE_HOTLINE_HOURS: '{part.strip()}' nicht verstanden "
                             f"(Beispiel: '{DEFAULT_HOURS}')")
        first, last, more = m.group(1).lower(), (m.group(2) or m.group(1)).lower(), m.group(3)
        if first not in DAYS or last not in DAYS:
            raise ValueError(f"LOTSE_HOTLINE_HOURS: unbekannter Tag in '{part.strip()}'")
        a, b = DAYS.index(first), DAYS.index(last)
        days = set(range(a, b + 1)) if a <= b else set(range(a, 7)) | set(range(0, b + 1))
        for extra in filter(None, (d.strip().lower() for d in more.split(","))):
            if extra not in DAYS:
                raise ValueError(f"LOTSE_HOTLINE_HOURS: unbekannter Tag '{extra}'")
            days.add(DAYS.index(extra))
        start = dt.time(int(m.group(4)), int(m.group(5)))
        end = dt.time(23, 59, 59) if m.group(6) == "24" else dt.time(int(m.group(6)), int(m.group(7)))
        if end <= start:
            raise ValueError(f"LOTSE_HOTLINE_HOURS: Ende vor Beginn in '{part.strip()}'")
        spans.append(Span(frozenset(days), start, end))
    if not spans:
        raise ValueError("LOTSE_HOTLINE_HOURS ist leer")
    return tuple(spans)


def is_open(now: dt.datetime | None = None, spec: str | None = None) -> bool:
    """Whether `now` (default: the current time) is inside the office hours, in Europe/Berlin."""
    spans = parse_hours(spec if spec is not None else os.environ.get("LOTSE_HOTLINE_HOURS"))
    if spans is None:
        return True
    now = (now or dt.datetime.now(tz=BERLIN))
    now = now.astimezone(BERLIN) if now.tzinfo else now.replace(tzinfo=BERLIN)
    t = now.time()
    return any(now.weekday() in s.days and s.start <= t < s.end for s in spans)


def hours_text(spec: str | None = None) -> str:
    """The configured hours as written in the setting (shown to users and staff)."""
    raw = spec if spec is not None else os.environ.get("LOTSE_HOTLINE_HOURS")
    return " ".join((raw or DEFAULT_HOURS).split())


# --------------------------------------------------------------------------- agents
def configured_token() -> str:
    return os.environ.get("LOTSE_AGENT_TOKEN", "")


def token_ok(header: str | None, token: str | None = None) -> bool:
    """`Authorization: Bearer <token>` matches LOTSE_AGENT_TOKEN (never true when it is unset)."""
    token = configured_token() if token is None else token
    if not token or not header:
        return False
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), token.encode())


def agent_timeout() -> float:
    try:
        return max(5.0, float(os.environ.get("LOTSE_AGENT_TIMEOUT", "45")))
    except ValueError:
        return 45.0


def clean_name(name: Any) -> str:
    """The display name an agent chose ("Frau Berg"), single line, bounded; may be empty."""
    if not isinstance(name, str):
        return ""
    return " ".join(name.split())[:MAX_NAME_CHARS]


class Presence:
    """Signed-in agents = a heartbeat within the last `agent_timeout()` seconds (process memory:
    after a restart the agent pages' next heartbeat signs them in again within seconds)."""

    def __init__(self, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self._seen: dict[str, float] = {}

    def beat(self, agent_id: str) -> None:
        self._seen[agent_id] = self._clock()

    def leave(self, agent_id: str) -> None:
        self._seen.pop(agent_id, None)

    def count(self, timeout: float | None = None) -> int:
        limit = self._clock() - (agent_timeout() if timeout is None else timeout)
        for key in [k for k, t in self._seen.items() if t < limit]:
            del self._seen[key]
        return len(self._seen)


PRESENCE = Presence()


def availability(now: dt.datetime | None = None, presence: Presence = PRESENCE,
                 spec: str | None = None, token: str | None = None) -> dict[str, Any]:
    """What the handoff action needs: can a person take over right now, and if not, why."""
    token = configured_token() if token is None else token
    open_now = is_open(now, spec)
    agents = presence.count() if token else 0
    if not token:
        reason = "off"
    elif not open_now:
        reason = "closed"
    elif agents == 0:
        reason = "no_agent"
    else:
        reason = ""
    return {"available": not reason, "reason": reason, "hours": hours_text(spec), "agents": agents}


# --------------------------------------------------------------------------- queue and summary
def _meta(event: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = event.get("metadata")
    return meta if isinstance(meta, Mapping) else {}


def handoff_state(events: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """{"status": "bot"|"waiting"|"active", "since": ts, "agent": name} from the events.

    Only the last pause counts; a restart/session start ends any handoff."""
    status, since, agent = "bot", None, ""
    for event in events:
        kind = event.get("event")
        if kind == "pause":
            status, since, agent = "waiting", event.get("timestamp"), ""
        elif kind in ("resume", "restart", "session_started"):
            status, since, agent = "bot", None, ""
        elif kind == "bot" and status != "bot" and _meta(event).get(META_HANDOFF) == "taken":
            status, agent = "active", str(_meta(event).get(META_AGENT) or "")
    return {"status": status, "since": since, "agent": agent}


def history(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """What was written, in order: user (as stored, i.e. redacted), assistant and agent texts."""
    out = []
    for event in events:
        kind = event.get("event")
        text = event.get("text")
        if kind not in ("user", "bot") or not isinstance(text, str) or not text.strip():
            continue
        if kind == "user" and text.startswith("/"):
            continue  # button payloads; the bot's answer shows what was chosen
        meta = _meta(event)
        who = "user" if kind == "user" else (
            "agent" if meta.get(META_AGENT) and not meta.get(META_HANDOFF) else "bot")
        entry = {"from": who, "text": text, "timestamp": event.get("timestamp")}
        if who == "agent":
            entry["agent"] = str(_meta(event).get(META_AGENT))
        out.append(entry)
    return out


def since_handoff(events: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Messages of the hotline after the last pause (take-over notice, agent messages, hand-back
    notice) with their timestamps: the widget shows the ones it missed while disconnected."""
    last_pause = max((i for i, e in enumerate(events) if e.get("event") == "pause"), default=None)
    if last_pause is None:
        return []
    out = []
    for event in events[last_pause + 1:]:
        meta = _meta(event)
        if event.get("event") != "bot" or not (meta.get(META_AGENT) or meta.get(META_HANDOFF)):
            continue
        item = {"text": event.get("text") or "", "ts": event.get("timestamp")}
        if meta.get(META_AGENT) and not meta.get(META_HANDOFF):
            item["agent"] = str(meta[META_AGENT])
        out.append(item)
    return out


def open_question(events: list[Mapping[str, Any]]) -> str:
    """The user's last real question before the (last) handoff, as stored (redacted)."""
    last_pause = max((i for i, e in enumerate(events) if e.get("event") == "pause"), default=len(events))
    for event in reversed(events[:last_pause]):
        if event.get("event") != "user":
            continue
        text = (event.get("text") or "").strip()
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if text and not text.startswith("/") and intent not in NOT_A_QUESTION:
            return text
    return ""


def waiting_user_messages(events: list[Mapping[str, Any]]) -> list[str]:
    """What the user wrote after the handoff started (they may add details while waiting)."""
    last_pause = max((i for i, e in enumerate(events) if e.get("event") == "pause"), default=None)
    if last_pause is None:
        return []
    return [e["text"] for e in events[last_pause + 1:] if e.get("event") == "user"
            and isinstance(e.get("text"), str) and e["text"].strip() and not e["text"].startswith("/")]


@dataclass(frozen=True)
class SummaryLabels:
    """How roles, topics and offices are named; filled from the knowledge base by the caller."""

    roles: Mapping[str, str]
    topic_title: Any  # callable: topic id -> title or None
    office: Any  # callable: office id -> (name, land) or None


def summary(slots: Mapping[str, Any], events: list[Mapping[str, Any]],
            labels: SummaryLabels) -> dict[str, Any]:
    """The queue card: role, Land/office, topics, computed figures, open question.

    Built only from slots the assistant set (role, office, topics, levy and dismissal inputs) and
    from the user's own messages as the tracker store keeps them (redacted); nothing else."""
    role = slots.get("rolle")
    office = labels.office(slots.get("office_id")) if slots.get("office_id") else None
    topics = [t for t in (labels.topic_title(i) for i in (slots.get("themen") or [])) if t]
    figures: dict[str, Any] = {}
    if slots.get("levy_jobs") is not None:
        figures["arbeitsplaetze"] = slots["levy_jobs"]
    if slots.get("levy_disabled") is not None:
        figures["schwerbehinderte"] = slots["levy_disabled"]
    if slots.get("kuendigung_art"):
        figures["kuendigung_art"] = slots["kuendigung_art"]
    if slots.get("kuendigung_datum"):
        figures["kuendigung_datum"] = slots["kuendigung_datum"]
    return {
        "rolle": labels.roles.get(role, role or ""),
        "amt": office[0] if office else "",
        "land": office[1] if office else "",
        "themen": topics,
        "zahlen": figures,
        "frage": open_question(events),
        "nachtraege": waiting_user_messages(events),
        "leichte_sprache": bool(slots.get("leichte_sprache")),
    }


def number_text(value: Any) -> str:
    """20.0 -> "20"; 2.5 -> "2,5" (German)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)
