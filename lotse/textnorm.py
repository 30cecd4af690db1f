"""German text normalisation for retrieval: fold, tokenise, lemmatise, split compounds.

Users write "kündigunsschutz", "Schwerbehindertenausweis", "gekündigt" and "Kündigung"; entries use
other forms of the same words. Matching therefore compares *terms*: folded tokens (umlauts and
case removed), their lemmas (simplemma's German dictionary, shipped in its wheel) and the parts of
compounds. Compounds are split against a domain lexicon built from the knowledge base and the law
texts (`Lexicon`), so "Kündigungsschutzverfahren" yields kuendigung, schutz, verfahren. Pure
functions, no Rasa import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import simplemma

from lotse.kb.store import fold

_WORD = re.compile(r"[a-z0-9]+")
MIN_PART = 4  # shortest compound part we trust ("amt" and "hilfe"-like parts need context)
FUZZY_MIN = 6  # shorter words are too easily confused with each other to correct
FUGEN = ("s", "es", "n", "en", "er", "e")  # linking elements between compound parts

# Function words and words so frequent in this domain that they do not tell entries apart.
STOP = frozenset(fold(w) for w in """
aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim bin bis
bitte bist da dabei dafür damit dann darf darüber das dass dazu dein deine dem den denn der des
dessen die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer
eines er es etwa euch euer für gegen gibt habe haben hat hatte hätte ich ihm ihn ihnen ihr ihre
ihrem ihren ihrer im in ist ja je jetzt kann kein keine keinem keinen können könnte man mein
meine meinem meinen meiner mich mir mit muss müssen nach nicht noch nun nur ob oder ohne schon
sehr sein seine seinem seinen sich sie sind so soll sollte über um und uns unser unsere unter
vom von vor war wäre warum was weil wenn wer werde werden wie wieder wir wird wo wurde zu zum
zur zwar hallo guten tag danke frage fragen eigentlich genau gerne mal bzw usw
will wollen willst moechte moechten tun kannst koennen soll sollen darf duerfen
""".split())


@lru_cache(maxsize=50000)
def lemma(token: str) -> str:
    """Folded lemma of a folded token ('gekuendigt' -> 'kuendigen'); the token if unknown."""
    # simplemma knows umlauts; try the token as typed with umlauts restored first
    for candidate in (_unfold(token), token):
        found = simplemma.lemmatize(candidate, lang="de")
        if found and fold(found) != candidate:
            return fold(found)
    return token


def _unfold(token: str) -> str:
    return token.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü")


def tokens(text: str) -> list[str]:
    """Folded word tokens of at least two characters, stop words removed."""
    return [t for t in _WORD.findall(fold(text or "")) if len(t) >= 2 and t not in STOP]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


class Lexicon:
    """Known words of the domain: split compounds into known parts, correct one-letter typos.

    Typos are corrected SymSpell-style (an index of every word with one letter deleted), which
    finds words at edit distance 1 – also transpositions – in constant time per token.
    """

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(w for w in words if len(w) >= MIN_PART)
        self._del: dict[str, str] = {}
        for w in sorted(self.words, key=lambda x: (-len(x), x)):
            if len(w) >= FUZZY_MIN:
                for d in _deletes(w) | {w}:
                    self._del.setdefault(d, w)

    def correct(self, token: str) -> str | None:
        """A known word one edit away from an unknown token ('kuendigunsschutz'), else None."""
        if len(token) < FUZZY_MIN or token in self.words:
            return None
        for key in (token, *_deletes(token)):
            found = self._del.get(key)
            if found and found != token and abs(len(found) - len(token)) <= 1:
                return found
        return None

    def split(self, token: str) -> list[str]:
        """Parts of a compound ('kuendigungsschutz' -> ['kuendigung', 'schutz']), [] if none.

        Dynamic programming over split points: each part must be a known word (optionally with a
        linking element); prefer fewer, longer parts.
        """
        n = len(token)
        if n < 2 * MIN_PART:
            return []
        best: list[list[str] | None] = [None] * (n + 1)
        best[0] = []
        for end in range(MIN_PART, n + 1):
            for start in range(0, end - MIN_PART + 1):
                prefix = best[start]
                if prefix is None:
                    continue
                part = self._known(token[start:end], last=end == n)
                if part is None:
                    continue
                candidate = [*prefix, part]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
        parts = best[n]
        return parts if parts and len(parts) > 1 else []

    def _known(self, piece: str, *, last: bool) -> str | None:
        if piece in self.words:
            return piece
        if not last:
            for fuge in FUGEN:
                if piece.endswith(fuge) and piece[: -len(fuge)] in self.words:
                    return piece[: -len(fuge)]
        return None


def terms(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """Search terms of a text: tokens, their lemmas and compound parts (duplicates kept once)."""
    out: dict[str, None] = {}
    for tok in tokens(text):
        out[tok] = None
        known = lexicon is not None and tok in lexicon.words
        lem = tok if known else lemma(tok)  # a word the domain uses as it is stays as it is
        if lem not in STOP:
            out[lem] = None
        if lexicon is None:
            continue
        fixed = lexicon.correct(tok) if tok not in lexicon.words else None
        if fixed:
            out[fixed] = None
        for part in lexicon.split(fixed or tok):
            out[part] = None
    return [t for t in out if len(t) >= 2]
