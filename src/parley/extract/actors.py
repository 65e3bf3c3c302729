"""Resolve people, institutions and governments mentioned in a parsed article.

Works on the entities the knowledge-base ruler and the statistical NER left on
the Doc, then fills the gaps news style leaves: honorific + surname
("Mr Liu", "Dr Yellen"), a bare title ("the US Treasury Secretary" → whoever
held it that day), capitals used for governments ("Beijing said"), and
third-person pronouns pointing back to the last person of that gender.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy

from parley.extract.lexicon import load, words
from parley.extract.parse import doc_text
from parley.kb.records import Country, Institution, Person
from parley.models import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from parley.kb import KnowledgeBase

#: How a mention of both leaders at once ("the two heads of state") was resolved.
LEADER_PAIR = "leader-pair"

#: How far into an article a capitalised place can be its dateline.
DATELINE_CHARS = 60

#: A photo credit or byline line ("Name | Agency | Getty Images").
CREDIT_RE = re.compile(r"\|.*\b(Images|Photo|Photos|AFP|Reuters|AP|Getty)\b|\bGetty Images\b")

#: Institution kinds that speak for a government (a company or think tank does not).
OFFICIAL_KINDS = frozenset({"government", "agency", "media", "party", "legislature", "military"})

HONORIFIC_RE = re.compile(
    r"\b(Mr|Mrs|Ms|Dr|Madam|Madame|Secretary|Ambassador|Minister|Premier|President|"
    r"Vice[- ]Premier|Vice[- ]President|Chairman|Governor|Envoy)\.?\s+([A-Z][a-z'’-]+)\b")


def _office_title(kb: KnowledgeBase, office_id: str) -> str | None:
    office = kb.offices.get(office_id)
    return office.title if office else None


def _is_subject(doc: Doc, m: ActorMention) -> bool:
    """The mention is the subject of its clause (unparsed sentences have no subjects)."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


