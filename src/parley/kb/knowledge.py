"""The knowledge base: who held which office when, and how news names them."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from parley.kb.loader import KBData, load_records
from parley.kb.normalize import normalize_surface, possessive, strip_possessive
from parley.kb.patterns import build_patterns, build_phrase_patterns
from parley.kb.records import Country, Institution, Office, Person, Tenure
from parley.kb.titles import TitleIndex

Entity = Person | Institution | Country


def _government_for(country: Country, existing: Institution | None) -> Institution:
    """The government actor a capital metonym ("Beijing") stands for."""
    generated = [
        *country.capital_metonyms,
        f"{country.name} government",
        f"{possessive(country.name)} government",
        f"government of {country.name}",
        *(f"{demonym} government" for demonym in country.demonyms),
    ]
    if existing is not None:
        return Institution(existing.id, existing.name, existing.country or country.code,
                           existing.kind, tuple(dict.fromkeys((*existing.aliases, *generated))))
    return Institution(country.government_id, f"Government of {country.name}", country.code,
                       "government", tuple(dict.fromkeys(generated)))


class KnowledgeBase:
    """Officials with dated tenures, offices, institutions and countries, with lookups."""

    def __init__(self, data: KBData) -> None:
        self.persons: dict[str, Person] = dict(data.persons)
        self.offices: dict[str, Office] = dict(data.offices)
        self.institutions: dict[str, Institution] = dict(data.institutions)
        self.countries: dict[str, Country] = dict(data.countries)
        self._metonyms: dict[str, str] = {}
        for country in self.countries.values():
            gov = _government_for(country, self.institutions.get(country.government_id))
            self.institutions[gov.id] = gov
            for metonym in country.capital_metonyms:
                self._metonyms[metonym] = gov.id
        self._titles = TitleIndex(self.offices, self.countries)
        self._by_key: dict[str, list[Entity]] = {}
        self._holders: dict[str, list[tuple[Person, Tenure]]] = {}
        self._patterns: list[dict[str, Any]] | None = None
        self._phrases: list[dict[str, Any]] | None = None
        self._surnames: dict[str, list[Person]] | None = None
        self._index_entities()

    # -- construction -------------------------------------------------
    @classmethod
    def load(cls, extra_files: Sequence[str | Path] = ()) -> KnowledgeBase:
        """Bundled data plus user JSONL files; a repeated id extends/overrides the record."""
        return cls(load_records(extra_files))

    @staticmethod
    def default() -> KnowledgeBase:
        """The bundled knowledge base, built once per process."""
        return _default_kb()

    def _index_entities(self) -> None:
        for person in self.persons.values():
            for surface in (person.name, *person.aliases):
                self._add_key(surface, person)
            for tenure in person.tenures:
                self._holders.setdefault(tenure.office_id, []).append((person, tenure))
        for inst in self.institutions.values():
            for surface in (inst.name, *inst.aliases):
                self._add_key(surface, inst)
        for country in self.countries.values():
            for surface in (*country.aliases, *country.demonyms):
                self._add_key(surface, country)

    def _add_key(self, surface: str, entity: Entity) -> None:
        bucket = self._by_key.setdefault(normalize_surface(surface), [])
        if all(existing is not entity for existing in bucket):
            bucket.append(entity)

    # -- lookups --------------------------------------------------------
    def lookup(self, surface: str) -> list[Entity]:
        """Exact, normalised lookup of a full name, alias, demonym or metonym."""
        key = normalize_surface(surface)
        found = self._by_key.get(key) or self._by_key.get(strip_possessive(key))
        if found:
            return list(found)
        by_id = self.get(surface.strip())
        return [by_id] if by_id is not None else []

    def get(self, actor_id: str) -> Entity | None:
        """A person, institution or country by its id (country ids are ISO codes)."""
        return (self.persons.get(actor_id) or self.institutions.get(actor_id)
                or self.countries.get(actor_id))

    def government(self, country_code: str) -> Institution | None:
        """The government actor of a country ("CHN" -> the Chinese government)."""
        country = self.countries.get(country_code)
        return self.institutions.get(country.government_id) if country else None

    def offices_for_title(self, title: str, country: str | None = None) -> list[Office]:
        """Every office a title may name, optionally restricted to one country."""
        offices = [self.offices[i] for i in self._titles.candidates(title)]
        return [o for o in offices if country is None or o.country == country]

    def office_for_title(self, title: str, country: str | None = None) -> Office | None:
        """The office a title names; None when unknown or it could be several countries'."""
        offices = self.offices_for_title(title, country)
        if not offices or len({o.country for o in offices}) > 1:
            return None
        return offices[0]

    def holders(self, office_id: str, on: datetime.date) -> list[Person]:
        """Who held the office on that day (several for e.g. vice premier)."""
        people: list[Person] = []
        for person, tenure in self._holders.get(office_id, []):
            if tenure.covers(on) and person not in people:
                people.append(person)
        return people

    def tenures(self, person_id: str, office_id: str | None = None) -> list[Tenure]:
        """A person's tenures in chronological order, optionally for one office."""
        person = self.persons.get(person_id)
        if person is None:
            return []
        chosen = [t for t in person.tenures if office_id is None or t.office_id == office_id]
        return sorted(chosen, key=lambda t: t.start)

    def offices_on(self, person_id: str,
                   on: datetime.date | None) -> list[tuple[Office, Tenure]]:
        """Offices held that day, most senior first; with None all, most recent first."""
        person = self.persons.get(person_id)
        if person is None:
            return []
        order = {id(t): i for i, t in enumerate(person.tenures)}
        pairs = [(self.offices[t.office_id], t) for t in person.tenures]
        if on is None:
            return sorted(pairs, key=lambda p: (-p[1].start.toordinal(), order[id(p[1])]))
        held = [p for p in pairs if p[1].covers(on)]
        return sorted(held, key=lambda p: (p[0].rank, order[id(p[1])]))

    def role_on(self, person_id: str, on: datetime.date | None) -> str | None:
        """Title of the most senior office held that day (None: the most recent office)."""
        held = self.offices_on(person_id, on)
        return held[0][0].title if held else None

    def by_surname(self, surname: str, country: str | None = None) -> list[Person]:
        """People with this family name, optionally of one country."""
        if self._surnames is None:  # built on first use: articles ask for many surnames
            self._surnames = {}
            for p in self.persons.values():
                self._surnames.setdefault(normalize_surface(p.surname), []).append(p)
        return [p for p in self._surnames.get(normalize_surface(surname), [])
                if country is None or p.country == country]

    # -- surface forms and patterns --------------------------------------
    def _labelled_surfaces(self, *, qualified_titles: bool = True) -> Iterator[tuple[str, str, str]]:
        for person in self.persons.values():
            for surface in (person.name, *person.aliases):
                yield "PERSON", surface, person.id
        for inst in self.institutions.values():
            for surface in (inst.name, *inst.aliases):
                label = "GPE" if self._metonyms.get(surface) == inst.id else "ORG"
                yield label, surface, inst.id
        for country in self.countries.values():
            alias_keys = {normalize_surface(a) for a in country.aliases}
            for surface in country.aliases:
                yield "GPE", surface, country.code
            for surface in country.demonyms:
                if normalize_surface(surface) not in alias_keys:
                    yield "NORP", surface, country.code
        titles = self._titles.surfaces if qualified_titles else self._titles.aliases
        for surface, office_id in titles:
            yield "TITLE", surface, office_id

    def all_surface_forms(self) -> Iterator[str]:
        """Every name, alias, demonym, metonym and title string, each once."""
        seen: set[str] = set()
        for _label, surface, _id in self._labelled_surfaces():
            if surface not in seen:
                seen.add(surface)
                yield surface

    def entity_patterns(self) -> list[dict[str, Any]]:
        """spaCy SpanRuler/EntityRuler token patterns for every known surface form."""
        if self._patterns is None:
            self._patterns = build_patterns(self._labelled_surfaces())
        return [dict(p) for p in self._patterns]


    def phrase_patterns(self) -> list[dict[str, Any]]:
        """Ruler phrase patterns (strings): names match case-sensitively (ORTH), TITLE
        patterns case-insensitively (a LOWER-attribute matcher).

        Titles come as the office records spell them, without the country qualifiers
        put before them ("US", "China's"): a matched title is extended over its
        qualifier with ``qualified_titles`` instead."""
        if self._phrases is None:
            self._phrases = build_phrase_patterns(self._labelled_surfaces(qualified_titles=False))
        return [dict(p) for p in self._phrases]

    def qualified_titles(self) -> dict[str, list[str]]:
        """Office ids of each title behind its own country's qualifier, by normalised key
        ("us treasury secretary")."""
        return {key: list(ids) for key, ids in self._titles.qualified.items()}

    def title_qualifiers(self) -> list[str]:
        """The words that may stand before a title to say whose office it is."""
        return sorted(self._titles.qualifiers)


@functools.lru_cache(maxsize=1)
def _default_kb() -> KnowledgeBase:
    return KnowledgeBase.load()
