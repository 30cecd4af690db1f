"""Delete stored conversations: all older than N days, or one by its id (GDPR Art. 17).

    python -m privacy.retention --days 90            # conversations inactive for 90 days
    python -m privacy.retention --delete SENDER_ID   # one conversation, e.g. on request
    python -m privacy.retention --days 90 --dry-run  # only count

The database comes from the same LOTSE_* variables as the server (lotse_server/settings.py) or
from --db-url. SQLite deletes with `secure_delete` (content overwritten on disk); PostgreSQL is
vacuumed afterwards so deleted rows do not linger.
"""

from __future__ import annotations

import argparse
import sys
import time

import sqlalchemy as sa

from lotse_server.settings import SettingsError, database_url, describe, tracker_settings


def _engine(db_url: str | None) -> sa.engine.Engine:
    url = sa.engine.make_url(db_url) if db_url else database_url(tracker_settings())
    engine = sa.create_engine(url)
    if url.get_backend_name() == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def _secure(dbapi_conn, _record):  # noqa: ANN001 - DB-API objects
            dbapi_conn.execute("PRAGMA secure_delete = ON")
    return engine


def expired_senders(conn: sa.engine.Connection, days: float, now: float | None = None) -> list[str]:
    """Ids of conversations whose latest event is older than `days` days."""
    cutoff = (now or time.time()) - days * 86400
    rows = conn.execute(sa.text(
        "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"),
        {"cutoff": cutoff})
    return [r[0] for r in rows]


def delete_senders(conn: sa.engine.Connection, senders: list[str]) -> int:
    """Delete all events of these conversations; returns the number of events deleted."""
    deleted = 0
    for sender in senders:
        deleted += conn.execute(sa.text("DELETE FROM events WHERE sender_id = :s"), {"s": sender}).rowcount
    return deleted


def _vacuum(engine: sa.engine.Engine) -> None:
    if engine.url.get_backend_name() == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM events"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m privacy.retention", description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--days", type=float, help="Unterhaltungen löschen, die so lange inaktiv sind")
    what.add_argument("--delete", metavar="SENDER_ID", help="eine Unterhaltung löschen")
    parser.add_argument("--dry-run", action="store_true", help="nur zählen, nichts löschen")
    parser.add_argument("--db-url", help="SQLAlchemy-URL statt der LOTSE_*-Variablen")
    args = parser.parse_args(argv)
    if args.days is not None and args.days < 1:
        parser.error("--days muss mindestens 1 sein")
    try:
        engine = _engine(args.db_url)
    except SettingsError as err:
        print(f"FEHLER: {err}", file=sys.stderr)
        return 2
    try:
        with engine.begin() as conn:
            if not sa.inspect(conn).has_table("events"):
                print(f"Keine Unterhaltungen gespeichert ({describe(engine.url)}).")
                return 0 if args.days is not None else 1
            senders = expired_senders(conn, args.days) if args.days is not None else [args.delete]
            if args.dry_run:
                print(f"{len(senders)} Unterhaltung(en) würden gelöscht.")
                return 0
            events = delete_senders(conn, senders)
    except sa.exc.OperationalError as err:
        print(f"FEHLER: Datenbank {describe(engine.url)} nicht erreichbar: {err.orig}", file=sys.stderr)
        return 2
    if events:
        _vacuum(engine)
    if args.delete is not None:
        if not events:
            print(f"Unterhaltung {args.delete!r} nicht gefunden; nichts gelöscht.")
            return 1
        print(f"Unterhaltung {args.delete!r} gelöscht ({events} Ereignisse).")
    else:
        print(f"{len(senders)} Unterhaltung(en) gelöscht, die länger als {args.days:g} Tage inaktiv waren "
              f"({events} Ereignisse).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
