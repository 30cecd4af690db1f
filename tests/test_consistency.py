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


# --- copy guard: measuring sets must never leak into training data or knowledge entries -------

EVAL_SETS = ("eval/realstyle.yml", "eval/multiturn.yml")  # measuring only (see eval/README.md)
COPY_WINDOW = 8  # this many consecutive words shared verbatim with a training/knowledge text = a copy
# generic conversation moves that the brief prescribes for the multi-turn set and that training data
# legitimately contains too; they carry no topic and are exempt from the whole-sentence rule only
GENERIC_MOVES = frozenset({
    "ich bin arbeitgeber",
    "leichte sprache bitte",
    "ich möchte mit einem menschen sprechen",
})
ENTITY_MARKUP = re.compile(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})")


def _copy_normalise(text: str) -> str:
    """Lower case, NFKC, entity markup removed, punctuation dropped, white space folded."""
    import unicodedata

    text = ENTITY_MARKUP.sub(r"\1", unicodedata.normalize("NFKC", text)).lower()
    return " ".join(re.sub(r"[^\w§]+", " ", text).split())


def _question_turns(path: Path) -> list[str]:
    questions = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [t for q in questions for t in q["turns"]]


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _guarded_texts() -> dict[str, list[str]]:
    """Normalised texts per file: every NLU example line and every string of a knowledge topic."""
    texts: dict[str, list[str]] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        lines = []
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []) or []:
            for line in str(item.get("examples", "")).splitlines():
                lines.append(_copy_normalise(re.sub(r"^\s*-\s*", "", line)))
        texts[str(path.relative_to(ROOT))] = [x for x in lines if x]
    for path in sorted((ROOT / "knowledge" / "topics").glob("*.yml")):
        strings = _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
        texts[str(path.relative_to(ROOT))] = [x for x in map(_copy_normalise, strings) if x]
    return texts


def _windows(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + COPY_WINDOW]) for i in range(len(words) - COPY_WINDOW + 1)}


def _copies(sentences: list[str], texts: dict[str, list[str]]) -> list[str]:
    """A sentence is copied when it appears whole inside a text (sentences of at least three words
    and 16 characters, generic moves excepted) or shares COPY_WINDOW consecutive words with one."""
    found = []
    for name, lines in texts.items():
        padded = [f" {line} " for line in lines]
        windows = set().union(*(_windows(line.split()) for line in lines)) if lines else set()
        for sentence in sentences:
            norm = _copy_normalise(sentence)
            checked = len(norm.split()) >= 3 and len(norm) >= 16 and norm not in GENERIC_MOVES
            whole = checked and any(f" {norm} " in p for p in padded)
            if whole or _windows(norm.split()) & windows:
                found.append(f"{name}: {sentence!r}")
    return found


def test_dev_questions_are_not_copied_into_training_data():
    failures = []
    # the public dev set (users do not have shared/; CI and developers do): no whole sentence in data/
    dev = ROOT.parent / "shared" / "eval" / "dev_questions.yml"
    if dev.exists():
        questions = yaml.safe_load(dev.read_text(encoding="utf-8"))["questions"]
        sentences = {t.strip().lower() for q in questions for t in q["turns"]}
        for path in (ROOT / "data").rglob("*.yml"):
            raw = path.read_text(encoding="utf-8")
            text = ENTITY_MARKUP.sub(r"\1", raw).lower()  # drop entity markup
            for sentence in sentences:
                if len(sentence) > 12 and sentence in text:
                    failures.append(f"dev set -> {path.name}: {sentence!r}")
    # our own measuring sets: neither whole sentences nor long verbatim parts in NLU data or knowledge
    texts = _guarded_texts()
    for eval_set in EVAL_SETS:
        path = ROOT / eval_set
        assert path.exists(), f"{eval_set} is missing"
        failures += [f"{eval_set} -> {hit}" for hit in _copies(_question_turns(path), texts)]
    assert not failures, "measuring-set sentences copied:\n" + "\n".join(failures)
