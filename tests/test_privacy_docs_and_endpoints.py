"""Privacy notice completeness, service texts, and scripts/endpoints.py rendering."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from conftest import ROOT

from lotse.texts import load_texts
from lotse_server.settings import SettingsError

sys.path.insert(0, str(ROOT / "scripts"))
from endpoints import render  # noqa: E402


def test_privacy_notice_has_standard_german_and_leichte_sprache() -> None:
    notice = yaml.safe_load((ROOT / "knowledge" / "privacy_notice.yml").read_text())["privacy_notice"]
    parts = [notice["title"], notice["short"]] + [p for s in notice["sections"] for p in (s["heading"], s)]
    assert len(notice["sections"]) >= 4
    for part in parts:
        assert part["de"].strip() and part["ls"].strip()
        assert " du " not in f" {part['de'].lower()} "  # formal "Sie"
    assert "90 Tage" in notice["short"]["de"]


def test_service_texts_are_complete() -> None:
    texts = load_texts(ROOT / "knowledge" / "service_texts.yml")
    fallback = texts["service_unavailable"]
    assert "bih.de" in fallback["de"] and "Integrationsamt" in fallback["ls"]


def test_endpoints_default_is_embedded_sqlite() -> None:
    config = render({}, 6001)
    assert config["action_endpoint"]["url"] == "http://127.0.0.1:6001/webhook"
    assert config["tracker_store"] == {"type": "lotse_server.tracker_store.LotseTrackerStore",
                                       "dialect": "sqlite", "db": "build/tracker.db"}
    assert "lock_store" not in config


def test_endpoints_production() -> None:
    config = render({"LOTSE_TRACKER": "postgres", "LOTSE_DB_HOST": "db", "LOTSE_DB_PORT": "6543",
                     "LOTSE_DB_PASSWORD": "pw", "LOTSE_LOCK_STORE": "redis", "LOTSE_REDIS_HOST": "cache",
                     "LOTSE_ACTION_URL": "http://10.0.0.5:5055/webhook"})
    assert config["tracker_store"]["dialect"] == "postgresql" and config["tracker_store"]["port"] == 6543
    assert config["tracker_store"]["url"] == "db" and config["tracker_store"]["password"] == "pw"
    assert config["lock_store"]["type"] == "lotse_server.lock_store.AtomicRedisLockStore"
    assert config["lock_store"]["url"] == "cache"
    assert config["action_endpoint"]["url"] == "http://10.0.0.5:5055/webhook"


@pytest.mark.parametrize("env", [{"LOTSE_TRACKER": "mysql"}, {"LOTSE_LOCK_STORE": "memcached"},
                                 {"LOTSE_TRACKER": "postgres", "LOTSE_DB_PORT": "abc"}])
def test_endpoints_reject_bad_values(env) -> None:
    with pytest.raises(SettingsError):
        render(env)


def test_endpoints_command_writes_a_private_file(tmp_path) -> None:
    out = tmp_path / "e.yml"
    done = subprocess.run([sys.executable, "scripts/endpoints.py", "--output", str(out)], cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin", "LOTSE_TRACKER": "postgres",
                               "LOTSE_DB_PASSWORD": "x"},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_mode & 0o077 == 0
    assert yaml.safe_load(out.read_text())["tracker_store"]["password"] == "x"
    bad = subprocess.run([sys.executable, "scripts/endpoints.py", "--output", str(out)], cwd=ROOT,
                         env={"PATH": "/usr/bin:/bin", "LOTSE_TRACKER": "oracle"}, capture_output=True,
                         text=True, timeout=60)
    assert bad.returncode == 2 and "LOTSE_TRACKER" in bad.stderr
