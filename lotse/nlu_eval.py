"""Held-out NLU evaluation: per-intent precision/recall/F1, macro-F1 and top confusions.

Pure metric code plus a small runner that parses the held-out sentences with a trained model.
Used by `make nlu-report` (writes docs/nlu-report.md) and by the macro-F1 guard in the tests.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IntentScore:
    intent: str
    precision: float
    recall: float
    f1: float
    support: int


def scores(pairs: list[tuple[str, str]]) -> tuple[list[IntentScore], float, float]:
    """(gold, predicted) pairs -> per-intent scores, macro-F1 and accuracy."""
    gold = Counter(g for g, _ in pairs)
    pred = Counter(p for _, p in pairs)
    hit = Counter(g for g, p in pairs if g == p)
    out = []
    for intent in sorted(gold):
        p = hit[intent] / pred[intent] if pred[intent] else 0.0
        r = hit[intent] / gold[intent]
        f = 2 * p * r / (p + r) if p + r else 0.0
        out.append(IntentScore(intent, p, r, f, gold[intent]))
    macro = sum(s.f1 for s in out) / len(out) if out else 0.0
    accuracy = sum(hit.values()) / len(pairs) if pairs else 0.0
    return out, macro, accuracy


def confusions(pairs: list[tuple[str, str]], top: int = 15) -> list[tuple[str, str, int]]:
    counts = Counter((g, p) for g, p in pairs if g != p)
    return [(g, p, n) for (g, p), n in counts.most_common(top)]


def predict(model: Path, holdout: Path) -> list[tuple[str, str, str]]:
    """Parse every held-out example with the model: (text, gold intent, predicted intent)."""
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(holdout))
    agent = Agent.load(str(model))

    async def run() -> list[tuple[str, str, str]]:
        rows = []
        for ex in data.intent_examples:
            text = ex.get("text")
            parsed = await agent.parse_message(text)
            rows.append((text, ex.get("intent"), parsed["intent"]["name"]))
        return rows

    return asyncio.run(run())


def report(rows: list[tuple[str, str, str]], model_name: str, command: str) -> str:
    pairs = [(g, p) for _, g, p in rows]
    per_intent, macro, accuracy = scores(pairs)
    lines = [
        "# NLU evaluation on the held-out set",
        "",
        f"Model: `{model_name}`. Held-out set: `tests/nlu_holdout.yml` ({len(rows)} sentences "
        "written separately from the training data, never trained on).",
        f"Reproduce: `{command}`",
        "",
        f"**Macro-F1: {macro:.3f}** · accuracy: {accuracy:.3f} · intents: {len(per_intent)}",
        "(`nlu_fallback` counts as a wrong prediction.)",
        "",
        "| intent | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {s.intent} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | {s.support} |"
              for s in per_intent]
    lines += ["", "## Most frequent confusions (gold → predicted)", "",
              "| gold | predicted | count |", "|---|---|---|"]
    lines += [f"| {g} | {p} | {n} |" for g, p, n in confusions(pairs)]
    return "\n".join(lines) + "\n"
