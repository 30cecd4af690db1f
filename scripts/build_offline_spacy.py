"""Build the offline German spaCy pipeline used when `de_core_news_sm` cannot be downloaded.

The official model is published only on GitHub releases, which these machines cannot reach. This
pipeline is built from what PyPI offers: spaCy's German language class (tokenizer rules, stop
words), the German lemma lookup table from `spacy-lookups-data`, and an entity ruler with domain
terms. It has no POS tagger, parser, statistical NER or tok2vec, and no word vectors, so it is
saved under a different name (`de_lotse_offline`) and never labelled as `de_core_news_sm`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import spacy

NAME = "lotse_offline"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "models" / "spacy" / f"de_{NAME}"

# Domain terms the entity ruler labels; helps nothing statistical, but keeps `doc.ents` useful
# for debugging and documents which words the assistant treats as technical terms.
DOMAIN_TERMS = {
    "BEHOERDE": ["Integrationsamt", "Inklusionsamt", "Hauptfürsorgestelle", "Versorgungsamt",
                 "Agentur für Arbeit", "Integrationsfachdienst", "Rentenversicherung"],
    "GESETZ": ["SGB IX", "SchwbAV", "KfzHV", "SchwbVWO", "BUrlG"],
}


def build(out: Path) -> Path:
    """Create and save the pipeline; returns the output path."""
    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler")
    nlp.initialize()  # loads the lookup table from spacy-lookups-data
    ruler.add_patterns(
        [{"label": label, "pattern": term} for label, terms in DOMAIN_TERMS.items() for term in terms]
    )
    nlp.meta.update(
        {
            "name": NAME,
            "version": "1.0.0",
            "description": (
                "Offline German pipeline for Teilhabe-Lotse: tokenizer, lookup lemmatizer "
                "(spacy-lookups-data), entity ruler. NOT de_core_news_sm: no tagger, parser, "
                "statistical NER, tok2vec or vectors."
            ),
            "author": "Teilhabe-Lotse",
            "license": "MIT",
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    path = build(args.out)
    check = spacy.load(path)
    lemmas = [t.lemma_ for t in check("Die Arbeitgeber beantragten Zuschüsse")]
    print(f"offline spaCy pipeline written to {path} (lemmas: {' '.join(lemmas)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
