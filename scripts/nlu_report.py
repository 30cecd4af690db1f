"""Write docs/nlu-report.md: held-out NLU evaluation of the trained model."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lotse.nlu_eval import predict, report, scores  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--holdout", type=Path, default=ROOT / "tests" / "nlu_holdout.yml")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "nlu-report.md")
    args = ap.parse_args()
    model = args.model or sorted((ROOT / "models").glob("lotse-*.tar.gz"))[-1]
    rows = predict(model, args.holdout)
    args.out.write_text(report(rows, model.name, "make nlu-report"), encoding="utf-8")
    _, macro, acc = scores([(g, p) for _, g, p in rows])
    print(f"macro-F1 {macro:.3f}, accuracy {acc:.3f} on {len(rows)} held-out sentences -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
