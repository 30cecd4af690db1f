"""Tests for the office directory and the place -> Integrationsamt resolver."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import all_text

from lotse.offices import (
    KNOWLEDGE_DIR,
    LAENDER,
    NRW,
    KnowledgeError,
    all_place_names,
    format_office,
    load_directory,
    office_by_land,
    offices_for_land,
    purpose_for_topic,
    resolve,
)
from lotse.texts import text as dialogue_text

LAND_OFFICE = {
    "Baden-Württemberg": "bw", "Bayern": "by", "Berlin": "be", "Brandenburg": "bb",
    "Bremen": "hb", "Hamburg": "hh", "Hessen": "he", "Mecklenburg-Vorpommern": "mv",
    "Niedersachsen": "ni", "Rheinland-Pfalz": "rp", "Saarland": "sl", "Sachsen": "sn",
    "Sachsen-Anhalt": "st", "Schleswig-Holstein": "sh", "Thüringen": "th",
}
BEZIRK_OFFICE = {"Düsseldorf": "nrw_lvr", "Köln": "nrw_lvr", "Münster": "nrw_lwl",
                 "Detmold": "nrw_lwl", "Arnsberg": "nrw_lwl"}


def office_id(text: str) -> str | None:
    result = resolve(text)
    return result.office.id if result.office else None


# --------------------------------------------------------------------------- data


def test_directory_has_17_offices_and_all_laender() -> None:
    directory = load_directory()
    assert len(directory.offices) == 17
    assert {o.land for o in directory.offices.values()} == set(LAENDER)
    assert {o.id for o in directory.offices.values() if o.land == NRW} == {"nrw_lvr", "nrw_lwl"}
    assert directory.offices["nrw_lvr"].regions == ("Düsseldorf", "Köln")
    assert directory.offices["nrw_lwl"].regions == ("Münster", "Detmold", "Arnsberg")


def test_web_addresses_are_https_or_null_and_no_invented_forms_pages() -> None:
    directory = load_directory()
    for office in directory.offices.values():
        assert office.web is None or office.web.startswith("https://")
    assert directory.offices["hb"].web is None
    assert directory.offices["th"].web is None
    with_forms = {o.id for o in directory.offices.values() if o.forms_url}
    assert with_forms == {"sn"}
    assert directory.offices["sn"].forms_url == "https://www.ksv-sachsen.de/integrationsamt.html"
    assert directory.fallback.web == "https://www.bih.de"


def test_schleswig_holstein_office_is_the_lasd() -> None:
    sh = load_directory().offices["sh"]
    assert sh.name == "Landesamt für soziale Dienste (LAsD) – Integrationsamt"
    assert sh.short_name == "LAsD"
    assert office_id("Kiel") == "sh" and resolve("Lübeck").office.short_name == "LAsD"  # type: ignore


def test_portal_links_are_marked_as_portals() -> None:
    offices = load_directory().offices
    portals = {o.id for o in offices.values() if o.web_is_portal}
    assert portals == {"hh", "sl", "sh"}
    for oid in portals:
        text = format_office(offices[oid])
        assert "Landesportal" in text and offices[oid].web in text
        assert "Website: " not in text
        assert "Internet-Seite vom Land" in format_office(offices[oid], leichte_sprache=True)
    assert "Landesportal" not in format_office(offices["bw"])


def test_no_office_claims_an_online_check_that_did_not_happen() -> None:
    directory = load_directory()
    assert all(o.verified_online is None for o in directory.offices.values())
    assert directory.fallback.verified_online is None
    raw = (KNOWLEDGE_DIR / "offices.yml").read_text(encoding="utf-8")
    assert "last_checked" not in raw
    assert "last_checked" not in (KNOWLEDGE_DIR / "places.yml").read_text(encoding="utf-8")


def test_local_offices_only_where_the_sources_say_so() -> None:
    """§ 190 Abs. 2 SGB IX: facts.md names local offices (Kreise) only for Schleswig-Holstein."""
    offices = load_directory().offices
    assert {o.id for o in offices.values() if o.local_offices} == {"sh"}
    sh = offices["sh"]
    assert "§ 190 Abs. 2 SGB IX" in (sh.local_offices or "")
    assert sh.local_offices_leichte_sprache
    assert sh.local_offices in format_office(sh)
    assert sh.local_offices_leichte_sprache in format_office(sh, leichte_sprache=True)


def test_nrw_has_22_kreisfreie_staedte_and_31_kreise() -> None:
    places = load_directory().places.values()
    nrw = [p for p in places if p.land == NRW]
    assert len([p for p in nrw if p.kind == "kreisfreie_stadt"]) == 22
    kreise = [p for p in nrw if p.kind == "kreis"]
    assert len(kreise) == 31
    assert any(p.name == "Städteregion Aachen" for p in kreise)


def test_every_kreis_seat_resolves_to_the_same_office_as_its_kreis() -> None:
    directory = load_directory()
    for place in directory.places.values():
        if place.kind == "kreis":
            assert office_id(place.name) == office_id(place.seat or ""), place.name


def test_every_place_name_resolves_consistently_with_its_land_and_bezirk() -> None:
    directory = load_directory()
    ambiguous_names = set(directory.ambiguities)
    for place in directory.places.values():
        if place.name in ambiguous_names:
            continue
        result = resolve(place.name)
        if place.land == NRW:
            expected = {BEZIRK_OFFICE[b] for b in place.bezirke}
        else:
            expected = {LAND_OFFICE[place.land]}
        if len(expected) == 1:
            assert result.status == "office", place.name
            assert result.office is not None and result.office.id in expected, place.name
        else:
            assert result.status == "ambiguous" and result.office is None, place.name


def test_bodies_cover_required_ids_and_local_ones_say_how_to_find() -> None:
    bodies = load_directory().bodies
    assert {"versorgungsamt", "agentur_fuer_arbeit", "bamf", "sbv", "arbeitsgericht"} <= set(bodies)
    assert bodies["versorgungsamt"].web is None and bodies["versorgungsamt"].how_to_find
    assert bodies["agentur_fuer_arbeit"].web == "https://www.arbeitsagentur.de"


# --------------------------------------------------------------------------- Länder


@pytest.mark.parametrize("land,expected", sorted(LAND_OFFICE.items()))
def test_every_land_resolves_to_its_office(land: str, expected: str) -> None:
    assert office_id(land) == expected
    assert office_id(f"Ich arbeite in {land}.") == expected


def test_nrw_as_land_asks_for_the_city() -> None:
    for text in ("Nordrhein-Westfalen", "NRW", "nrw", "in Nordrhein Westfalen"):
        result = resolve(text)
        assert result.status == "ambiguous" and result.office is None
        assert {o.id for o in result.candidates} == {"nrw_lvr", "nrw_lwl"}
        assert result.question and "Rheinland" in result.question


@pytest.mark.parametrize("text,expected", [
    ("BW", "bw"), ("Baden-Wuerttemberg", "bw"), ("BaWü", "bw"), ("Baden Württemberg", "bw"),
    ("BY", "by"), ("Freistaat Bayern", "by"), ("Meck-Pomm", "mv"), ("MV", "mv"),
    ("Thueringen", "th"), ("Thuringen", "th"), ("RLP", "rp"), ("Sachsen Anhalt", "st"),
    ("Niedersachsen", "ni"), ("Sachsen", "sn"), ("Schleswig Holstein", "sh"), ("HH", "hh"),
])
def test_land_variants_and_abbreviations(text: str, expected: str) -> None:
    assert office_id(text) == expected


def test_two_letter_abbreviations_only_count_in_capitals() -> None:
    assert resolve("by the way").status == "unknown"
    assert resolve("Ich bin st. Mitarbeiter").status == "unknown"


def test_land_capitals_resolve() -> None:
    capitals = {"Stuttgart": "bw", "München": "by", "Berlin": "be", "Potsdam": "bb",
                "Bremen": "hb", "Hamburg": "hh", "Wiesbaden": "he", "Schwerin": "mv",
                "Hannover": "ni", "Düsseldorf": "nrw_lvr", "Mainz": "rp", "Saarbrücken": "sl",
                "Dresden": "sn", "Magdeburg": "st", "Kiel": "sh", "Erfurt": "th"}
    for city, expected in capitals.items():
        assert office_id(city) == expected, city


# --------------------------------------------------------------------------- NRW split


@pytest.mark.parametrize("city,expected,bezirk", [
    ("Köln", "nrw_lvr", "Köln"), ("Bonn", "nrw_lvr", "Köln"), ("Aachen", "nrw_lvr", "Köln"),
    ("Leverkusen", "nrw_lvr", "Köln"), ("Siegburg", "nrw_lvr", "Köln"),
    ("Düsseldorf", "nrw_lvr", "Düsseldorf"), ("Duisburg", "nrw_lvr", "Düsseldorf"),
    ("Wuppertal", "nrw_lvr", "Düsseldorf"), ("Mönchengladbach", "nrw_lvr", "Düsseldorf"),
    ("Krefeld", "nrw_lvr", "Düsseldorf"), ("Oberhausen", "nrw_lvr", "Düsseldorf"),
    ("Moers", "nrw_lvr", "Düsseldorf"), ("Neuss", "nrw_lvr", "Düsseldorf"),
    ("Münster", "nrw_lwl", "Münster"), ("Gelsenkirchen", "nrw_lwl", "Münster"),
    ("Bottrop", "nrw_lwl", "Münster"), ("Recklinghausen", "nrw_lwl", "Münster"),
    ("Marl", "nrw_lwl", "Münster"),
    ("Bielefeld", "nrw_lwl", "Detmold"), ("Paderborn", "nrw_lwl", "Detmold"),
    ("Gütersloh", "nrw_lwl", "Detmold"), ("Detmold", "nrw_lwl", "Detmold"),
    ("Dortmund", "nrw_lwl", "Arnsberg"), ("Bochum", "nrw_lwl", "Arnsberg"),
    ("Herne", "nrw_lwl", "Arnsberg"), ("Hamm", "nrw_lwl", "Arnsberg"),
    ("Siegen", "nrw_lwl", "Arnsberg"), ("Witten", "nrw_lwl", "Arnsberg"),
])
def test_nrw_split_by_regierungsbezirk(city: str, expected: str, bezirk: str) -> None:
    result = resolve(city)
    assert result.status == "office"
    assert result.office is not None and result.office.id == expected
    assert result.bezirk == bezirk
    assert result.land == NRW


def test_essen_and_hagen_resolve_with_a_stated_assumption() -> None:
    essen = resolve("Essen")
    assert essen.office is not None and essen.office.id == "nrw_lvr"
    assert essen.note and "Nordrhein-Westfalen" in essen.note
    hagen = resolve("in Hagen")
    assert hagen.office is not None and hagen.office.id == "nrw_lwl"
    assert resolve("Essen, NRW").note is None


# --------------------------------------------------------------------------- other Länder


@pytest.mark.parametrize("city,expected", [
    ("Stuttgart", "bw"), ("Mannheim", "bw"), ("Freiburg im Breisgau", "bw"), ("Ulm", "bw"),
    ("München", "by"), ("Nürnberg", "by"), ("Augsburg", "by"), ("Neu-Ulm", "by"),
    ("Berlin-Spandau", "be"), ("Potsdam", "bb"), ("Cottbus", "bb"), ("Frankfurt (Oder)", "bb"),
    ("Bremerhaven", "hb"), ("Hamburg-Altona", "hh"),
    ("Frankfurt am Main", "he"), ("Kassel", "he"), ("Darmstadt", "he"), ("Offenbach am Main", "he"),
    ("Rostock", "mv"), ("Hannover", "ni"), ("Braunschweig", "ni"), ("Osnabrück", "ni"),
    ("Ludwigshafen am Rhein", "rp"), ("Koblenz", "rp"), ("Trier", "rp"),
    ("Saarbrücken", "sl"), ("Dresden", "sn"), ("Leipzig", "sn"), ("Chemnitz", "sn"),
    ("Halle (Saale)", "st"), ("Magdeburg", "st"), ("Lübeck", "sh"), ("Flensburg", "sh"),
    ("Jena", "th"), ("Gera", "th"),
])
def test_cities_in_every_land(city: str, expected: str) -> None:
    assert office_id(city) == expected


def test_named_offices_for_key_cities() -> None:
    assert resolve("Dresden").office.short_name == "KSV Sachsen"  # type: ignore[union-attr]
    assert resolve("Leipzig").office.short_name == "KSV Sachsen"  # type: ignore[union-attr]
    assert resolve("Stuttgart").office.short_name == "KVJS"  # type: ignore[union-attr]
    assert resolve("München").office.short_name == "ZBFS"  # type: ignore[union-attr]
    assert resolve("Frankfurt am Main").office.short_name == "LWV Hessen"  # type: ignore


# --------------------------------------------------------------------------- spellings, free text


@pytest.mark.parametrize("text,expected", [
    ("Koeln", "nrw_lvr"), ("Koln", "nrw_lvr"), ("KÖLN", "nrw_lvr"), ("Cologne", "nrw_lvr"),
    ("Muenchen", "by"), ("Munchen", "by"), ("Duesseldorf", "nrw_lvr"), ("Dusseldorf", "nrw_lvr"),
    ("Nuernberg", "by"), ("Moenchengladbach", "nrw_lvr"), ("Muenster", "nrw_lwl"),
    ("Guetersloh", "nrw_lwl"), ("Saarbruecken", "sl"), ("Giessen", "he"),
    ("Frankfurt (Main)", "he"), ("Frankfurt/Main", "he"), ("Frankfurt a. M.", "he"),
    ("Frankfurt an der Oder", "bb"), ("Frankfurt/Oder", "bb"),
    ("Halle an der Saale", "st"), ("Halle/Saale", "st"), ("Halle (Westf.)", "nrw_lwl"),
])
def test_alternative_spellings(text: str, expected: str) -> None:
    assert office_id(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("in Köln", "nrw_lvr"), ("Köln-Ehrenfeld", "nrw_lvr"), ("Ich arbeite in Köln-Ehrenfeld.",
                                                          "nrw_lvr"),
    ("LK Gütersloh", "nrw_lwl"), ("Kreis Gütersloh", "nrw_lwl"), ("Landkreis Lippe", "nrw_lwl"),
    ("Rhein-Sieg-Kreis", "nrw_lvr"), ("im Rhein-Sieg-Kreis", "nrw_lvr"),
    ("Hochsauerlandkreis", "nrw_lwl"), ("Märkischer Kreis", "nrw_lwl"),
    ("Städteregion Aachen", "nrw_lvr"), ("Rhein-Kreis Neuss", "nrw_lvr"),
    ("Mein Betrieb ist in Dresden, wer ist zuständig?", "sn"),
    ("Welches Integrationsamt ist für Stuttgart zuständig?", "bw"),
    ("Ich arbeite in Essen im Krankenhaus", "nrw_lvr"),
    ("Bielefeld in Nordrhein-Westfalen", "nrw_lwl"),
    ("Ahrensburg bei Hamburg, Schleswig-Holstein", "sh"),
])
def test_free_text(text: str, expected: str) -> None:
    assert office_id(text) == expected


# --------------------------------------------------------------------------- ambiguity


@pytest.mark.parametrize("name,candidates", [
    ("Frankfurt", {"he", "bb"}), ("Offenbach", {"he", "rp"}), ("Borken", {"nrw_lwl", "he"}),
    # the place package adds namesakes the editors had missed: Halle (Holzminden, Niedersachsen),
    # Münster in Bayern and Hessen (also typed "Munster")
    ("Halle", {"st", "nrw_lwl", "ni"}), ("Munster", {"ni", "nrw_lwl", "by", "he"}),
    ("Neustadt", {"rp", "ni", "by", "sh", "sn", "th", "he", "mv", "bb", "bw"}),
])
def test_ambiguous_names_ask_back(name: str, candidates: set[str]) -> None:
    for text in (name, f"Ich arbeite in {name}"):
        result = resolve(text)
        assert result.status == "ambiguous", text
        assert result.office is None
        assert {o.id for o in result.candidates} == candidates
        assert result.question and name in result.question


def test_ambiguous_question_names_the_options() -> None:
    question = resolve("Frankfurt").question or ""
    assert "Frankfurt am Main in Hessen" in question
    assert "Frankfurt (Oder) in Brandenburg" in question


def test_ambiguity_is_settled_by_a_land_in_the_same_text() -> None:
    assert office_id("Frankfurt in Hessen") == "he"
    assert office_id("Frankfurt, Brandenburg") == "bb"
    assert office_id("Halle in NRW") == "nrw_lwl"
    assert office_id("Halle, Sachsen-Anhalt") == "st"


def test_default_is_used_only_with_a_note() -> None:
    result = resolve("Oldenburg")
    assert result.office is not None and result.office.id == "ni"
    assert result.note and "Oldenburg" in result.note and "Bundesland" in result.note
    assert office_id("Oldenburg in Holstein") == "sh"
    assert resolve("Oldenburg, Schleswig-Holstein").office.id == "sh"  # type: ignore[union-attr]
    assert resolve("Oldenburg, Schleswig-Holstein").note is None


def test_specific_namesakes_win_over_the_default() -> None:
    assert office_id("Mülheim an der Ruhr") == "nrw_lvr"
    assert office_id("Mülheim an der Mosel") == "rp"
    assert office_id("Mülheim-Kärlich") == "rp"
    assert office_id("Essen (Oldenburg)") == "ni"
    assert office_id("Hagen im Bremischen") == "ni"


def test_regions_across_both_nrw_offices_ask_back() -> None:
    result = resolve("Ruhrgebiet")
    assert result.status == "ambiguous"
    assert {o.id for o in result.candidates} == {"nrw_lvr", "nrw_lwl"}
    assert office_id("Westfalen") == "nrw_lwl"
    assert office_id("Münsterland") == "nrw_lwl"


def test_oder_between_two_names_is_not_frankfurt_oder() -> None:
    assert office_id("Frankfurt Oder") == "bb"
    result = resolve("Wiesbaden oder Mainz?")
    assert result.status == "ambiguous" and {o.id for o in result.candidates} == {"he", "rp"}
    assert resolve("Frankfurt oder Cottbus").status == "ambiguous"
    assert resolve("Frankfurt oder Offenbach").status == "ambiguous"
    assert office_id("Düsseldorf oder Köln") == "nrw_lvr"  # both lead to the same office
    assert office_id("Halle, Kreis Gütersloh") == "nrw_lwl"  # a Kreis narrows a city down


def test_places_in_different_offices_ask_back() -> None:
    result = resolve("Ich wohne in Köln und arbeite in Dortmund")
    assert result.status == "ambiguous" and result.office is None
    assert {o.id for o in result.candidates} == {"nrw_lvr", "nrw_lwl"}
    assert "Köln" in (result.question or "") and "Dortmund" in (result.question or "")


# --------------------------------------------------------------------------- unknown


@pytest.mark.parametrize("text", [
    "Kleinkleckersdorf", "in Kleinkleckersdorf", "Bad Irgendwo", "Kleinkleckersdorf bei Hamburg",
    "in der Nähe von Berlin", "Großraum München", "Mülheim am Nirgendwo", "Nord-Köln",
])
def test_unknown_places_never_give_an_office(text: str) -> None:
    result = resolve(text)
    assert result.status == "unknown", text
    assert result.office is None and result.candidates == ()
    assert result.question


def test_unknown_place_question_names_the_place() -> None:
    question = resolve("Kleinkleckersdorf").question
    assert question == "Zu welchem Bundesland gehört Kleinkleckersdorf?"
    assert (resolve("Kleinkleckersdorf bei Hamburg").question
            == "Zu welchem Bundesland gehört Kleinkleckersdorf?")


def test_a_real_place_near_a_city_is_found_by_its_own_name() -> None:
    # before the place package this was "unknown"; Ahrensburg is in Schleswig-Holstein
    assert office_id("Ahrensburg bei Hamburg") == "sh"


@pytest.mark.parametrize("text", ["", "   ", "Wo ist mein Amt?", "Ich gehe gern essen",
                                  "Zuschuss zum Essen", "Das Essen in der Kantine", "Hallo",
                                  "by the way"])
def test_text_without_a_place_asks_generically(text: str) -> None:
    result = resolve(text)
    assert result.status == "unknown" and result.office is None
    assert result.question == (
        "In welchem Ort oder Bundesland liegt Ihr Arbeitsplatz? Zuständig ist in der Regel das "
        "Integrationsamt, in dessen Bereich der Betrieb oder die Dienststelle liegt.")


def test_a_common_word_needs_a_place_context() -> None:
    assert resolve("Das Ulmer Münster").office is None
    assert office_id("Halle in NRW") == "nrw_lwl"
    assert office_id("Siegen") == "nrw_lwl"
    assert resolve("Wir wollen siegen").office is None


# --------------------------------------------------------------------------- lookups and output


def test_office_by_land() -> None:
    for land, expected in LAND_OFFICE.items():
        office = office_by_land(land)
        assert office is not None and office.id == expected
    assert office_by_land("bayern").id == "by"  # type: ignore[union-attr]
    assert office_by_land("BW").id == "bw"  # type: ignore[union-attr]
    assert office_by_land("NRW") is None
    assert office_by_land("Nordrhein-Westfalen", "Köln").id == "nrw_lvr"  # type: ignore
    assert office_by_land("NRW", "Arnsberg").id == "nrw_lwl"  # type: ignore[union-attr]
    assert office_by_land("Atlantis") is None
    assert {o.id for o in offices_for_land("NRW")} == {"nrw_lvr", "nrw_lwl"}


def test_format_office_standard() -> None:
    directory = load_directory()
    text = format_office(directory.offices["bw"])
    assert directory.offices["bw"].name in text
    assert "https://www.kvjs.de" in text
    assert "Formulare finden Sie auf der Website des Amtes." in text


def test_format_office_forms_page_no_web_and_notes() -> None:
    directory = load_directory()
    assert "https://www.ksv-sachsen.de/integrationsamt.html" in format_office(
        directory.offices["sn"])
    bremen = format_office(directory.offices["hb"])
    assert "https://www.bih.de" in bremen
    sh = format_office(directory.offices["sh"])
    assert "Kreise und kreisfreien Städte" in sh and "Kündigung" in sh
    assert "Regionalstellen" in format_office(directory.offices["by"])


def test_format_office_leichte_sprache() -> None:
    directory = load_directory()
    text = format_office(directory.offices["sh"], leichte_sprache=True)
    assert directory.offices["sh"].name in text
    assert "Internet-Seite" in text
    assert "Kündigung" in text
    assert "Formulare" not in text


def test_all_place_names_for_lookup_table() -> None:
    names = all_place_names()
    assert len(names) == len(set(names))
    for expected in ("Köln", "Koeln", "NRW", "Frankfurt", "Frankfurt am Main", "Rhein-Sieg-Kreis",
                     "Kreis Gütersloh", "Bayern", "Meck-Pomm"):
        assert expected in names
    assert "BY" not in names  # two-letter codes would make the lookup table noisy


# --------------------------------------------------------------------------- validation


def _broken_copy(tmp_path: Path, file: str, change: Callable[[dict[str, Any]], None]) -> str:
    for name in ("offices.yml", "places.yml", "bodies.yml"):
        shutil.copy(KNOWLEDGE_DIR / name, tmp_path / name)
    data = yaml.safe_load((tmp_path / file).read_text(encoding="utf-8"))
    change(data)
    (tmp_path / file).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                 encoding="utf-8")
    return str(tmp_path)


def _office(data: dict[str, Any], oid: str) -> dict[str, Any]:
    return next(o for o in data["offices"] if o["id"] == oid)


def _place(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in data["places"] if p["name"] == name)


def _expect_error(folder: str, *parts: str) -> None:
    with pytest.raises(KnowledgeError) as info:
        load_directory(folder)
    message = str(info.value)
    for part in parts:
        assert part in message, message


def test_copy_without_changes_loads(tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "offices.yml", lambda data: None)
    assert len(load_directory(folder).offices) == 17


def test_validator_missing_field(tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "offices.yml", lambda d: _office(d, "bw").pop("web"))
    _expect_error(folder, "offices.yml", "entry 'bw'", "field 'web'", "missing")


def test_validator_http_url(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        _office(data, "he")["web"] = "http://www.integrationsamt-hessen.de"

    _expect_error(_broken_copy(tmp_path, "offices.yml", change),
                  "offices.yml", "entry 'he'", "field 'web'", "https")


def test_validator_unknown_land_and_missing_office(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        _office(data, "by")["land"] = "Bayernland"

    _expect_error(_broken_copy(tmp_path, "offices.yml", change),
                  "entry 'by'", "field 'land'", "Bayernland", "entry 'Bayern'")


def test_validator_nrw_place_without_bezirk(tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "places.yml", lambda d: _place(d, "Köln").pop("bezirk"))
    _expect_error(folder, "places.yml", "entry 'Köln'", "field 'bezirk'")


def test_validator_unknown_bezirk(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        _place(data, "Bonn")["bezirk"] = "Rheinland"

    _expect_error(_broken_copy(tmp_path, "places.yml", change),
                  "places.yml", "entry 'Bonn'", "field 'bezirk'", "Rheinland")


def test_validator_undeclared_name_collision(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["places"].append({"name": "Bochum", "land": "Bayern", "kind": "stadt"})

    _expect_error(_broken_copy(tmp_path, "places.yml", change),
                  "places.yml", "entry 'Bochum'", "field 'name'")


def test_validator_namesake_missing_from_candidates(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["places"].append({"name": "Frankfurt", "land": "Bayern", "kind": "stadt"})

    _expect_error(_broken_copy(tmp_path, "places.yml", change),
                  "places.yml", "entry 'Frankfurt'", "field 'candidates'")


def test_validator_default_not_a_candidate(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        amb = next(a for a in data["ambiguous"] if a["name"] == "Halle")
        amb["default"] = "Hamburg"

    _expect_error(_broken_copy(tmp_path, "places.yml", change),
                  "places.yml", "entry 'Halle'", "field 'default'", "field 'default_reason'")


def test_validator_kreis_seat_must_exist(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        _place(data, "Kreis Soest")["seat"] = "Lippstadt"

    _expect_error(_broken_copy(tmp_path, "places.yml", change),
                  "places.yml", "entry 'Kreis Soest'", "field 'seat'")


def test_validator_bodies(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["bodies"] = [b for b in data["bodies"] if b["id"] != "bamf"]
        data["bodies"][0].pop("how_to_find")

    _expect_error(_broken_copy(tmp_path, "bodies.yml", change),
                  "bodies.yml", "entry 'bamf'", "entry 'integrationsamt'", "field 'how_to_find'")


def test_validator_verified_online_must_be_a_past_check(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        _office(data, "bw")["verified_online"] = "bald"
        _office(data, "by")["verified_online"] = date(2999, 1, 1)
        _office(data, "he")["last_checked"] = date(2026, 1, 1)

    _expect_error(_broken_copy(tmp_path, "offices.yml", change),
                  "entry 'bw'", "entry 'by'", "field 'verified_online'",
                  "entry 'he'", "field 'last_checked'", "unknown field")


def test_validator_local_offices_need_leichte_sprache(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        _office(data, "sh")["local_offices_leichte_sprache"] = None
        _office(data, "bw")["web_is_portal"] = "ja"

    _expect_error(_broken_copy(tmp_path, "offices.yml", change),
                  "entry 'sh'", "field 'local_offices_leichte_sprache'",
                  "entry 'bw'", "field 'web_is_portal'")


def test_validator_duplicate_yaml_key(tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "offices.yml", lambda data: None)
    path = tmp_path / "places.yml"
    path.write_text(path.read_text(encoding="utf-8") + "laender: []\n", encoding="utf-8")
    _expect_error(folder, "places.yml", "invalid YAML", "laender")


def test_validator_invalid_yaml(tmp_path: Path) -> None:
    folder = _broken_copy(tmp_path, "offices.yml", lambda data: None)
    (tmp_path / "places.yml").write_text("places: [unclosed\n", encoding="utf-8")
    _expect_error(folder, "places.yml", "invalid YAML")


# --------------------------------------------------------------------------- purpose (issue 11 #7)
# Kündigung: the office of the Betrieb/Dienststelle (§ 170 Abs. 1 SGB IX); Ausgleichsabgabe: the
# office of the employer's seat (§ 160 Abs. 4, § 163 Abs. 2 SGB IX); benefits: the place of work.


def test_purpose_follows_the_topic() -> None:
    assert purpose_for_topic("kuendigungsschutz") == "betrieb"
    assert purpose_for_topic("ausgleichsabgabe") == "sitz"
    assert purpose_for_topic("technische_arbeitshilfen") == "arbeitsort"
    assert purpose_for_topic(None) == "arbeitsort"


@pytest.mark.parametrize("thema,expected,not_expected", [
    ("kuendigungsschutz", "Betrieb oder die Dienststelle", "Sitz"),
    ("ausgleichsabgabe", "Sitz", "Arbeitsplatz"),
    ("technische_arbeitshilfen", "Arbeitsplatz", "Sitz"),
    (None, "Arbeitsplatz", "Sitz"),
])
def test_the_office_question_depends_on_the_topic(run_action, tracker, thema, expected,
                                                  not_expected) -> None:
    from actions.office import ActionAskOfficeId

    msgs, _ = run_action(ActionAskOfficeId(), tracker("", "ask_office", slots={"thema": thema}))
    question = all_text(msgs)
    assert expected in question and not_expected not in question
    easy, _ = run_action(ActionAskOfficeId(), tracker("", "ask_office", slots={
        "thema": thema, "leichte_sprache": True}))
    assert all_text(easy) == dialogue_text(f"office_ask_place_{purpose_for_topic(thema)}", True)


@pytest.mark.parametrize("thema,paragraph", [
    ("kuendigungsschutz", "§ 170 Abs. 1 SGB IX"),
    ("ausgleichsabgabe", "§ 160 Abs. 4 SGB IX"),
])
def test_the_office_answer_says_which_place_decides(run_action, tracker, thema, paragraph):
    from actions.office import ActionOfficeResult

    msgs, _ = run_action(ActionOfficeResult(), tracker("", "ask_office", slots={
        "office_id": "nrw_lwl", "thema": thema}))
    text = all_text(msgs)
    assert "LWL-Inklusionsamt" in text and paragraph in text
    if thema == "ausgleichsabgabe":
        assert "Agentur für Arbeit" in text and "§ 163 Abs. 2 SGB IX" in text


def test_benefit_answer_names_the_place_of_work(run_action, tracker) -> None:
    from actions.office import ActionOfficeResult

    msgs, _ = run_action(ActionOfficeResult(), tracker("", "ask_office", slots={
        "office_id": "by", "thema": "arbeitsassistenz"}))
    text = all_text(msgs)
    assert "Arbeitsplatz liegt" in text and "§ 170" not in text and "§ 160" not in text


def test_ask_back_questions_follow_the_purpose() -> None:
    betrieb = resolve("Wo ist das Amt?", purpose="betrieb").question or ""
    assert "Betrieb oder die Dienststelle" in betrieb and "§ 170 Abs. 1 SGB IX" in betrieb
    sitz = resolve("Wo ist das Amt?", purpose="sitz").question or ""
    assert "Sitz des Arbeitgebers" in sitz and "§ 160 Abs. 4 SGB IX" in sitz
    conflict = resolve("Wir sitzen in Köln, der Betrieb ist in Dortmund", purpose="sitz")
    assert conflict.status == "ambiguous" and "Sitz des Arbeitgebers" in (conflict.question or "")
    nrw = resolve("NRW", purpose="betrieb").question or ""
    assert nrw.endswith("liegt der Betrieb oder die Dienststelle?")


def test_form_keeps_the_assumption_and_the_bayern_region(tracker, dispatcher) -> None:
    from actions.office import ValidateOfficeForm

    form = ValidateOfficeForm()
    found = asyncio.run(form.extract_office_id(dispatcher, tracker(
        "Unser Betrieb ist in Bamberg", "inform", slots={"thema": "kuendigungsschutz"}), {}))
    assert found["office_id"] == "by" and "Oberfranken" in found["office_note"]
    found = asyncio.run(form.extract_office_id(dispatcher, tracker("Oldenburg", "inform"), {}))
    assert found["office_id"] == "ni" and "Oldenburg" in found["office_note"]


def test_topic_answer_with_a_place_names_the_rule(tracker) -> None:
    from actions.office import office_hint

    hint = office_hint(tracker(slots={"thema": None}), "Kündigung, Betrieb in Rheda-Wiedenbrück",
                       topic_id="kuendigungsschutz") or ""
    assert "LWL-Inklusionsamt" in hint and "§ 170 Abs. 1 SGB IX" in hint


def test_bodies_carry_no_unverified_check_dates():
    """Issue 11: a `last_checked` date must reflect a real check of the link, or be absent."""
    raw = (KNOWLEDGE_DIR / "bodies.yml").read_text(encoding="utf-8")
    assert "last_checked:" not in raw
    from lotse.offices import load_bodies

    bodies = load_bodies(KNOWLEDGE_DIR / "bodies.yml")
    items = bodies.values() if isinstance(bodies, dict) else bodies
    assert items and all(b.verified_online is None for b in items)


@pytest.mark.parametrize("message,office", [
    ("zuständig für 66111?", "sl"),
    ("Welches Integrationsamt ist für Rheda-Wiedenbrück zuständig?", "nrw_lwl"),
    ("zuständiges integrationsamt 33602", "nrw_lwl"),
])
def test_place_inside_an_office_question(message, office):
    result = resolve(message, purpose="arbeitsort")
    assert result.status == "office" and result.office.id == office
