"""Issue 11: the Ausgleichsabgabe rates live in knowledge/levy_rates.yml only.

Topic files must use the placeholders {levy_rates} / {levy_rates_2024} instead of typing a rate; a
copied rate would silently go stale at the next adjustment under § 160 Abs. 3 SGB IX.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
TOPIC_FILES = sorted((KNOWLEDGE / "topics").glob("*.yml"))


def _rates() -> set[int]:
    data = yaml.safe_load((KNOWLEDGE / "levy_rates.yml").read_text(encoding="utf-8"))
    found: set[int] = set()

    def walk(node) -> None:  # noqa: ANN001 - YAML node
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, int) and not isinstance(node, bool):
            found.add(node)

    for period in data["periods"]:
        for key, value in period.items():
            if key not in ("valid_from", "valid_until", "source"):
                walk(value)
    return found


RATES = _rates()


def _euro_pattern(amount: int) -> re.Pattern[str]:
    # 155 €, 155,00 €, 155 Euro, 155 EUR, 155€, also with a thousands dot (1.155 € is a different amount)
    return re.compile(rf"(?<![\d.,]){amount}(?:,00)?\s*(?:€|Euro\b|EUR\b)")


def test_rates_file_has_rates():
    assert RATES and all(isinstance(r, int) and r > 0 for r in RATES)


@pytest.mark.parametrize("path", TOPIC_FILES, ids=lambda p: p.name)
def test_no_levy_rate_typed_in_topic_file(path: Path):
    text = path.read_text(encoding="utf-8")
    copies = [f"{rate} €" for rate in sorted(RATES) if _euro_pattern(rate).search(text)]
    assert not copies, (
        f"{path.name} nennt Sätze der Ausgleichsabgabe wörtlich ({', '.join(copies)}); "
        "bitte {levy_rates} bzw. {levy_rates_2024} verwenden (Quelle: knowledge/levy_rates.yml)")


@pytest.mark.parametrize("path", TOPIC_FILES, ids=lambda p: p.name)
def test_no_levy_rate_as_trigger(path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rates = {str(r) for r in RATES}
    for faq in data.get("faqs") or []:
        bare = [t for t in faq.get("triggers") or [] if str(t).strip() in rates]
        assert not bare, f"{path.name}/{faq.get('id')}: Satz als Trigger {bare}"


def test_pattern_catches_a_copy_and_spares_paragraphs():
    pattern = _euro_pattern(155)
    assert pattern.search("Quote 3 % bis unter 5 %: 155 € je Monat")
    assert pattern.search("155 Euro")
    assert not pattern.search("§ 155 Abs. 1 SGB IX")
    assert not pattern.search("1.155 €")
