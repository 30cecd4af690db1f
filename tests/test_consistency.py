"""Domain, training data, knowledge base and generated files agree (one source of truth)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from lotse.kb import load_topics
from lotse.precheck27 import QUESTION_IDS

ROOT = Path(__file__).resolve().parent.parent


def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def domain_intents() -> set[str]:
    return {i if isinstance(i, str) else next(iter(i)) for i in domain()["intents"]}


def nlu_intents() -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in item:
                n = len([line for line in item["examples"].splitlines() if line.strip()])
                counts[item["intent"]] = counts.get(item["intent"], 0) + n
    return counts


def test_every_topic_intent_is_in_the_domain_and_vice_versa():
    topic_intents = {t.intent for t in load_topics() if t.intent}
    intents = domain_intents()
    assert topic_intents <= intents
    non_topic = intents - topic_intents
    # everything else in the domain is a tool or conversation intent, documented in ARCHITECTURE
    documented = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for intent in non_topic - {"feedback"}:
        assert intent in documented, intent


def test_each_intent_has_enough_fresh_examples():
    counts = nlu_intents()
    button_only: set[str] = set()
    for intent in domain_intents() - button_only:
        assert counts.get(intent, 0) >= 25, (intent, counts.get(intent, 0))
    assert set(counts) <= domain_intents()


def test_generated_files_are_up_to_date():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_data.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_precheck_form_asks_every_question_of_the_domain_logic():
    required = domain()["forms"]["precheck27_form"]["required_slots"]
    assert required == [f"p27_{q}" for q in QUESTION_IDS]


def test_every_custom_action_in_the_domain_exists():
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    known = set(executor.actions)
    for name in domain()["actions"]:
        assert name in known, name


def test_dev_questions_are_not_copied_into_training_data():
    dev = ROOT.parent / "shared" / "eval" / "dev_questions.yml"
    if not dev.exists():
        return  # users do not have shared/; CI and developers do
    questions = yaml.safe_load(dev.read_text(encoding="utf-8"))["questions"]
    sentences = {t.strip().lower() for q in questions for t in q["turns"]}
    for path in (ROOT / "data").rglob("*.yml"):
        raw = path.read_text(encoding="utf-8")
        text = re.sub(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})", r"\1", raw).lower()  # drop entity markup
        for sentence in sentences:
            if len(sentence) > 12:
                assert sentence not in text, (path.name, sentence)
