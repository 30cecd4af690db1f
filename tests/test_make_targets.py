"""`make run` installs only what running needs; `make test` installs everything the tests need;
`make unit` needs nothing beyond the virtualenv (issue 12). Checked with `make -n` (dry run)."""

from __future__ import annotations

import importlib.metadata as md
import re
import subprocess

from conftest import ROOT

DEV_TOOLS = {"pytest", "ruff", "playwright"}


def dry_run(target: str) -> str:
    done = subprocess.run(["make", "-n", "--no-print-directory", target], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_run_train_and_kb_use_the_runtime_setup_only():
    for target in ("run", "train", "kb", "shell"):
        plan = dry_run(target)
        assert "bash scripts/setup.sh\n" in plan, target
        assert "setup_widget.sh --runtime" in plan, target
        assert "setup_reliability.sh" not in plan, target  # PostgreSQL, Redis: tests/production only
        assert "setup.sh --dev" not in plan, target
        assert not re.search(r"setup_widget\.sh\s*$", plan, re.M), target  # chromium, axe-core


def test_test_installs_everything_the_tests_need():
    plan = dry_run("test")
    for step in ("bash scripts/setup.sh --dev", "bash scripts/setup_reliability.sh", "scripts/train.sh",
                 "ruff check", "data validate", "-m pytest", "rasa test core"):
        assert step in plan, step
    assert re.search(r"bash scripts/setup_widget\.sh\s*$", plan, re.M)  # full: chromium, axe-core
    assert plan.index("setup_reliability.sh") < plan.index("-m pytest")


def test_unit_needs_no_model_servers_or_system_packages():
    plan = dry_run("unit")
    assert "-m pytest" in plan and '-m "not system"' in plan
    for heavy in ("train.sh", "setup_reliability.sh", "setup_widget.sh", "apt-get", "npm"):
        assert heavy not in plan, heavy


def test_runtime_packages_do_not_need_the_dev_tools():
    """The runtime install leaves DEV_PACKAGES out of requirements.lock; nothing at runtime needs them."""
    text = (ROOT / "scripts" / "setup.sh").read_text()
    dev = set(re.search(r'^DEV_PACKAGES="([^"]+)"', text, re.M).group(1).split())
    assert dev == DEV_TOOLS
    lock = {line.split("==")[0].lower() for line in (ROOT / "requirements.lock").read_text().splitlines()
            if "==" in line}
    assert dev <= lock  # pinned like everything else

    def name(req: str) -> str:
        return re.split(r"[ ;<>=!~\[(]", req, maxsplit=1)[0].lower().replace("_", "-")

    direct = [name(line) for line in (ROOT / "requirements.in").read_text().splitlines()
              if line.strip() and not line.startswith("#")]
    assert "rasa" in direct
    seen, todo = set(), [pkg for pkg in direct if pkg not in dev]
    while todo:
        pkg = todo.pop()
        if pkg in seen:
            continue
        seen.add(pkg)
        try:
            requires = md.requires(pkg) or []
        except md.PackageNotFoundError:
            continue
        todo += [name(r) for r in requires if "extra ==" not in r]
    assert not seen & DEV_TOOLS, seen & DEV_TOOLS
