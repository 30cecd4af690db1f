"""Schema of a topic file and the validator that reports every violation with file/entry/field.

Kept as plain Python (no jsonschema) so the messages are in German and name the field an editor
must change.
"""

from __future__ import annotations

import re
import string
from datetime import date
from typing import Any

from lotse.kb.errors import Problem
from lotse.law import check_norm

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
KINDS = {"leistung", "thema", "verweis"}
AUDIENCES = {"arbeitnehmer", "arbeitgeber", "beide", "sbv", "alle"}
LAWS = {"SGB IX", "SchwbAV", "KfzHV", "SchwbVWO", "BUrlG", "KSchG", "EStG", "BGB", "AGG"}
SITUATIONS = {
    "braucht_ausstattung", "arbeitsweg", "selbststaendig", "wohnung", "weiterbildung", "assistenz",
    "begleitung", "psychische_belastung", "konflikt", "arbeitsplatz_gefaehrdet", "kuendigung",
    "einstellen", "ausbildung", "minderleistung", "unterstuetzung_kollegen", "arbeitsplatz_umbauen",
    "lange_krank", "werkstatt_wechsel", "beschaeftigungspflicht", "status", "urlaub", "vertretung",
    "beratung", "sonstiges",
}
PLACEHOLDERS = {"levy_rates", "levy_rates_2024"}
SHORT_MAX = 600
TEXT_FIELDS = ("title", "short", "details", "leichte_sprache")
REQUIRED = ("id", "title", "kind", "audience", "synonyms", "short", "details", "leichte_sprache",
            "conditions", "legal_basis", "apply", "sources", "last_reviewed")
KNOWN = set(REQUIRED) | {"intent", "situations", "excluded", "amounts", "deadlines", "related",
                         "faqs", "title_leichte_sprache"}
FAQ_KNOWN = {"id", "question", "triggers", "answer", "leichte_sprache", "legal_basis", "audience",
             "last_reviewed"}
APPLY_KNOWN = {"how", "before_start", "responsible", "leichte_sprache", "by_role"}
ROLES = {"arbeitnehmer", "arbeitgeber", "sbv"}


class _Checker:
    def __init__(self, file: str, entry: str):
        self.file, self.entry = file, entry
        self.problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.entry, field, message))

    def text(self, value: Any, field: str, *, max_len: int | None = None) -> None:
        if not isinstance(value, str) or not value.strip():
            self.add(field, "muss ein nicht leerer Text sein")
            return
        if max_len and len(value) > max_len:
            self.add(field, f"ist {len(value)} Zeichen lang, höchstens {max_len} erlaubt")
        for _, name, _, _ in string.Formatter().parse(value.replace("{{", "").replace("}}", "")):
            if name is not None and name not in PLACEHOLDERS:
                self.add(field, f"unbekannter Platzhalter {{{name}}}")

    def text_list(self, value: Any, field: str, *, allow_empty: bool = True) -> None:
        if not isinstance(value, list):
            self.add(field, "muss eine Liste sein")
            return
        if not value and not allow_empty:
            self.add(field, "darf nicht leer sein")
        for i, item in enumerate(value):
            self.text(item, f"{field}[{i}]")

    def legal(self, value: Any, field: str, *, allow_empty: bool) -> None:
        if not isinstance(value, list):
            self.add(field, "muss eine Liste von {norm, law} sein")
            return
        if not value and not allow_empty:
            self.add(field, "fehlt: jede Leistung braucht eine Rechtsgrundlage")
        for i, ref in enumerate(value):
            where = f"{field}[{i}]"
            if not isinstance(ref, dict):
                self.add(where, "muss {norm, law} sein")
                continue
            norm, law = ref.get("norm"), ref.get("law")
            if not isinstance(norm, str) or not re.match(r"^§§? \d", norm):
                self.add(f"{where}.norm", f"'{norm}' ist keine Paragraphenangabe wie '§ 19'")
            if law not in LAWS:
                self.add(f"{where}.law", f"'{law}' ist kein bekanntes Gesetz ({', '.join(sorted(LAWS))})")
            elif isinstance(norm, str):
                missing = check_norm(norm, law)
                if missing:
                    self.add(f"{where}.norm", f"'{norm} {law}' steht nicht im Gesetzestext: {missing}")

    def date_(self, value: Any, field: str) -> None:
        if not isinstance(value, date):
            self.add(field, f"'{value}' ist kein Datum im Format JJJJ-MM-TT")


