"""Load every topic file, validate all of them, and only then return topics (all or nothing)."""

from __future__ import annotations

from pathlib import Path

from lotse.kb.errors import KnowledgeBaseError, Problem
from lotse.kb.model import Topic
from lotse.kb.schema import validate_topic
from lotse.kb.yamlio import load_yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"


def _read_yaml(path: Path, problems: list[Problem]) -> object | None:
    try:
        return load_yaml(path)
    except KnowledgeBaseError as exc:
        problems.extend(exc.problems)
    return None


def responsible_ids(knowledge_dir: Path = KNOWLEDGE_DIR) -> set[str]:
    """Ids a topic may name in apply.responsible: the bodies file plus 'integrationsamt'."""
    path = knowledge_dir / "bodies.yml"
    ids = {"integrationsamt"}
    if path.exists():
        data = load_yaml(path) or {}
        bodies = data.get("bodies", data) if isinstance(data, dict) else data
        if isinstance(bodies, list):
            ids |= {b["id"] for b in bodies if isinstance(b, dict) and "id" in b}
        elif isinstance(bodies, dict):
            ids |= set(bodies)
    return ids


def load_topics(knowledge_dir: Path = KNOWLEDGE_DIR) -> list[Topic]:
    """Return all topics, or raise KnowledgeBaseError listing every problem in every file."""
    topic_dir = knowledge_dir / "topics"
    files = sorted(topic_dir.glob("*.yml"))
    problems: list[Problem] = []
    if not files:
        raise KnowledgeBaseError([Problem(str(topic_dir), "-", "-", "keine Themen-Dateien gefunden")])
    bodies = responsible_ids(knowledge_dir)
    raw: list[tuple[Path, dict]] = []
    all_ids: set[str] = set()
    for path in files:
        data = _read_yaml(path, problems)
        if data is None:
            if not any(p.file == path.name for p in problems):
                problems.append(Problem(path.name, "?", "(Datei)", "ist leer"))
            continue
        if isinstance(data, dict):
            all_ids.add(str(data.get("id")))
        found = validate_topic(data, path.name, bodies)
        problems.extend(found)
        if isinstance(data, dict) and data.get("id") != path.stem:
            problems.append(Problem(path.name, str(data.get("id")), "id",
                                    f"muss dem Dateinamen '{path.stem}' entsprechen"))
        if not found:
            raw.append((path, data))
    ids = all_ids
    intents: dict[str, str] = {}
    for path, data in raw:
        for i, rel in enumerate(data.get("related") or []):
            if rel not in ids:
                problems.append(Problem(path.name, data["id"], f"related[{i}]",
                                        f"unbekannte Eintrags-ID '{rel}'"))
        intent = data.get("intent", data["id"])
        if intent is not None:
            if intent in intents:
                problems.append(Problem(path.name, data["id"], "intent",
                                        f"'{intent}' wird schon von '{intents[intent]}' benutzt"))
            intents[intent] = data["id"]
    questions: dict[str, str] = {}
    for path, data in raw:
        for i, faq in enumerate(data.get("faqs") or []):
            asked = " ".join(str(faq.get("question") or "").lower().split())
            if not asked:
                continue
            where = f"{data['id']}#{faq.get('id')}"
            if asked in questions:
                problems.append(Problem(path.name, data["id"], f"faqs[{i}].question",
                                        f"gleiche Frage wie {questions[asked]} (Fragen dienen als "
                                        "Auswahl-Knöpfe und müssen eindeutig sein)"))
            questions.setdefault(asked, where)
    if problems:
        raise KnowledgeBaseError(problems)
    return [Topic.from_dict(data, path.name) for path, data in raw]
