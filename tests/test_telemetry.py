"""Rasa's usage telemetry is off wherever the project runs Rasa (issue 12, quiet console).

One source: scripts/quiet.env, included by the Makefile and sourced by scripts/*.sh; the test
helpers set it for the servers they start. The last test looks at the environment of the real
server process (marked `server`; scripts/run.sh is checked in tests/test_run_script.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, stack_env

VAR = "RASA_TELEMETRY_ENABLED"


def _without_var() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != VAR and k != "MAKEFLAGS"}


def process_env(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode(errors="replace").split("=", 1) for item in raw if b"=" in item)


def pids_with_args(*needles: str) -> list[int]:
    """Processes whose command line contains all of `needles` as consecutive arguments."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        joined = "\0".join(args)
        if "\0".join(needles) in joined:
            found.append(int(proc.name))
    return found


def test_quiet_env_turns_telemetry_off_and_filters_known_noise():
    lines = (ROOT / "scripts" / "quiet.env").read_text().splitlines()
    assert "export RASA_TELEMETRY_ENABLED=false" in lines
    assert "export TF_CPP_MIN_LOG_LEVEL=3" in lines
    assert "export SQLALCHEMY_SILENCE_UBER_WARNING=1" in lines
    assert any(line.startswith("export PYTHONWARNINGS=ignore::DeprecationWarning") for line in lines)
    # valid for make and bash alike: no spaces, no quotes in the assignments
    for line in lines:
        if line and not line.startswith("#"):
            assert line.startswith("export ") and " " not in line[len("export "):] and '"' not in line


def test_makefile_gives_every_recipe_and_the_rasa_command_telemetry_off():
    show = 'show-env: ; @echo "$$RASA_TELEMETRY_ENABLED|$$PYTHONWARNINGS|$(RASA)"'
    done = subprocess.run(["make", "-s", "--no-print-directory", "--eval", show, "show-env"], cwd=ROOT,
                          capture_output=True, text=True, env=_without_var(), timeout=30)
    assert done.returncode == 0, done.stderr
    value, warnings, rasa = done.stdout.strip().split("|")
    assert value == "false"
    assert "ignore::DeprecationWarning" in warnings
    assert rasa.startswith("RASA_TELEMETRY_ENABLED=false ") and rasa.endswith(".venv/bin/rasa")


def test_scripts_that_start_rasa_source_the_quiet_environment():
    for name in ("run.sh", "train.sh", "eval.sh", "setup.sh"):
        text = (ROOT / "scripts" / name).read_text()
        assert ". scripts/quiet.env" in text, name


def test_train_script_runs_rasa_with_telemetry_off_and_reports_components(tmp_path: Path):
    """scripts/train.sh with a stand-in for `rasa`: environment, log file, per-component summary."""
    for name in ("train.sh", "quiet.env", "progress.sh"):
        (tmp_path / "scripts").mkdir(exist_ok=True)
        shutil.copy(ROOT / "scripts" / name, tmp_path / "scripts" / name)
    fake = tmp_path / ".venv" / "bin" / "rasa"
    fake.parent.mkdir(parents=True)
    fake.write_text(textwrap.dedent("""\
        #!/usr/bin/env bash
        env > build/rasa-env.txt
        h="INFO     rasa.engine.training.hooks  -"
        echo "2026-12-02 10:00:00 $h Starting to train component 'DIETClassifier'."
        printf 'Epochs:  50%%|#####     | 1/2 [00:01<00:01]\\rEpochs: 100%%|##########| 2/2 [00:02<00:00]\\n'
        echo "2026-12-02 10:01:10 $h Finished training component 'DIETClassifier'."
        echo "2026-12-02 10:01:10 $h Starting to train component 'TEDPolicy'."
        echo "2026-12-02 10:01:40 $h Finished training component 'TEDPolicy'."
        mkdir -p models && touch "models/$5.tar.gz"
        """))
    fake.chmod(0o755)
    done = subprocess.run(["bash", "scripts/train.sh", "config.offline.yml", "lotse-test"], cwd=tmp_path,
                          capture_output=True, text=True, env=_without_var(), timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    env_lines = (tmp_path / "build" / "rasa-env.txt").read_text().splitlines()
    assert f"{VAR}=false" in env_lines
    assert "TF_CPP_MIN_LOG_LEVEL=3" in env_lines
    assert "Starting to train component" in (tmp_path / "build" / "train.log").read_text()
    out = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(out) <= 6, out  # quiet: progress lines and a summary, Rasa's output is in the log
    assert "DIETClassifier 70 s" in out[-1] and "TEDPolicy 30 s" in out[-1]
    assert (tmp_path / "build" / "train-times.txt").read_text().split() == \
        ["DIETClassifier", "70", "TEDPolicy", "30"]


def test_test_helpers_start_servers_with_telemetry_off(monkeypatch):
    from rasa import telemetry

    assert os.environ[VAR] == "false"  # conftest sets it for everything the tests start
    env = stack_env()
    assert env[VAR] == "false"
    monkeypatch.setenv(VAR, env[VAR])
    assert telemetry.is_telemetry_enabled() is False


@pytest.mark.server
def test_running_server_has_telemetry_off(server):
    port = server.url.rsplit(":", 1)[1]
    aport = server.action_url.rsplit(":", 1)[1]
    pids = pids_with_args("--port", port) + pids_with_args("--port", aport)
    assert len(pids) >= 2, "Rasa and action server processes not found"
    for pid in pids:
        assert process_env(pid).get(VAR) == "false", pid
