"""Knowledge base: YAML sources -> validated topics -> SQLite (FTS5) store the actions query."""

from lotse.kb.errors import KnowledgeBaseError, Problem
from lotse.kb.loader import load_topics
from lotse.kb.model import Faq, LegalRef, Topic
from lotse.kb.store import KnowledgeStore, build_database

__all__ = [
    "Faq",
    "KnowledgeBaseError",
    "KnowledgeStore",
    "LegalRef",
    "Problem",
    "Topic",
    "build_database",
    "load_topics",
]
