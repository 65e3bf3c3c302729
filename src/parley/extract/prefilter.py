"""A fast relevance gate in front of the parser.

One Aho-Corasick automaton over every knowledge-base surface form (names,
aliases, titles, countries, metonyms) and the engagement trigger words.  An
article reaches spaCy only if it names an engagement and at least two actors,
one of them from the country pair; everything else costs one linear scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import ahocorasick

from parley.extract.actors import country_of
from parley.extract.lexicon import load

if TYPE_CHECKING:
    from parley.kb import KnowledgeBase

#: Distinct actor forms an article must name to be worth parsing.
MIN_ACTOR_FORMS = 2


@dataclass(frozen=True)
class Verdict:
    relevant: bool
    actors: int
    triggers: int


def _boundary_ok(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


class Prefilter:
    """Built once per process from the knowledge base; ``check`` is pure."""

    def __init__(self, kb: KnowledgeBase, pair: tuple[str, ...] = ("USA", "CHN")) -> None:
        self.pair = set(pair)
        self.automaton = ahocorasick.Automaton()
        for form in kb.all_surface_forms():
            key = form.lower().strip()
            if len(key) < 2:
                continue
            countries = {country_of(h) for h in kb.lookup(form)}
            in_pair = bool(countries & self.pair) or not countries
            prev = self.automaton.get(key, None)
            self.automaton.add_word(key, ("actor", key, in_pair or (prev and prev[2])))
        for person in kb.persons.values():
            # "Dr Yellen", "Mr Liu": a surname alone still names an actor of its country.
            key = person.surname.lower()
            if len(key) >= 3 and key not in self.automaton:
                self.automaton.add_word(key, ("actor", key, person.country in self.pair))
        for word in load("triggers.json")["prefilter_words"]:
            key = word.lower()
            if key not in self.automaton:
                self.automaton.add_word(key, ("trigger", key, False))
        self.automaton.make_automaton()

    def check(self, text: str) -> Verdict:
        """Whether an article could hold a US–China engagement worth parsing."""
        lower = text.lower()
        actors: set[str] = set()
        in_pair = False
        triggers = 0
        for end, (kind, key, pair_hit) in self.automaton.iter(lower):
            start = end - len(key) + 1
            if not _boundary_ok(lower, start, end + 1):
                continue
            if kind == "trigger":
                triggers += 1
            else:
                actors.add(key)
                in_pair = in_pair or bool(pair_hit)
        relevant = triggers > 0 and len(actors) >= MIN_ACTOR_FORMS and in_pair
        return Verdict(relevant, len(actors), triggers)