class ActorResolver:
    """Stateful over one article: later mentions resolve against earlier ones."""

    def __init__(self, kb: KnowledgeBase, on: date | None) -> None:
        self.kb = kb
        self.on = on
        self.by_surname: dict[str, ActorMention] = {}
        self.mentions: list[ActorMention] = []
        self._honorifics = words("actors.json", "honorifics")
        self._loc_preps = words("actors.json", "location_preps")
        self._former = words("actors.json", "former_words")
        self._pronouns: dict[str, str] = load("actors.json")["pronouns"]
        self._lower_ranks = words("actors.json", "lower_rank_words")
        self._leader_pairs = [re.compile(p) for p in load("actors.json")["leader_pair_patterns"]]

    # -- public -----------------------------------------------------------
    def resolve(self, doc: Doc) -> list[ActorMention]:
        """All actor mentions in document order."""
        self.text = doc_text(doc)  # Doc.text rebuilds the string on every access
        ents = list(doc.ents)
        used_titles: set[int] = set()
        for i, ent in enumerate(ents):
            if ent.label_ == "TITLE":
                nxt = ents[i + 1] if i + 1 < len(ents) else None
                if nxt is not None and nxt.label_ == "PERSON" and _adjacent(ent, nxt, doc):
                    continue  # consumed by the person that follows
                if self._title_mention(ent, doc):
                    used_titles.add(i)
            elif ent.label_ == "PERSON":
                prev = ents[i - 1] if i > 0 else None
                title = prev if (prev is not None and prev.label_ == "TITLE"
                                 and _adjacent(prev, ent, doc)) else None
                self._person(ent, title, doc)
            elif ent.label_ in ("ORG", "FAC"):
                self._org(ent)
            elif ent.label_ in ("GPE", "NORP"):
                self._place_or_people(ent, doc)
        self._honorific_mentions(doc)
        self._surname_mentions(doc)
        self._leader_surname_mentions(doc)
        self._pronoun_mentions(doc)
        self._leader_pair_mentions()
        self.mentions.sort(key=lambda m: m.start)
        return self.mentions

    # -- mention kinds ----------------------------------------------------
    def _add(self, mention: ActorMention) -> ActorMention:
        for m in self.mentions:
            if m.start < mention.end and mention.start < m.end:
                if (m.actor_id is None and mention.actor_id is not None) or (
                        mention.end - mention.start > m.end - m.start and m.actor_id is None):
                    self.mentions.remove(m)
                    break
                return m
        self.mentions.append(mention)
        if mention.kind == "person" and mention.name:
            surname = self._surname(mention)
            if surname:
                self.by_surname[surname.lower()] = mention
        return mention

    def _surname(self, mention: ActorMention) -> str | None:
        if mention.actor_id and mention.actor_id in self.kb.persons:
            return self.kb.persons[mention.actor_id].surname
        parts = (mention.name or "").split()
        return parts[-1] if parts else None

    def _role(self, person_id: str, office_id: str | None) -> str | None:
        if office_id:
            return _office_title(self.kb, office_id)
        return self.kb.role_on(person_id, self.on) if self.on else None

    def _is_former(self, doc: Doc, start: int) -> bool:
        window = doc[max(0, start - 3):start]
        return any(t.lower_ in self._former for t in window)

    def _person(self, ent: Span, title: Span | None, doc: Doc) -> None:
        office_id = title.ent_id_ if title is not None and title.ent_id_ else None
        start_char = title.start_char if title is not None else ent.start_char
        pid = ent.ent_id_ or None
        if pid and pid in self.kb.persons:
            person = self.kb.persons[pid]
            role = self._role(pid, office_id)
            if self._is_former(doc, (title or ent).start) and role:
                role = "former " + role
            self._add(ActorMention(
                text=self.text[start_char:ent.end_char], start=start_char, end=ent.end_char,
                kind="person", actor_id=pid, name=person.name, country=person.country,
                role=role, office_id=office_id, resolved_by="kb-name", official=True))
            return
        found = self._resolve_name(ent.text)
        if found is not None:
            pid = found.id
            self._add(ActorMention(
                text=self.text[start_char:ent.end_char], start=start_char, end=ent.end_char,
                kind="person", actor_id=pid, name=found.name, country=found.country,
                role=self._role(pid, office_id), office_id=office_id, resolved_by="surname",
                official=True))
            return
        if CREDIT_RE.search(ent.sent.text) or ent[-1].tag_ in ("NNS", "NNPS"):
            return  # a photo credit, or a group ("Uighur Muslims"), not a person
        role, country = self._describe_unknown(ent, doc)
        office = self.kb.offices.get(office_id) if office_id else None
        if office is not None and country and country != office.country:
            office_id = None  # "Russian President Vladimir Putin": another country's office
        elif office is not None:
            role, country = office.title, office.country
        self._add(ActorMention(
            text=self.text[start_char:ent.end_char], start=start_char, end=ent.end_char,
            kind="person", name=_clean_name(ent.text), country=country, role=role,
            office_id=office_id, resolved_by="ner", official=office_id is not None))

    def _resolve_name(self, text: str) -> Any | None:
        """A known person for a partial or honorific name, or None."""
        tokens = [t for t in re.split(r"\s+", text.strip()) if t]
        while tokens and tokens[0].lower().rstrip(".") in {h.rstrip(".") for h in self._honorifics}:
            tokens = tokens[1:]
        if not tokens:
            return None
        for hit in self.kb.lookup(" ".join(tokens)):
            if isinstance(hit, Person):
                return hit
        if len(tokens) != 1:
            return None
        surname = tokens[0].strip("’'s").lower()
        seen = self.by_surname.get(surname)
        if seen is not None and seen.actor_id in self.kb.persons:
            return self.kb.persons[seen.actor_id]
        if seen is not None:
            return None
        candidates = self.kb.by_surname(tokens[0])
        if self.on is not None:
            candidates = [p for p in candidates if self.kb.offices_on(p.id, self.on)]
        return candidates[0] if len(candidates) == 1 else None

    def _describe_unknown(self, ent: Span, doc: Doc) -> tuple[str | None, str | None]:
        """Role words and country for a person the knowledge base does not know."""
        sent = ent.sent
        before: list[Any] = []
        i = ent.start - 1
        while i >= sent.start and doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "PUNCT") \
                and doc[i].text not in {",", ".", "(", ")"} and len(before) < 6:
            before.insert(0, doc[i])
            i -= 1
        role_tokens = [t for t in before if t.ent_type_ not in ("PERSON",)]
        after: list[Any] = []
        j = ent.end
        if j < sent.end and doc[j].text == ",":
            j += 1
            while j < sent.end and doc[j].text not in {",", ".", ";", "—", "–"} and len(after) < 10:
                after.append(doc[j])
                j += 1
        words_ = role_tokens or after
        role = " ".join(t.text for t in words_).strip() or None
        country = None
        for tok in [*role_tokens, *after]:
            for hit in self.kb.lookup(tok.text):
                country = country_of(hit)
                if country:
                    break
            if country:
                break
        if country is None and words_:
            span_text = " ".join(t.text for t in words_)
            for hit in self.kb.lookup(span_text):
                country = country_of(hit)
        if country is None and role:
            country = self._country_in(role)
        return role, country

    def _country_in(self, text: str) -> str | None:
        for ent_text in re.findall(r"[A-Z][\w.&-]+(?:\s+[A-Z][\w.&-]+)*", text):
            for hit in self.kb.lookup(ent_text):
                code = country_of(hit)
                if code:
                    return code
        return None

    def _title_mention(self, ent: Span, doc: Doc) -> bool:
        office_id = ent.ent_id_
        office = self.kb.offices.get(office_id) if office_id else None
        if office is None:
            return False
        if ent.start > 0 and doc[ent.start - 1].lower_ in self._lower_ranks:
            return False  # "the deputy head of the commission" holds another office
        nxt = doc[ent.end] if ent.end < len(doc) else None
        if nxt is not None and nxt.is_title and nxt.pos_ == "PROPN":
            holder = self._holder_named(office_id, nxt) if not nxt.ent_type_ else None
            if holder is not None:
                # "Secretary of Commerce Raimondo's visit": a surname the NER left out,
                # after the title of an office its bearer held.
                self._add(ActorMention(
                    text=self.text[ent.start_char:nxt.idx + len(nxt.text)], start=ent.start_char,
                    end=nxt.idx + len(nxt.text), kind="person", actor_id=holder.id,
                    name=holder.name, country=holder.country, role=office.title,
                    office_id=office_id, resolved_by="title", official=True))
                return True
            return False  # "Ambassador Tai": handled as honorific + surname
        # "Vice President-elect JD Vance": the office's next holder, not its present one.
        elect = re.match(r"\s*[-\u2010\u2011]\s*elect\b", self.text[ent.end_char:ent.end_char + 8],
                         flags=re.IGNORECASE) is not None
        holders = self.kb.holders(office_id, self.on) if self.on and not elect else []
        if len(holders) == 1:
            person = holders[0]
            self._add(ActorMention(
                text=ent.text, start=ent.start_char, end=ent.end_char, kind="person",
                actor_id=person.id, name=person.name, country=person.country, role=office.title,
                office_id=office_id, resolved_by="title", official=True))
        else:
            self._add(ActorMention(
                text=ent.text, start=ent.start_char, end=ent.end_char, kind="person",
                country=office.country, role=office.title, office_id=office_id,
                resolved_by="title-unresolved", official=True))
        return True

    def _holder_named(self, office_id: str, tok: Token) -> Person | None:
        """The one person of that surname who held the office (on the article's day, when
        it is known)."""
        found = [p for p in self.kb.by_surname(tok.text)
                 if any(t.office_id == office_id and (self.on is None or t.covers(self.on))
                        for t in p.tenures)]
        return found[0] if len(found) == 1 else None

    def _org(self, ent: Span) -> None:
        if len(ent) == 1 and ent[0].is_title:
            person = self._resolve_name(_clean_name(ent.text))
            if person is not None:  # "the Trump administration"
                self.by_surname.setdefault(person.surname.lower(), ActorMention(
                    text=ent.text, start=ent.start_char, end=ent.end_char, kind="person",
                    actor_id=person.id, name=person.name, country=person.country))
        seen = self.by_surname.get(_clean_name(ent.text).lower())
        if seen is not None and seen.actor_id in self.kb.persons:
            # NER often labels a bare surname as an organisation ("Raimondo's agenda").
            person = self.kb.persons[seen.actor_id]
            self._add(ActorMention(
                text=ent.text, start=ent.start_char, end=ent.end_char, kind="person",
                actor_id=person.id, name=person.name, country=person.country, role=seen.role,
                resolved_by="surname", official=True))
            return
        hits = self.kb.lookup(ent.ent_id_ or ent.text) if ent.ent_id_ else self.kb.lookup(ent.text)
        inst = next((h for h in hits if isinstance(h, Institution)), None)
        if inst is None and ent.ent_id_:
            inst = self.kb.institutions.get(ent.ent_id_)
        if inst is not None:
            self._add(ActorMention(
                text=ent.text, start=ent.start_char, end=ent.end_char, kind="institution",
                actor_id=inst.id, name=inst.name, country=inst.country, resolved_by="kb-alias",
                official=inst.kind in OFFICIAL_KINDS))
            return
        country = self._country_in(ent.text)
        self._add(ActorMention(
            text=ent.text, start=ent.start_char, end=ent.end_char, kind="institution",
            name=ent.text, country=country, resolved_by="ner"))

    def _place_or_people(self, ent: Span, doc: Doc) -> None:
        hits = self.kb.lookup(ent.text)
        prev = doc[ent.start - 1] if ent.start > 0 else None
        is_place = prev is not None and prev.lower_ in self._loc_preps
        if ent.text.isupper() and len(ent.text) > 3 and ent.start_char < DATELINE_CHARS:
            is_place = True  # "STOCKHOLM, July 29 (Wire) -": a dateline names a place
        country = next((h for h in hits if isinstance(h, Country)), None)
        if country is None:
            inst = next((h for h in hits if isinstance(h, Institution)), None)
            if inst is not None and not (is_place and inst.kind == "government"):
                self._add(ActorMention(
                    text=ent.text, start=ent.start_char, end=ent.end_char, kind="government",
                    actor_id=inst.id, name=inst.name, country=inst.country,
                    resolved_by="metonym", official=inst.kind in OFFICIAL_KINDS))
            return
        metonyms = {m.lower() for m in getattr(country, "capital_metonyms", ())}
        if ent.text.lower() in metonyms:
            if is_place:
                return
            self._add(ActorMention(
                text=ent.text, start=ent.start_char, end=ent.end_char, kind="government",
                actor_id=getattr(country, "government_id", None) or country.code,
                name=f"Government of {country.name}", country=country.code,
                resolved_by="metonym", official=True))
            return
        self._add(ActorMention(
            text=ent.text, start=ent.start_char, end=ent.end_char, kind="country",
            actor_id=country.code, name=country.name, country=country.code,
            resolved_by="kb-alias", official=True))

    def _honorific_mentions(self, doc: Doc) -> None:
        for m in HONORIFIC_RE.finditer(self.text):
            start, end = m.start(), m.end()
            if any(x.start <= start < x.end or x.start < end <= x.end for x in self.mentions
                   if x.actor_id):
                continue
            person = self._resolve_name(m.group(0))
            if person is None:
                continue
            self._add(ActorMention(
                text=m.group(0), start=start, end=end, kind="person", actor_id=person.id,
                name=person.name, country=person.country, role=self._role(person.id, None),
                resolved_by="honorific", official=True))

    def _surname_mentions(self, doc: Doc) -> None:
        """A bare surname the NER missed ("Trump and Xi could meet"), once the article has
        named that person in full."""
        # Where each person is first named: a later mention found earlier in the pass (an
        # entity after this surname) must not hide an earlier one.
        first: dict[str, int] = {}
        for m in self.mentions:
            if m.kind == "person" and m.actor_id:
                first[m.actor_id] = min(first.get(m.actor_id, m.start), m.start)
        for i in _tokens_with(doc, self.by_surname, pos="PROPN"):
            tok = doc[i]
            if not tok.is_title:
                continue
            seen = self.by_surname.get(tok.lower_)
            if seen is None or not seen.actor_id or first.get(seen.actor_id, tok.idx) >= tok.idx:
                continue
            if any(m.start <= tok.idx < m.end for m in self.mentions):
                continue
            person = self.kb.persons.get(seen.actor_id)
            if person is None or person.surname.lower() != tok.lower_:
                continue
            self._add(ActorMention(
                text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), kind="person",
                actor_id=person.id, name=person.name, country=person.country, role=seen.role,
                resolved_by="surname", official=True))

    def _leader_surname_mentions(self, doc: Doc) -> None:
        """A head of state's bare surname the parse misread ("Trump signs trade
        deal", tagged as a noun): headlines name leaders so before the text names them in
        full, and in office that day the surname is theirs alone."""
        for person in self._heads_of_state():
            if [p.id for p in self.kb.by_surname(person.surname)] != [person.id]:
                continue
            for i in _tokens_with(doc, [person.surname.lower()], pos="NOUN"):
                tok = doc[i]
                if not tok.is_title or any(m.start <= tok.idx < m.end for m in self.mentions):
                    continue
                self._add(ActorMention(
                    text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), kind="person",
                    actor_id=person.id, name=person.name, country=person.country,
                    role=self.kb.role_on(person.id, self.on), resolved_by="surname",
                    official=True))

    def _named_later_in_sentence(self, tok: Token, person: ActorMention) -> bool:
        """"He also met with Vice-Premier Liu He": the person named after the "He" in
        its own sentence is not who the "He" is."""
        end = tok.sent.end_char
        return any(m.actor_id == person.actor_id and tok.idx < m.start < end
                   for m in self.mentions)

    def _subject_after(self, tok: Token, persons: list[ActorMention],
                       gender: str | None) -> ActorMention | None:
        """"In his meeting with Wang Yi, Kerry emphasized ...": a possessive in a phrase
        put before its clause is the clause's subject's, named after it."""
        if tok.dep_ != "poss":
            return None
        verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
                       None) if verb is not None else None
        if subject is None or subject.i <= tok.i:
            return None
        return next((m for m in persons if m.start <= subject.idx < m.end and getattr(
            self.kb.persons.get(m.actor_id or ""), "gender", None) == gender), None)

    def _pronoun_mentions(self, doc: Doc) -> None:
        persons = sorted((m for m in self.mentions if m.kind == "person" and m.actor_id),
                         key=lambda m: m.start)
        if not persons:
            return
        for i in _tokens_with(doc, self._pronouns, pos="PRON"):
            tok = doc[i]
            gender = self._pronouns[tok.lower_]
            if tok.ent_type_ == "PERSON":
                continue  # the "He" of "Liu He" is a name, not a pronoun
            if any(m.start <= tok.idx < m.end for m in self.mentions):
                continue
            if tok.text == "He" and "he" in self.by_surname and \
                    self.by_surname["he"].actor_id in self.kb.persons and \
                    not self._named_later_in_sentence(tok, self.by_surname["he"]):
                # Chinese reports write "He said" for Vice Premier He: the surname wins.
                ref = self.by_surname["he"]
                self.mentions.append(ActorMention(
                    text=tok.text, start=tok.idx, end=tok.idx + 2, kind="person",
                    actor_id=ref.actor_id, name=ref.name, country=ref.country, role=ref.role,
                    resolved_by="surname", official=True))
                continue
            prior = [m for m in persons if m.end <= tok.idx
                     and tok.idx - m.end < 400
                     and getattr(self.kb.persons.get(m.actor_id or ""), "gender", None) == gender]
            ahead = self._subject_after(tok, persons, gender)
            if not prior and ahead is None:
                continue
            # The last subject before it, not a name in passing: in "Ross met Liu He, who
            # is President Xi's pointman. His visit comes...", "His" is Ross's.
            subjects = [m for m in prior if _is_subject(doc, m)]
            ref = ahead or (subjects or prior)[-1]
            self.mentions.append(ActorMention(
                text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), kind="person",
                actor_id=ref.actor_id, name=ref.name, country=ref.country, role=ref.role,
                resolved_by="pronoun", official=ref.official))


    def _heads_of_state(self) -> list[Person]:
        """Each country's one head of state or party on the article's day (none if unsure)."""
        if self.on is None:
            return []
        by_country: dict[str, set[str]] = {}
        for office in self.kb.offices.values():
            if office.rank == 1:
                for person in self.kb.holders(office.id, self.on):
                    by_country.setdefault(office.country, set()).add(person.id)
        return [self.kb.persons[ids.pop()] for ids in by_country.values() if len(ids) == 1]

    def _leader_pair_mentions(self) -> None:
        """"The two heads of state", "the presidents of the two countries": both leaders
        of that day, one mention each over the same words (they took part together)."""
        hits = [m for rx in self._leader_pairs for m in rx.finditer(self.text)]
        if not hits:
            return
        heads = self._heads_of_state()
        for hit in hits:
            if any(m.start < hit.end() and hit.start() < m.end for m in self.mentions
                   if m.kind == "person"):
                continue
            for person in heads:
                self.mentions.append(ActorMention(
                    text=hit.group(0), start=hit.start(), end=hit.end(), kind="person",
                    actor_id=person.id, name=person.name, country=person.country,
                    role=self.kb.role_on(person.id, self.on), resolved_by=LEADER_PAIR,
                    official=True))


