"""German input parsing: numbers, levy numbers from free text, dates, years."""

from __future__ import annotations

from datetime import date

import pytest

from lotse.parsing import (
    parse_date,
    parse_levy_numbers,
    parse_number,
    parse_number_word,
    parse_year,
)

TODAY = date(2026, 11, 21)  # a Saturday

# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "text,value",
    [
        ("100", 100),
        ("0", 0),
        ("1.000", 1000),
        ("12.345.678", 12345678),
        ("1 000", 1000),
        ("1\u00a0000", 1000),
        ("12,5", 12.5),
        ("1.000,5", 1000.5),
        ("12.5", 12.5),
        (" 42 ", 42),
        ("-5", -5),
        ("zwanzig", 20),
        ("Zwanzig", 20),
        ("fünfunddreißig", 35),
        ("fuenfunddreissig", 35),
        ("einundzwanzig", 21),
        ("siebenundsiebzig", 77),
        ("sechsundsechzig", 66),
        ("neunundneunzig", 99),
        ("zwölf", 12),
        ("zwoelf", 12),
        ("sechzehn", 16),
        ("siebzehn", 17),
        ("hundert", 100),
        ("einhundert", 100),
        ("hundertzwanzig", 120),
        ("hundertundzwanzig", 120),
        ("zweihundertfünfzig", 250),
        ("dreihundertdrei", 303),
        ("tausend", 1000),
        ("eintausend", 1000),
        ("zweitausendfünfhundert", 2500),
        ("tausendeins", 1001),
        ("neunhundertneunundneunzig", 999),
        ("zehntausend", 10000),
        ("null", 0),
        ("ein", 1),
        ("eine", 1),
        ("einen", 1),
        ("keine", 0),
        ("keinen", 0),
        ("kein", 0),
        ("niemand", 0),
        ("ca. 250 Leute", 250),
        ("etwa 100 Mitarbeiter", 100),
        ("so um die 60", 60),
        ("wir haben 80", 80),
        ("fünf Mitarbeiter", 5),
        ("ungefähr zwanzig", 20),
        ("keine Schwerbehinderten", 0),
        ("einen", 1),
        ("100 oder 100", 100),
    ],
)
def test_parse_number(text, value):
    result = parse_number(text)
    assert result == value
    assert type(result) is type(value)


@pytest.mark.parametrize(
    "text",
    [
        None, "", "   ", "blabla", "keine Ahnung", "weiß ich nicht", "weiss nicht",
        "zwischen 20 und 30", "100 Mitarbeiter und 2 Schwerbehinderte", "ein paar",
        "einige", "viele", "eine Million", "hundertzwanzigtausenddreihundertsiebenundvierzigx",
        "zwanzig oder dreißig", "x12",
    ],
)
def test_parse_number_nonsense(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "word,value",
    [("dreißig", 30), ("DREISSIG", 30), ("achtzehn", 18), ("zwo", 2), ("elf", 11),
     ("vierhundertvierundvierzig", 444), ("bla", None), ("", None), ("und", None),
     ("hundertbla", None), ("zwanzigund", None), ("einsundzwanzig", None), ("12", None)],
)
def test_parse_number_word(word, value):
    assert parse_number_word(word) == value


# --------------------------------------------------------------------------- levy numbers

