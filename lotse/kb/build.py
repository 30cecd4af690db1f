"""`python -m lotse.kb.build`: validate the YAML and build build/kb.sqlite, or exit 1 naming the errors."""

from __future__ import annotations

import sys

from lotse.kb.errors import KnowledgeBaseError
from lotse.kb.store import build_database


def main() -> int:
    try:
        path = build_database()
    except KnowledgeBaseError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Wissensbasis gebaut: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
