"""Smoke test of scripts/loadtest.py: two concurrent conversations, every event stored."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, model_path

pytestmark = pytest.mark.server


def test_loadtest_two_conversations(tmp_path) -> None:
    out = tmp_path / "load.json"
    done = subprocess.run(
        [sys.executable, "scripts/loadtest.py", "--concurrency", "2", "--rounds", "1", "--no-baseline",
         "--max-seconds", "400", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={"PATH": "/usr/bin:/bin", "LOTSE_MODEL": str(model_path())})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (row,) = json.loads(out.read_text())
    assert row["messages"] == 8 and row["errors"] == 0 and row["wrong"] == 0 and row["stored_ok"] == 2
    assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