LEVY_CASES = [
    # the examples from the brief
    ("100 Arbeitsplätze und 2 schwerbehinderte Menschen", (100, 2)),
    ("250 Mitarbeiter, davon 10 Schwerbehinderte", (250, 10)),
    ("Betrieb mit 35 Stellen und keinen schwerbehinderten Mitarbeiter", (35, 0)),
    ("wir haben zwanzig Beschäftigte", (20, None)),
    ("3 sb-Mitarbeiter bei 80 Leuten", (80, 3)),
    # own, varied sentences
    ("Wir sind 1.000 Beschäftigte und haben 15 Schwerbehinderte", (1000, 15)),
    ("1 000 Mitarbeitende, 50 davon schwerbehindert", (1000, 50)),
    ("Von unseren 120 Mitarbeitern sind 4 schwerbehindert", (120, 4)),
    ("Wir beschäftigen 2 Schwerbehinderte bei insgesamt 100 Arbeitsplätzen", (100, 2)),
    ("Im Jahr 2025 hatten wir 120 Mitarbeiter und 3 Schwerbehinderte", (120, 3)),
    ("Für 2024: 60 Arbeitsplätze, 0 schwerbehinderte", (60, 0)),
    ("2025 im Schnitt 45 Angestellte, davon ist einer schwerbehindert", (45, 1)),
    ("Mitarbeiter: 100 Schwerbehinderte: 5", (100, 5)),
    ("Schwerbehinderte: 5, Mitarbeiter: 100", (100, 5)),
    ("Mitarbeiter 100, schwerbehinderte 5", (100, 5)),
    ("Arbeitsplätze = 80; SB = 2", (80, 2)),
    ("40 MA, 1 SB", (40, 1)),
    ("3 Mitarbeiter mit Behinderung und insgesamt 70 Stellen", (70, 3)),
    ("zweihundertfünfzig Mitarbeiter, zehn davon schwerbehindert", (250, 10)),
    ("niemand ist schwerbehindert, wir sind 30 Leute", (30, 0)),
    ("Wir sind ein Betrieb mit 45 Mitarbeitern und einem Gleichgestellten", (45, 1)),
    ("Zwei Kolleginnen haben einen Schwerbehindertenausweis, insgesamt arbeiten hier 52 "
     "Personen", (52, 2)),
    ("ein schwerbehinderter Mitarbeiter bei 38 Mitarbeitern", (38, 1)),
    ("Unser Team: 12,5 Schwerbehinderte im Schnitt bei 400 Stellen", (400, 12.5)),
    ("Wir haben 65 Arbeitnehmer, keiner ist schwerbehindert", (65, 0)),
    ("Wir haben 65 Arbeitnehmer, keiner davon schwerbehindert", (65, 0)),
    ("65 Arbeitnehmer und keine Schwerbehinderten", (65, 0)),
    ("Bei uns arbeiten 75 Personen, darunter 2 Gleichgestellte", (75, 2)),
    ("Es gibt 3 schwerbehinderte und 1 gleichgestellte Person", (None, 3)),
    ("Die Firma hat 500 Angestellte", (500, None)),
    ("Wir haben 7 schwerbehinderte Kollegen", (None, 7)),
    ("Wir sind 44 Leute, einer mit GdB 50", (44, 1)),
    ("4 Mitarbeiter mit Schwerbehinderung von 90", (90, 4)),
    ("100 und 2", (100, 2)),
    ("100/2", (100, 2)),
    ("100 Mitarbeiter und 2", (100, 2)),
    ("5 Schwerbehinderte und 300", (300, 5)),
    ("2 und 100", (None, None)),
    ("100", (None, None)),
    ("2025", (None, None)),
    ("im Jahr 2025", (None, None)),
    ("", (None, None)),
    ("keine Ahnung", (None, None)),
    ("Wie hoch ist die Ausgleichsabgabe?", (None, None)),
    ("Mitarbeiter mit 30 Stunden pro Woche: 25", (None, None)),
    ("80 Beschäftigte, Quote 2 %", (80, None)),
    ("Ein Betrieb mit 80 Beschäftigten zahlt 275 Euro", (80, None)),
    ("seit 5 Jahren 90 Mitarbeiter", (90, None)),
    ("Wir haben dreißig Angestellte und einen Schwerbehinderten", (30, 1)),
    ("Belegschaft 150 Köpfe, SB-Beschäftigte 6", (150, 6)),
    ("150 Beschäftigte (6 davon schwerbehindert)", (150, 6)),
    ("Bei 60 Arbeitsplätzen haben wir niemanden mit Schwerbehinderung", (60, 0)),
    ("Mitarbeiter haben einen Ausweis: 3, insgesamt 70 Beschäftigte", (70, 3)),
    ("Ich habe einen Schwerbehindertenausweis", (None, None)),
    ("Wir haben 3 Schwerbehinderte und 3 Azubis bei 90 Beschäftigten", (90, 3)),
    ("x12 Mitarbeiter", (None, None)),
    ("100MA und 2SB", (100, 2)),
    ("50 Beschäftigte plus 5 Auszubildende, 1 schwerbehindert", (50, 1)),
    ("5 Azubis und 100 Mitarbeiter", (100, None)),
    ("Wie viel zahle ich bei 300 Beschäftigten ohne Schwerbehinderte?", (300, 0)),
    ("Wir haben 230 Mitarbeiter. 7 davon haben einen Schwerbehindertenausweis.", (230, 7)),
    ("Im Jahresdurchschnitt 2024 waren es 88,5 Arbeitsplätze und 1,5 schwerbehinderte "
     "Beschäftigte", (88.5, 1.5)),
    ("Bei uns sind es 64 Stellen, besetzt mit 2 Schwerbehinderten", (64, 2)),
    ("Wir haben keine schwerbehinderten Mitarbeiter, aber 41 Mitarbeiter insgesamt", (41, 0)),
    ("Ich bin Arbeitgeber mit 25 Angestellten", (25, None)),
    ("150 Mitarbeitende, 4 davon gleichgestellt oder schwerbehindert", (150, 4)),
    ("ohne Probleme 70 Leute", (70, None)),
]


