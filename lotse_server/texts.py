"""Server-side texts from knowledge/service_texts.yml (validated like knowledge/texts.yml)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lotse.texts import load_texts

SERVICE_TEXTS = Path(__file__).resolve().parent.parent / "knowledge" / "service_texts.yml"


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, str]]:
    return load_texts(SERVICE_TEXTS)


def service_text(key: str, leichte: bool = False, **values: object) -> str:
    variant = _texts()[key]["ls" if leichte else "de"]
    return variant.format(**values) if values else variant