def validate_topic(data: Any, file: str, responsible_ids: set[str]) -> list[Problem]:
    """Check one parsed topic file; returns all problems (empty list = valid)."""
    entry = data.get("id", "?") if isinstance(data, dict) else "?"
    c = _Checker(file, str(entry))
    if not isinstance(data, dict):
        c.add("(Datei)", "muss ein YAML-Objekt mit den Feldern aus knowledge/README.md sein")
        return c.problems
    for name in REQUIRED:
        if name not in data:
            c.add(name, "fehlt")
    for name in data:
        if name not in KNOWN:
            c.add(name, "unbekanntes Feld (Tippfehler?)")
    if "id" in data and not (isinstance(data["id"], str) and ID_RE.match(data["id"])):
        c.add("id", "muss klein geschrieben sein, nur a-z, 0-9 und _")
    intent = data.get("intent", data.get("id"))
    if intent is not None and not (isinstance(intent, str) and ID_RE.match(intent)):
        c.add("intent", "muss ein Intent-Name (a-z, 0-9, _) oder null sein")
    if "kind" in data and data["kind"] not in KINDS:
        c.add("kind", f"'{data['kind']}' ist nicht erlaubt ({', '.join(sorted(KINDS))})")
    if "audience" in data and data["audience"] not in AUDIENCES:
        c.add("audience", f"'{data['audience']}' ist nicht erlaubt ({', '.join(sorted(AUDIENCES))})")
    # Leichte Sprache users must never get standard German: title and next step too
    c.text(data.get("title_leichte_sprache"), "title_leichte_sprache", max_len=120)
    for name in TEXT_FIELDS:
        if name in data:
            c.text(data[name], name, max_len=SHORT_MAX if name == "short" else None)
    is_referral = data.get("kind") == "verweis"
    if "synonyms" in data:
        c.text_list(data["synonyms"], "synonyms")
    if "conditions" in data:
        c.text_list(data["conditions"], "conditions", allow_empty=is_referral)
    if "excluded" in data:
        c.text_list(data["excluded"], "excluded")
    if "sources" in data:
        c.text_list(data["sources"], "sources", allow_empty=False)
    if "legal_basis" in data:
        c.legal(data["legal_basis"], "legal_basis", allow_empty=is_referral)
    if "last_reviewed" in data:
        c.date_(data["last_reviewed"], "last_reviewed")
    for i, tag in enumerate(data.get("situations") or []):
        if tag not in SITUATIONS:
            c.add(f"situations[{i}]", f"'{tag}' ist kein bekannter Situations-Tag")
    _check_apply(c, data.get("apply"), responsible_ids)
    _check_amounts(c, data.get("amounts") or [])
    _check_deadlines(c, data.get("deadlines") or [])
    _check_faqs(c, data.get("faqs") or [], referral=is_referral)
    return c.problems


def _check_apply(c: _Checker, apply: Any, responsible_ids: set[str]) -> None:
    if apply is None:
        return
    if not isinstance(apply, dict):
        c.add("apply", "muss {how, before_start, responsible} sein")
        return
    c.text(apply.get("how"), "apply.how")
    c.text(apply.get("leichte_sprache"), "apply.leichte_sprache")
    for name in apply:
        if name not in APPLY_KNOWN:
            c.add(f"apply.{name}", "unbekanntes Feld (Tippfehler?)")
    by_role = apply.get("by_role")
    if by_role is not None:
        if not isinstance(by_role, dict):
            c.add("apply.by_role", "muss {arbeitnehmer: {how, leichte_sprache}, ...} sein")
            return
        for role, step in by_role.items():
            where = f"apply.by_role.{role}"
            if role not in ROLES:
                c.add(where, f"'{role}' ist keine Rolle ({', '.join(sorted(ROLES))})")
            if not isinstance(step, dict):
                c.add(where, "muss {how, leichte_sprache} sein")
                continue
            c.text(step.get("how"), f"{where}.how")
            c.text(step.get("leichte_sprache"), f"{where}.leichte_sprache")
    if not isinstance(apply.get("before_start", False), bool):
        c.add("apply.before_start", "muss true oder false sein")
    if apply.get("responsible") not in responsible_ids:
        c.add("apply.responsible", f"'{apply.get('responsible')}' ist keine bekannte Stelle "
              "(knowledge/bodies.yml)")