def _tokens_with(doc: Doc, lower: Iterable[str], pos: str) -> list[int]:
    """Indices of the tokens whose lower-cased form is one of ``lower`` and whose part of
    speech is ``pos``, read from one ``Doc.to_array`` (looping over the Doc builds a Token
    object for every word, where only a few can be wanted)."""
    strings = doc.vocab.strings
    wanted = [strings[w] for w in lower]
    if not wanted or not len(doc):
        return []
    rows = doc.to_array(["LOWER", "POS"])
    hits = numpy.isin(rows[:, 0], wanted) & (rows[:, 1] == strings[pos])
    return [int(i) for i in numpy.flatnonzero(hits)]


def _adjacent(title: Span, person: Span, doc: Doc) -> bool:
    """A title directly before a name ("Vice Premier Liu He", "Secretary, Janet Yellen")."""
    gap = doc[title.end:person.start]
    return len(gap) == 0 or (len(gap) == 1 and gap[0].text == ","
                             and title.sent.start == person.sent.start)


def country_of(hit: object) -> str | None:
    """ISO code of whatever the knowledge base returned (person, institution, country)."""
    if isinstance(hit, Country):
        return hit.code
    if isinstance(hit, (Person, Institution)):
        return hit.country
    return None


def _clean_name(text: str) -> str:
    return re.sub(r"['’]s$", "", text.strip())


