"""Law texts in knowledge/law: parsed paragraphs, and every cited norm exists (issue 9)."""

from __future__ import annotations

import pytest

from lotse.kb import load_topics
from lotse.law import check_norm, load_law, parse_law, passages

# A sample of paragraphs with a sentence that must be in them (proves the import and the parser
# against the real text, not against itself).
SAMPLE = [
    ("SGB IX", "168", "", "bedarf der vorherigen Zustimmung des Integrationsamtes"),
    ("SGB IX", "173", "3", "nicht nachgewiesen"),
    ("SGB IX", "174", "3", "gilt die Zustimmung als erteilt"),
    ("SGB IX", "171", "5", "gilt die Zustimmung als erteilt"),
    ("SGB IX", "208", "1", "fünf Arbeitstagen"),
    ("SGB IX", "207", "", "Mehrarbeit"),
    ("SGB IX", "154", "1", "5 Prozent"),
    ("SGB IX", "185a", "", "Einheitliche Ansprechstellen"),
    ("SchwbAV", "19", "", "Beschaffung technischer Arbeitshilfen"),
    ("KfzHV", "6", "1", "Bezugsgröße"),
    ("BUrlG", "7", "4", "abzugelten"),
]


@pytest.mark.parametrize("law,number,absatz,phrase", SAMPLE)
def test_sample_paragraphs_contain_their_text(law, number, absatz, phrase):
    section = load_law(law)[number]
    body = section.absatz(absatz) if absatz else " ".join(t for _, t in section.absaetze) + \
        " " + section.title
    assert body and phrase in body, (law, number, absatz)


def test_every_cited_norm_exists_in_the_law_text():
    missing = []
    for topic in load_topics():
        refs = [*topic.legal_basis, *(r for f in topic.faqs for r in f.legal_basis)]
        for ref in refs:
            problem = check_norm(ref.norm, ref.law)
            if problem:
                missing.append(f"{topic.file}: {ref} – {problem}")
    assert not missing, "\n".join(missing)


def test_check_norm_names_what_is_missing():
    assert check_norm("§ 173 Abs. 3", "SGB IX") is None
    assert "Absatz 9" in check_norm("§ 173 Abs. 9", "SGB IX")
    assert "§ 999" in check_norm("§ 999", "SchwbAV")
    assert check_norm("§ 4", "KSchG") is None  # not stored: not checkable


def test_parser_handles_headings_absaetze_and_notes():
    text = "# § 1 – Eins\n(1) Erster Satz.\n1. Nummer eins\n(2) Zweiter.\n(+++ Hinweis +++)\n" \
           "# §§ 2 bis 3 – (weggefallen)\n# § 4 – Ohne Absatz\nNur Text."
    sections = parse_law(text, "X")
    assert sections["1"].absatz("1") == "Erster Satz. 1. Nummer eins"
    assert sections["1"].absatz("2") == "Zweiter."
    assert sections["4"].absatz("") == "Nur Text."
    assert "2" not in sections


def test_passages_cover_part_3_of_sgb_ix():
    norms = {(p.law, p.norm) for p in passages()}
    assert ("SGB IX", "§ 173 Abs. 3") in norms
    assert not any(law == "SGB IX" and norm.startswith("§ 14 ") for law, norm in norms)
