"""Answer composition: the right FAQ for a question, short answer first, legal basis, rates."""

from __future__ import annotations

import pytest

from lotse.answer import best_detail_sentence, compose, levy_rates_table, match_faq
from lotse.kb import load_topics

TOPICS = {t.id: t for t in load_topics()}

# Questions written by the team (not from the dev set): which FAQ should answer them
# (None = the general short answer).
CASES = {
 "kuendigungsschutz": [
  ("Mein Chef will mir kündigen, ich bin schwerbehindert. Geht das einfach so?", None),
  ("Ich bin noch in der Probezeit, gilt der Kündigungsschutz?", "probezeit"),
  ("Brauche ich für einen Aufhebungsvertrag die Zustimmung?", "aufhebungsvertrag"),
  ("Steht mir eine Abfindung zu?", "abfindung"),
  ("Wie lange dauert das Verfahren beim Integrationsamt?", "verfahren_dauer"),
  ("Fristlose Kündigung eines schwerbehinderten Mitarbeiters, was muss ich beachten?", "ausserordentlich"),
  ("Mein Arbeitgeber weiß nichts von meiner Schwerbehinderung, der Antrag läuft noch", "status_unbekannt"),
  ("Gilt der Schutz auch für Gleichgestellte?", "gleichgestellt"),
  ("Muss die Schwerbehindertenvertretung angehört werden?", "sbv_beteiligung"),
  ("Braucht eine Änderungskündigung die Zustimmung?", "aenderungskuendigung"),
  ("Das Integrationsamt hat zugestimmt, kann ich Widerspruch einlegen?", "widerspruch_zustimmung"),
  ("Unser Betrieb wird geschlossen, brauchen wir trotzdem die Zustimmung?", "schliessung_insolvenz"),
  ("Wie lange habe ich Zeit für eine Klage beim Arbeitsgericht?", "klagefrist"),
  ("Mein Vertrag ist befristet, endet er einfach?", "befristung"),
 ],
 "ausgleichsabgabe": [
  ("Was ist die Ausgleichsabgabe?", None),
  ("Ab wie vielen Mitarbeitern muss ich Schwerbehinderte beschäftigen?", "ab_wann"),
  ("Zählen Azubis bei der Ausgleichsabgabe mit?", "azubis"),
  ("Bis wann muss die Ausgleichsabgabe gezahlt werden?", "frist"),
  ("Wie hoch ist die Ausgleichsabgabe pro Monat?", "hoehe"),
  ("Kann ich Aufträge an eine Werkstatt anrechnen?", "werkstatt_auftraege"),
  ("Kann ich mich durch Zahlung freikaufen?", "freikaufen"),
  ("Wofür wird die Ausgleichsabgabe verwendet?", "verwendung"),
  ("Was passiert, wenn wir zu spät zahlen?", "verspaetet"),
  ("Zählen Minijobber als Arbeitsplatz?", "teilzeit_kurzzeit"),
  ("Können Sie die Ausgleichsabgabe für 100 Mitarbeiter berechnen?", "berechnung"),
  ("Droht uns ein Bußgeld, wenn die Anzeige zu spät kommt?", "bussgeld_anzeige"),
  ("Kann die Agentur für Arbeit einen Mitarbeiter auf drei Pflichtplätze anrechnen? Stichwort Mehrfachanrechnung", "mehrfachanrechnung"),  # noqa: E501
  ("Wir haben fünf Filialen, rechnet jede Filiale für sich?", "mehrere_betriebe"),
  ("Zählen Leiharbeitnehmer bei uns mit?", "leiharbeit"),
  ("Zählen Gleichgestellte für die Quote?", "gleichgestellte_zaehlen"),
  ("Können wir die Abgabe stunden lassen oder in Raten zahlen?", "stundung_erlass"),
  ("Wir sind eine Gemeinde, gilt das auch für öffentliche Arbeitgeber?", "oeffentlicher_arbeitgeber"),
  ("Gibt es ein Programm wie IW-Elan für die Meldung?", "software_elan"),
  ("Wir haben zu viel gezahlt, können wir die Anzeige korrigieren?", "korrektur_rueckwirkung"),
  ("Darf die Agentur für Arbeit unseren Betrieb kontrollieren?", "pruefung_agentur"),
  ("Wie hoch ist der Säumniszuschlag?", "saeumniszuschlag"),
  ("Mindern Aufträge an einen Inklusionsbetrieb die Abgabe?", "inklusionsbetrieb_auftraege"),
  ("Welche Sätze gelten für Betriebe mit weniger als 40 Arbeitsplätzen?", "kleinbetrieb_saetze"),
  ("Bekommt die SBV eine Kopie der Anzeige?", "sbv_kopie"),
  ("Müssen wir ein Verzeichnis führen?", "verzeichnis"),
  ("Zählt eine Mitarbeiterin in Elternzeit mit, wenn wir eine Vertretung haben?", "elternzeit_ruhend"),
 ],
 "aussergewoehnliche_belastungen": [
  ("Gibt es einen Zuschuss, wenn mein schwerbehinderter Mitarbeiter weniger leistet?", None),
  ("Bekommen wir den Zuschuss schon im ersten Jahr?", "erstes_jahr"),
  ("Wie hoch ist der Beschäftigungssicherungszuschuss?", "hoehe"),
  ("Wie lange wird der Zuschuss gezahlt?", "dauer"),
  ("Gilt das auch bei Teilzeit?", "teilzeit"),
  ("Wir bekommen noch Eingliederungszuschuss, geht beides?", "eingliederungszuschuss"),
  ("Der Mitarbeiter kommt aus der Werkstatt", "werkstatt"),
  ("Ein Kollege muss ihn ständig anleiten", "kollegen"),
  ("Haben wir einen Rechtsanspruch darauf?", "ermessen"),
  ("Was müssen wir vorher ausschöpfen?", "erst_andere_moeglichkeiten"),
 ],
 "schwerbehindertenvertretung": [
  ("Was macht die Schwerbehindertenvertretung?", None),
  ("Wann wird die SBV gewählt?", "wahlzeitraum"),
  ("Bei uns gibt es keine SBV, wie können wir eine wählen?", "erstmals_waehlen"),
  ("Muss ich selbst schwerbehindert sein, um zu kandidieren?", "waehlbarkeit"),
  ("Wer zahlt die Schulung der Vertrauensperson?", "kosten_schulung"),
  ("Der Arbeitgeber hat uns nicht informiert", "beteiligung"),
  ("Was ist ein Inklusionsbeauftragter?", "inklusionsbeauftragter"),
  ("Wir haben nur 20 Schwerbehinderte, gibt es ein vereinfachtes Wahlverfahren?", "vereinfachtes_verfahren"),
  ("Sind leitende Angestellte bei der SBV-Wahl wählbar?", "nicht_waehlbar"),
  ("Mir wurde gekündigt, aber die Vertrauensperson wurde nicht angehört", "kuendigung_ohne_sbv"),
  ("Muss die SBV beim Umbau des Büros gefragt werden?", "umbau_arbeitsplatzgestaltung"),
  ("Ab wie vielen Schwerbehinderten wird die Vertrauensperson ganz freigestellt?", "volle_freistellung"),
  ("Habe ich als Vertrauensperson Kündigungsschutz?", "kuendigungsschutz_vertrauensperson"),
  ("Darf die SBV eine Versammlung machen?", "versammlung"),
  ("Wer darf die SBV wählen?", "wahlberechtigung"),
 ],
 "praevention_bem": [
  ("Was ist ein BEM?", None),
  ("Muss ich am BEM teilnehmen?", "freiwillig"),
  ("Ab wann muss der Arbeitgeber ein BEM anbieten?", "sechs_wochen"),
  ("Darf ich jemanden zum BEM-Gespräch mitbringen?", "vertrauensperson"),
  ("Wer nimmt am BEM-Gespräch teil?", "wer_dabei"),
  ("Was passiert, wenn ich das BEM ablehne?", "ablehnen_folgen"),
  ("Muss ich meine Diagnose im BEM sagen?", "datenschutz"),
  ("Ich bin noch krankgeschrieben, muss ich zum BEM-Gespräch?", "krankgeschrieben_gespraech"),
  ("Was ist das Hamburger Modell?", "stufenweise_wiedereingliederung"),
  ("Mein Chef hat mir wegen Krankheit gekündigt ohne BEM", "kuendigung_ohne_bem"),
  ("Gibt es eine Prämie für die Einführung eines BEM?", "praemie"),
 ],
 "berufliche_orientierung": [
  ("Hat mein Kind Anspruch auf Berufsorientierung vom Integrationsamt?", "anspruch"),
  ("Mein Sohn hat keinen GdB, geht das trotzdem?", "ohne_gdb"),
  ("Was macht der Integrationsfachdienst in der Schule?", "ifd_schule"),
 ],
 "berufsbegleitung": [
  ("Habe ich ein Recht auf Berufsbegleitung?", "anspruch"),
  ("Wer bezahlt die Berufsbegleitung nach einem Arbeitsunfall?", "wer_zahlt"),
 ],
 "psychosoziale_betreuung": [
  ("Habe ich ein Recht auf psychosoziale Betreuung?", "anspruch"),
  ("Zahlt das Integrationsamt meine Psychotherapie?", "psychotherapie"),
 ],
 "besondere_lebenslagen": [
  ("Habe ich einen Anspruch darauf?", "ermessen"),
 ],
 "verweis_rentenversicherung": [
  ("Endet mein Arbeitsvertrag mit der EM-Rente?", "em_rente_arbeitsverhaeltnis"),
  ("Wer zahlt meine Umschulung?", "teilhabe_arbeitsleben"),
 ],
 "antrag_formulare": [
  ("Wie stelle ich einen Antrag beim Integrationsamt?", None),
  ("Ich habe das Gerät schon gekauft, zahlt das Amt rückwirkend?", "rueckwirkend"),
  ("Welches Integrationsamt ist zuständig?", "welches_amt"),
  ("Welche Unterlagen brauche ich?", "unterlagen"),
  ("Mein Antrag wurde abgelehnt", "abgelehnt"),
  ("Kann ich das als Persönliches Budget bekommen?", "persoenliches_budget"),
 ],
 "arbeitgeberpflichten": [
  ("Welche Pflichten hat der Arbeitgeber gegenüber Schwerbehinderten?", None),
  ("Muss ich meine Schwerbehinderung in der Bewerbung angeben?", "schwerbehinderung_angeben"),
  ("Habe ich Anspruch auf Homeoffice?", "homeoffice"),
  ("Habe ich ein Recht auf Teilzeit?", "teilzeit"),
 ],
 "neue_arbeitsplaetze": [
  ("Wir wollen einen schwerbehinderten Mitarbeiter einstellen, gibt es Förderung?", None),
  ("Gibt es einen Lohnkostenzuschuss?", "lohnkosten"),
  ("Müssen wir einen Eigenanteil zahlen?", "eigenanteil"),
  ("Wie lange muss der Platz reserviert bleiben?", "bindung"),
  ("Wir haben die Geräte schon gekauft, geht das noch?", "vorher_beantragen"),
 ],
 "arbeitsassistenz": [
  ("Was ist Arbeitsassistenz?", "beispiele"),
  ("Ich brauche eine Vorlesekraft, habe ich einen Anspruch?", "vorlesekraft"),
  ("Kann ich meine Assistenzkraft selbst anstellen?", "arbeitgebermodell"),
  ("Bekomme ich Assistenz auch im Homeoffice?", "homeoffice"),
  ("Wie viel Geld gibt es monatlich für die Assistenz?", "hoehe"),
  ("Muss ich etwas selbst zahlen?", "eigenanteil"),
  ("Meine Assistentin ist krank, wer vertritt sie?", "urlaub_krankheit_assistenz"),
  ("Ich bin Beamter, gibt es das für mich?", "beamte"),
  ("Das Amt hat nach 6 Wochen nicht entschieden", "genehmigungsfiktion"),
  ("Ich bin gehörlos und brauche einen Dolmetscher für Teamsitzungen", "gebaerdensprache"),
  ("Brauche ich die Assistenz für eine neue Stelle?", "neue_stelle"),
 ],
 "erreichen_arbeitsplatz": [
  ("Gilt Kfz-Hilfe auch für einen Gebrauchtwagen?", "gebrauchtwagen"),
  ("Wie viel Zuschuss bekomme ich zum Auto?", "hoehe_zuschuss"),
  ("Ich verdiene zu viel, bekomme ich gar nichts?", "einkommen_zu_hoch"),
  ("Wer bezahlt den Umbau mit Handgas?", "umbau"),
  ("Zahlt das Amt auch das Benzin?", "laufende_kosten"),
  ("Gibt es Geld für den Führerschein?", "fuehrerschein"),
  ("Ich habe das Auto schon gekauft", "schon_gekauft"),
  ("Mein Mann fährt mich zur Arbeit", "anderer_faehrt"),
  ("Ich kann nicht fahren, zahlt ihr ein Taxi?", "befoerderungsdienst"),
  ("Wann bekomme ich wieder ein neues Auto gefördert?", "neues_auto_reparatur"),
 ],
 "begleitende_hilfe": [
  ("Habe ich einen Rechtsanspruch auf die Hilfen?", "anspruch_ermessen"),
  ("Zahlt das Integrationsamt eine Kur?", "ausgeschlossen"),
  ("Welche Leistungen gibt es für Arbeitgeber?", "leistungen_arbeitgeber"),
  ("Es ist sehr dringend", "vorlaeufig"),
  ("Ich habe Streit mit meinem Chef", "persoenliche_hilfe"),
 ],
 "verweis_agentur_fuer_arbeit": [
  ("Muss ich den Eingliederungszuschuss zurückzahlen?", "eingliederungszuschuss_rueckzahlung"),
  ("Wo beantrage ich die Gleichstellung?", "gleichstellung"),
  ("Gibt es Geld für eine Probebeschäftigung?", "probebeschaeftigung"),
 ],
 "behinderungsgerechte_einrichtung": [
  ("Wir müssen eine Rampe bauen, zahlt das Integrationsamt?", "umbau_gebaeude"),
  ("Wie viel müssen wir selbst tragen?", "hoehe_eigenanteil"),
  ("Wir sind ein kleiner Handwerksbetrieb", "kleinbetrieb"),
 ],
 "wohnungshilfe": [
  ("Zahlt das Amt meinen Umzug näher zur Arbeit?", "umzug"),
  ("Zahlt die Pflegekasse den Umbau?", "andere_traeger"),
 ],
 "existenzgruendung": [
  ("Zahlt das Amt die Miete für mein Büro?", "laufende_kosten"),
  ("Geht das auch nebenberuflich?", "nebenberuflich"),
  ("Wie muss ich das Darlehen zurückzahlen?", "tilgung"),
 ],
 "weiterbildung": [
  ("Zahlt das Amt eine Umschulung?", "umschulung"),
  ("Werden auch Fahrtkosten zum Lehrgang bezahlt?", "was_bezahlt"),
  ("Ich will Meister werden", "aufstieg"),
 ],
 "technische_arbeitshilfen": [
  ("Zahlt das Amt auch die Reparatur, wenn das Gerät kaputt ist?", "reparatur"),
  ("Wer zahlt mein Hörgerät?", "hoergeraet"),
  ("Gehört mir die Braillezeile, wenn ich den Job wechsle?", "eigentum"),
  ("Bekomme ich einen höhenverstellbaren Schreibtisch?", "moebel"),
 ],
 "ausbildung_arbeitgeber": [
  ("Wir bilden einen Jugendlichen mit Behinderung aus, gibt es Zuschüsse?", None),
  ("Zählt ein schwerbehinderter Azubi doppelt?", "doppelt"),
  ("Werden die Prüfungsgebühren übernommen?", "pruefungsgebuehren"),
  ("Gibt es eine Ausbildungsprämie?", "praemie"),
 ],
 "gleichstellung": [
  ("Wo beantrage ich die Gleichstellung?", "wo_beantragen"),
  ("Ab wann gilt die Gleichstellung?", "ab_wann"),
  ("Bekomme ich als Gleichgestellter Zusatzurlaub?", "kein_zusatzurlaub"),
  ("Mir wurde schon gekündigt, hilft die Gleichstellung jetzt noch?", "nach_kuendigung"),
  ("Ich bin arbeitslos, kann ich gleichgestellt werden?", "arbeitslos"),
  ("Kann ich als Gleichgestellter früher in Rente gehen?", "keine_rente_steuer"),
  ("Ist die Gleichstellung befristet?", "befristet"),
  ("Zählen Gleichgestellte bei der Ausgleichsabgabe?", "arbeitgeber_quote"),
 ],
 "schwerbehinderung": [
  ("Heißt GdB 50, dass ich nur 50 Prozent arbeiten kann?", "gdb_kein_prozent"),
  ("Mein Ausweis ist abgelaufen, bin ich noch schwerbehindert?", "ausweis_abgelaufen"),
  ("Kann mein GdB bei einem Verschlimmerungsantrag sinken?", "neufeststellung_risiko"),
  ("Werden mehrere Behinderungen zusammengerechnet?", "mehrere_behinderungen"),
  ("Muss mein Arbeitgeber meine Diagnosen kennen?", "wem_sagen"),
 ],
 "verweis_versorgungsamt": [
  ("Meine Krankheit ist schlimmer geworden, wie bekomme ich einen höheren GdB?", "verschlimmerung"),
  ("Brauche ich für das Integrationsamt den Bescheid oder den Ausweis?", "bescheid_fuer_integrationsamt"),
  ("Der GdB ist zu niedrig, kann ich Widerspruch einlegen?", "widerspruch"),
 ],
 "mehrarbeit": [
  ("Muss ich als Schwerbehinderter Überstunden machen?", "ueberstunden_vertrag"),
  ("Was zählt als Mehrarbeit?", "was_ist_mehrarbeit"),
  ("Zählt Bereitschaftsdienst als Mehrarbeit?", "bereitschaftsdienst"),
  ("Muss ich Nachtschicht machen?", "nachtarbeit"),
  ("Ich arbeite Teilzeit 6 Stunden, muss ich Überstunden machen?", "teilzeit_ueberstunden"),
 ],
 "zusatzurlaub": [
  ("Zählt Zusatzurlaub zusätzlich zu meinen 30 Tagen?", "zusaetzlich_tarif"),
  ("Ich war das ganze Jahr krankgeschrieben, verfällt der Zusatzurlaub?", "langzeitkrank"),
  ("Wird der Zusatzurlaub ausbezahlt, wenn ich kündige?", "abgeltung"),
  ("Ich fange im September einen neuen Job an, wie viel Zusatzurlaub habe ich?", "beginn_ende_job"),
  ("Ich bin erst seit Juli schwerbehindert", "unterjaehrig"),
  ("Bekomme ich als Gleichgestellter Zusatzurlaub?", "gleichgestellte"),
 ],
 "beamte_richter": [
  ("Muss das Integrationsamt zustimmen, wenn ein Beamter in den Ruhestand versetzt wird?", "kein_kuendigungsschutz"),  # noqa: E501
  ("Bekommen Beamte Zusatzurlaub?", "zusatzurlaub"),
  ("Was gilt für Soldaten?", "soldaten"),
 ],
 "verweis_wertmarke": [
  ("Was kostet die Wertmarke?", "kosten"),
  ("Wer bekommt die Wertmarke kostenlos?", "kostenlos"),
  ("Fährt meine Begleitperson im ICE kostenlos?", "begleitperson"),
 ],
 "inklusionsbetriebe": [
  ("Was ist ein Inklusionsbetrieb?", "was_ist"),
  ("Wie viele Schwerbehinderte muss ein Inklusionsbetrieb haben, 30 Prozent?", "quote"),
  ("Gibt es Geld für die Erweiterung unseres Inklusionsbetriebs?", "foerderung_investition"),
  ("Wird eine betriebswirtschaftliche Beratung bezahlt?", "beratung_betriebswirtschaft"),
  ("Was ist der Unterschied zur Werkstatt?", "unterschied_werkstatt"),
 ],
 "integrationsamt_allgemein": [
  ("Ist das Inklusionsamt dasselbe wie das Integrationsamt?", "inklusionsamt_name"),
  ("Ist das Integrationsamt ein Reha-Träger?", "kein_rehatraeger"),
  ("Woher kommt das Geld des Integrationsamts?", "finanzierung"),
  ("Ich habe Streit mit meinem Vorgesetzten", "konflikt_arbeitsplatz"),
 ],
}


