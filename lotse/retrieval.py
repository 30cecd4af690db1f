"""One answer engine over the whole knowledge base: every topic, every entry, every law Absatz.

The intent classifier proposes, retrieval decides the passage. At build time every topic overview,
every FAQ entry and every Absatz of the stored laws becomes a row of an SQLite FTS5 index whose
columns hold normalised German terms (`lotse.textnorm`: folded tokens, lemmas, compound parts).
At question time BM25 ranks the rows, and a small linear re-ranker adds what BM25 cannot see:
the editor-curated triggers, the classifier's confidence for the entry's topic, the topic of the
conversation, the asker's role and a benefit name the NLU recognised. `decide` turns the ranking
into one of four outcomes: answer one entry, offer two, point to a paragraph, or admit defeat.
Pure module (no Rasa import); the weights are constants here, measured in docs/measurements.md.
"""

from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache

from lotse.kb.loader import KNOWLEDGE_DIR
from lotse.kb.model import Topic
from lotse.kb.store import fold
from lotse.kb.yamlio import load_yaml
from lotse.law import Passage, passages
from lotse.textnorm import Lexicon, lemma, terms, tokens

# column weights of bm25(entries_fts, key, question, triggers, names, body)
W_QUESTION, W_TRIGGERS, W_NAMES, W_BODY = 4.0, 3.0, 1.5, 1.0
W_TRIGGER_HIT = 2.5      # per curated trigger found in the message (at most three count)
W_INTENT = 8.0           # times the classifier's confidence for the entry's topic
W_CURRENT_TOPIC = 1.5    # the conversation is already about this topic
W_FOLLOW_UP = 10.0       # ... and the message is a short follow-up ("gilt das auch für …?")
FOLLOW_UP_WORDS = frozenset({"das", "dann", "da", "dafuer", "dazu", "dort", "auch", "und", "aber",
                             "trotzdem", "sonst", "ebenfalls", "davon", "darauf", "dabei"})
W_ROLE = 1.5             # entry written for the asker's role (minus for the other side)
W_LEISTUNG = 4.0         # the NLU recognised this benefit's name
W_COVER = 8.0            # times the idf-weighted share of the question's terms the entry has
LAW_FACTOR = 0.55        # a paragraph must beat entries clearly to be chosen
ANSWER_MIN = 10.0        # below this nothing "clearly" matches
COVER_MIN = 0.35         # an answer must contain at least this share of the question's weight
COMMON_SHARE = 0.08      # a term in more than this share of entries is too common for triggers
CLEAR_RATIO = 1.25       # best must beat the second-best other entry by this factor
CHOOSE_MIN = 3.5         # below this we do not even offer choices
LAW_MIN = 6.0            # a paragraph needs at least this much to be quoted
VAGUE_WEIGHT = 4.0       # a message whose terms weigh less than this is too vague to search

_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Entry:
    """A row of the index. key: 'topic', 'topic#faq' or 'law:SGB IX:§ 173 Abs. 3'."""

    key: str
    kind: str  # "topic" | "faq" | "law"
    topic_id: str
    faq_id: str
    title: str
    audience: str
    triggers: tuple[str, ...] = ()
    text: str = ""  # law passages only: the Absatz text to quote


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    bm25: float
    triggers: int = 0
    cover: float = 0.0


