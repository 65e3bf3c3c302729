"""Assemble engagement events from one parsed article.

Sentence by sentence: triggers open new events or, when definite ("the
call", "Friday's talk"), point back to one already opened; participants are
the people the parse links to the trigger; time expressions go to the nearest
trigger; the sentences that report an event, and the few that follow and
speak about its participants or carry a side's voice, lend it topics, tone
and outcomes. Finally mentions of the same engagement inside the article are
merged and the headline engagement is marked ``main``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from parley.extract import dates as dates_mod
from parley.extract.actors import LEADER_PAIR
from parley.extract.attribution import (
    has_unofficial_voice,
    non_official_head,
    sole_side,
    speaker_side,
)
from parley.extract.codes import event_codes
from parley.extract.dates import is_deadline
from parley.extract.drafts import (
    LINK_RANK,
    Dating,
    Draft,
    date_interval_overlap,
    distance,
    explicitness,
    has_date,
    medium_neutral,
    names_third_country,
    quoted,
    remote_and_neutral,
    same_day,
    same_engagement,
    says_in_person,
    starts_after,
)
from parley.extract.features import ONE_SIDED_HEADLINE, TYPE_INFERRED, mention_evidence
from parley.extract.lexicon import load, phrases, words
from parley.extract.outcomes import find_outcomes
from parley.extract.parse import (
    NON_PARTY_PREPOSITIONS,
    STRETCH_NOUNS,
    SUBJECT_DEPS,
    clause_verb,
    doc_text,
    governing_verb,
    has_ordinal,
    joined,
    linked_tokens,
    preposition_above,
    sentence_of,
    span_text,
    subjects,
    subtree_without_clauses,
    time_anchor,
)
from parley.extract.status import event_status, is_headline
from parley.extract.tone import find_tone_words, tone_score
from parley.extract.topics import TopicMentions, find_topics
from parley.extract.triggers import Trigger, family, find_triggers, priority, spec
from parley.models import ActorMention, Event, Participant, Span, Tagged, TimeRef

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

#: Sentences after an event's last mention that may still speak about it.
CONTINUATION_SENTENCES = 3
#: Sentences after an event's last sentence in which a side's voice alone (no participant
#: named) still speaks about it.
VOICE_ONLY_SENTENCES = 2
#: Sentences counted as the headline and lede when choosing the main event.
LEDE_SENTENCES = 3
#: At most this many officials of a side, equally named in the lede, make up the
#: delegation of a headline engagement that names nobody.
LEDE_DELEGATION = 3
#: Engagements of delegations: a leader named in their report's lede comments on them.
DELEGATION_TYPES = frozenset({"talks_round", "working_group"})
#: Words before a time expression that make it the edge of a period, not a date.
PERIOD_BOUNDS = frozenset({"since", "until", "till", "through"})
#: Nouns that make a video engagement of the two leaders a summit held by video
#: ("virtual summit", "held virtual talks") rather than a call.
GATHERINGS = words("triggers.json", "video_gatherings")
#: Words that make one trigger several engagements, one per person listed on a side
#: ("separate calls", "met separately").
SEPARATE_WORDS = words("triggers.json", "separate_words")
#: Words that time one engagement by a counted interval from another ("two days after").
INTERVAL_MARKERS = frozenset({"after", "before"})
#: Days in a unit of such an interval.
INTERVAL_UNITS = {"day": 1, "week": 7}
#: Verbs that report what a side said ("officials in Beijing said").
REPORT_VERBS = words("attribution.json", "report_verbs")
#: Verbs that name or describe something ("what Trump called a deal").
NAMING_VERBS = frozenset({"call", "describe", "term", "dub", "label", "characterize",
                          "characterise", "hail"})
#: How far before "since <time>" the "first" of "their first face-to-face call since" may stand.
FIRST_SINCE_CHARS = 48
#: Words opening a clause that dates another happening ("since Trump cut off contact in
#: March", "after Washington raised tariffs in May").
TIME_CLAUSE_MARKERS = frozenset({"since", "after", "before", "when", "until", "while", "as"})
#: Parts of speech of the words that may stand between a place and its engagement noun
#: ("the Geneva economic and trade talks").
PRENOMINAL_POS = frozenset({"ADJ", "NOUN", "PROPN", "CCONJ", "PUNCT"})
PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1, None: 0}


class ArticleEvents:
    """Builds the events of one article; see the module docstring."""

    def __init__(self, doc: Doc, nlp: Language, article_id: str,
                 mentions: list[ActorMention], times: list[TimeRef], anchor: date | None,
                 demonyms: dict[str, str], anchor_estimated: bool = False,
                 pair: tuple[str, ...] = ("USA", "CHN"),
                 leaders: frozenset[str] = frozenset(),
                 regions: frozenset[str] = frozenset(),
                 topics: TopicMentions | None = None) -> None:
        self.doc = doc
        #: Doc.text joins every token on each access; read it once.
        self.text = doc_text(doc)
        self.nlp = nlp
        self.article_id = article_id
        self.mentions = mentions
        self.times = times
        self.anchor = anchor
        self.anchor_estimated = anchor_estimated
        self.demonyms = demonyms
        self.pair = pair
        #: People who led their country (heads of state or party): their in-person
        #: encounters are meetings or summits, never "rounds of talks".
        self.leaders = leaders
        #: Country names: places that hold any city of theirs ("in China", "in Beijing").
        self.regions = regions
        self._places: list[SpacySpan] | None = None
        #: People said to have joined an engagement told before ("the call also involved
        #: Zhong Shan"): an earlier one its report recalls did not have them.
        self._joiners: set[str] = set()
        self.sents = list(doc.sents)
        self.drafts: list[Draft] = []
        self._bilateral = [c.lower() for c in load("actors.json")["bilateral_cues"]]
        self._bilateral_rx = phrases(self._bilateral)
        self._topics = topics if topics is not None else TopicMentions(find_topics(self.text))

    # -- helpers ----------------------------------------------------------
    def _persons_in(self, s: SpacySpan) -> list[ActorMention]:
        return [m for m in self.mentions if m.kind == "person"
                and s.start_char <= m.start < s.end_char and (m.actor_id or m.name)]

    def _mention_tokens(self, m: ActorMention) -> set[int]:
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return {t.i for t in span} if span is not None else set()

    def _is_bilateral(self, s: SpacySpan) -> bool:
        text = span_text(s).lower()
        if self._bilateral_rx.search(text):
            return True
        sides = {m.country for m in self.mentions
                 if s.start_char <= m.start < s.end_char and m.country}
        return all(code in sides for code in self.pair)

    def _bilateral_context(self, si: int) -> bool:
        """Both sides named in the two sentences before: the thread is bilateral."""
        if si == 0:
            return False
        start = self.sents[max(0, si - 2)].start_char
        end = self.sents[si - 1].end_char
        if self._bilateral_rx.search(self.text[start:end].lower()):
            return True
        sides = {m.country for m in self.mentions if start <= m.start < end and m.country
                 and m.kind == "person"}
        return all(code in sides for code in self.pair)

    def _doc_places(self) -> list[SpacySpan]:
        """The article's place entities, in order, read once: ``Span.ents`` rebuilds every
        entity of the Doc on each call."""
        if self._places is None:
            self._places = [e for e in self.doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
        return self._places

    def _places_in(self, s: SpacySpan) -> list[SpacySpan]:
        """The sentence's place entities, in order."""
        return [e for e in self._doc_places() if s.start <= e.start and e.end <= s.end]

    def _place_label(self, text: str) -> str | None:
        """The entity label (GPE, LOC or FAC) of the article's first place of that name."""
        return next((e.label_ for e in self._doc_places() if e.text == text), None)

    def _location(self, s: SpacySpan, trig: Trigger, others: set[int]) -> str | None:
        """Where the engagement was held: a place named just before its noun ("the Geneva
        talks"), else the nearest place after "in", "at" or "to" that is not another
        engagement's ("tensions over a potential visit to Taiwan" does not place a call)
        nor a source ("according to the White House")."""
        best = None
        before = self._place_before_noun(self.doc[trig.head], trig.start)
        if before is not None:
            return before.text  # "the Geneva talks", "the London trade talks"
        for ent in self._places_in(s):
            prev = self.doc[ent.start - 1] if ent.start > 0 else None
            if prev is not None and prev.lower_ in ("in", "at", "to") and not (
                    prev.head.i in others or prev.head.lower_ == "according"
                    or self._speakers_place(prev)):
                dist = abs(ent.start - trig.head)
                if best is None or dist < best[0]:
                    best = (dist, ent.text)
        return best[1] if best else None

    def _place_before_noun(self, head: Token, start: int) -> SpacySpan | None:
        """A place named among the noun's modifiers ("the Geneva talks", "the London trade
        talks", "the Geneva economic and trade talks"): the words between it and the noun
        only describe the noun.  "US-China trade talks" name the sides, not a place."""
        if self.doc[start].pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
        for ent in self._doc_places():
            if not head.left_edge.i <= ent.start < ent.end <= start:
                continue
            if self.demonyms.get(ent.text.lower()) in self.pair:
                continue
            if all(t.pos_ in PRENOMINAL_POS and t.head.i <= head.i and t.dep_ != "poss"
                   for t in self.doc[ent.end:start]):
                return ent
        return None

    @staticmethod
    def _speakers_place(prep: Token) -> bool:
        """"officials in Washington and Beijing said": where the voices are, not where
        the engagement was."""
        holder = prep.head
        return holder.dep_ in ("nsubj", "nsubjpass") and \
            holder.head.lemma_.lower() in REPORT_VERBS

    def _find_antecedent(self, trig: Trigger, persons: list[ActorMention],
                         status: str = "happened", latest: bool = False) -> Draft | None:
        """The draft a definite trigger ("the talks", "the call") refers to: one naming the
        same people, else the most salient compatible one (the first; the one just told,
        when ``latest``)."""
        ids = {m.actor_id or (m.name or "").lower() for m in persons}
        fam = family(trig.type)
        generic = _generic(trig)
        engagement = ("remote", "inperson")
        # A recalled earlier engagement ("their first since November") is background:
        # "the call" later on still means the one reported.
        candidates = [d for d in self.drafts if d.recalled_by is None and (
            (generic and family(d.type) in engagement) or family(d.type) == fam)]
        if status == "happened":
            # "In today's meeting, Wang represents China" after "a plan for economic talks
            # will be agreed": what is reported as held is not the plan it follows.
            candidates = [d for d in candidates if d.status == "happened"]
        if not candidates:
            return None
        overlapping = [d for d in candidates if ids & d.actor_ids()]
        if overlapping:
            return overlapping[-1]
        if ids:
            empty = [d for d in candidates if not d.participants]
            return empty[-1] if empty else None
        # No names in the sentence: the most salient compatible event (the first one).
        return candidates[-1] if latest else candidates[0]

    # -- main loop --------------------------------------------------------
    def build(self) -> list[Event]:
        triggers = find_triggers(self.doc, self.nlp)
        by_sent: dict[int, list[Trigger]] = {}
        for t in triggers:
            by_sent.setdefault(sentence_of(self.sents, t.start_char), []).append(t)
        last_touched: dict[int, int] = {}
        for si, s in enumerate(self.sents):
            trigs = by_sent.get(si, [])
            persons = self._persons_in(s)
            if trigs:
                touched = self._sentence(si, s, trigs, persons)
                for d in touched:
                    last_touched[id(d)] = si
            else:
                self._continuation(si, s, persons, last_touched)
        self._merge_within_article()
        events = [self._finish(d) for d in self.drafts if self._keep(d)]
        self._mark_main(events)
        return events

    def _sentence(self, si: int, s: SpacySpan, trigs: list[Trigger],
                  persons: list[ActorMention]) -> list[Draft]:
        anaphors: list[tuple[Trigger, Draft]] = []
        fresh: list[Trigger] = []
        for t in trigs:
            linked = linked_tokens(self.doc, t)
            own = [m for m in persons if self._mention_tokens(m) & linked]
            head = self.doc[t.head]
            ante = None
            if t.definite and not has_ordinal(head) \
                    and not (_recalled_noun(head) and self._dated_sentence(s)) \
                    and not self._own_place(head) \
                    and not self._nested_in_other(t, trigs):
                own_status = event_status(head, s)
                # "Zhong Shan also joined the talks": names that join the engagement do
                # not say which one it is; the one just told does.
                joining = joined(head)
                ante = self._find_antecedent(t, [] if joining else own, own_status,
                                             latest=joining)
                generic = t.anaphor_only or head.lower_ in spec()["generic_nouns"]
                if ante is not None and not generic and own_status != "happened" \
                        and ante.status != own_status:
                    ante = None
            if ante is not None:
                anaphors.append((t, ante))
            else:
                fresh.append(t)
        groups: list[list[Trigger]] = []
        standalone = set(spec()["standalone"])
        for t in fresh:
            if t.type in standalone or not groups or groups[-1][0].type in standalone:
                groups.append([t])
            else:
                groups[-1].append(t)
        groups = self._split_by_status(self._split_by_time(self._split_by_time_clause(
            self._split_by_channel(self._join_nested(groups))), s), s)
        touched: list[Draft] = []
        new_drafts: list[Draft] = []
        for group in groups:
            # "They met ..., and their conversation focused on Taiwan": a word that does not
            # say how they talked ("conversation", "talks") never types what "met" says; nor
            # does one that describes a person ("met visiting US envoy John Kerry").
            best = max(group, key=lambda t: (self._linked_count(t, persons), not _generic(t),
                                             not self._describes_person(t), priority(t.type)))
            draft = Draft(type=best.type, trigger=group[0], sent_index=si, group=list(group))
            statuses = {event_status(self.doc[t.head], s) for t in group}
            draft.status = next(st for st in ("cancelled", "planned", "happened")
                                if st in statuses or st == "happened")
            draft.location = self._location(s, best, {t.head for t in trigs} - {
                t.head for t in group})
            # "the talks in Geneva": held somewhere, so not by phone.
            draft.in_person = any(says_in_person(self.text, t) or self._own_place(self.doc[t.head])
                                  for t in group)
            draft.headline = si < LEDE_SENTENCES and is_headline(s)
            draft.earlier = all(_since_clause(verb) or _past_perfect(verb) or _about_a_person(verb)
                                for verb in (clause_verb(self.doc[t.head]) for t in group))
            draft.also = any(c.dep_ == "advmod" and c.lower_ == "also" for t in group
                             for c in clause_verb(self.doc[t.head]).children)
            draft.bilateral = self._is_bilateral(s) or self._bilateral_context(si)
            new_drafts.append(draft)
            self.drafts.append(draft)
        self._assign_participants(s, persons, new_drafts, anaphors)
        for t, d in anaphors:
            d.anaphor_heads.append(t.head)
            touched.append(d)
        touched.extend(new_drafts)
        for d in touched:
            if si not in d.sentences:
                d.sentences.append(si)
        # Any trigger of a group may own a time ("Liu, who led the negotiations, held talks
        # with Yellen earlier this year": the year is the held talks', not the negotiations').
        self._assign_times(si, s, [(t, d) for g, d in zip(groups, new_drafts) for t in g]
                           + anaphors, trigs)
        for draft in new_drafts:
            if not draft.participants and self._plural_subject(draft):
                self._take_pair(si, draft)
        for draft in new_drafts:
            self._held_separately(si, draft)
            self._meet_leader_apart(si, draft)
            for place in self._listed_places(s, draft.location):
                twin = Draft(type=draft.type, trigger=draft.trigger, sent_index=si,
                             group=list(draft.group), status=draft.status,
                             participants=dict(draft.participants), sentences=[si],
                             location=place, bilateral=draft.bilateral,
                             in_person=draft.in_person, listed=True)
                draft.listed = True
                self.drafts.append(twin)
        return touched

    def _split_off(self, si: int, draft: Draft, participants: dict[str, ActorMention],
                   apart: str | None) -> None:
        """A draft of its own for one of the engagements a trigger names, with these
        people and the rest of ``draft``'s reading (trigger, time, place, status)."""
        self.drafts.append(Draft(
            type=draft.type, trigger=draft.trigger, sent_index=si, group=list(draft.group),
            status=draft.status, participants=participants, sentences=[si],
            times=list(draft.times), location=draft.location, bilateral=draft.bilateral,
            in_person=draft.in_person, apart=apart))

    def _held_separately(self, si: int, draft: Draft) -> None:
        """"Mnuchin made separate calls to Liu He and Zhou Xiaochuan", "Tai and Raimondo
        met separately with Wang Wentao": one engagement per person of the listed side,
        each with the other side's people.  With several people on both sides the text
        does not say who met whom, and the draft stays one."""
        if not any(c.lower_ in SEPARATE_WORDS for t in draft.group
                   for c in (*self.doc[t.head].children,
                             *clause_verb(self.doc[t.head]).children)):
            return
        by_side: dict[str | None, list[str]] = {}
        for key, m in draft.participants.items():
            if m.kind == "person":
                by_side.setdefault(m.country, []).append(key)
        self._each_apart(si, draft, by_side)

    def _each_apart(self, si: int, draft: Draft, by_side: dict[str | None, list[str]]
                    ) -> None:
        """One draft per person listed on a side facing a lone person on the other: the
        first listed stays in ``draft``, each other one is split off."""
        if len(by_side) != 2 or None in by_side:
            return
        one, many = sorted(by_side.values(), key=len)
        if len(one) != 1 or len(many) < 2:
            return
        for key in many[1:]:
            person = draft.participants[key]
            self._split_off(si, draft, {one[0]: draft.participants[one[0]], key: person},
                            person.actor_id or key)
            del draft.participants[key]

    def _meet_leader_apart(self, si: int, draft: Draft) -> None:
        """"Blinken met his counterpart Wang Yi and Chinese leader Xi Jinping on Friday": a
        visitor received by a leader and, in the same list, by that leader's ministers met
        them in two meetings, so the leader's gets a draft of its own."""
        if family(draft.type) != "inperson" or draft.status != "happened":
            return
        by_side: dict[str | None, list[str]] = {}
        for key, m in draft.participants.items():
            by_side.setdefault(m.country, []).append(key)
        for side, keys in by_side.items():
            others = [k for s_, ks in by_side.items() if s_ != side for k in ks]
            leaders = [k for k in keys if draft.participants[k].actor_id in self.leaders]
            if len(others) != 1 or len(leaders) != 1 or len(keys) < 2 or \
                    draft.participants[others[0]].actor_id in self.leaders:
                continue
            leader = draft.participants[leaders[0]]
            listed = {self.doc[i].dep_ for i in self._mention_tokens(leader)}
            if "conj" not in listed:
                continue  # "Xi and his ministers" as one subject stay one meeting
            self._split_off(si, draft, {others[0]: draft.participants[others[0]],
                                        leaders[0]: leader}, leader.actor_id)
            del draft.participants[leaders[0]]
            return
        self._meetings_each(si, draft, by_side)

    def _meetings_each(self, si: int, draft: Draft, by_side: dict[str | None, list[str]]
                       ) -> None:
        """"Yellen held meetings with Li Qiang, He Lifeng and Pan Gongsheng": the plural
        says a lone visitor met each person listed on the other side apart."""
        if any(self.doc[t.head].lower_ == "meetings" for t in (draft.group or [draft.trigger])):
            self._each_apart(si, draft, by_side)

    def _listed_places(self, s: SpacySpan, first: str | None) -> list[str]:
        """The places listed after an engagement's own ("previous talks in Switzerland,
        Britain and Sweden")."""
        places = self._places_in(s)
        start = next((i for i, e in enumerate(places) if e.text == first), None)
        if start is None:
            return []
        listed: list[str] = []
        prev = places[start]
        for ent in places[start + 1:]:
            gap = self.text[prev.end_char:ent.start_char]
            if not re.fullmatch(r"\s*,\s*(?:and\s+)?|\s+and\s+", gap):
                break
            listed.append(ent.text)
            prev = ent
            if "and" in gap:
                # A list ends with "and"; "Anchorage, Alaska" or "Madrid, Spain" never
                # gets there: the second name says where the first lies.
                return listed
        return []

    def _recall_previous(self, si: int, ref: TimeRef, targets: list[tuple[Trigger, Draft]],
                         inside: set[int]) -> None:
        """"Their first call since October": the same people last held one in October.

        The recalled engagement becomes a draft of its own, with the host's type and
        people, dated by the bound: a "first" said of a held or of a planned engagement
        ("it will be their first meeting since October") says one was held then."""
        before = self.text[max(0, ref.start - 8):ref.start].lower().split()
        if not inside and (not before or before[-1] != "since"):
            return
        # "first since the G-20 meeting in July": "first" stands before the "since", and
        # the host is an engagement outside the phrase (the G-20 meeting is the recalled one).
        start = self.doc[min(inside)].idx if inside else ref.start
        hosts = [t for t, _d in targets if t.head not in inside]
        if not hosts:
            return
        trig, _how = self._owner(ref, hosts)
        host = next(d for t, d in targets if t is trig)
        lead = self.text[max(0, start - FIRST_SINCE_CHARS):start].lower()
        # A host naming nobody yet ("their first telephone discussion since Aug. 13") may
        # learn its people from the report it joins (see ``_follow``).
        if not re.search(r"\bfirst\b", lead) or host.status == "cancelled" or (
                host.participants and not ({m.country for m in host.participants.values()}
                                           & set(self.pair))):
            return
        if self._first_of_a_role(start, trig):
            return
        recalled = Draft(type=host.type, trigger=replace(trig, start_char=ref.start,
                                                         end_char=ref.end),
                         sent_index=si, group=[trig], status="happened",
                         # shared, not copied: people the host gains later took part too
                         participants=host.participants, sentences=[si],
                         times=[Dating(ref, si, 0, "own")], location=None,
                         bilateral=host.bilateral, recalled_by=host, type_inferred=True)
        self.drafts.append(recalled)

    def _first_of_a_role(self, start: int, trig: Trigger) -> bool:
        """"The first secretary of state to visit China since 2018": "first" counts the
        holders of an office, so the earlier visit was another holder's, not one of the
        host's people."""
        lead = self.doc.char_span(max(0, start - FIRST_SINCE_CHARS), start,
                                  alignment_mode="expand")
        firsts = [t for t in lead or () if t.lower_ == "first"
                  and start - FIRST_SINCE_CHARS <= t.idx < start]
        return bool(firsts) and firsts[-1].head.i != trig.head and \
            firsts[-1].head.ent_type_ in ("TITLE", "PERSON", "NORP")

    def _bounds_a_period(self, ref: TimeRef) -> bool:
        """"their second conversation since June": a bound, not the engagement's date
        (see also ``_since_phrase``)."""
        before = self.text[max(0, ref.start - 8):ref.start].lower().split()
        return bool(before) and before[-1] in PERIOD_BOUNDS

    def _since_subtree(self, ref: TimeRef) -> set[int]:
        """The tokens of the "since" phrase the time stands in (empty when none)."""
        span = self.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            return set()
        since = next((node for node in span.root.ancestors
                      if node.lower_ == "since" and node.dep_ == "prep"), None)
        return {t.i for t in since.subtree} if since is not None else set()

    def _dates_a_bound(self, ref: TimeRef, inside: set[int], trigs: list[Trigger]) -> bool:
        """"the first head of state to visit since the Party Congress in October": the time
        of the phrase's own happening (``inside``: the tokens of its "since" phrase), which
        bounds the engagement and names none."""
        if not inside:
            return False
        span = self.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        return span is not None and span.root.head.lower_ != "since" \
            and not any(t.head in inside for t in trigs)

    def _since_phrase(self, inside: set[int], trigs: list[Trigger]) -> set[int]:
        """The tokens of a "since" phrase a time stands in (``inside``, see
        ``_since_subtree``), when it names a gathering
        without people ("their first since the G-20 meeting in Bali in July": a bound,
        not the engagement's date); else nothing ("relations improved since a call between Biden and
        Xi last month": the time dates that call)."""
        if not inside:
            return set()
        # "since the G-20 foreign ministers meeting in July" names a gathering and no people:
        # the time recalls the engagement outside the phrase.  A phrase naming no gathering
        # ("since the pandemic in 2020") recalls nothing.
        # The gathering's trigger may have joined the engagement outside the phrase
        # ("Blinken's meeting ... was their first since the G-20 meeting in July"), so the
        # phrase itself is read: a trigger in it, and no person named in it.
        gathering = any(t.head in inside for t in trigs)
        people = any(m.kind == "person" and self._mention_tokens(m) & inside
                     for m in self.mentions)
        return inside if gathering and not people else set()

    def _dates_a_statement(self, ref: TimeRef, trig: Trigger) -> bool:
        """"..., the Treasury said on Monday": the time of the report, not the engagement."""
        span = self.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            return False
        verbs = words("attribution.json", "report_verbs")
        for node in span.root.ancestors:
            if node.i == trig.head:
                return False
            if node.pos_ in ("VERB", "AUX"):
                return node.lemma_.lower() in verbs and node.i != governing_verb(
                    self.doc[trig.head]).i
        return False

    def _owner(self, ref: TimeRef, triggers: list[Trigger]) -> tuple[Trigger, str]:
        """The trigger a time expression belongs to: the first one up the parse from it
        ("who will visit next year, met him on Monday"), else the nearest in the text."""
        if re.search(r"\b(?:the|their|its|a)\s+$", self.text[max(0, ref.start - 8):ref.start],
                     flags=re.IGNORECASE):
            for t in triggers:
                if re.fullmatch(r"[\s,]*", self.text[ref.end:t.start_char]):
                    return t, "parse"  # "the June 5, 2025, call": the date modifies the noun
        span = self.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is not None:
            heads = {t.head: t for t in triggers}
            if span.root.dep_ == "poss" and span.root.head.i not in heads:
                # "will join next year's exercises": the time of another noun.
                return min(triggers, key=lambda t: distance(t, ref)), "foreign"
            # A verb owns the times of a trigger it governs, unless the trigger is its
            # subject ("the call followed a meeting earlier this week": the meeting's time).
            verbs = {governing_verb(self.doc[t.head]).i: t for t in triggers
                     if self.doc[t.head].dep_ not in ("nsubj", "nsubjpass")}
            for node in [span.root, *span.root.ancestors]:
                if node.i in heads:
                    return heads[node.i], "parse"
                if node.i in verbs:
                    return verbs[node.i], "parse"
                if node.dep_ == "relcl" and not any(
                        t.start <= node.head.i < t.end or node.head.i == t.head
                        for t in triggers):
                    # "extend their truce, which is set to expire on August 12": a clause
                    # about another noun keeps its time.
                    return min(triggers, key=lambda t: distance(t, ref)), "foreign"
                if node.dep_ == "acl" and node.tag_ == "VBN" and node.i > 0 \
                        and self.doc[node.i - 1].pos_ in ("NOUN", "PROPN") \
                        and not any(t.start <= node.i - 1 < t.end for t in triggers):
                    # "revive momentum following the Geneva truce reached last month": a
                    # participle describes the noun it follows, whatever the parse hangs
                    # it on, and the time is that noun's.
                    return min(triggers, key=lambda t: distance(t, ref)), "foreign"
                if node.pos_ == "VERB" and node.dep_ in ("advcl", "relcl") \
                        and _marked_as_time(node):
                    # "since Trump cut off contact in March": a clause that dates something
                    # else, to set the engagement against it.
                    return min(triggers, key=lambda t: distance(t, ref)), "foreign"
            if self._in_since_clause(span):
                return min(triggers, key=lambda t: distance(t, ref)), "foreign"
        return min(triggers, key=lambda t: distance(t, ref)), "near"

    def _in_since_clause(self, span: SpacySpan) -> bool:
        """The time closes a "since" clause the parse did not build ("the first contact
        since Trump left office in 2021"): a verb between "since" and the time, nothing
        in between to end the clause. It dates the clause, not the engagement."""
        start = span.start
        for i in range(start - 1, max(span.sent.start, start - SINCE_CLAUSE_TOKENS) - 1, -1):
            tok = self.doc[i]
            if tok.is_punct:
                return False
            if tok.lower_ == "since":
                return any(self.doc[j].tag_ in ("VBD", "VBN", "VBP", "VBZ")
                           for j in range(i + 1, start))
        return False

    def _foreign(self, ref: TimeRef, trig: Trigger) -> bool:
        """The parse ties the expression to a verb of its own that is no part of the
        engagement ("since Trump cut off contact in March", "imposed tariffs in May")."""
        span = self.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None:
            return False
        head = self.doc[trig.head]
        mine = {head.i, governing_verb(head).i, clause_verb(head).i}
        opening = _opens_sentence(self.text, span.sent.start_char, ref.start)
        occurrence = words("triggers.json", "occurrence_verbs")
        for node in span.root.ancestors:
            if node.i in mine:
                return False
            if node.dep_ == "xcomp" and node.lemma_.lower() in occurrence:
                continue  # "the meeting is scheduled to occur on Tuesday": its own time
            if node.pos_ == "VERB" and node.dep_ not in ("aux", "auxpass"):
                if opening and (node.dep_ != "ROOT" or node.tag_ in ("VBG", "VBN")):
                    # "On July 28, X, leading the delegation, held talks": a time that
                    # opens the sentence dates its main clause, whatever the parse hangs
                    # it on.
                    return False
                return node.lemma_.lower() not in words("attribution.json", "report_verbs")
        return False

    def _split_by_channel(self, groups: list[list[Trigger]]) -> list[list[Trigger]]:
        """"They met in Rome and had two phone calls": an encounter and a call in one
        sentence are two engagements, unless the call is how they met ("met via a video
        link")."""
        out: list[list[Trigger]] = []
        for group in groups:
            families = {f for f in map(self._medium, group) if f}
            if not {"remote", "inperson"} <= families or any(
                    family(t.type) == "remote" and self._medium_of(t, group) for t in group):
                out.append(group)
                continue
            out.extend(_runs(group, lambda t: self._medium(t) or family(t.type)))
        return out

    def _medium(self, t: Trigger) -> str | None:
        """How the trigger says they talked: its type's family, or in person for
        "negotiations" or "talks" held in a place ("the talks in Geneva"); None when it
        does not say, for a call may be such talks."""
        if t.type != "talks_round" and t.text.lower().split()[-1] not in spec()["generic_nouns"]:
            return family(t.type)
        return "inperson" if self._own_place(self.doc[t.head]) else None

    def _split_by_time_clause(self, groups: list[list[Trigger]]) -> list[list[Trigger]]:
        """"They met in Bangkok, two months after Xi and Biden held talks": an engagement
        in a clause of time ("after", "before", "since", "when") with a subject of its own
        is another engagement than the one it sets the time of."""
        return [run for group in groups for run in _runs(group, self._in_time_clause)]

    def _in_time_clause(self, t: Trigger) -> bool:
        return _time_clause_with_subject(clause_verb(self.doc[t.head])) or \
            time_anchor(self.doc[t.head])

    def _medium_of(self, t: Trigger, group: list[Trigger]) -> bool:
        """"met via video link", "a meeting by phone": the call hangs from an encounter's
        word behind a medium preposition, so it says how they met."""
        before = self.doc[max(0, t.start - 3):t.start]
        if not any(tok.lower_ in MEDIUM_PREPOSITIONS for tok in (*before, self.doc[t.start])):
            return False
        heads = set()
        for o in group:
            if family(o.type) == "inperson":
                word = self.doc[o.head]
                heads.add(word.i)
                if word.dep_ in ("dobj", "obj", "attr"):
                    heads.add(word.head.i)  # "held a meeting via video link"
        return any(a.i in heads for a in self.doc[t.head].ancestors)

    def _split_by_status(self, groups: list[list[Trigger]], s: SpacySpan) -> list[list[Trigger]]:
        """"They spoke in September and are expected to hold a summit": a held and a
        planned engagement in one sentence are two events."""
        out: list[list[Trigger]] = []
        for group in groups:
            runs: list[list[Trigger]] = []
            last: tuple[str, int] | None = None
            for t in group:
                status = event_status(self.doc[t.head], s)
                verb = clause_verb(self.doc[t.head]).i
                # Nouns of one clause share its tense ("the agenda includes meetings with
                # X and a visit to Y"); only a different verb can carry a different status.
                if runs and last is not None and (status == last[0] or verb == last[1]):
                    runs[-1].append(t)
                else:
                    runs.append([t])
                last = (status, verb)
            out.extend(runs)
        return out

    def _split_by_time(self, groups: list[list[Trigger]], s: SpacySpan) -> list[list[Trigger]]:
        """"after Xi met Biden on January 17, 2017, the two held a video call on Monday":
        triggers that each own a different date are different engagements."""
        refs = [r for r in self.times if s.start_char <= r.start < s.end_char
                and r.kind != "duration" and not self._bounds_a_period(r)]
        out: list[list[Trigger]] = []
        for group in groups:
            if len(group) < 2 or len(refs) < 2:
                out.append(group)
                continue
            owner = {id(r): self._owner(r, group)[0] for r in refs}
            dated = {id(t): {r.text for r in refs if owner[id(r)] is t} for t in group}
            if sum(1 for t in group if dated[id(t)]) < 2:
                out.append(group)
                continue
            split: list[list[Trigger]] = []
            for t in group:
                if dated[id(t)] or not split:
                    split.append([t])
                else:
                    split[-1].append(t)
            out.extend(split)
        return out

    def _nested_in_other(self, t: Trigger, trigs: list[Trigger]) -> bool:
        """"The inaugural meeting of this information exchange": a definite trigger inside
        another trigger's phrase names that engagement, not an earlier one."""
        return any(o is not t and t.head in subtree_without_clauses(self.doc[o.head])
                   for o in trigs)

    def _join_nested(self, groups: list[list[Trigger]]) -> list[list[Trigger]]:
        """"the inaugural meeting of this information exchange": one event, not two."""
        out: list[list[Trigger]] = []
        for group in groups:
            host = None
            for other in out:
                for a in other:
                    for b in group:
                        if b.head in subtree_without_clauses(self.doc[a.head]) or \
                                a.head in subtree_without_clauses(self.doc[b.head]):
                            host = other
            if host is None:
                out.append(group)
            else:
                host.extend(group)
        return out

    def _own_place(self, head: Token) -> bool:
        """"the talks in Geneva", "the Geneva talks": a definite trigger naming its own
        place is a new event."""
        before = self.doc[head.i - 1] if head.i > 0 else None
        if before is not None and before.ent_type_ in ("GPE", "LOC", "FAC") \
                and before.ent_iob_ in ("B", "I"):
            return True
        if self._place_before_noun(head, head.i) is not None:
            return True
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at") and any(
                    t.ent_type_ in ("GPE", "LOC", "FAC") for t in child.subtree):
                return True
        return False

    def _linked_count(self, t: Trigger, persons: list[ActorMention]) -> int:
        linked = linked_tokens(self.doc, t)
        return sum(1 for m in persons if self._mention_tokens(m) & linked)

    def _assign_participants(self, s: SpacySpan, persons: list[ActorMention],
                             new: list[Draft], anaphors: list[tuple[Trigger, Draft]]) -> None:
        speakers = self._speaker_only(s)
        targets: list[tuple[Trigger, Draft]] = [
            (t, d) for d in new for t in (d.group or [d.trigger])] + anaphors
        unassigned = []
        trigger_heads = {t.head for t, _d in targets}
        for m in persons:
            if self._non_party_position(m, trigger_heads, clause_only=True):
                continue
            if any(t.start_char < m.end and m.start < t.end_char for t, _d in targets):
                continue  # "Joint Statement" taken by the NER for a name: the trigger itself
            toks = self._mention_tokens(m)
            owners = [(t, d) for t, d in targets if toks & linked_tokens(self.doc, t)]
            fresh_owners = [(t, d) for t, d in owners if any(d is n for n in new)]
            standalone = set(spec()["standalone"])
            if any(d.type in standalone for _t, d in fresh_owners):
                # "after their meeting, X and Y issued a joint statement": both are theirs.
                for _t, d in fresh_owners:
                    d.add_participant(m)
            elif fresh_owners or owners:
                owners = fresh_owners or owners
                t, d = min(owners, key=lambda td: len(linked_tokens(self.doc, td[0])))
                joining = not fresh_owners and joined(self.doc[t.head])
                if not fresh_owners and self.doc[t.head].tag_ in ("NNS", "NNPS") \
                        and not joining:
                    # "the calls with Ms Tai and Ms Yellen" looks back at several
                    # engagements at once: it names no new participant of any one of them.
                    continue
                if joining and d.key_of(m) not in d.participants:
                    self._joiners.add(d.key_of(m))
                d.add_participant(m)
            elif not (toks & speakers and not m.actor_id):
                unassigned.append(m)
        self._join_coordinated(persons, [d for _t, d in targets])
        for d in new:
            # "the consensus reached between the two presidents at their meeting and
            # during a phone call": the people of one conjunct are the other's too.
            other = next((o for o in new if o is not d and o.participants and not d.participants
                          and self._coordinated(o.trigger, d.trigger)), None)
            for m in (other.participants.values() if other is not None else ()):
                d.add_participant(m)
        # The parse did not link them (it often misreads "after X and Y spoke"): people
        # the knowledge base knows go to the nearest new engagement in the sentence.  Not
        # to a participle that describes a noun ("the deal signed last month", "the
        # agreement, signed in January"): its doers are not the sentence's people.
        empty = [d for d in new if not d.participants and not (
            self.doc[d.trigger.head].dep_ == "acl" and self.doc[d.trigger.head].tag_ == "VBN")]
        for m in unassigned:
            if self._non_party_position(m) or self._names_it(m):
                continue
            if (m.actor_id or m.office_id) and empty and not (m.role or "").startswith("former"):
                nearest = min(empty, key=lambda d: abs(d.trigger.start_char - m.start))
                # "the two leaders" must be linked, or be what "their" points back to
                # ("the consensus reached by the two heads of state during their call").
                if m.resolved_by != LEADER_PAIR or self._their(nearest.trigger):
                    nearest.add_participant(m)
        named = [d for d in new if d.participants]
        # "X and Y spoke in September, and the two leaders will hold a summit"; but when the
        # sentence's engagements name different people ("Raimondo's visit ... Biden's
        # directive after his meeting with Xi ... to deepen bilateral discussions"), the
        # cue does not say whose.
        if len({frozenset(d.participants) for d in named}) == 1 \
                and self._bilateral_rx.search(span_text(s).lower()):
            for d in new:
                if not d.participants and not self._placed_apart(d, s):
                    # "the first meeting between officials of both countries since their
                    # presidents met": the earlier engagement's people are not this one's.
                    for other in (o for o in named if d.earlier or not o.earlier):
                        for m in other.participants.values():
                            d.add_participant(m)

    def _placed_apart(self, d: Draft, s: SpacySpan) -> bool:
        """"The two sides built on the consensus of the presidents' call and on the talks in
        Geneva": an engagement naming its own place, with no subject of its own ("since the
        two met in Bali") and not in the clause of the both-sides cue, does not take the
        people of the sentence's other engagement."""
        if not self._own_place(self.doc[d.trigger.head]):
            return False
        linked = linked_tokens(self.doc, d.trigger)
        if any(self.doc[i].dep_ in ("nsubj", "nsubjpass") for i in linked):
            return False
        return not any(s.start_char + m.start() <= self.doc[i].idx < s.start_char + m.end()
                       for m in self._bilateral_rx.finditer(span_text(s).lower())
                       for i in linked)

    def _names_it(self, m: ActorMention) -> bool:
        """The mention only names what was reached ("reached what President Trump called
        a deal", "what Xi described as a consensus"): the subject of a verb of naming
        with a complement or a "what" object is no party to the engagement beside it."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.root.dep_ not in ("nsubj", "nsubjpass"):
            return False
        verb = span.root.head
        return verb.lemma_.lower() in NAMING_VERBS and any(
            c.dep_ == "oprd" or (c.dep_ in ("dobj", "obj") and c.lower_ == "what")
            for c in verb.children)

    def _their(self, t: Trigger) -> bool:
        """The trigger is owned by "their" ("their phone call", "their meeting")."""
        return any(c.dep_ == "poss" and c.lower_ == "their" for c in self.doc[t.head].children)

    def _dated_sentence(self, s: SpacySpan) -> bool:
        """The sentence states a time ("Their last meeting was in Osaka in 2019"): an
        earlier engagement it names can be told from the one reported."""
        return any(s.start_char <= r.start < s.end_char and r.kind != "duration"
                   for r in self.times)

    def _plural_subject(self, d: Draft) -> bool:
        """"They last spoke on March 18", "their last meeting was in Osaka": a plural
        pronoun is the engagement's subject, or owns its noun."""
        plural = words("actors.json", "plural_pronouns")
        owners = words("actors.json", "plural_possessives")
        triggers = d.group or [d.trigger]
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in plural
                   for t in triggers for c in self._phrase_verb(t).children) or any(
            c.dep_ == "poss" and c.lower_ in owners
            for t in triggers for c in self.doc[t.head].children)

    def _phrase_verb(self, t: Trigger) -> Token:
        """The verb whose phrase the trigger is: the trigger itself ("they met"), the verb
        of its object ("they held talks") or of its phrase ("they spoke by phone"); never
        a clause further off (then the trigger word itself)."""
        verb = self.doc[t.head]
        while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in PHRASE_DEPS \
                and verb.head.i != verb.i:
            verb = verb.head
        return verb

    def _recalls(self, d: Draft) -> bool:
        """"They last met", "they had previously spoken", "their last meeting": an earlier
        engagement."""
        adverbs = set(spec()["recall_adverbs"])
        triggers = d.group or [d.trigger]
        return any(c.dep_ == "advmod" and c.lower_ in adverbs
                   for t in triggers for c in self._phrase_verb(t).children) or any(
            _recalled_noun(self.doc[t.head]) for t in triggers)

    def _take_pair(self, si: int, draft: Draft) -> None:
        """The pronoun's people are those of the engagement of both sides just before
        (within ``CONTINUATION_SENTENCES`` of its last sentence)."""
        for d in reversed(self.drafts):
            if d.trigger.start_char >= draft.trigger.start_char or not d.participants:
                continue
            if si - max(d.sentences) > CONTINUATION_SENTENCES:
                continue
            if set(self.pair) <= {m.country for m in d.participants.values()}:
                for m in d.participants.values():
                    draft.add_participant(m)
                # Both dated (not only by times still unresolved, as in an undated article):
                # days apart make it an earlier engagement, the same days the same one.
                dated = has_date(draft) and has_date(d)
                if (self._recalls(draft) or dated) and not (
                        dated and date_interval_overlap(draft, d)):
                    # "They last spoke on March 18" after today's call: an earlier one,
                    # which "the call" later on does not mean.
                    draft.recalled_by = d
                return

    def _coordinated(self, a: Trigger, b: Trigger) -> bool:
        """The two triggers' phrases are conjuncts below the same verb ("at their
        meeting and during a phone call")."""
        def path(t: Trigger) -> list[Token]:
            node, out = self.doc[t.head], []
            while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
                out.append(node)
                node = node.head
            return out
        path_a, path_b = path(a), path(b)
        ids_a, ids_b = {t.i for t in path_a}, {t.i for t in path_b}
        return any(t.dep_ == "conj" and t.head.i in ids_a for t in path_b) or any(
            t.dep_ == "conj" and t.head.i in ids_b for t in path_a)

    def _join_coordinated(self, persons: list[ActorMention], drafts: list[Draft]) -> None:
        """"Katherine Tai and Liu He held a virtual meeting": the parser takes "He" for a
        pronoun and hangs "Tai" elsewhere, but the names are still joined by "and", so a
        name coordinated with a participant is one too."""
        tokens = {id(m): self._mention_tokens(m) for m in persons}
        for d in drafts:
            for _ in range(2):  # a list of three names links two steps away
                members = [m for m in persons if d.key_of(m) in d.participants]
                inside = set().union(*(tokens[id(m)] for m in members)) if members else set()
                linked = {c.i for i in inside for c in self.doc[i].children if c.dep_ == "conj"}
                linked |= {self.doc[i].head.i for i in inside if self.doc[i].dep_ == "conj"}
                for m in persons:
                    if d.key_of(m) not in d.participants and tokens[id(m)] & linked \
                            and not self._non_party_position(m, clause_only=True):
                        d.add_participant(m)

    def _non_party_position(self, m: ActorMention, trigger_heads: set[int] | None = None,
                            clause_only: bool = False) -> bool:
        """A name in "Biden's cabinet", "at the direction of President Trump" or
        "following Blinken and Yellen", or a spokesperson's, takes no part.

        ``clause_only`` looks only at the name's own noun phrase (for names the parse
        already ties to a trigger); a possessive of the trigger itself ("Xi's meeting
        with Biden") names a participant."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        if "spokes" in (m.role or "").lower():
            return True  # a spokesperson speaks of the engagement
        root = span.root
        verb = clause_verb(root)
        if root.dep_ in ("nsubj", "nsubjpass") and _time_clause_with_subject(verb) and not (
                trigger_heads or set()) & {t.i for t in verb.subtree}:
            return True  # "since Trump embarked on a trade war": the subject of another act
        if root.dep_ == "poss" and root.head.i not in (trigger_heads or set()):
            return True  # "Trump's negotiators"
        if root.dep_ == "pobj" and root.head.lower_ in ("from", "by") and self._other_noun(
                root.head.head, trigger_heads):
            return True  # "a Twitter tirade from President Trump"
        if self._under_agent_noun(root, trigger_heads):
            return True  # "at the direction of President Trump", "Biden's envoy"
        if clause_only:
            return False
        return any(a.dep_ == "prep" and a.lower_ in NON_PARTY_PREPOSITIONS
                   for a in root.ancestors)

    def _sends_agents(self, m: ActorMention) -> bool:
        """The name owns or directs agents ("his negotiators", "Trump's envoy", "at the
        direction of President Xi"): its bearer sent others."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span is not None and self._under_agent_noun(span.root)

    @staticmethod
    def _under_agent_noun(root: Token, stop: set[int] | None = None) -> bool:
        """An agent noun ("envoy", "negotiators", "direction") above the name within its
        phrase: below the clause's verb, or below an engagement noun in ``stop``."""
        agents = words("actors.json", "agent_nouns")
        for a in root.ancestors:
            if a.pos_ in ("VERB", "AUX") or (stop and a.i in stop):
                return False
            if a.lower_ in agents and a.pos_ == "NOUN":
                return True
        return False

    @staticmethod
    def _other_noun(tok: Token, trigger_heads: set[int] | None) -> bool:
        """A noun that names no engagement: neither a trigger nor an engagement word."""
        return tok.pos_ == "NOUN" and tok.i not in (trigger_heads or set()) and (
            tok.lemma_.lower() not in spec()["strong_trigger_lemmas"]
            and tok.lower_ not in spec()["generic_nouns"])

    def _speaker_only(self, s: SpacySpan) -> set[int]:
        """Tokens of the subjects of reporting verbs (analysts quoted, not participants)."""
        out: set[int] = set()
        for tok in s:
            if tok.lemma_.lower() in REPORT_VERBS and tok.pos_ == "VERB":
                for c in tok.children:
                    if c.dep_ in SUBJECT_DEPS:
                        out |= {t.i for t in c.subtree}
        return out

    def _assign_times(self, si: int, s: SpacySpan, targets: list[tuple[Trigger, Draft]],
                      trigs: list[Trigger]) -> None:
        """Each time of the sentence dates the engagement it belongs to (``trigs``: every
        trigger of the sentence, those joined into another's draft included)."""
        if not targets:
            return
        for ref in self.times:
            if not (s.start_char <= ref.start < s.end_char) or ref.kind == "duration":
                continue
            since = self._since_subtree(ref)
            inside = self._since_phrase(since, trigs)
            if inside or self._bounds_a_period(ref):
                self._recall_previous(si, ref, targets, inside)
                continue
            if is_deadline(self.text, ref.start, ref.end) or self._dates_a_bound(
                    ref, since, trigs):
                continue  # "by March 1", "the March 1 deadline": not when anyone met
            trig, how = self._owner(ref, [t for t, _d in targets])
            draft = next(d for t, d in targets if t is trig)
            if self._dates_a_statement(ref, trig):
                link = "statement"
            elif how == "parse":
                link = "own"
            elif how == "foreign" or self._foreign(ref, trig):
                continue  # the time of another verb's clause
            else:
                link = "near"
            draft.times.append(Dating(ref, si, distance(trig, ref), link))
        standalone = set(spec()["standalone"])
        for trig, draft in targets:
            if draft.type not in standalone or draft.sent_index != si or any(
                    t.sentence == si for t in draft.times):
                continue
            # "after the talks earlier this month, both sides issued a joint statement":
            # an undated event shares the sentence's time, at a distance penalty.
            refs = [r for r in self.times if s.start_char <= r.start < s.end_char
                    and r.kind != "duration" and not is_deadline(self.text, r.start, r.end)]
            if refs:
                ref = min(refs, key=lambda r: distance(trig, r))
                draft.times.append(Dating(ref, si, distance(trig, ref), "shared"))

    def _continuation(self, si: int, s: SpacySpan, persons: list[ActorMention],
                      last_touched: dict[int, int]) -> None:
        ids = {m.actor_id for m in persons if m.actor_id}
        recent = [d for d in self.drafts if last_touched.get(id(d)) is not None
                  and si - last_touched[id(d)] <= CONTINUATION_SENTENCES]
        if not recent:
            return
        # The most talked-about engagement wins over a passing background mention of the
        # same people ("their first contact last May"); ties go to the latest.
        overlapping = [d for d in recent if ids & d.actor_ids()]
        target = max(overlapping, key=lambda d: (len(d.sentences), max(d.sentences)),
                     default=None)
        named = target is not None
        lower = span_text(s).lower()
        if target is None and (speaker_side(s, self.mentions, self.demonyms)
                               or self._bilateral_rx.search(lower)):
            # A side's voice with no participant named stays close to the last mention.
            close = [d for d in recent if si - max(d.sentences) <= VOICE_ONLY_SENTENCES]
            if close:
                target = max(close, key=lambda d: (len(d.sentences), max(d.sentences)))
        if target is None:
            target = self._unnamed_event_led_here(si, persons, recent)
            named = target is not None
        if target is not None and si not in target.sentences:
            target.sentences.append(si)
            if named:
                last_touched[id(target)] = si

    def _unnamed_event_led_here(self, si: int, persons: list[ActorMention],
                                recent: list[Draft]) -> Draft | None:
        """"The talks on Saturday were the first in months. Bessent and Greer led the US
        side. China was represented by He Lifeng": officials of a side the event has not
        named yet, named right after it, took part in it."""
        # "The Joe Biden administration claims ...": a name that only qualifies another
        # noun leads nothing.
        officials = [m for m in persons if m.official and m.actor_id and m.country in self.pair
                     and not self._non_party_position(m) and self._in_main_clause(m)]
        if not officials:
            return None
        for d in sorted(recent, key=lambda d: -max(d.sentences)):
            if family(d.type) not in ("remote", "inperson") or si - max(d.sentences) > 2:
                continue
            missing = set(self.pair) - {m.country for m in d.participants.values()}
            joining = [m for m in officials if m.country in missing]
            if not joining:
                continue
            for m in joining:
                d.add_participant(m)
            return d
        return None

    def _in_main_clause(self, m: ActorMention) -> bool:
        """The name belongs to the sentence's own clause ("China was represented by He
        Lifeng") or to a phrase that describes one of its nouns ("negotiators, led by He
        Lifeng"), not to a clause of another act inside it ("the spat began with Trump
        imposing tariffs")."""
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return True
        verb = clause_verb(span.root)
        if verb.lemma_.lower() in words("actors.json", "taking_part_verbs"):
            return True  # "negotiators led by He Lifeng conducted talks", however parsed
        if verb.dep_ == "acl":
            verb = clause_verb(verb.head)
        return verb.dep_ == "ROOT" or (verb.dep_ == "conj" and verb.head.dep_ == "ROOT")

    # -- merging and output ----------------------------------------------
    def _merge_within_article(self) -> None:
        merged: list[Draft] = []
        for d in self.drafts:
            target = next((m for m in merged if same_engagement(m, d, self.pair)
                           and not self._held_apart(m, d)), None)
            if target is None:
                merged.append(d)
                continue
            if (len(d.participants), priority(d.type)) > (len(target.participants),
                                                          priority(target.type)) \
                    and family(d.type) == family(target.type):
                target.type = d.type
            elif family(d.type) == "remote" and medium_neutral(target):
                target.type = d.type  # "talks" held by phone: the call says how
            for k, m in d.participants.items():
                old = target.participants.get(k)
                # "the leaders of the two countries met", then "Biden and Xi met": the
                # names say who, where the pair was only inferred.
                if old is None or (old.resolved_by == LEADER_PAIR
                                   and m.resolved_by != LEADER_PAIR):
                    target.participants[k] = m
            target.sentences = sorted(set(target.sentences) | set(d.sentences))
            target.times.extend(d.times)
            target.merged.extend([d.trigger, *d.merged])
            target.location = target.location or d.location
            target.bilateral = target.bilateral or d.bilateral
            self._follow(d, target)
        self.drafts = merged
        hosts = [d for d in self.drafts if d.participants and d.status == "happened"
                 and not self._background(d)]
        for d in list(self.drafts):
            if d.participants or d.type in spec()["standalone"]:
                continue
            # A placed engagement after the lede ("the talks in Geneva") is one of its own,
            # unless a reported one was held there that day ("Friday's visit in Beijing").
            placed = bool(d.location) and d.sent_index >= LEDE_SENTENCES
            near = [h for h in hosts if h.status == d.status and h is not d and not (
                d.location and h.location and d.location != h.location) and (
                (d.sent_index < LEDE_SENTENCES and not d.times)
                or ((family(h.type) == family(d.type) or remote_and_neutral(h, d))
                    and (abs(h.sent_index - d.sent_index) <= 5 or placed)
                    and date_interval_overlap(h, d)))
                and (not placed or (h.location == d.location and same_day(h, d)))]
            if not near and self._announces(d):
                near = [h for h in hosts if family(h.type) == family(d.type)]
            if not near:
                continue
            host = min(near, key=lambda h: abs(h.sent_index - d.sent_index))
            host.sentences = sorted(set(host.sentences) | set(d.sentences))
            host.times.extend(d.times)
            host.bilateral = True
            self.drafts.remove(d)
            self._follow(d, host)
        for d in self.drafts:
            if d.recalled_by is not None and self._joiners & d.participants.keys():
                d.participants = {k: m for k, m in d.participants.items()
                                  if k not in self._joiners}
        # A recalled engagement whose host never learnt its people recalls nobody's.
        self.drafts = [d for d in self.drafts if d.recalled_by is None or d.participants]
        self._date_the_headline()

    def _held_apart(self, a: Draft, b: Draft) -> bool:
        """Two mentions placed in different cities ("their summit in Osaka", "as after
        they met in Buenos Aires") are two engagements; a country holds its cities, a city
        its buildings ("the Great Hall of the People"), and a visit takes in several.
        So are one and another told as more ("also met with ...") with someone new."""
        if (a.also or b.also) and a.participants.keys() - b.participants.keys() and \
                b.participants.keys() - a.participants.keys():
            return True
        if not (a.location and b.location) or "visit" in (a.type, b.type) or any(
                self._place_label(d.location or "") != "GPE" for d in (a, b)):
            return False
        places = [(d.location or "").split(",")[0].strip().lower() for d in (a, b)]
        return places[0] != places[1] and not any(p in self.regions for p in places)

    def _follow(self, gone: Draft, into: Draft) -> None:
        """Engagements recalled by a draft that joined another are recalled by that one,
        and took place between its people."""
        for d in self.drafts:
            if d.recalled_by is gone:
                d.recalled_by, d.participants = into, into.participants

    @staticmethod
    def _announces(d: Draft) -> bool:
        """A headline in the future tense with no date ("Officials to hold talks on trade"):
        headlines announce the engagement the body then reports as held."""
        return d.status == "planned" and not d.times and d.sent_index < LEDE_SENTENCES

    def _date_the_headline(self) -> None:
        """A headline or lede engagement with no date ("Deputy-level trade talks") and the
        one later report of its kind that has a date but names nobody ("On September 19
        and 20, negotiators from both countries met in Washington") are one engagement:
        the body dates what the headline announces."""
        for d in list(self.drafts):
            if d.times or d.sent_index >= LEDE_SENTENCES or d.type in spec()["standalone"]:
                continue
            dated = [h for h in self.drafts if h is not d and not h.participants
                     and h.sent_index > d.sent_index and h.status == d.status
                     and family(h.type) == family(d.type)
                     and any(t.ref.value for t in h.times) and not self._background(h)
                     and not self._held_apart(d, h)]
            if len(dated) != 1:
                continue  # several dated reports: the headline could be any of them
            body = dated[0]
            d.sentences = sorted(set(d.sentences) | set(body.sentences))
            d.times.extend(body.times)
            d.location = d.location or body.location
            d.bilateral = d.bilateral or body.bilateral
            self.drafts.remove(body)
            self._follow(body, d)

    def _background(self, d: Draft) -> bool:
        """An event dated by an explicit year ("November 9, 2017") after the lede: context,
        not the news (a lede that gives the year is a release's way of dating its news)."""
        return any(not t.ref.relative and t.ref.value and len(t.ref.value) >= 4
                   and t.sentence >= LEDE_SENTENCES for t in d.times)

    def _keep(self, d: Draft) -> bool:
        head = self.doc[d.trigger.head]
        if not d.participants and not d.location and head.tag_ in (
                "NNS", "NNPS") and not any(
                c.dep_ in ("det", "poss", "nummod") for c in head.children) \
                and not _counted_stretch(head):
            return False  # "statements from calls this month": calls in general
        if not d.times and d.participants and all(
                m.resolved_by == LEADER_PAIR for m in d.participants.values()):
            return False  # "the meeting between the two presidents": which one, the text never says
        if d.type == "visit" and self._third_destination(head):
            return False  # "a visit to Taiwan by the Speaker": not between the two sides
        sides = {m.country for m in d.participants.values() if m.country}
        if not sides >= set(self.pair) and self._forum_gathering(d):
            return False
        if len(sides & set(self.pair)) == 1 and names_third_country(d, self.pair):
            return False  # "Putin and Xi meet in Beijing": one side with a third country
        if d.participants and (sides & set(self.pair)):
            return True
        return d.bilateral

    def _third_destination(self, head: Token) -> bool:
        """A visit whose destination is a country of neither side ("visits Taiwan")."""
        places = [c for c in head.children if c.dep_ in ("dobj", "obj")]
        places += [g for c in head.children if c.dep_ == "prep" and c.lower_ == "to"
                   for g in c.children if g.dep_ == "pobj"]
        codes = {self.demonyms.get(p.text.lower()) for p in places if p.ent_type_ == "GPE"}
        codes.discard(None)
        return bool(codes) and not codes & set(self.pair)

    def _forum_gathering(self, d: Draft) -> bool:
        """"Leaders of the 21 APEC economies came to Bangkok for a meeting": the forum's
        own gathering, unless the sentence says the two sides met on its margins."""
        sent = span_text(self.sents[d.sent_index]).lower()
        forums = words("triggers.json", "multilateral_forums")
        if not any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", sent) for f in forums):
            return False
        return not any(cue in sent for cue in ("bilateral", "sideline", "margin", " with "))

    def _choose_date(self, d: Draft) -> tuple[TimeRef | None, list[TimeRef], str]:
        """The best-tied, most precise time of the engagement, with how it is tied."""
        future = d.status == "planned"
        datings = []
        for t in d.times:
            ref = t.ref
            if ref.relative and self.anchor is not None:
                ref = dates_mod.resolve(ref, self.anchor, future=future,
                                        estimated=self.anchor_estimated)
            datings.append(Dating(ref, t.sentence, t.distance, t.link))
        refs = [t.ref for t in datings]
        # "the consensus of their previous meeting", said on Friday: what the statement
        # looks back at came before its day.
        earlier = self._called_previous(d)
        usable = [t for t in datings if t.ref.value and not (earlier and t.link == "statement")]
        if not usable:
            return None, refs, "none"
        first_sent = min(d.sentences) if d.sentences else 0
        best = max(usable, key=lambda t: (LINK_RANK[t.link] > LINK_RANK["statement"],
                                          PRECISION_RANK.get(t.ref.precision, 0),
                                          LINK_RANK[t.link], explicitness(t.ref),
                                          t.sentence == first_sent, -t.sentence, -t.distance))
        return best.ref, refs, best.link

    def _called_previous(self, d: Draft) -> bool:
        """A trigger of the draft is called earlier than another ("their previous
        meeting", "the last call", "an earlier round")."""
        return any(_recalled_noun(self.doc[t.head]) for t in (d.group or [d.trigger]))

    def _interval_date(self, d: Draft) -> TimeRef | None:
        """"The meeting Wednesday came two days after Biden and Xi met in Bali": an
        engagement timed by a counted interval from another one in the sentence takes that
        one's day, moved by the interval.  Only a day-precise anchor and a count of days or
        weeks give a day."""
        for trigger in (d.trigger, *d.merged):
            found = self._interval_from(d, self.doc[trigger.head])
            if found is not None:
                return found
        return None

    def _interval_from(self, d: Draft, head: Token) -> TimeRef | None:
        """The date ``head``'s counted interval gives ``d`` (see ``_interval_date``)."""
        verb = clause_verb(head)
        marker = next((c for c in verb.children if c.dep_ == "mark"
                       and c.lower_ in INTERVAL_MARKERS), None) if verb.dep_ == "advcl" else None
        main = verb.head if marker is not None else None
        if marker is None:
            prep = preposition_above(head)
            if prep is None or prep.lower_ not in INTERVAL_MARKERS:
                return None
            marker, main = prep, prep.head
        days = _counted_days([*marker.children, *verb.children])
        if days is None or main is None:
            return None
        around = {main.i, *(t.i for t in subjects(main))}
        anchor = next((o for o in self.drafts if o is not d and (
            any(t.head in around for t in o.group) or around & set(o.anaphor_heads))), None)
        if anchor is None:
            return None
        base, _refs, _kind = self._choose_date(anchor)
        if base is None or base.precision != "day" or not base.value:
            return None
        sign = -1 if marker.lower_ == "after" else 1
        value = (date.fromisoformat(base.value) + timedelta(days=sign * days)).isoformat()
        phrase = self.doc[min(t.i for t in marker.subtree if t.i <= marker.i):marker.i + 1]
        return TimeRef(text=phrase.text, start=phrase.start_char, end=phrase.end_char,
                       kind="interval", value=value, precision="day",
                       basis=f"'{phrase.text}' the {anchor.trigger.text} of {base.value}",
                       relative=base.relative, estimated=base.estimated)

    def _forum_summit(self, trig: Trigger) -> bool:
        """"on the sidelines of the G20 summit": a multilateral gathering, not the meeting."""
        before = self.text[max(0, trig.start_char - 40):trig.start_char].lower()
        return any(f in before for f in words("triggers.json", "multilateral_forums"))

    def _describes_person(self, t: Trigger) -> bool:
        """A participle before the person it describes ("the visiting secretary", "met
        visiting US envoy John Kerry", which the parser often reads as "met, visiting
        Kerry"): it says who was travelling, not how they met."""
        word = self.doc[t.head]
        if word.dep_ == "amod":
            return True
        if word.tag_ != "VBG" or t.end >= len(self.doc) or t.start == 0:
            return False
        after, before = self.doc[t.end], self.doc[t.start - 1]
        return after.ent_type_ in {"PERSON", "TITLE", "NORP", "GPE"} and (
            before.pos_ in {"DET", "ADP"} or before.pos_ == "VERB")

    def _leaders_of_both(self, d: Draft) -> bool:
        sides = {m.country for m in d.participants.values() if m.actor_id in self.leaders}
        return set(self.pair) <= sides

    def _engagement_type(self, d: Draft) -> str:
        """The channel, with the two leaders' in-person encounters settled: a summit only
        when the text calls their encounter one, otherwise a meeting (whatever the
        talks or visit words around it), and never after a multilateral summit's name;
        nor when every known participant is a minister, however the text calls it."""
        summits = [t for t in (d.group or [d.trigger]) if t.type == "summit"]
        if d.type == "summit" and summits and all(self._forum_summit(t) for t in summits):
            return "meeting"
        if d.type == "video_call" and self._leaders_of_both(d) and any(
                t.type == "video_call" and self.doc[t.head].lemma_.lower() in GATHERINGS
                for t in (d.group or [d.trigger])):
            return "summit"  # "the virtual summit", "held virtual talks": a summit by video
        if d.type == "call" and self._placed_conversation(d):
            return "meeting"  # "their conversations on Monday night in Bali"
        if family(d.type) != "inperson" or not self.leaders:
            return d.type
        known = [m for m in d.participants.values() if m.actor_id]
        if d.type == "summit" and known and not any(m.actor_id in self.leaders for m in known):
            return "meeting"  # "the weekend summit" of a commerce secretary and a vice premier
        if not self._leaders_of_both(d):
            return d.type
        own_summit = any(not self._forum_summit(t) for t in summits)
        return "summit" if own_summit else "meeting"

    def _placed_conversation(self, d: Draft) -> bool:
        """Every word of the call is one that does not say how they talked ("the
        conversations", no "phone" or "video" beside it), and one of them is placed ("in
        Bali", "at the Great Hall"): the conversation was held there, face to face."""
        generic = set(spec()["generic_nouns"])
        placed = False
        for t in d.group or [d.trigger]:
            head = self.doc[t.head]
            if t.text.lower() not in generic or any(
                    c.lower_ in MEDIUM_WORDS for c in head.children):
                return False
            placed = placed or any(g.ent_type_ in ("GPE", "LOC", "FAC")
                                   and g.head.lower_ in ("in", "at") for g in head.subtree)
        return placed

    def _finish(self, d: Draft) -> Event:
        sent_spans = [self._span(si) for si in sorted(d.sentences)]
        topics, tone, outcomes = self._readouts(d)
        best, refs, date_kind = self._choose_date(d)
        if best is None:
            best = self._interval_date(d)
            date_kind = "interval" if best is not None else date_kind
        status = d.status
        if best is not None and best.value and self.anchor and status == "happened" \
                and starts_after(best.value, self.anchor) and (
                    not self.anchor_estimated or best.relative) and not (
                    best.kind in ("month_day", "weekday") and best.relative and not starts_after(
                        best.value, self.anchor + timedelta(days=dates_mod.DAY_AHEAD_SLACK))):
            # "will visit Beijing next year", "talks on Monday" in Friday's paper: an
            # engagement dated after its report has not happened yet (a stated day just
            # after it is the other side's calendar, see dates.DAY_AHEAD_SLACK).
            status = "planned"
        scores = [t.score for side in tone.values() for t in side if t.score is not None]
        cameo, goldstein, plover = event_codes(d.type, status, tone_score(scores) if scores
                                               else None, len(outcomes))
        key = f"{self.article_id}:{d.trigger.start_char}" + (
            f":{d.location}" if d.listed else "") + (f":{d.apart}" if d.apart else "")
        ev_id = hashlib.sha256(key.encode()).hexdigest()[:16]
        both = {m.country for m in d.participants.values()} >= set(self.pair)
        participants = [
            Participant(name=m.name or m.text, actor_id=m.actor_id, country=m.country,
                        role=m.role, kind=m.kind,
                        span=self._mention_span(m))
            for m in d.participants.values()
            # With both sides present, a third country's leader named nearby ("hours after
            # Xi's meeting with Putin") is part of another engagement.
            if not (both and m.country and m.country not in self.pair)]
        head = self.doc[d.trigger.head]
        evidence = mention_evidence(
            participants=d.participants.values(), pair=self.pair, head=head,
            sentence=self.sents[d.sent_index], bilateral_cues=self._bilateral,
            date_precision=best.precision if best else None, date_kind=date_kind,
            first_sentence=min(d.sentences, default=d.sent_index),
            n_sentences=len(d.sentences), location=d.location, bilateral=d.bilateral,
            # "earlier talks in Geneva, London and Stockholm": each named by its place, and
            # placed only if a known engagement held there dates it.
            named_by_place=d.listed and best is None)
        if d.type_inferred:
            evidence[TYPE_INFERRED] = 1.0
        return Event(
            id=ev_id, type=self._engagement_type(d), status=status,  # type: ignore[arg-type]
            date=best.value if best else None,
            date_precision=best.precision if best else None,
            date_basis=best.basis if best else None,
            date_estimated=bool(best and best.estimated),
            date_end=best.value_end if best else None,
            participants=participants, location=d.location, topics=topics,
            outcomes=outcomes, tone=tone, cameo=cameo, goldstein=goldstein, plover=plover,
            sources=sent_spans, article_ids=[self.article_id], trigger=d.trigger.text,
            time_refs=refs, evidence=evidence)

    def _span(self, si: int) -> Span:
        s = self.sents[si]
        text = span_text(s).rstrip()
        return Span(self.article_id, s.start_char, s.start_char + len(text), sentence=text,
                    text=text)

    def _mention_span(self, m: ActorMention) -> Span:
        si = sentence_of(self.sents, m.start)
        return Span(self.article_id, m.start, m.end, sentence=span_text(self.sents[si]), text=m.text)

    def _readouts(self, d: Draft) -> tuple[list[Tagged], dict[str, list[Tagged]], list[Tagged]]:
        topics: dict[tuple[str, str | None], Tagged] = {}
        tone: dict[str, list[Tagged]] = {}
        outcomes: list[Tagged] = []
        text = self.text
        previous_side: str | None = None
        previous_si = -2
        for si in sorted(d.sentences):
            s = self.sents[si]
            side = speaker_side(s, self.mentions, self.demonyms)
            if side is None and si == previous_si + 1 and previous_side \
                    and not has_unofficial_voice(s, self.mentions):
                # "..., Xinhua reported. The two sides had candid exchanges": still Xinhua.
                side = previous_side
            previous_side, previous_si = side, si
            quoted_only = False
            if side is None and has_unofficial_voice(s, self.mentions):
                tone_side = None
            else:
                tone_side = side or self._subject_side(s)
                if tone_side is None:
                    # With no voice named, only quoted words of a one-sided sentence count.
                    tone_side = sole_side(s.start_char, s.end_char, self.mentions)
                    quoted_only = True
            for tag, a, b in self._topics.within(s.start_char, s.end_char):
                topics.setdefault((tag, side), Tagged(tag, self._sub(si, a, b), country=side))
            if tone_side:
                for word, score, a, b in find_tone_words(text, s.start_char, s.end_char):
                    if quoted_only and not quoted(text, s.start_char, a):
                        continue
                    bucket = tone.setdefault(tone_side, [])
                    if all(t.label != word for t in bucket):
                        bucket.append(Tagged(word, self._sub(si, a, b), score=score,
                                             country=tone_side))
            for phrase, a, b in find_outcomes(s):
                if all(o.label != phrase for o in outcomes):
                    outcomes.append(Tagged(phrase, self._sub(si, a, b), country=side))
        return list(topics.values()), tone, outcomes

    def _subject_side(self, s: SpacySpan) -> str | None:
        root = s.root
        for c in root.children:
            if c.dep_ in SUBJECT_DEPS and not non_official_head(c):
                sub = list(c.subtree)
                a, b = sub[0].idx, sub[-1].idx + len(sub[-1].text)
                sides = {m.country for m in self.mentions if a <= m.start < b and m.country
                         and m.official}
                if len(sides) == 1:
                    return sides.pop()
        return None

    def _sub(self, si: int, a: int, b: int) -> Span:
        return Span(self.article_id, a, b, sentence=span_text(self.sents[si]),
                    text=self.text[a:b])

    def _complete_headline_sides(self, main: Event) -> None:
        """"Yellen arrived in Zurich on Wednesday. ... The meeting with Liu He lasted three
        hours": when the headline engagement names people of one side only, the official
        of the other side most named in the opening sentences took part.  When it names
        nobody ("US and Chinese officials wrapped up two days of talks in Stockholm"),
        each side's officials most named there did (up to ``LEDE_DELEGATION``, tied).  A
        leader is none of them for a round of talks: a president commenting on his
        negotiators' round is no negotiator."""
        if main.status != "happened" or family(main.type) not in ("remote", "inperson"):
            return
        sides = {p.country for p in main.participants if p.country in self.pair}
        lede_end = self.sents[min(LEDE_SENTENCES, len(self.sents)) - 1].end_char
        leaders = main.type not in DELEGATION_TYPES
        if len(sides) == 1:
            (missing,) = set(self.pair) - sides
            most = self._most_named(missing, lede_end, leaders=leaders)
            if len(most) == 1:  # not nobody, nor two officials of that side equally named
                self._join(main, most[0])
            return
        if sides or main.evidence.get("bilateral_context", 0.0) <= 0:
            return
        for country in self.pair:
            most = self._most_named(country, lede_end, leaders=leaders)
            if len(most) <= LEDE_DELEGATION:
                for m in most:
                    self._join(main, m)

    def _most_named(self, country: str, lede_end: int, *,
                    leaders: bool) -> list[ActorMention]:
        """The side's serving officials named most often in the opening sentences (each
        by its first mention; several when tied)."""
        counts: dict[str, list[ActorMention]] = {}
        lede = [m for m in self.mentions if m.kind == "person" and m.actor_id
                and m.country == country and m.start < lede_end]
        # "Some of his top representatives are meeting ...": who sent them stayed away.
        sending = {m.actor_id for m in lede if self._sends_agents(m)}
        for m in lede:
            if (m.official and not (m.role or "").startswith("former")
                    and (leaders or m.actor_id not in self.leaders)
                    and m.actor_id not in sending and not self._non_party_position(m)):
                counts.setdefault(m.actor_id or "", []).append(m)
        most = max(map(len, counts.values()), default=0)
        return [named[0] for named in counts.values() if len(named) == most]

    def _join(self, event: Event, m: ActorMention) -> None:
        event.participants.append(Participant(
            name=m.name or m.text, actor_id=m.actor_id, country=m.country, role=m.role,
            kind=m.kind, span=self._mention_span(m)))

    def _mark_main(self, events: list[Event]) -> None:
        if not events:
            return
        first_sent = {e.id: min(s.start for s in e.sources) for e in events}
        lede_end = self.sents[min(LEDE_SENTENCES, len(self.sents)) - 1].end_char

        background = {e.id for e in events if first_sent[e.id] >= lede_end
                      and any(not r.relative and r.value for r in e.time_refs)
                      and not any(r.relative for r in e.time_refs)}

        def score(e: Event) -> tuple[float, ...]:
            sides = {p.country for p in e.participants if p.country}
            return (
                3.0 * (first_sent[e.id] < lede_end) + min(len(e.sources), 3) * 0.5
                + 1.5 * (len(sides & set(self.pair)) == 2) + 1.0 * (e.status == "happened")
                + 0.5 * bool(e.participants) - 3.0 * (e.id in background),
                -first_sent[e.id],
            )

        main = max(events, key=score)
        main.main = True
        main.evidence["main"] = 1.0
        self._complete_headline_sides(main)
        sides = {p.country for p in main.participants} & set(self.pair)
        standalone = set(spec()["standalone"])
        # News reports its headline engagement within days, and a statement it quotes in
        # its lede the day it is issued; with no date in the text the publication day is
        # the best single estimate, and is labelled so.
        for e in events:
            if e.date is not None or self.anchor is None or e.status != "happened":
                continue
            both = sides == set(self.pair) or (
                e.type in standalone and e.evidence.get("bilateral_context", 0.0) > 0)
            if (e is main and (both or sides)) or (
                    e.type == "joint_statement" and first_sent[e.id] < lede_end):
                e.date, e.date_precision = self.anchor.isoformat(), "day"
                e.date_basis = "no date in the text; taken as the publication date"
                e.date_estimated = True
                e.evidence["date_from_publication"] = 1.0
                if e is main and not both:
                    # "Trump signs trade deal": one side named, so only a known
                    # engagement of those people in the days before can confirm the day.
                    e.evidence[ONE_SIDED_HEADLINE] = 1.0


#: Words that say a conversation went over a line.
MEDIUM_WORDS = frozenset({"phone", "telephone", "telephonic", "video", "virtual", "online",
                          "remote"})


#: Prepositions that make a call or video link the medium of a meeting.
MEDIUM_PREPOSITIONS = frozenset({"via", "by", "over", "through"})


#: Links from a trigger word up to the verb of its own phrase ("spoke by phone").
PHRASE_DEPS = frozenset({"dobj", "obj", "npadvmod", "pobj", "prep", "compound"})


def _recalled_noun(head: Token) -> bool:
    """"their last meeting", "the previous round": an earlier engagement, never "the
    meeting" just reported."""
    modifiers = words("triggers.json", "recall_modifiers")
    return head.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("amod", "advmod") and c.lower_ in modifiers for c in head.children)