def _check_amounts(c: _Checker, amounts: Any) -> None:
    if not isinstance(amounts, list):
        c.add("amounts", "muss eine Liste sein")
        return
    seen: set[str] = set()
    for i, a in enumerate(amounts):
        where = f"amounts[{i}]"
        if not isinstance(a, dict):
            c.add(where, "muss {id, label, value, valid_from, source} sein")
            continue
        for key in ("id", "label", "source"):
            c.text(a.get(key), f"{where}.{key}")
        if a.get("value") in (None, ""):
            c.add(f"{where}.value", "fehlt")
        c.date_(a.get("valid_from"), f"{where}.valid_from")
        if a.get("valid_until") is not None:
            c.date_(a["valid_until"], f"{where}.valid_until")
            if isinstance(a.get("valid_from"), date) and isinstance(a["valid_until"], date) \
                    and a["valid_until"] < a["valid_from"]:
                c.add(f"{where}.valid_until", "liegt vor valid_from")
        if a.get("id") in seen:
            c.add(f"{where}.id", f"'{a.get('id')}' doppelt")
        seen.add(a.get("id"))


def _check_deadlines(c: _Checker, deadlines: Any) -> None:
    if not isinstance(deadlines, list):
        c.add("deadlines", "muss eine Liste sein")
        return
    for i, d in enumerate(deadlines):
        where = f"deadlines[{i}]"
        if not isinstance(d, dict):
            c.add(where, "muss {id, label, value, source} sein")
            continue
        for key in ("id", "label", "source"):
            c.text(d.get(key), f"{where}.{key}")
        if d.get("value") in (None, ""):
            c.add(f"{where}.value", "fehlt")


def _check_faqs(c: _Checker, faqs: Any, *, referral: bool = False) -> None:
    if not isinstance(faqs, list):
        c.add("faqs", "muss eine Liste sein")
        return
    seen: set[str] = set()
    for i, f in enumerate(faqs):
        where = f"faqs[{i}]"
        if not isinstance(f, dict):
            c.add(where, "muss {id, question, triggers, answer, leichte_sprache, legal_basis} sein")
            continue
        for name in f:
            if name not in FAQ_KNOWN:
                c.add(f"{where}.{name}", "unbekanntes Feld (Tippfehler?)")
        # every entry is a button title and must reach Leichte Sprache users in Leichte Sprache
        c.text(f.get("question"), f"{where}.question", max_len=160)
        if f.get("audience") is not None and f["audience"] not in AUDIENCES:
            c.add(f"{where}.audience", f"'{f['audience']}' ist nicht erlaubt "
                  f"({', '.join(sorted(AUDIENCES))})")
        if f.get("last_reviewed") is not None:
            c.date_(f["last_reviewed"], f"{where}.last_reviewed")
        if not (isinstance(f.get("id"), str) and ID_RE.match(f["id"])):
            c.add(f"{where}.id", "fehlt oder ist kein gültiger Name")
        elif f["id"] in seen:
            c.add(f"{where}.id", f"'{f['id']}' doppelt")
        seen.add(f.get("id"))
        triggers = f.get("triggers")
        if not isinstance(triggers, list) or not triggers:
            c.add(f"{where}.triggers", "muss eine nicht leere Liste sein")
        else:
            for j, t in enumerate(triggers):
                if not isinstance(t, str) or not t.strip():
                    c.add(f"{where}.triggers[{j}]",
                          f"'{t}' muss ein nicht leerer Text sein (Zahlen in Anführungszeichen)")
        c.text(f.get("answer"), f"{where}.answer")
        c.text(f.get("leichte_sprache"), f"{where}.leichte_sprache")
        if "legal_basis" in f or not referral:
            c.legal(f.get("legal_basis"), f"{where}.legal_basis", allow_empty=referral)
