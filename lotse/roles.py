"""Who is asking, from the wording: "mein Arbeitgeber will mir kündigen" is an employee,
"unser Mitarbeiter" an employer. Used when the role slot is empty, so the answer can lead with
the asker's own next step. Pure function; returns None when the wording does not tell."""

from __future__ import annotations

import re

from lotse.kb.store import fold

_PATTERNS = {
    "arbeitnehmer": (
        r"\bmein(e|em|en)? (arbeitgeber|chef|chefin|vorgesetzte|firma|betrieb|arbeitsstelle)",
        r"\bmir (gekuendigt|kuendigen)", r"\bich (bin|wurde) gekuendigt", r"\bmich (kuendigen|entlassen)",
        r"\bich (bin|wurde) (schwerbehindert|gleichgestellt)", r"\bich habe (einen |ein )?gdb",
        r"\bals (arbeitnehmer|beschaeftigte|angestellte)", r"\bbei meiner arbeit",
    ),
    "arbeitgeber": (
        r"\bunser(e|em|en|er)? (mitarbeiter|mitarbeiterin|beschaeftigte|angestellte|kollege|azubi)",
        r"\beine[mnr]? (\w+ )?(mitarbeiter|mitarbeiterin|beschaeftigten|angestellten) (\w+ )?"
        r"(kuendigen|entlassen|einstellen)",
        r"\bwir (wollen|moechten|muessen|werden) .*\b(kuendigen|entlassen|einstellen)\b",
        r"\bals arbeitgeber", r"\bich bin arbeitgeber",
        r"\bwir (beschaeftigen|haben \d+ (mitarbeiter|beschaeftigte|arbeitsplaetze))",
        r"\bpersonalabteilung", r"\bunser(e|em)? (betrieb|firma|unternehmen)",
    ),
    "sbv": (
        r"\bals (sbv|vertrauensperson|schwerbehindertenvertretung|betriebsrat|personalrat)",
        r"\bich bin (die |der )?(sbv|vertrauensperson|schwerbehindertenvertret)",
    ),
}
_COMPILED = {role: [re.compile(p) for p in patterns] for role, patterns in _PATTERNS.items()}


def role_from_text(message: str) -> str | None:
    """'arbeitnehmer', 'arbeitgeber', 'sbv' or None; a message pointing both ways gives None."""
    folded = fold(message or "")
    found = {role for role, patterns in _COMPILED.items() if any(p.search(folded) for p in patterns)}
    if "sbv" in found:
        return "sbv"
    return found.pop() if len(found) == 1 else None
