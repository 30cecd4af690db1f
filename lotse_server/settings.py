"""Environment settings of the server side, shared by scripts/endpoints.py and privacy.retention.

LOTSE_TRACKER=sqlite|postgres   LOTSE_SQLITE_DB (default build/tracker.db)
LOTSE_DB_HOST, LOTSE_DB_PORT, LOTSE_DB_USER, LOTSE_DB_PASSWORD, LOTSE_DB_NAME  (postgres)
LOTSE_LOCK_STORE=memory|redis   LOTSE_REDIS_HOST, LOTSE_REDIS_PORT, LOTSE_REDIS_DB, LOTSE_REDIS_PASSWORD
LOTSE_ACTION_URL (default http://127.0.0.1:5055/webhook)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

DEFAULT_SQLITE_DB = "build/tracker.db"


class SettingsError(ValueError):
    """An environment variable has a value that cannot be used."""


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in allowed:
        raise SettingsError(f"{name}={value!r}: erlaubt sind {', '.join(allowed)}")
    return value


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name) or str(default)
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SettingsError(f"{name}={raw!r}: keine gültige Portnummer")
    return int(raw)


def tracker_settings(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The keyword arguments for `lotse_server.tracker_store.LotseTrackerStore`."""
    env = os.environ if env is None else env
    kind = _choice(env, "LOTSE_TRACKER", "sqlite", ("sqlite", "postgres"))
    if kind == "sqlite":
        return {"dialect": "sqlite", "db": env.get("LOTSE_SQLITE_DB") or DEFAULT_SQLITE_DB}
    return {
        "dialect": "postgresql",
        "url": env.get("LOTSE_DB_HOST") or "127.0.0.1",
        "port": _port(env, "LOTSE_DB_PORT", 5432),
        "username": env.get("LOTSE_DB_USER") or "lotse",
        "password": env.get("LOTSE_DB_PASSWORD") or "",
        "db": env.get("LOTSE_DB_NAME") or "lotse",
    }


def lock_settings(env: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """The `lock_store` endpoint section, or None for Rasa's in-memory lock store."""
    env = os.environ if env is None else env
    if _choice(env, "LOTSE_LOCK_STORE", "memory", ("memory", "redis")) == "memory":
        return None
    section: dict[str, Any] = {
        "type": "lotse_server.lock_store.AtomicRedisLockStore",  # atomic across instances
        "url": env.get("LOTSE_REDIS_HOST") or "127.0.0.1",
        "port": _port(env, "LOTSE_REDIS_PORT", 6379),
        "db": int(env.get("LOTSE_REDIS_DB") or 0),
        "key_prefix": "lotse",
    }
    if env.get("LOTSE_REDIS_PASSWORD"):
        section["password"] = env["LOTSE_REDIS_PASSWORD"]
    return section


def database_url(settings: Mapping[str, Any]) -> sa.engine.URL:
    """SQLAlchemy URL for tracker settings (as returned by `tracker_settings`)."""
    if settings.get("dialect", "sqlite") == "sqlite":
        return sa.engine.URL.create("sqlite", database=str(settings.get("db") or DEFAULT_SQLITE_DB))
    return sa.engine.URL.create(
        settings["dialect"], username=settings.get("username") or None,
        password=settings.get("password") or None, host=settings.get("url") or settings.get("host"),
        port=int(settings["port"]) if settings.get("port") else None, database=settings.get("db"))


def describe(url: sa.engine.URL) -> str:
    """The URL without the password, for messages."""
    return url.render_as_string(hide_password=True)
