"""Tune the FallbackClassifier threshold on the held-out set (see docs/nlu-report.md).

For each candidate threshold, a prediction below it becomes a clarifying question. Counting:
correct answer +1, wrong answer -1 (a wrong legal answer is worse than a question back), question
back 0. Prints the table and the best threshold.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    model = sorted((ROOT / "models").glob("lotse-*.tar.gz"))[-1]
    data = load_data(str(ROOT / "tests" / "nlu_holdout.yml"))
    agent = Agent.load(str(model))

    async def run() -> list[tuple[str, str, float, float]]:
        rows = []
        for ex in data.intent_examples:
            parsed = await agent.parse_message(ex.get("text"))
            ranking = [r for r in parsed["intent_ranking"] if r["name"] != "nlu_fallback"]
            top, second = ranking[0], (ranking[1] if len(ranking) > 1 else {"confidence": 0})
            rows.append((ex.get("intent"), top["name"], top["confidence"],
                         top["confidence"] - second["confidence"]))
        return rows

    rows = asyncio.run(run())
    print("threshold ambiguity correct wrong asked score")
    best = None
    for threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        for ambiguity in (0.0, 0.02, 0.05, 0.08, 0.1):
            correct = wrong = asked = 0
            for gold, pred, conf, margin in rows:
                if conf < threshold or margin < ambiguity:
                    asked += 1
                elif gold == pred:
                    correct += 1
                else:
                    wrong += 1
            score = correct - wrong
            print(f"{threshold:9.2f} {ambiguity:9.2f} {correct:7d} {wrong:5d} {asked:5d} {score:5d}")
            if best is None or score > best[0]:
                best = (score, threshold, ambiguity)
    print(f"best: threshold {best[1]}, ambiguity_threshold {best[2]} (score {best[0]}, n={len(rows)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
