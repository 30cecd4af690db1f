"""Configuration loads, and the offline variant differs only in the documented spaCy parts."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa.shared.importers.importer import TrainingDataImporter

ROOT = Path(__file__).resolve().parent.parent
SPACY_COMPONENTS = {"SpacyNLP", "SpacyTokenizer", "SpacyFeaturizer"}


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_config_is_german_with_required_components():
    config = load("config.yml")
    assert config["language"] == "de"
    names = [c["name"] for c in config["pipeline"]]
    for required in ("SpacyNLP", "SpacyTokenizer", "SpacyFeaturizer", "RegexFeaturizer",
                     "LexicalSyntacticFeaturizer", "CountVectorsFeaturizer", "DIETClassifier",
                     "EntitySynonymMapper", "ResponseSelector", "FallbackClassifier"):
        assert required in names, required
    analyzers = {c.get("analyzer") for c in config["pipeline"] if c["name"] == "CountVectorsFeaturizer"}
    assert analyzers == {"word", "char_wb"}  # lemma words and character n-grams (compounds)
    assert next(c for c in config["pipeline"] if c["name"] == "SpacyNLP")["model"] == "de_core_news_sm"
    policies = {p["name"] for p in config["policies"]}
    assert {"RulePolicy", "MemoizationPolicy", "TEDPolicy"} <= policies


def test_offline_config_differs_only_in_spacy_parts():
    official, offline = load("config.yml"), load("config.offline.yml")
    assert {k: v for k, v in official.items() if k != "pipeline"} == \
        {k: v for k, v in offline.items() if k != "pipeline"}
    rest = [c for c in official["pipeline"] if c["name"] not in SPACY_COMPONENTS]
    rest_offline = [c for c in offline["pipeline"] if c["name"] not in SPACY_COMPONENTS]
    assert rest == rest_offline
    spacy_offline = {c["name"]: c for c in offline["pipeline"] if c["name"] in SPACY_COMPONENTS}
    assert spacy_offline["SpacyNLP"]["model"] == "models/spacy/de_lotse_offline"
    assert "SpacyFeaturizer" not in spacy_offline  # no vectors/tok2vec in the offline pipeline
    assert "SpacyTokenizer" in spacy_offline


def test_offline_pipeline_is_not_labelled_as_the_official_model():
    from scripts.build_offline_spacy import NAME

    assert "core_news" not in NAME
    meta = ROOT / "models" / "spacy" / "de_lotse_offline" / "meta.json"
    if meta.exists():  # built by `make setup` on machines without the official model
        assert '"name":"lotse_offline"' in meta.read_text().replace(" ", "")


def test_rasa_reads_config_domain_and_data():
    for config in ("config.yml", "config.offline.yml"):
        importer = TrainingDataImporter.load_from_config(
            str(ROOT / config), str(ROOT / "domain.yml"), [str(ROOT / "data")])
        domain = importer.get_domain()
        assert "action_answer_topic" in domain.action_names_or_texts
        assert importer.get_config()["language"] == "de"
