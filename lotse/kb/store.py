"""SQLite store with FTS5 search, built from validated topics and queried by the actions.

The database is a build artefact (build/kb.sqlite): the YAML stays the source of truth. It is
written to a temporary file and renamed into place, so a failed build never leaves a half-loaded
database behind.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

from lotse.kb.loader import KNOWLEDGE_DIR, load_topics
from lotse.kb.model import Topic

DEFAULT_DB = Path(__file__).resolve().parents[2] / "build" / "kb.sqlite"
SCHEMA_VERSION = 2


def fold(text: str) -> str:
    """Lower-case, fold umlauts/ß and strip accents: users type 'kuendigung' as often as 'Kündigung'."""
    text = unicodedata.normalize("NFKC", text).lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value)}")


def build_database(db_path: Path = DEFAULT_DB, knowledge_dir: Path = KNOWLEDGE_DIR) -> Path:
    """Validate the YAML and (re)build the database atomically. Raises KnowledgeBaseError."""
    topics = load_topics(knowledge_dir)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kb-", suffix=".sqlite", dir=db_path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        with con:
            con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            con.execute(
                "CREATE TABLE topics (id TEXT PRIMARY KEY, intent TEXT UNIQUE, kind TEXT, "
                "audience TEXT, data TEXT NOT NULL)"
            )
            con.execute("CREATE TABLE situations (tag TEXT, topic_id TEXT)")
            con.execute(
                "CREATE VIRTUAL TABLE topics_fts USING fts5(id UNINDEXED, title, synonyms, body, "
                "tokenize = 'unicode61 remove_diacritics 2')"
            )
            for t in topics:
                payload = json.dumps(dataclasses.asdict(t), default=_json_default, ensure_ascii=False)
                con.execute(
                    "INSERT INTO topics VALUES (?, ?, ?, ?, ?)",
                    (t.id, t.intent, t.kind, t.audience, payload),
                )
                con.executemany(
                    "INSERT INTO situations VALUES (?, ?)", [(s, t.id) for s in t.situations]
                )
                body = " ".join([t.short, t.details, *t.conditions, *(f.answer for f in t.faqs)])
                con.execute(
                    "INSERT INTO topics_fts VALUES (?, ?, ?, ?)",
                    (t.id, fold(t.title), fold(" ; ".join(t.synonyms)), fold(body)),
                )
            from lotse.retrieval import build_index  # local: retrieval imports this module

            build_index(con, topics)
            con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            con.execute("INSERT INTO meta VALUES ('topics', ?)", (str(len(topics)),))
        con.close()
        os.replace(tmp, db_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return db_path


def _topic_from_json(raw: str) -> Topic:
    data = json.loads(raw)
    return _revive(data)


def _revive(data: dict) -> Topic:
    from lotse.kb.model import Amount, Faq, LegalRef

    def refs(items: list[dict]) -> tuple[LegalRef, ...]:
        return tuple(LegalRef(**r) for r in items)

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return Topic(
        **{
            **data,
            "synonyms": tuple(data["synonyms"]),
            "conditions": tuple(data["conditions"]),
            "legal_basis": refs(data["legal_basis"]),
            "sources": tuple(data["sources"]),
            "last_reviewed": day(data["last_reviewed"]),
            "situations": tuple(data["situations"]),
            "excluded": tuple(data["excluded"]),
            "amounts": tuple(
                Amount(**{**a, "valid_from": day(a["valid_from"]),
                          "valid_until": day(a.get("valid_until"))})
                for a in data["amounts"]
            ),
            "deadlines": tuple(data["deadlines"]),
            "related": tuple(data["related"]),
            "apply_by_role": tuple(tuple(x) for x in data.get("apply_by_role") or ()),
            "faqs": tuple(
                Faq(**{**f, "triggers": tuple(f["triggers"]), "legal_basis": refs(f["legal_basis"]),
                       "last_reviewed": day(f.get("last_reviewed"))})
                for f in data["faqs"]
            ),
        }
    )


_WORD = re.compile(r"[a-z0-9]{3,}")


class KnowledgeStore:
    """Read-only access to the built database. One connection per call keeps it thread-safe."""

    def __init__(self, db_path: Path = DEFAULT_DB):
        self.db_path = Path(db_path)
        if not self.db_path.exists():
            raise FileNotFoundError(f"Wissensdatenbank {self.db_path} fehlt: 'make kb' ausführen")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)

    def topic(self, topic_id: str) -> Topic | None:
        with self._connect() as con:
            row = con.execute("SELECT data FROM topics WHERE id = ?", (topic_id,)).fetchone()
        return _topic_from_json(row[0]) if row else None

    def topic_for_intent(self, intent: str) -> Topic | None:
        with self._connect() as con:
            row = con.execute("SELECT data FROM topics WHERE intent = ?", (intent,)).fetchone()
        return _topic_from_json(row[0]) if row else None

    def all_topics(self) -> list[Topic]:
        with self._connect() as con:
            rows = con.execute("SELECT data FROM topics ORDER BY id").fetchall()
        return [_topic_from_json(r[0]) for r in rows]

    def intents(self) -> set[str]:
        with self._connect() as con:
            rows = con.execute("SELECT intent FROM topics WHERE intent IS NOT NULL").fetchall()
        return {r[0] for r in rows}

    def by_situation(self, tags: list[str]) -> list[tuple[str, int]]:
        """Topic ids with the number of matching situation tags, most matches first."""
        if not tags:
            return []
        marks = ",".join("?" * len(tags))
        with self._connect() as con:
            rows = con.execute(
                f"SELECT topic_id, COUNT(*) AS n FROM situations WHERE tag IN ({marks}) "
                "GROUP BY topic_id ORDER BY n DESC, topic_id",
                tags,
            ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def search(self, text: str, limit: int = 5) -> list[tuple[str, float]]:
        """Full-text search (BM25; title and synonyms weigh more than body). Returns (id, score)."""
        words = _WORD.findall(fold(text))
        if not words:
            return []
        query = " OR ".join(f'"{w}"*' for w in dict.fromkeys(words))
        with self._connect() as con:
            rows = con.execute(
                "SELECT id, bm25(topics_fts, 0.0, 5.0, 3.0, 1.0) AS score FROM topics_fts "
                "WHERE topics_fts MATCH ? ORDER BY score LIMIT ?",
                (query, limit),
            ).fetchall()
        return [(r[0], -r[1]) for r in rows]