@dataclass(frozen=True)
class Decision:
    """outcome: 'answer' (hits[0]), 'choose' (hits[:2]), 'law' (hits[0] is a passage), 'none'."""

    outcome: str
    hits: tuple[Hit, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------- build


def _join(values: list[str]) -> str:
    return " ".join(values)


def build_lexicon(topics: list[Topic], laws: list[Passage]) -> Lexicon:
    """Every word of the knowledge base and the law texts: the parts compounds may split into."""
    words: set[str] = set()
    for t in topics:
        texts = [t.title, t.short, t.details, *t.synonyms, *t.conditions]
        for f in t.faqs:
            texts += [f.question, f.answer, *f.triggers]
        for value in texts:
            words.update(tokens(value))
    for p in laws:
        words.update(tokens(p.title + " " + p.text))
    return Lexicon(words)


def build_index(con: sqlite3.Connection, topics: list[Topic]) -> None:
    """Write the entries, the lexicon and the FTS5 index into an open (new) database."""
    laws = passages()
    lexicon = build_lexicon(topics, laws)

    def t(value: str) -> str:
        return _join(terms(value, lexicon))

    con.execute("CREATE TABLE lexicon (word TEXT PRIMARY KEY)")
    con.executemany("INSERT INTO lexicon VALUES (?)", [(w,) for w in sorted(lexicon.words)])
    con.execute(
        "CREATE TABLE entries (key TEXT PRIMARY KEY, kind TEXT, topic_id TEXT, faq_id TEXT, "
        "title TEXT, audience TEXT, triggers TEXT, text TEXT, terms TEXT)"
    )
    con.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5(key UNINDEXED, question, triggers, names, "
        "body, tokenize = 'unicode61 remove_diacritics 2')"
    )
    rows: list[tuple[Entry, str, str, str, str]] = []
    for topic in topics:
        names = t(" ".join([topic.title, *topic.synonyms]))
        rows.append((
            Entry(topic.id, "topic", topic.id, "", topic.title, topic.audience),
            t(topic.title), "", names,
            t(" ".join([topic.short, topic.details, *topic.conditions])),
        ))
        for faq in topic.faqs:
            rows.append((
                Entry(f"{topic.id}#{faq.id}", "faq", topic.id, faq.id,
                      faq.question or topic.title, faq.audience, faq.triggers),
                t(faq.question), t(" ; ".join(faq.triggers)), names, t(faq.answer),
            ))
    for p in laws:
        rows.append((
            Entry(f"law:{p.law}:{p.norm}", "law", "", "", f"{p.norm} {p.law} – {p.title}",
                  "alle", (), p.text),
            t(p.title), "", "", t(p.text),
        ))
    for entry, question, trig, names, body in rows:
        all_terms = " ".join(dict.fromkeys(f"{question} {trig} {names} {body}".split()))
        con.execute(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.key, entry.kind, entry.topic_id, entry.faq_id, entry.title, entry.audience,
             "\x1f".join(entry.triggers), entry.text, all_terms),
        )
        con.execute("INSERT INTO entries_fts VALUES (?, ?, ?, ?, ?)",
                    (entry.key, question, trig, names, body))


# --------------------------------------------------------------------------- query


def is_follow_up(message: str) -> bool:
    """A short message that refers back ("und wenn …", "gilt das auch für …?")."""
    words = _WORD.findall(fold(message or ""))
    return len(words) <= 9 and any(w in FOLLOW_UP_WORDS for w in words)


def trigger_hits(triggers: tuple[str, ...], message_words: list[str]) -> int:
    """How many curated triggers occur: every word of a trigger begins some word of the message."""
    count = 0
    for trigger in triggers:
        parts = _WORD.findall(fold(trigger))
        if parts and all(any(w.startswith(p) for w in message_words) for p in parts):
            count += 1
    return count


def load_search_synonyms(knowledge_dir=KNOWLEDGE_DIR) -> dict[str, tuple[str, ...]]:  # noqa: ANN001
    """knowledge/search_synonyms.yml, folded: user word -> knowledge-base words."""
    path = knowledge_dir / "search_synonyms.yml"
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    return {fold(str(k)): tuple(fold(str(v)) for v in values or [])
            for k, values in (data.get("synonyms") or {}).items()}


