"""Knowledge base of officials, offices, institutions and countries.

Bundled JSONL data (``kb/data``) plus optional user files; see
``KnowledgeBase.load`` and ``KnowledgeBase.default``.
"""

from __future__ import annotations

from parley.kb.knowledge import Entity, KnowledgeBase
from parley.kb.records import Country, Institution, Office, Person, Tenure

__all__ = ["Country", "Entity", "Institution", "KnowledgeBase", "Office", "Person", "Tenure"]