def _counted_days(tokens: list[Token]) -> int | None:
    """Days in a counted interval among ``tokens`` ("two days", "a week"), or None."""
    for tok in tokens:
        unit = INTERVAL_UNITS.get(tok.lemma_.lower())
        if tok.dep_ != "npadvmod" or unit is None:
            continue
        counts = [c for c in tok.children if c.dep_ in ("nummod", "det")]
        try:
            return unit * dates_mod.count_of(counts[0].text) if counts else None
        except (KeyError, ValueError):
            return None
    return None


def _generic(t: Trigger) -> bool:
    """A trigger that names an engagement without saying how it was held ("the talks",
    "their conversation", "the exchange")."""
    return t.anaphor_only or t.text.lower().split()[-1] in spec()["generic_nouns"]


def _runs(group: list[Trigger], key: Callable[[Trigger], object]) -> list[list[Trigger]]:
    """The group cut wherever ``key`` changes between neighbouring triggers."""
    runs: list[list[Trigger]] = []
    for t in group:
        if runs and key(runs[-1][-1]) == key(t):
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _marked_as_time(verb: Token) -> bool:
    """The verb's clause opens with "since", "after", "when" and the like."""
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in TIME_CLAUSE_MARKERS
               for c in verb.children)


def _about_a_person(verb: Token) -> bool:
    """"President Xi Jinping, who visited the United States in April": a past act told to
    say who the person is, not the engagement the sentence reports."""
    return verb.dep_ == "relcl" and verb.tag_ == "VBD" and verb.head.ent_type_ in (
        "PERSON", "TITLE")


