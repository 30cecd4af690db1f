"""SQL tracker store (SQLite embedded, PostgreSQL in production) that stores no personal data
the assistant does not need, and fails fast with one clear message when the database is down.

Configured in endpoints.yml (`type: lotse_server.tracker_store.LotseTrackerStore`); Rasa calls
`save` after every message, so redacting there covers everything that is ever kept. The tracker
in memory keeps the original text, so the current turn is processed unchanged.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from lotse_server import action_fallback
from lotse_server.settings import DEFAULT_SQLITE_DB, database_url, describe
from privacy.redact import introduced_names, redact_event

logger = logging.getLogger(__name__)
action_fallback.install()


class DatabaseUnavailable(SystemExit):
    """Raised at start when the tracker database cannot be reached; ends the process (code 3)."""

    def __init__(self, message: str) -> None:
        super().__init__(3)
        self.message = message

    def __str__(self) -> str:
        return self.message


def wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("LOTSE_DB_WAIT", "30")))
    except ValueError:
        return 30.0


def check_database(url: sa.engine.URL, seconds: float) -> None:
    """Connect once per second for up to `seconds`; raise DatabaseUnavailable with what to check."""
    args = {"connect_timeout": 3} if url.get_backend_name() == "postgresql" else {}
    engine = sa.create_engine(url, connect_args=args)
    deadline = time.monotonic() + seconds
    try:
        while True:
            try:
                with engine.connect() as conn:
                    conn.execute(sa.text("SELECT 1"))
                return
            except sa.exc.SQLAlchemyError as err:
                if time.monotonic() >= deadline:
                    cause = str(getattr(err, "orig", err)).strip().splitlines()[0][:300]
                    raise DatabaseUnavailable(_explain(url, cause)) from None
                time.sleep(1)
    finally:
        engine.dispose()


def _explain(url: sa.engine.URL, cause: str) -> str:
    if url.get_backend_name() == "sqlite":
        hint = "Prüfen Sie LOTSE_SQLITE_DB: Verzeichnis vorhanden und beschreibbar?"
    else:
        hint = (f"Prüfen Sie, ob PostgreSQL auf {url.host}:{url.port or 5432} läuft und erreichbar ist "
                "(LOTSE_DB_HOST, LOTSE_DB_PORT) und ob Benutzer, Passwort und Datenbank stimmen "
                "(LOTSE_DB_USER, LOTSE_DB_PASSWORD, LOTSE_DB_NAME).")
    return f"FEHLER: Tracker-Datenbank {describe(url)} nicht erreichbar. {hint} Ursache: {cause}"


def _stop_process(err: DatabaseUnavailable) -> None:
    """Log the one error line and end the process.

    Rasa creates the tracker store inside a Sanic start-up listener; an exception there would be
    printed with a long traceback (repeating the message) before the process ends. A start without
    its database is pointless, so the process ends right here with exit code 3.
    """
    logger.error("%s", err)  # ERROR: also shown with --quiet
    for handler in logging.getLogger().handlers:
        handler.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(err.code)


class LotseTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with redaction before saving and a bounded, explained connection check."""

    def __init__(self, domain: Any = None, host: str | None = None, dialect: str = "sqlite",
                 port: int | None = None, db: str = DEFAULT_SQLITE_DB, username: str | None = None,
                 password: str | None = None, event_broker: Any = None, **kwargs: Any) -> None:
        settings = {"dialect": dialect, "url": host, "port": port, "db": db, "username": username,
                    "password": password}
        if dialect == "sqlite":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        url = database_url(settings)
        try:
            check_database(url, wait_seconds())
        except DatabaseUnavailable as err:
            _stop_process(err)
        super().__init__(domain=domain, dialect=dialect, host=host, port=port, db=db,
                         username=username, password=password, event_broker=event_broker, **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events not yet stored, with personal data redacted (see privacy.redact)."""
        await self.stream_events(tracker)
        names = {name for event in tracker.events if isinstance(event, UserUttered)
                 for name in introduced_names(event.text or "")}
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = redact_event(event.as_dict(), sorted(names, key=len, reverse=True))
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id, type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
                    action_name=data.get("name"), data=json.dumps(data)))
            session.commit()
