"""Knowledge base: validator (each error class), loader, atomic SQLite build, coverage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from lotse.answer import compose
from lotse.kb import KnowledgeBaseError, KnowledgeStore, build_database, load_topics
from lotse.kb.loader import KNOWLEDGE_DIR

# Every benefit and topic named in the seeds and the fact sheet (issue: "a test proves it").
REQUIRED_TOPICS = {
    # employees (facts §3, seed 000)
    "technische_arbeitshilfen", "erreichen_arbeitsplatz", "existenzgruendung", "wohnungshilfe",
    "weiterbildung", "besondere_lebenslagen", "arbeitsassistenz", "berufsbegleitung",
    "psychosoziale_betreuung",
    # employers (facts §3, seeds 000/004)
    "neue_arbeitsplaetze", "behinderungsgerechte_einrichtung", "ausbildung_arbeitgeber",
    "aussergewoehnliche_belastungen",
    # tasks and topics (facts §§1-2, 4-6, seed 002)
    "integrationsamt_allgemein", "begleitende_hilfe", "integrationsfachdienst", "eaa",
    "kuendigungsschutz", "ausgleichsabgabe", "gleichstellung", "zusatzurlaub", "mehrarbeit",
    "schwerbehindertenvertretung", "praevention_bem", "budget_fuer_arbeit", "entziehung_hilfen",
    "schulung_oeffentlichkeitsarbeit", "arbeitgeberpflichten", "antrag_formulare",
    "schwerbehinderung",
    # routing (facts §7-8)
    "verweis_versorgungsamt", "verweis_agentur_fuer_arbeit", "verweis_rentenversicherung",
    "verweis_finanzamt", "verweis_sonstige",
}
# benefits whose legal paragraph the fact sheet names; the entry must cite it
REQUIRED_CITATIONS = {
    "technische_arbeitshilfen": "§ 19 SchwbAV", "erreichen_arbeitsplatz": "§ 20 SchwbAV",
    "existenzgruendung": "§ 21 SchwbAV", "wohnungshilfe": "§ 22 SchwbAV",
    "weiterbildung": "§ 24 SchwbAV", "besondere_lebenslagen": "§ 25 SchwbAV",
    "neue_arbeitsplaetze": "§ 15 SchwbAV", "behinderungsgerechte_einrichtung": "§ 26 SchwbAV",
    "aussergewoehnliche_belastungen": "§ 27 SchwbAV", "kuendigungsschutz": "§ 168 SGB IX",
    "zusatzurlaub": "§ 208 SGB IX", "entziehung_hilfen": "§ 200 SGB IX",
    "eaa": "§ 185a SGB IX", "budget_fuer_arbeit": "§ 61 SGB IX",
}


@pytest.fixture
def kdir(tmp_path: Path) -> Path:
    """A private copy of knowledge/ that a test may break."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def edit(kdir: Path, topic: str, change) -> None:  # noqa: ANN001
    path = kdir / "topics" / f"{topic}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems_of(kdir: Path) -> list[str]:
    with pytest.raises(KnowledgeBaseError) as err:
        load_topics(kdir)
    return [str(p) for p in err.value.problems]


def test_repository_knowledge_base_is_valid_and_complete():
    topics = {t.id: t for t in load_topics()}
    assert REQUIRED_TOPICS <= set(topics), REQUIRED_TOPICS - set(topics)
    for topic_id, citation in REQUIRED_CITATIONS.items():
        cited = [str(r) for r in topics[topic_id].legal_basis]
        assert any(c.startswith(citation) for c in cited), (topic_id, cited)


@pytest.mark.parametrize("change, field, fragment", [
    (lambda d: d.pop("legal_basis"), "legal_basis", "fehlt"),
    (lambda d: d.update(legal_basis=[]), "legal_basis", "Rechtsgrundlage"),
    (lambda d: d.update(legal_basis=[{"norm": "19", "law": "SchwbAV"}]), "legal_basis[0].norm",
     "Paragraphenangabe"),
    (lambda d: d.update(legal_basis=[{"norm": "§ 19", "law": "StGB"}]), "legal_basis[0].law",
     "kein bekanntes Gesetz"),
    (lambda d: d.update(related=["gibt_es_nicht"]), "related[0]", "unbekannte Eintrags-ID"),
    (lambda d: d.update(last_reviewed="gestern"), "last_reviewed", "kein Datum"),
    (lambda d: d["amounts"][0].update(valid_from="2025-13-45"), "amounts[0].valid_from",
     "kein Datum"),
    (lambda d: d.update(kind="angebot"), "kind", "nicht erlaubt"),
    (lambda d: d.update(audience="alle_menschen"), "audience", "nicht erlaubt"),
    (lambda d: d.update(short="x" * 700), "short", "höchstens 600"),
    (lambda d: d.update(details="Siehe {unbekannt}"), "details", "Platzhalter"),
    (lambda d: d["apply"].update(responsible="mond"), "apply.responsible", "keine bekannte Stelle"),
    (lambda d: d.update(situations=["fliegen"]), "situations[0]", "Situations-Tag"),
    (lambda d: d["faqs"][0].update(triggers=[]), "faqs[0].triggers", "nicht leere Liste"),
    (lambda d: d.update(titel="Tippfehler"), "titel", "unbekanntes Feld"),
    (lambda d: d.update(intent="kuendigungsschutz"), "intent", "schon von"),
    # issue 11 #8: every answer a Leichte-Sprache user can reach has a Leichte Sprache text
    (lambda d: d["faqs"][0].pop("leichte_sprache"), "faqs[0].leichte_sprache", "nicht leerer Text"),
    (lambda d: d.pop("title_leichte_sprache"), "title_leichte_sprache", "nicht leerer Text"),
    (lambda d: d["apply"].pop("leichte_sprache"), "apply.leichte_sprache", "nicht leerer Text"),
    (lambda d: d["faqs"][0].pop("question"), "faqs[0].question", "nicht leerer Text"),
    (lambda d: d["faqs"][0].update(legal_basis=[]), "faqs[0].legal_basis", "Rechtsgrundlage"),
    # issue 9: a cited norm must exist in the law text of knowledge/law
    (lambda d: d.update(legal_basis=[{"norm": "§ 19 Abs. 7", "law": "SchwbAV"}]),
     "legal_basis[0].norm", "steht nicht im Gesetzestext"),
    (lambda d: d["faqs"][0].update(legal_basis=[{"norm": "§ 999", "law": "SGB IX"}]),
     "faqs[0].legal_basis[0].norm", "steht nicht im Gesetzestext"),
])
def test_each_error_names_file_entry_and_field(kdir, change, field, fragment):
    edit(kdir, "technische_arbeitshilfen", change)
    found = problems_of(kdir)
    expected_prefix = f"technische_arbeitshilfen.yml: Eintrag 'technische_arbeitshilfen', Feld '{field}'"
    assert any(p.startswith(expected_prefix) and fragment in p for p in found), found