@pytest.mark.parametrize("topic_id, question, expected",
                         [(t, q, e) for t, qs in CASES.items() for q, e in qs])
def test_faq_selection(topic_id, question, expected):
    faq = match_faq(TOPICS[topic_id], question)
    assert (faq.id if faq else None) == expected


def test_faq_answer_comes_with_the_overview_and_legal_basis():
    answer = compose(TOPICS["kuendigungsschutz"], "Gilt der Schutz auch in der Probezeit?")
    assert answer.faq_id == "probezeit"
    assert "§ 173" in answer.text and "§ 168 SGB IX" in answer.text
    assert answer.text.index("Rechtsgrundlage") > answer.text.index("Zustimmung")


def test_detail_sentence_added_for_specific_question():
    topic = TOPICS["kuendigungsschutz"]
    sentence = best_detail_sentence(topic, "Wie lange hat das Amt für die Entscheidung Zeit?")
    assert sentence is None or sentence in topic.details


def test_rates_table_comes_from_rates_file():
    table = levy_rates_table()
    assert "01.01.2025" in table
    for rate in ("155 €", "275 €", "405 €", "815 €", "235 €", "465 €"):
        assert rate in table
    assert "720 €" in levy_rates_table("2024")


def test_leichte_sprache_and_views():
    topic = TOPICS["zusatzurlaub"]
    easy = compose(topic, "", leichte=True)
    assert "Das Gesetz dazu" in easy.text and "So geht es weiter" in easy.text
    cond = compose(topic, "", view="conditions")
    assert all(c.split()[0] in cond.text for c in topic.conditions)
    details = compose(topic, "", view="details")
    assert topic.details[:40] in details.text
    with pytest.raises(ValueError):
        compose(topic, "", view="unknown")


def test_leichte_sprache_users_never_get_the_standard_texts():
    """Issue 11 #8: title, answer, conditions and next step are all in Leichte Sprache."""
    for topic in TOPICS.values():
        entries = [None, *topic.faqs]
        for faq in entries:
            for view in ("short", "details", "conditions"):
                out = compose(topic, leichte=True, view=view, faq=faq).text
                assert topic.apply_how not in out, (topic.id, view)
                assert topic.short not in out, (topic.id, view)
                assert not any(c in out for c in topic.conditions if len(c) > 40), (topic.id, view)
                if faq is not None and view == "short":
                    assert faq.answer not in out, (topic.id, faq.id)
                assert out.startswith(topic.title_leichte_sprache), (topic.id, view)
