"""`python -m lotse.kb.build`: validate every knowledge file and build build/kb.sqlite.

Exits 1 with messages naming file, entry and field when anything is invalid; the previous
database then stays untouched.
"""

from __future__ import annotations

import sys


def main() -> int:
    from lotse.finder import load_situations
    from lotse.kb.errors import KnowledgeBaseError
    from lotse.kb.store import build_database
    from lotse.levy import LevyRatesError, load_rates
    from lotse.offices import KnowledgeError, load_directory
    from lotse.texts import load_texts

    try:
        load_texts()
        load_situations()
        load_rates()
        load_directory()
        path = build_database()
    except (KnowledgeBaseError, KnowledgeError, LevyRatesError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Wissensbasis geprüft und gebaut: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