def test_broken_yaml_names_the_file(kdir):
    (kdir / "topics" / "zusatzurlaub.yml").write_text("id: zusatzurlaub\ntitle: [kaputt\n")
    found = problems_of(kdir)
    assert any(p.startswith("zusatzurlaub.yml") and "YAML" in p for p in found)


def test_duplicate_yaml_keys_are_rejected_with_file_and_key(kdir):
    """Issue 11 #9: PyYAML silently kept the last of two `faqs:` keys and dropped a FAQ list."""
    path = kdir / "topics" / "zusatzurlaub.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\nfaqs: []\n", encoding="utf-8")
    found = problems_of(kdir)
    assert any(p.startswith("zusatzurlaub.yml") and "'faqs' doppelt" in p for p in found), found


def test_duplicate_keys_are_rejected_in_every_knowledge_file(kdir):
    from lotse.kb.yamlio import load_yaml

    for path in [*kdir.glob("*.yml"), *(kdir / "topics").glob("*.yml")]:
        load_yaml(path)  # the repository's files are clean
    broken = kdir / "texts.yml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\ntexts: {}\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as err:
        load_yaml(broken)
    assert "texts.yml" in str(err.value) and "'texts' doppelt" in str(err.value)


def test_same_question_twice_is_rejected(kdir):
    question = {}

    def copy_question(d):  # noqa: ANN001
        question["q"] = d["faqs"][0]["question"]

    edit(kdir, "zusatzurlaub", copy_question)
    edit(kdir, "mehrarbeit", lambda d: d["faqs"][0].update(question=question["q"]))
    assert any("gleiche Frage" in p for p in problems_of(kdir))


def test_id_must_match_file_name(kdir):
    edit(kdir, "zusatzurlaub", lambda d: d.update(id="urlaub"))
    assert any("Dateinamen" in p for p in problems_of(kdir))


def test_invalid_entry_stops_build_and_keeps_old_database(kdir, tmp_path):
    db = tmp_path / "kb.sqlite"
    build_database(db, kdir)
    before = db.read_bytes()
    edit(kdir, "zusatzurlaub", lambda d: d.pop("legal_basis"))
    with pytest.raises(KnowledgeBaseError):
        build_database(db, kdir)
    assert db.read_bytes() == before  # never half-loaded
    assert not list(tmp_path.glob(".kb-*"))  # no temporary leftovers


def test_editing_yaml_and_rebuilding_changes_the_answer(kdir, tmp_path):
    db = tmp_path / "kb.sqlite"
    new_short = "Geänderte Kurzantwort für den Test der Wissensbasis."
    edit(kdir, "zusatzurlaub", lambda d: d.update(short=new_short))
    build_database(db, kdir)
    topic = KnowledgeStore(db).topic("zusatzurlaub")
    assert new_short in compose(topic, "").text


def test_store_queries(kb):
    assert kb.topic_for_intent("kuendigungsschutz").id == "kuendigungsschutz"
    assert kb.topic("gibt_es_nicht") is None
    hits = [t for t, _ in kb.search("Braillezeile Reparatur")]
    assert hits and hits[0] == "technische_arbeitshilfen"
    assert [t for t, _ in kb.search("kuendigung zustimmung")][0] == "kuendigungsschutz"
    assert kb.search("") == []
    assert "technische_arbeitshilfen" in dict(kb.by_situation(["braucht_ausstattung"]))


def test_amounts_that_change_carry_valid_from(kb):
    for topic in kb.all_topics():
        for amount in topic.amounts:
            assert amount.valid_from is not None, (topic.id, amount.id)
    levy = kb.topic("ausgleichsabgabe")
    assert any(a.valid_from.isoformat() == "2025-01-01" for a in levy.amounts)
