"""Guards NLU quality on the held-out set (sentences never used for training)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import model_path

from lotse.nlu_eval import confusions, predict, scores

ROOT = Path(__file__).resolve().parent.parent
MIN_MACRO_F1 = 0.80  # measured value and command: docs/nlu-report.md

pytestmark = pytest.mark.server


def test_metric_code():
    per_intent, macro, acc = scores([("a", "a"), ("a", "b"), ("b", "b")])
    assert [round(s.f1, 3) for s in per_intent] == [0.667, 0.667]
    assert round(macro, 3) == 0.667 and round(acc, 3) == 0.667
    assert confusions([("a", "b"), ("a", "b"), ("b", "a")]) == [("a", "b", 2), ("b", "a", 1)]


def test_macro_f1_on_held_out_set():
    rows = predict(model_path(), ROOT / "tests" / "nlu_holdout.yml")
    _, macro, _ = scores([(g, p) for _, g, p in rows])
    assert macro >= MIN_MACRO_F1, f"macro-F1 {macro:.3f} < {MIN_MACRO_F1}"
