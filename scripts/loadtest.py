"""Load test: many concurrent multi-turn conversations through the REST channel (loopback only).

    .venv/bin/python scripts/loadtest.py --concurrency 1 10 50 [--rounds 2] [--no-baseline]

Starts its own action server and Rasa server (trained model, embedded SQLite tracker store in a
temporary directory) and, unless --no-baseline, a plain Rasa assistant without custom actions
(scripts/loadtest_baseline, trained into a temporary directory first). For every concurrency level
it runs `level * rounds` conversations, at most `level` at a time, and reports throughput, latency
percentiles, errors and whether every event reached the tracker store. Bounded by --max-seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = str(ROOT / ".venv" / "bin" / "rasa")
BASELINE = ROOT / "scripts" / "loadtest_baseline"
STORE = "lotse_server.tracker_store.LotseTrackerStore"
ENV = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
       "PYTHONWARNINGS": "ignore", "SANIC_HOST": "127.0.0.1"}
# (message, text the Teilhabe-Lotse answer must contain)
DIALOGUE = [
    ("Hallo", "Guten Tag"),
    ("Mein Chef will mir kündigen, ich bin schwerbehindert. Darf er das ohne Weiteres?", "§ 168 SGB IX"),
    ("Wir haben 60 Arbeitsplätze und keinen schwerbehinderten Beschäftigten. Wie viel Ausgleichsabgabe "
     "zahlen wir?", "29.340 €"),
    ("Welches Integrationsamt ist für Bochum zuständig?", "Westfalen-Lippe"),
]
MAX_CONCURRENCY = 100


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, proc: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Prozess beendet, siehe {log}:\n{log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} nicht erreichbar nach {seconds:.0f} s, siehe {log}")


def default_model() -> Path:
    explicit = os.environ.get("LOTSE_MODEL")
    found = [ROOT / explicit] if explicit else sorted((ROOT / "models").glob("lotse-*.tar.gz"))
    if not found or not found[-1].exists():
        raise SystemExit("Kein trainiertes Modell in models/: zuerst 'make train'.")
    return found[-1]


@dataclass
class Stack:
    """Rasa (and optionally the action server) with a SQLite tracker store in `tmp`."""

    tmp: Path
    model: Path
    with_actions: bool
    procs: list[subprocess.Popen] = field(default_factory=list)
    url: str = ""

    @property
    def db(self) -> Path:
        return self.tmp / "tracker.db"

    def start(self) -> Stack:
        aport, port = free_port(), free_port()
        config = {"tracker_store": {"type": STORE, "dialect": "sqlite", "db": str(self.db)}}
        if self.with_actions:
            config["action_endpoint"] = {"url": f"http://127.0.0.1:{aport}/webhook"}
            log = self.tmp / "actions.log"
            proc = subprocess.Popen([RASA, "run", "actions", "--actions", "actions", "--port", str(aport)],
                                    cwd=ROOT, env=ENV, stdout=log.open("w"), stderr=subprocess.STDOUT)
            self.procs.append(proc)
            wait_up(f"http://127.0.0.1:{aport}/health", proc, 120, log)
        endpoints = self.tmp / "endpoints.yml"
        endpoints.write_text(yaml.safe_dump(config))
        log = self.tmp / "rasa.log"
        proc = subprocess.Popen(
            [RASA, "run", "--model", str(self.model), "--port", str(port), "--interface", "127.0.0.1",
             "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(endpoints), "--quiet"],
            cwd=ROOT, env=ENV, stdout=log.open("w"), stderr=subprocess.STDOUT)
        self.procs.append(proc)
        wait_up(f"http://127.0.0.1:{port}/", proc, 300, log)
        self.url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
        return self

    def stop(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@dataclass
class Result:
    level: int
    conversations: int
    messages: int = 0
    errors: int = 0
    wrong: int = 0
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    stored_ok: int = 0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0


async def conversation(session: aiohttp.ClientSession, url: str, sender: str, result: Result,
                       check_answers: bool) -> None:
    for message, expected in DIALOGUE:
        started = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": message},
                                    timeout=aiohttp.ClientTimeout(total=60)) as resp:
                body = await resp.json(content_type=None)
                ok = resp.status == 200 and isinstance(body, list) and body
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            ok, body = False, None
        result.latencies.append(time.perf_counter() - started)
        result.messages += 1
        if not ok:
            result.errors += 1
        elif check_answers and expected not in json.dumps(body, ensure_ascii=False):
            result.wrong += 1


def check_store(db: Path, senders: list[str]) -> int:
    """Conversations whose stored events contain every user message in order, each turn complete."""
    ok = 0
    with sqlite3.connect(db) as conn:
        for sender in senders:
            events = [json.loads(r[0]) for r in conn.execute(
                "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,))]
            users = [e["text"] for e in events if e["event"] == "user"]
            last_actions = [e.get("name") for e in events if e["event"] == "action"]
            if users == [m for m, _ in DIALOGUE] and last_actions and last_actions[-1] == "action_listen":
                ok += 1
    return ok


async def run_level(url: str, db: Path, level: int, rounds: int, check_answers: bool,
                    deadline: float) -> Result:
    result = Result(level, level * rounds)
    senders = [f"load-{level}-{uuid.uuid4().hex[:8]}" for _ in range(result.conversations)]
    gate = asyncio.Semaphore(level)
    connector = aiohttp.TCPConnector(limit=level)

    async def one(sender: str) -> None:
        async with gate:
            if time.monotonic() < deadline:
                await conversation(session, url, sender, result, check_answers)

    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(one(s) for s in senders)),
                               timeout=max(1.0, deadline - time.monotonic()))
        result.seconds = time.perf_counter() - started
    result.stored_ok = check_store(db, senders)
    return result


def train_baseline(tmp: Path) -> Path:
    subprocess.run([RASA, "train", "--config", str(BASELINE / "config.yml"), "--domain",
                    str(BASELINE / "domain.yml"), "--data", str(BASELINE / "data"), "--out", str(tmp),
                    "--fixed-model-name", "baseline", "--quiet"], cwd=tmp, env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)
    return tmp / "baseline.tar.gz"


def measure(name: str, stack: Stack, levels: list[int], rounds: int, check: bool, deadline: float) -> list:
    rows = []
    try:
        stack.start()
        for level in levels:
            res = asyncio.run(run_level(stack.url, stack.db, level, rounds, check, deadline))
            rows.append((name, res))
            print(f"  {name:10} c={level:<3} {res.messages} Nachrichten, {res.throughput:.1f}/s, "
                  f"p50 {res.pct(50):.0f} ms, p95 {res.pct(95):.0f} ms, Fehler {res.errors + res.wrong}, "
                  f"gespeichert {res.stored_ok}/{res.conversations}", flush=True)
    finally:
        stack.stop()
    return rows


def table(rows: list[tuple[str, Result]]) -> str:
    lines = ["| assistant | concurrent | conversations | messages | msg/s | p50 ms | p95 ms | p99 ms | "
             "errors | wrong answers | complete in tracker store |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in rows:
        lines.append(f"| {name} | {r.level} | {r.conversations} | {r.messages} | {r.throughput:.1f} | "
                     f"{r.pct(50):.0f} | {r.pct(95):.0f} | {r.pct(99):.0f} | {r.errors} | {r.wrong} | "
                     f"{r.stored_ok}/{r.conversations} |")
    lotse = {r.level: r for n, r in rows if n == "lotse"}
    base = {r.level: r for n, r in rows if n == "baseline"}
    for level in sorted(set(lotse) & set(base)):
        a, b = lotse[level], base[level]
        lines.append("")
        lines.append(f"c={level}: throughput lotse/baseline = {a.throughput / b.throughput:.2f}, "
                     f"p50 latency lotse/baseline = {a.pct(50) / b.pct(50):.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--rounds", type=int, default=2, help="conversations per level = level x rounds")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--max-seconds", type=float, default=1800)
    parser.add_argument("--json", type=Path, help="write the results as JSON too")
    args = parser.parse_args(argv)
    if any(not 1 <= c <= MAX_CONCURRENCY for c in args.concurrency) or not 1 <= args.rounds <= 20:
        parser.error(f"--concurrency 1..{MAX_CONCURRENCY}, --rounds 1..20")
    deadline = time.monotonic() + args.max_seconds
    tmp = Path(tempfile.mkdtemp(prefix="lotse-load-"))
    rows: list[tuple[str, Result]] = []
    try:
        (tmp / "lotse").mkdir()
        rows += measure("lotse", Stack(tmp / "lotse", default_model(), True), args.concurrency, args.rounds,
                        True, deadline)
        if not args.no_baseline:
            (tmp / "baseline").mkdir()
            print("  Baseline wird trainiert ...", flush=True)
            model = train_baseline(tmp / "baseline")
            rows += measure("baseline", Stack(tmp / "baseline", model, False), args.concurrency, args.rounds,
                            False, deadline)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps([{
            "assistant": n, "concurrency": r.level, "conversations": r.conversations, "messages": r.messages,
            "throughput": r.throughput, "p50_ms": r.pct(50), "p95_ms": r.pct(95), "p99_ms": r.pct(99),
            "errors": r.errors, "wrong": r.wrong, "stored_ok": r.stored_ok,
            "mean_ms": statistics.fmean(r.latencies) * 1000 if r.latencies else None} for n, r in rows],
            indent=2))
    failed = any(r.errors or r.wrong or r.stored_ok != r.conversations for _, r in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
