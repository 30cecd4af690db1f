"""Pure text helpers for messenger channels: length limits and numbered choices."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

TELEGRAM_LIMIT = 4096
WHATSAPP_LIMIT = 1600
FACEBOOK_LIMIT = 2000
ROCKETCHAT_LIMIT = 5000

_ABBREVIATIONS = frozenset(
    "abs nr bzw ggf ca vgl inkl evtl max mind art tel s z b d h u a i r o e v".split())
_MONTH_WORDS = frozenset(
    "januar februar märz april mai juni juli august september oktober november dezember".split())
_CANDIDATE = re.compile(r"[.!?]+(?=\s+(\S+))")


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Decide whether the punctuation at `match` closes a sentence (German conventions)."""
    following = match.group(1)
    if not (following[0].isupper() or following[0].isdigit() or following[0] in "§\"„("):
        return False
    if match.group(0) != ".":
        return True
    before = re.search(r"(\S+)$", text[:match.start()])
    token = before.group(1) if before else ""
    if token.lower().lstrip("(") in _ABBREVIATIONS:
        return False
    if re.fullmatch(r"\d{1,2}", token) and following.lower().strip(",.") in _MONTH_WORDS:
        return False
    return True


def sentences(text: str) -> list[str]:
    """Split text into sentences without breaking '1. Januar', '§ 160 Abs. 2' or 'z. B. Hilfen'."""
    parts, start = [], 0
    for match in _CANDIDATE.finditer(text):
        if _ends_sentence(text, match):
            parts.append(text[start:match.end()].strip())
            start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _hard_split(piece: str, limit: int) -> list[str]:
    """Split one over-long sentence at the last space before the limit (or hard, if none)."""
    out = []
    while len(piece) > limit:
        cut = piece.rfind(" ", 0, limit + 1)
        cut = cut if cut > limit // 2 else limit
        out.append(piece[:cut].rstrip())
        piece = piece[cut:].lstrip()
    if piece:
        out.append(piece)
    return out


def split_message(text: str, limit: int) -> list[str]:
    """Split `text` into chunks of at most `limit` characters.

    Paragraphs are kept together when they fit; otherwise the text is cut at paragraph, line and
    then sentence boundaries, and only a single over-long sentence is cut at a space.
    """
    if limit < 20:
        raise ValueError("limit too small")
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    units: list[tuple[str, str]] = []  # (separator before the unit, unit)
    for p_index, paragraph in enumerate(re.split(r"\n\s*\n", text)):
        for l_index, line in enumerate(paragraph.split("\n")):
            sep = "\n\n" if p_index and not l_index else ("\n" if l_index else "")
            for s_index, sentence in enumerate(sentences(line) or [""]):
                for h_index, piece in enumerate(_hard_split(sentence, limit)):
                    units.append((sep if not s_index and not h_index else " ", piece))
    chunks: list[str] = []
    current = ""
    for sep, unit in units:
        if not current:
            current = unit
        elif len(current) + len(sep) + len(unit) <= limit:
            current += sep + unit
        else:
            chunks.append(current.strip())
            current = unit
    if current.strip():
        chunks.append(current.strip())
    return chunks


def numbered_choices(buttons: Sequence[dict[str, Any]]) -> str:
    """Render buttons as numbered lines: '1) Voraussetzungen' ..."""
    return "\n".join(f"{i}) {b.get('title') or b.get('payload')}" for i, b in enumerate(buttons, 1))


def _norm(value: str) -> str:
    return re.sub(r"[^0-9a-zäöüß ]+", "", value.lower()).strip()


def resolve_choice(reply: str, buttons: Sequence[dict[str, Any]]) -> str | None:
    """Map a reply to a button payload: its number ('2', '2)', ' 2. ') or its exact title."""
    if not buttons:
        return None
    match = re.fullmatch(r"\s*(\d{1,2})\s*[).:]?\s*", reply)
    if match:
        index = int(match.group(1)) - 1
        return buttons[index].get("payload") if 0 <= index < len(buttons) else None
    wanted = _norm(reply)
    for button in buttons:
        if wanted and _norm(str(button.get("title", ""))) == wanted:
            return button.get("payload")
    return None
