"""Helpers for the reliability tests: start Rasa, the action server, PostgreSQL and Redis separately
(on free loopback ports, with temporary data directories) so each can be stopped and restarted."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa
import yaml
from conftest import ROOT, Server, _wait, free_port, model_path

RASA = str(ROOT / ".venv" / "bin" / "rasa")
BASE_ENV = {"TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore"}
STORE = "lotse_server.tracker_store.LotseTrackerStore"


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, **BASE_ENV, **extra}


def start_actions(tmp: Path, port: int, log_name: str = "actions.log") -> subprocess.Popen:
    """The real action server, bound to loopback (SANIC_HOST)."""
    log = tmp / log_name
    proc = subprocess.Popen([RASA, "run", "actions", "--actions", "actions", "--port", str(port)],
                            cwd=ROOT, env=env(SANIC_HOST="127.0.0.1"), stdout=log.open("a"),
                            stderr=subprocess.STDOUT)
    _wait(f"http://127.0.0.1:{port}/health", proc, 90, log)
    return proc


def write_endpoints(path: Path, action_port: int, tracker: dict, lock: dict | None = None) -> Path:
    config = {"action_endpoint": {"url": f"http://127.0.0.1:{action_port}/webhook"},
              "tracker_store": {"type": STORE, **tracker}}
    if lock:
        config["lock_store"] = lock
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def start_rasa(tmp: Path, endpoints: Path, log_name: str = "rasa.log", port: int | None = None,
               wait: bool = True, **extra_env: str) -> tuple[subprocess.Popen, Server, Path]:
    """The Rasa server with the trained model and the project's credentials.yml."""
    port = port or free_port()
    log = tmp / log_name
    proc = subprocess.Popen(
        [RASA, "run", "--model", str(model_path()), "--port", str(port), "--interface", "127.0.0.1",
         "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(endpoints)],
        cwd=ROOT, env=env(**extra_env), stdout=log.open("a"), stderr=subprocess.STDOUT)
    if wait:
        _wait(f"http://127.0.0.1:{port}/", proc, 240, log)
    return proc, Server(f"http://127.0.0.1:{port}", ""), log


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def stored_events(url: str | sa.engine.URL, sender: str) -> list[dict]:
    """The events of one conversation as stored in the tracker database, in storage order."""
    import json

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"),
                                {"s": sender}).fetchall()
    finally:
        engine.dispose()
    return [json.loads(r[0]) for r in rows]


def user_texts(events: list[dict]) -> list[str]:
    return [e.get("text") for e in events if e.get("event") == "user"]


# --------------------------------------------------------------------------- PostgreSQL, Redis


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL fehlt: bash scripts/setup_reliability.sh")
    return found[-1].parent


class Postgres:
    """A private PostgreSQL on a free loopback port. As root, it runs as the `postgres` user
    (initdb refuses root)."""

    def __init__(self) -> None:
        self.bin = _pg_bin()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="lotse-pg-"))
        self.data = self.dir / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self.proc: subprocess.Popen | None = None
        self.url = sa.engine.URL.create("postgresql", username="lotse", password="lotse-test",
                                        host="127.0.0.1", port=self.port, database="lotse")

    def start(self) -> Postgres:
        subprocess.run([*self.as_user, str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--no-sync"], check=True, capture_output=True,
                       timeout=120)
        log = (self.dir / "postgres.log").open("w")
        self.proc = subprocess.Popen(
            [*self.as_user, str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port),
             "-k", str(self.dir), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while subprocess.run([str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                             capture_output=True).returncode != 0:
            if time.time() > deadline or self.proc.poll() is not None:
                raise RuntimeError((self.dir / "postgres.log").read_text()[-2000:])
            time.sleep(0.3)
        psql = ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-v", "ON_ERROR_STOP=1",
                "-c"]
        subprocess.run([*psql, "CREATE USER lotse PASSWORD 'lotse-test'"], check=True, capture_output=True)
        subprocess.run([*psql, "CREATE DATABASE lotse OWNER lotse"], check=True, capture_output=True)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "stop", "-m",
                            "fast", "-w"], capture_output=True, timeout=60)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    """A private Redis without persistence on a free loopback port."""

    def __init__(self) -> None:
        if not shutil.which("redis-server"):
            raise RuntimeError("redis-server fehlt: bash scripts/setup_reliability.sh")
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> Redis:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port)
        deadline = time.time() + 30
        while True:
            try:
                client.ping()
                return self
            except redis.exceptions.ConnectionError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self) -> None:
        stop(self.proc)


def listening_addresses(port: int) -> set[str]:
    """Local IPv4/IPv6 addresses listening on `port` (from /proc/net/tcp*)."""
    found = set()
    for name in ("tcp", "tcp6"):
        path = Path(f"/proc/net/{name}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            parts = line.split()
            addr, hexport = parts[1].rsplit(":", 1)
            if parts[3] == "0A" and int(hexport, 16) == port:
                found.add(addr)
    return found


def http_get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()
