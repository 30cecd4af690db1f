"""The set-up explains itself in one line when Python 3.10 or the official spaCy model is missing."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def copy_project(tmp: Path) -> Path:
    target = tmp / "proj"
    (target / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", target / "scripts" / "setup.sh")
    shutil.copy(ROOT / "requirements.lock", target / "requirements.lock")
    return target


def test_missing_python_310_gives_one_clear_line(tmp_path: Path):
    project = copy_project(tmp_path)
    bare_path = "/usr/bin:/bin"  # no pyenv shims, no python3.10
    result = subprocess.run(
        ["bash", "scripts/setup.sh"], cwd=project, capture_output=True, text=True,
        env={"PATH": bare_path, "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "nopyenv")},
        timeout=60)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Kein Python 3.10 gefunden" in lines[0]
    assert "pyenv install 3.10" in lines[0]


def test_unreachable_official_model_falls_back_with_one_line(tmp_path: Path):
    if importlib.util.find_spec("de_core_news_sm") is not None:
        pytest.skip("the official model is installed here; the fallback is not taken")
    project = copy_project(tmp_path)
    (project / "scripts" / "build_offline_spacy.py").write_text(
        (ROOT / "scripts" / "build_offline_spacy.py").read_text())
    os.symlink(ROOT / ".venv", project / ".venv")
    (project / "build").mkdir()
    lock_hash = subprocess.run(["sha256sum", "requirements.lock"], cwd=project,
                               capture_output=True, text=True).stdout[:16]
    (project / "build" / ".deps").write_text(lock_hash + "\n")  # deps already installed
    result = subprocess.run(["bash", "scripts/setup.sh"], cwd=project, capture_output=True,
                            text=True, env={**os.environ, "LOTSE_OFFLINE": "1"}, timeout=300)
    assert result.returncode == 0, result.stderr
    said = [line for line in result.stdout.splitlines() if "de_core_news_sm" in line]
    assert len(said) == 1 and "Offline-Pipeline" in said[0]
    assert (project / "build" / "spacy_pipeline").read_text().strip() == "offline"
    assert (project / "models" / "spacy" / "de_lotse_offline" / "meta.json").exists()
