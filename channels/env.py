"""Lazy `${VAR}` settings for channel credentials.

Rasa expands unquoted `${VAR}` in credentials.yml itself and refuses to start when a variable is
unset. The messenger channels are optional, so credentials.yml quotes the placeholders
(`"${TELEGRAM_TOKEN}"`): YAML then passes the literal text here, and a channel whose variables are
missing is simply switched off instead of stopping the whole server.
"""

from __future__ import annotations

import os
import re
from typing import Any

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def setting(value: Any, default: str | None = None) -> str | None:
    """Expand `${VAR}` placeholders; None (or `default`) when a variable is unset or empty."""
    if value is None:
        return default
    text = str(value)
    missing = False

    def expand(match: re.Match[str]) -> str:
        nonlocal missing
        found = os.environ.get(match.group(1), "")
        missing = missing or not found
        return found

    expanded = _PLACEHOLDER.sub(expand, text).strip()
    if missing or not expanded:
        return default
    return expanded