def _past_perfect(verb: Token) -> bool:
    """"Newsom had met with Xi while on a trip to China": told as before the news, unless
    a report backshifts it ("Ross said he had met Li on Monday")."""
    if verb.tag_ != "VBN" or not any(c.dep_ == "aux" and c.lower_ in ("had", "'d")
                                     for c in verb.children):
        return False
    return not (verb.dep_ in ("ccomp", "parataxis") and verb.head.lemma_.lower() in REPORT_VERBS)


def _since_clause(verb: Token) -> bool:
    """"had not met since they held talks in Bali": a clause that bounds another's time."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since"
                                        for c in verb.children)


def _time_clause_with_subject(verb: Token) -> bool:
    """"two months after Xi and Biden held talks": an adverbial clause of time with a
    subject of its own."""
    return verb.dep_ == "advcl" and _marked_as_time(verb) and any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _opens_sentence(text: str, sent_start: int, at: int) -> bool:
    """Only a preposition (or nothing) stands before ``at`` in its sentence."""
    return re.fullmatch(r"\s*(?:(?:on|in|from|between|during|at)\s+)?", text[sent_start:at],
                        flags=re.IGNORECASE) is not None


#: How far back from a time its "since" may open the clause the time closes.
SINCE_CLAUSE_TOKENS = 8


def _counted_stretch(head: Token) -> bool:
    """"wrapped up a second day of trade talks", "a new round of talks": one engagement."""
    of = head.head
    return head.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in STRETCH_NOUNS


def extract_events(doc: Doc, nlp: Language, article_id: str, mentions: list[ActorMention],
                   times: list[TimeRef], anchor: date | None, demonyms: dict[str, str], *,
                   anchor_estimated: bool = False,
                   leaders: frozenset[str] = frozenset(),
                   regions: frozenset[str] = frozenset(),
                   topics: TopicMentions | None = None) -> list[Event]:
    """All engagement events of one parsed article (see module docstring); ``topics`` are
    the article's topic mentions when already found."""
    return ArticleEvents(doc, nlp, article_id, mentions, times, anchor, demonyms,
                         anchor_estimated, leaders=leaders, regions=regions,
                         topics=topics).build()
