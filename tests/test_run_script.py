"""scripts/run.sh: loopback only, HTTP API only with a token, CORS limited to configured origins."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest
from conftest import ROOT, free_port, model_path
from reliability_stack import http_get, listening_addresses
from test_telemetry import pids_with_args, process_env

pytestmark = pytest.mark.server
LOOPBACK = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1, ::1 in /proc/net/tcp*


def _env(tmp, **extra: str) -> dict[str, str]:
    # without RASA_TELEMETRY_ENABLED: run.sh must turn telemetry off by itself
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("LOTSE_") and k != "RASA_TELEMETRY_ENABLED"}
    return {**env, "LOTSE_SQLITE_DB": str(tmp / "tracker.db"), "LOTSE_MODEL": str(model_path()), **extra}


def test_api_without_token_is_refused_before_anything_starts(tmp_path) -> None:
    done = subprocess.run(["bash", "scripts/run.sh"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env=_env(tmp_path, LOTSE_ENABLE_API="1", PORT=str(free_port()),
                                   ACTION_PORT=str(free_port())))
    assert done.returncode == 1 and "LOTSE_AUTH_TOKEN" in done.stderr


def test_run_script_binds_loopback_requires_token_and_limits_cors(tmp_path) -> None:
    if not (ROOT / "models" / model_path().name).exists():
        pytest.skip("run.sh uses the model in models/")
    port, aport, token = free_port(), free_port(), "test-token-0123456789"
    proc = subprocess.Popen(
        ["bash", "scripts/run.sh"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
        env=_env(tmp_path, PORT=str(port), ACTION_PORT=str(aport), LOTSE_ENABLE_API="1",
                 LOTSE_AUTH_TOKEN=token, LOTSE_CORS_ORIGINS="https://lotse.example.org"))
    try:
        deadline = time.time() + 300
        while time.time() < deadline and proc.poll() is None:
            try:
                if http_get(f"http://127.0.0.1:{port}/")[0] == 200:
                    break
            except OSError:
                time.sleep(1)
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        assert listening_addresses(port) and listening_addresses(port) <= LOOPBACK
        assert listening_addresses(aport) and listening_addresses(aport) <= LOOPBACK
        started = pids_with_args("--port", str(port)) + pids_with_args("--port", str(aport))
        assert len(started) >= 2 and all(
            process_env(pid).get("RASA_TELEMETRY_ENABLED") == "false" for pid in started)

        assert http_get(f"http://127.0.0.1:{port}/status")[0] == 401
        assert http_get(f"http://127.0.0.1:{port}/status?token=wrong-token")[0] == 401
        assert http_get(f"http://127.0.0.1:{port}/status?token={token}")[0] == 200

        _, headers, _ = http_get(f"http://127.0.0.1:{port}/", {"Origin": "https://lotse.example.org"})
        assert headers.get("Access-Control-Allow-Origin") == "https://lotse.example.org"
        _, headers, _ = http_get(f"http://127.0.0.1:{port}/", {"Origin": "https://evil.example.com"})
        assert "Access-Control-Allow-Origin" not in headers
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