@pytest.mark.parametrize("text,expected", LEVY_CASES)
def test_parse_levy_numbers(text, expected):
    assert parse_levy_numbers(text) == expected


def test_parse_levy_numbers_none():
    assert parse_levy_numbers(None) == (None, None)


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text,expected",
    [
        ("3.11.2026", date(2026, 11, 3)),
        ("03.11.2026", date(2026, 11, 3)),
        ("03.11.26", date(2026, 11, 3)),
        ("3.11.", date(2026, 11, 3)),
        ("Am 3.11. habe ich es erfahren", date(2026, 11, 3)),
        ("3/11/2026", date(2026, 11, 3)),
        ("1.1.2026", date(2026, 1, 1)),
        ("3. November 2026", date(2026, 11, 3)),
        ("3. november", date(2026, 11, 3)),
        ("3 November 2026", date(2026, 11, 3)),
        ("3. Nov.", date(2026, 11, 3)),
        ("am 3. Nov 2025", date(2025, 11, 3)),
        ("14. März", date(2026, 3, 14)),
        ("14. Maerz 2026", date(2026, 3, 14)),
        ("1. Okt. 26", date(2026, 10, 1)),
        ("31. Dezember 2025", date(2025, 12, 31)),
        ("2026-11-03", date(2026, 11, 3)),
        ("seit dem 2026-01-15", date(2026, 1, 15)),
        ("heute", TODAY),
        ("Heute morgen", TODAY),
        ("gestern", date(2026, 11, 20)),
        ("vorgestern", date(2026, 11, 19)),
        ("morgen", date(2026, 11, 22)),
        ("vor drei Tagen", date(2026, 11, 18)),
        ("vor 3 Tagen", date(2026, 11, 18)),
        ("vor einem Tag", date(2026, 11, 20)),
        ("vor zwei Wochen", date(2026, 11, 7)),
        ("vor einer Woche", date(2026, 11, 14)),
        ("vor einem Monat", date(2026, 10, 21)),
        ("letzten Montag", date(2026, 11, 16)),
        ("letzten Samstag", date(2026, 11, 14)),  # today is Saturday: a week ago
        ("vergangenen Freitag", date(2026, 11, 20)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [None, "", "nichts", "31.02.2026", "32.1.2026", "3.13.2026", "30. Februar",
     "Wir haben 3.5 Leute", "vor vielen Tagen", "irgendwann", "2026-13-01"],
)
def test_parse_date_none(text):
    assert parse_date(text, TODAY) is None


def test_parse_date_month_back_clamps():
    assert parse_date("vor einem Monat", date(2026, 3, 31)) == date(2026, 2, 28)


def test_parse_date_default_today():
    assert parse_date("heute") == date.today()


# --------------------------------------------------------------------------- years


@pytest.mark.parametrize(
    "text,year",
    [
        ("2025", 2025),
        ("für das Jahr 2024", 2024),
        ("Abgabe 2026 bitte", 2026),
        ("letztes Jahr", 2025),
        ("im letzten Jahr", 2025),
        ("Vorjahr", 2025),
        ("dieses Jahr", 2026),
        ("für das laufende Jahr", 2026),
        ("nächstes Jahr", 2027),
        ("100 Mitarbeiter", None),
        ("2,2025", None),
        ("12025", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_year(text, year):
    assert parse_year(text, TODAY) == year
