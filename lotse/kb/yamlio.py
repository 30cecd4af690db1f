"""The one YAML reader for knowledge/: safe, and strict about duplicate keys.

PyYAML silently keeps the last of two equal keys, which once dropped a whole FAQ list
(`schwerbehindertenvertretung.yml` had `faqs:` twice). Every knowledge file is read through
`load_yaml`, which names the file, the key and both line numbers instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from lotse.kb.errors import KnowledgeBaseError, Problem


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping has the same key twice."""


class _StrictLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.get(key)
            except TypeError:  # unhashable key: let PyYAML report it
                continue
            if first is not None:
                raise DuplicateKeyError(
                    None, None, f"Schlüssel '{key}' doppelt (Zeile {first} und Zeile {line})",
                    key_node.start_mark,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def parse_yaml(text: str, name: str = "<text>") -> Any:
    """Parse YAML text strictly; raises KnowledgeBaseError naming `name` and the problem."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass
    except DuplicateKeyError as exc:
        raise KnowledgeBaseError([Problem(name, "-", "(YAML)", str(exc.problem))]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"Zeile {mark.line + 1}" if mark else "?"
        raise KnowledgeBaseError(
            [Problem(name, "-", "(YAML)", f"nicht lesbar ({where}): {exc}")]
        ) from exc


def load_yaml(path: Path) -> Any:
    """Read one knowledge file strictly (duplicate keys rejected, errors name the file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeBaseError([Problem(path.name, "-", "(Datei)", f"nicht lesbar: {exc}")]) from exc
    return parse_yaml(text, path.name)
