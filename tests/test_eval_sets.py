"""The measuring sets in eval/ load and follow the question-set format (shared/eval/FORMAT.md).

They are for measuring only; tests/test_consistency.py makes sure none of their sentences is copied
into training data or knowledge entries.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"
ROLES = {"arbeitnehmer", "arbeitgeber", "sbv", "unklar"}
KEYS = {"id", "topic", "role", "turns", "expect", "forbid"}  # FORMAT.md, nothing else
REALSTYLE_STYLES = {"forum", "kw", "typo", "du", "sie", "ort"}

# minimum number of single-conversation questions per topic label in realstyle.yml
REALSTYLE_MINIMUM = {
    # every label of the public dev set at least 3 times
    **{label: 3 for label in (
        "antrag_formulare", "arbeitsassistenz", "ausbildung_arbeitgeber", "ausgleichsabgabe",
        "aussergewoehnliche_belastungen", "behinderungsgerechte_einrichtung", "bem_praevention",
        "berufsbegleitung", "besondere_lebenslagen", "budget_fuer_arbeit", "dialog",
        "erreichen_arbeitsplatz", "existenzgruendung", "gleichstellung", "integrationsamt_allgemein",
        "integrationsfachdienst", "kuendigungsschutz", "neue_arbeitsplaetze", "out_of_scope",
        "psychosoziale_betreuung", "schwerbehindertenvertretung", "technische_arbeitshilfen",
        "weiterbildung", "wohnungshilfe", "zusatzurlaub", "zustaendigkeit")},
    # the topics real users ask most about at least 10 times
    "kuendigungsschutz": 10, "ausgleichsabgabe": 10, "schwerbehindertenvertretung": 10,
    "bem_praevention": 10, "arbeitsassistenz": 10, "erreichen_arbeitsplatz": 10,
    "zustaendigkeit": 15,
}
REALSTYLE_COMBINED_MINIMUM = {("gleichstellung", "schwerbehinderung"): 10,
                              ("zusatzurlaub", "mehrarbeit"): 10}


def normalise(text: str) -> str:
    """The scorer's normalisation (FORMAT.md)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\s+", " ", text).replace("§ ", "§")


def load(name: str) -> list[dict]:
    data = yaml.safe_load((EVAL / name).read_text(encoding="utf-8"))
    assert data["version"] == 1
    return data["questions"]


@pytest.fixture(scope="module")
def realstyle() -> list[dict]:
    return load("realstyle.yml")


@pytest.fixture(scope="module")
def multiturn() -> list[dict]:
    return load("multiturn.yml")


def check_question(q: dict) -> None:
    assert set(q) <= KEYS, (q.get("id"), set(q) - KEYS)
    assert isinstance(q["id"], str) and q["id"], q
    assert isinstance(q["topic"], str) and re.fullmatch(r"[a-z_]+", q["topic"]), q["id"]
    assert q["role"] in ROLES, (q["id"], q["role"])
    turns = q["turns"]
    assert isinstance(turns, list) and turns, q["id"]
    assert all(isinstance(t, str) and t.strip() for t in turns), q["id"]
    expect = q["expect"]
    assert isinstance(expect, list) and 1 <= len(expect) <= 4, q["id"]
    for group in expect:
        assert isinstance(group, list) and group, q["id"]
        assert all(isinstance(a, str) and normalise(a).strip() for a in group), (q["id"], group)
        assert len({normalise(a) for a in group}) == len(group), (q["id"], "duplicate alternative")
    forbid = q.get("forbid", [])
    assert isinstance(forbid, list), q["id"]
    assert all(isinstance(f, str) and normalise(f).strip() for f in forbid), q["id"]
    # a passing answer must be possible: every group keeps an alternative no forbid entry hits
    for group in expect:
        assert any(not any(normalise(f) in normalise(a) for f in forbid) for a in group), (q["id"], group)


@pytest.mark.parametrize("name", ["realstyle.yml", "multiturn.yml"])
def test_every_question_follows_the_format(name):
    for q in load(name):
        check_question(q)


def test_ids_are_unique_across_both_sets(realstyle, multiturn):
    ids = Counter(q["id"] for q in realstyle + multiturn)
    assert not [i for i, n in ids.items() if n > 1]


def test_realstyle_size_ids_and_topic_coverage(realstyle):
    assert len(realstyle) >= 170
    for q in realstyle:
        m = re.fullmatch(r"rs-([a-z]+)-\d{3}", q["id"])
        assert m and m.group(1) in REALSTYLE_STYLES, q["id"]
    assert sum(len(q["turns"]) == 1 for q in realstyle) > len(realstyle) * 0.9  # mostly one turn
    topics = Counter(q["topic"] for q in realstyle)
    for topic, minimum in REALSTYLE_MINIMUM.items():
        assert topics[topic] >= minimum, (topic, topics[topic], minimum)
    for labels, minimum in REALSTYLE_COMBINED_MINIMUM.items():
        assert sum(topics[t] for t in labels) >= minimum, labels
    styles = Counter(q["id"].split("-")[1] for q in realstyle)
    assert min(styles[s] for s in REALSTYLE_STYLES) >= 15, styles
    assert {q["role"] for q in realstyle} == ROLES


def test_multiturn_size_ids_and_turns(multiturn):
    assert len(multiturn) >= 45
    for q in multiturn:
        assert re.fullmatch(r"mt-[a-z]+-\d{3}", q["id"]), q["id"]
        assert 2 <= len(q["turns"]) <= 4, q["id"]


def test_no_sentence_of_the_public_dev_set_is_reused(realstyle, multiturn):
    dev = ROOT.parent / "shared" / "eval" / "dev_questions.yml"
    if not dev.exists():
        pytest.skip("shared/ is not available (users do not have it; CI and developers do)")
    dev_turns = {normalise(t).strip(" ?.!") for q in yaml.safe_load(dev.read_text(encoding="utf-8"))["questions"]  # noqa: E501
                 for t in q["turns"]}
    ours = {normalise(t).strip(" ?.!") for q in realstyle + multiturn for t in q["turns"]}
    assert not {t for t in ours & dev_turns if len(t.split()) >= 3}
