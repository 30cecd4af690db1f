"""Typed view of a knowledge-base topic. Built only from validated data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class LegalRef:
    norm: str
    law: str

    def __str__(self) -> str:
        return f"{self.norm} {self.law}"


@dataclass(frozen=True)
class Faq:
    """One question-level entry of a topic: a specific question and its answer."""

    id: str
    triggers: tuple[str, ...]
    answer: str
    leichte_sprache: str | None = None
    legal_basis: tuple[LegalRef, ...] = ()
    question: str = ""
    audience: str = "alle"
    last_reviewed: date | None = None


@dataclass(frozen=True)
class Amount:
    id: str
    label: str
    value: str
    valid_from: date
    source: str
    valid_until: date | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    intent: str | None
    title: str
    kind: str
    audience: str
    synonyms: tuple[str, ...]
    short: str
    details: str
    leichte_sprache: str
    conditions: tuple[str, ...]
    legal_basis: tuple[LegalRef, ...]
    apply_how: str
    apply_before_start: bool
    responsible: str
    sources: tuple[str, ...]
    last_reviewed: date
    situations: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    amounts: tuple[Amount, ...] = ()
    deadlines: tuple[dict[str, Any], ...] = ()
    related: tuple[str, ...] = ()
    faqs: tuple[Faq, ...] = field(default_factory=tuple)
    file: str = ""
    title_leichte_sprache: str = ""
    apply_leichte_sprache: str = ""
    # role -> (next step, next step in Leichte Sprache) where the sides' steps differ
    apply_by_role: tuple[tuple[str, str, str], ...] = ()

    def next_step_for(self, role: str | None) -> tuple[str, str] | None:
        """(standard, Leichte Sprache) next step written for this role, if there is one."""
        return next(((how, ls) for r, how, ls in self.apply_by_role if r == role), None)

    @staticmethod
    def from_dict(data: dict[str, Any], file: str = "") -> Topic:
        def refs(items: list[dict[str, str]] | None) -> tuple[LegalRef, ...]:
            return tuple(LegalRef(str(r["norm"]), str(r["law"])) for r in items or [])

        return Topic(
            id=data["id"],
            intent=data.get("intent", data["id"]),
            title=data["title"],
            kind=data["kind"],
            audience=data["audience"],
            synonyms=tuple(data.get("synonyms") or []),
            short=data["short"].strip(),
            details=data["details"].strip(),
            leichte_sprache=data["leichte_sprache"].strip(),
            conditions=tuple(data.get("conditions") or []),
            legal_basis=refs(data.get("legal_basis")),
            apply_how=data["apply"]["how"].strip(),
            apply_before_start=bool(data["apply"].get("before_start", False)),
            responsible=data["apply"]["responsible"],
            sources=tuple(data.get("sources") or []),
            last_reviewed=data["last_reviewed"],
            situations=tuple(data.get("situations") or []),
            excluded=tuple(data.get("excluded") or []),
            amounts=tuple(
                Amount(
                    id=a["id"],
                    label=a["label"],
                    value=str(a["value"]),
                    valid_from=a["valid_from"],
                    source=str(a["source"]),
                    valid_until=a.get("valid_until"),
                )
                for a in data.get("amounts") or []
            ),
            deadlines=tuple(data.get("deadlines") or []),
            related=tuple(data.get("related") or []),
            faqs=tuple(
                Faq(
                    id=f["id"],
                    triggers=tuple(str(t).lower() for t in f["triggers"]),
                    answer=f["answer"].strip(),
                    leichte_sprache=(f.get("leichte_sprache") or "").strip() or None,
                    legal_basis=refs(f.get("legal_basis")),
                    question=" ".join(str(f.get("question") or "").split()),
                    audience=str(f.get("audience") or "alle"),
                    last_reviewed=f.get("last_reviewed") or data["last_reviewed"],
                )
                for f in data.get("faqs") or []
            ),
            file=file,
            title_leichte_sprache=str(data.get("title_leichte_sprache") or "").strip(),
            apply_leichte_sprache=str(data["apply"].get("leichte_sprache") or "").strip(),
            apply_by_role=tuple(
                (str(role), " ".join(str(v["how"]).split()), str(v["leichte_sprache"]).strip())
                for role, v in (data["apply"].get("by_role") or {}).items()
            ),
        )
