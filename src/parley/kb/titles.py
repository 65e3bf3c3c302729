"""Office titles with and without country qualifiers ("US Treasury Secretary").

Qualifiers come from each country's aliases, demonyms and their possessives,
so adding a country record is enough for "Japanese Trade Minister" to work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from parley.kb.normalize import normalize_surface, possessive
from parley.kb.records import Country, Office

#: Words that may precede a title without changing which office it names.
TITLE_MODIFIERS = frozenset(
    {"former", "then", "acting", "outgoing", "incoming", "new", "current", "incumbent",
     "interim", "newly", "appointed"}
)


def country_qualifiers(country: Country) -> list[str]:
    """Surface forms that mark a title as this country's ("US", "Chinese", "China's")."""
    forms = [*country.aliases, *country.demonyms, *(possessive(a) for a in country.aliases)]
    return list(dict.fromkeys(f for f in forms if f))


def _append_new(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _contains_any(key: str, needles: Iterable[str]) -> bool:
    padded = f" {key} "
    return any(f" {needle} " in padded for needle in needles)


class TitleIndex:
    """Maps normalised title strings to office ids, keeping every raw surface form.

    ``aliases`` are the titles as the office records spell them; ``surfaces`` adds each
    alias behind its own country's qualifiers.  Text matching needs only the aliases and
    ``qualified`` (see ``parley.extract.nlp.TitleQualifier``): spelling out every
    qualifier before every title made seven phrases in eight of the title matcher.
    """

    def __init__(self, offices: Mapping[str, Office], countries: Mapping[str, Country]) -> None:
        self.surfaces: list[tuple[str, str]] = []
        self.aliases: list[tuple[str, str]] = []
        self.qualifiers: set[str] = set()
        self.qualified: dict[str, list[str]] = {}
        self._index: dict[str, list[str]] = {}
        qualifiers = {code: country_qualifiers(c) for code, c in countries.items()}
        all_qualifier_keys = {normalize_surface(q) for qs in qualifiers.values() for q in qs}
        for office in offices.values():
            own = qualifiers.get(office.country, [])
            for alias in office.aliases:
                self._add(alias, office.id)
                self.aliases.append((alias, office.id))
                if _contains_any(normalize_surface(alias), all_qualifier_keys):
                    continue
                for qualifier in own:
                    key = self._add(f"{qualifier} {alias}", office.id)
                    self.qualifiers.add(qualifier)
                    _append_new(self.qualified.setdefault(key, []), office.id)

    def _add(self, surface: str, office_id: str) -> str:
        self.surfaces.append((surface, office_id))
        key = normalize_surface(surface)
        _append_new(self._index.setdefault(key, []), office_id)
        return key

    def candidates(self, title: str) -> list[str]:
        """Office ids a title may name, trying it as written and without modifiers."""
        key = normalize_surface(title)
        found = self._index.get(key)
        if found:
            return list(found)
        words = key.split()
        while words and words[0] in TITLE_MODIFIERS:
            words = words[1:]
        stripped = re.sub(r"^the\s+", "", " ".join(words))
        return list(self._index.get(stripped, []))