def demonym_table(kb: KnowledgeBase) -> dict[str, str]:
    """Lower-cased country names, demonyms and capital metonyms → ISO alpha-3."""
    table: dict[str, str] = {}
    for country in kb.countries.values():
        forms = [country.name, country.code, *getattr(country, "aliases", ()),
                 *getattr(country, "demonyms", ()), *getattr(country, "capital_metonyms", ())]
        for form in forms:
            table.setdefault(form.lower(), country.code)
    return table


def country_names(kb: KnowledgeBase) -> frozenset[str]:
    """Lower-cased names of countries as places ("China", "the United States"): a place
    that holds every city of its country, where a capital stands for one city."""
    return frozenset(form.lower() for country in kb.countries.values()
                     for form in (country.name, *getattr(country, "aliases", ())))


def region_names(kb: KnowledgeBase) -> frozenset[str]:
    """Lower-cased names of places that hold cities: countries, and the states and
    provinces of ``places.json`` ("talks in Alaska" and "in Anchorage" may be one)."""
    return country_names(kb) | {name.lower() for name in load("places.json")["regions"]}


def resolve_actors(doc: Doc, kb: KnowledgeBase, on: date | None) -> list[ActorMention]:
    """Actor mentions of one parsed article, resolved against the knowledge base."""
    return ActorResolver(kb, on).resolve(doc)