class Retriever:
    """Ranks entries of a built knowledge database for a message. Thread-safe (one connection
    per call); the lexicon and entry table are loaded once."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        with self._connect() as con:
            self.lexicon = Lexicon(w for (w,) in con.execute("SELECT word FROM lexicon"))
            rows = con.execute("SELECT key, kind, topic_id, faq_id, title, audience, triggers, "
                               "text, terms FROM entries").fetchall()
        self.entries = {
            row[0]: Entry(row[0], row[1], row[2], row[3], row[4], row[5],
                          tuple(x for x in row[6].split("\x1f") if x), row[7])
            for row in rows
        }
        self.entry_terms = {row[0]: frozenset(row[8].split()) for row in rows}
        df: dict[str, int] = {}
        for bag in self.entry_terms.values():
            for term in bag:
                df[term] = df.get(term, 0) + 1
        n = max(len(rows), 1)
        self.idf = {term: math.log(1 + n / count) for term, count in df.items()}
        self.max_idf = math.log(1 + n)
        self.common = frozenset(t for t, c in df.items() if c > COMMON_SHARE * n)
        self.synonyms = load_search_synonyms()
        self._by_question = {fold(" ".join(e.title.split())): e.key
                             for e in self.entries.values() if e.kind == "faq"}

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)

    def query_terms(self, message: str) -> list[str]:
        """Terms of the message plus the knowledge-base words for colloquial ones."""
        found = terms(message, self.lexicon)
        extra: list[str] = []
        folded = fold(message)
        for word in [*found, *(k for k in self.synonyms if " " in k and k in folded)]:
            for syn in self.synonyms.get(word, ()):
                extra += terms(syn, self.lexicon)
        return list(dict.fromkeys(found + extra))

    def query_weight(self, message: str) -> float:
        """How much the message says: the summed idf of its terms ('Hilfe bitte' says little)."""
        return sum(self.idf.get(t, 0.0) for t in terms(message, self.lexicon))

    def coverage(self, key: str, query_terms: list[str]) -> float:
        """idf-weighted share of the question's terms found in the entry (0..1)."""
        weights = {t: self.idf.get(t, self.max_idf) for t in query_terms}
        total = sum(weights.values())
        if not total:
            return 0.0
        bag = self.entry_terms.get(key, frozenset())
        return sum(w for t, w in weights.items() if t in bag) / total

    def _trigger_hits(self, triggers: tuple[str, ...], words: list[str]) -> int:
        """Curated triggers found, ignoring triggers made only of very common words."""
        useful = tuple(t for t in triggers
                       if any(lemma(w) not in self.common and w not in self.common
                              for w in tokens(t)))
        return min(trigger_hits(useful, words), 3) if useful else 0

    def rank(
        self,
        message: str,
        *,
        intents: dict[str, float] | None = None,
        topic: str | None = None,
        role: str | None = None,
        leistung: tuple[str, ...] = (),
        limit: int = 8,
        include_law: bool = True,
    ) -> list[Hit]:
        """Entries best first. intents: topic id -> classifier confidence."""
        message = (message or "")[:2000]
        found = self.query_terms(message)
        if not found:
            return []
        query = " OR ".join(f'"{w}"*' if len(w) >= 6 else f'"{w}"' for w in found[:40])
        with self._connect() as con:
            rows = con.execute(
                "SELECT key, bm25(entries_fts, 0.0, ?, ?, ?, ?) FROM entries_fts "
                "WHERE entries_fts MATCH ? ORDER BY 2 LIMIT 60",
                (W_QUESTION, W_TRIGGERS, W_NAMES, W_BODY, query),
            ).fetchall()
        words = _WORD.findall(fold(message))
        exact = self._by_question.get(fold(" ".join(message.split())))
        topic_weight = W_FOLLOW_UP if is_follow_up(message) else W_CURRENT_TOPIC
        intents = intents or {}
        hits: list[Hit] = []
        for key, raw in rows:
            entry = self.entries[key]
            if entry.kind == "law" and not include_law:
                continue
            bm = -raw
            n_trig = self._trigger_hits(entry.triggers, words) if entry.triggers else 0
            cover = self.coverage(key, found)
            score = bm + W_TRIGGER_HIT * n_trig + W_COVER * cover
            if entry.kind == "law":
                score *= LAW_FACTOR
            else:
                score += W_INTENT * intents.get(entry.topic_id, 0.0)
                if topic and entry.topic_id == topic:
                    score += topic_weight
                if entry.topic_id in leistung:
                    score += W_LEISTUNG
                if role and entry.audience in ("arbeitnehmer", "arbeitgeber", "sbv"):
                    score += W_ROLE if entry.audience == role else -W_ROLE
            if key == exact:
                score += 100.0  # a button payload: the user chose this entry
            hits.append(Hit(entry, score, bm, n_trig, cover))
        hits.sort(key=lambda h: (-h.score, h.entry.key))
        return hits[:limit]

    def decide(self, hits: list[Hit], n_terms: int = 0) -> Decision:
        """Answer when one entry is clearly best, offer two when it is close, else a paragraph.

        A long story has many words no entry shares, so the share of the question an entry must
        cover shrinks with the number of terms (three terms' worth, at most COVER_MIN)."""
        cover_min = min(COVER_MIN, 3.0 / n_terms) if n_terms else COVER_MIN
        entries = [h for h in hits if h.entry.kind != "law"]
        laws = [h for h in hits if h.entry.kind == "law"]
        if entries:
            best = entries[0]
            rival = next((h for h in entries[1:] if not _same_answer(h.entry, best.entry)), None)
            sure = best.score >= ANSWER_MIN and best.cover >= cover_min
            if sure and (rival is None or best.score >= CLEAR_RATIO * rival.score):
                return Decision("answer", (best,))
            if (rival is not None and best.score >= CHOOSE_MIN and rival.score >= CHOOSE_MIN
                    and max(best.cover, rival.cover) >= cover_min):
                return Decision("choose", (best, rival))
            if sure:
                return Decision("answer", (best,))
        if laws and laws[0].score >= LAW_MIN and laws[0].cover >= cover_min and \
                (not entries or laws[0].score > entries[0].score):
            return Decision("law", (laws[0],))
        return Decision("none")


def _same_answer(a: Entry, b: Entry) -> bool:
    """A topic and its own overview entry are not rivals of each other."""
    return a.key == b.key


def best_sentence(text: str, query_terms: list[str], lexicon: Lexicon) -> str:
    """The sentence of a law Absatz that shares most terms with the question."""
    sentences = [s.strip() for s in re.split(r"(?<=[a-zäöüß)]{2}[.;])\s+(?=[A-ZÄÖÜ])", text)
                 if s.strip()]
    wanted = set(query_terms)
    return max(sentences or [text], key=lambda s: len(wanted & set(terms(s, lexicon))))


@lru_cache(maxsize=4)
def retriever_for(db_path: str) -> Retriever:
    return Retriever(db_path)
