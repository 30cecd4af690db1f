"""Measure retrieval alone (no intent classifier) on the held-out NLU sentences.

For every held-out sentence whose intent is a knowledge-base topic, is the best-ranked entry from
that topic (top-1), or among the first three (top-3)? And how often would `decide` answer, offer a
choice, quote a paragraph or give up? Ablations switch off lemmas, compound splitting, typo
correction or the search synonyms, to show what each contributes.

    .venv/bin/python scripts/retrieval_eval.py [--db build/kb.sqlite] [--ablate lemma split fuzzy synonyms]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lotse import textnorm  # noqa: E402
from lotse.kb.store import DEFAULT_DB, KnowledgeStore, build_database  # noqa: E402
from lotse.retrieval import Retriever  # noqa: E402

_ANNOT = re.compile(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}")


def holdout(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                out.append((block["intent"], _ANNOT.sub(lambda m: m.group(1) or m.group(2), line[2:])))
    return out


def ablate(names: list[str]) -> None:
    """Switch steps off for index AND queries (the database is rebuilt with them off)."""
    if "lemma" in names:
        textnorm.lemma = lambda token: token  # type: ignore[assignment]
    if "split" in names:
        textnorm.Lexicon.split = lambda self, token: []  # type: ignore[method-assign]
    if "fuzzy" in names:
        textnorm.Lexicon.correct = lambda self, token: None  # type: ignore[method-assign]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=str(DEFAULT_DB))
    ap.add_argument("--holdout", default=str(ROOT / "tests" / "nlu_holdout.yml"))
    ap.add_argument("--ablate", nargs="*", default=[])
    args = ap.parse_args()
    ablate(args.ablate)
    db = args.db
    if args.ablate:
        db = str(build_database(Path(tempfile.mkdtemp()) / "kb.sqlite"))
    store = KnowledgeStore(Path(db))
    intent_topic = {t.intent: t.id for t in store.all_topics() if t.intent}
    retriever = Retriever(db)
    if "synonyms" in args.ablate:
        retriever.synonyms = {}
    cases = [(intent_topic[i], s) for i, s in holdout(Path(args.holdout)) if i in intent_topic]
    top1 = top3 = 0
    outcomes: Counter[str] = Counter()
    start = time.perf_counter()
    for topic, sentence in cases:
        hits = [h for h in retriever.rank(sentence) if h.entry.kind != "law"]
        ranked = list(dict.fromkeys(h.entry.topic_id for h in hits))
        top1 += bool(ranked) and ranked[0] == topic
        top3 += topic in ranked[:3]
        outcomes[retriever.decide(retriever.rank(sentence)).outcome] += 1
    ms = (time.perf_counter() - start) * 1000 / max(len(cases), 1) / 2
    n = len(cases)
    print(f"retrieval on {n} held-out topic sentences (ablate: {args.ablate or 'none'}): "
          f"top-1 topic {top1 / n:.1%}, top-3 {top3 / n:.1%}, "
          + ", ".join(f"{k} {v / n:.0%}" for k, v in sorted(outcomes.items()))
          + f", {ms:.1f} ms per query")


if __name__ == "__main__":
    main()
