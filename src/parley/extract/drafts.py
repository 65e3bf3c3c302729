"""Engagements while they are assembled inside one article, and when two are one.

``Draft`` collects what the assembler finds for one engagement (triggers,
participants, sentences, times); the functions here compare and date drafts:
whether two mentions name the same engagement, and which time dates one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from parley.extract.triggers import Trigger, family, spec
from parley.models import ActorMention, TimeRef

#: How a time expression is tied to an engagement, best first: the parse links it to the
#: trigger or its verb ("met on Friday"); it is merely the nearest in its sentence; it is
#: borrowed from another engagement of the sentence; it dates a report about it ("the
#: Treasury said on Monday").  Times tied to another verb ("imposed tariffs in March"),
#: deadlines and effective dates ("by March 1") never date an engagement.
LINK_RANK = {"own": 3, "near": 2, "shared": 1, "statement": 0}


@dataclass
class Dating:
    """A time expression attached to a draft event, and how it is tied to it."""

    ref: TimeRef
    sentence: int
    distance: int
    link: str


@dataclass
class Draft:
    """An event while it is being assembled."""

    type: str
    trigger: Trigger
    sent_index: int
    group: list[Trigger] = field(default_factory=list)
    status: str = "happened"
    participants: dict[str, ActorMention] = field(default_factory=dict)
    sentences: list[int] = field(default_factory=list)
    times: list[Dating] = field(default_factory=list)
    location: str | None = None
    bilateral: bool = False
    #: The draft whose "first ... since <time>" recalled this one: never the same engagement.
    recalled_by: Draft | None = None
    #: The text says it was held in person ("face-to-face talks").
    in_person: bool = False
    #: One of several places listed for one trigger ("talks in Geneva, London and
    #: Stockholm"): an engagement of its own at that place.
    listed: bool = False
    #: Named in a headline, which says "meets" of a video call as readily as of a meeting.
    headline: bool = False
    #: Heads of the later triggers that refer back to this draft ("the meeting").
    anaphor_heads: list[int] = field(default_factory=list)
    #: The type is the host's, not the text's: "first time since November" says an
    #: earlier engagement of these people took place, not how they talked then.
    type_inferred: bool = False
    #: Triggers of the drafts of later sentences merged into this one.
    merged: list[Trigger] = field(default_factory=list)
    #: The person this draft was split off for: a leader a visitor met apart from that
    #: leader's ministers ("met Wang Yi and Xi Jinping"), or one of several people held
    #: "separate calls" with.  One engagement of its own each.
    apart: str | None = None
    #: Told as before the news: in a clause opened by "since" ("had not met since they
    #: held talks in Bali"), in the past perfect ("Newsom had met with Xi") or in a past
    #: relative clause about a person ("Xi, who visited the US in April").
    earlier: bool = False
    #: Told as one more engagement ("Yellen also met with Governor Wang Weizhong"): with
    #: someone the others do not name, it is not one of them.
    also: bool = False

    def key_of(self, m: ActorMention) -> str:
        return m.actor_id or (m.name or m.text).lower()

    def add_participant(self, m: ActorMention) -> None:
        self.participants.setdefault(self.key_of(m), m)

    def actor_ids(self) -> set[str]:
        return set(self.participants)


def starts_after(value: str, anchor: date) -> bool:
    """True when the whole period a date names lies after ``anchor``."""
    if len(value) == 10:
        return value > anchor.isoformat()
    if len(value) == 7:
        return value > anchor.isoformat()[:7]
    return value > anchor.isoformat()[:4]


def explicitness(ref: TimeRef) -> int:
    """A stated calendar date over a weekday or a word counted from publication:
    "on Monday (March 14)" means March 14 even when the publication date is off."""
    if not ref.relative:
        return 2
    return 1 if ref.kind == "month_day" else 0


def quoted(text: str, sent_start: int, at: int) -> bool:
    """True when position ``at`` sits inside quotation marks within its sentence."""
    before = text[sent_start:at]
    straight = before.count('"') % 2 == 1
    curly = before.count("“") > before.count("”")
    return straight or curly


def distance(trig: Trigger, ref: TimeRef) -> int:
    if ref.start >= trig.end_char:
        return ref.start - trig.end_char
    return (trig.start_char - ref.end) * 2 if ref.end <= trig.start_char else 0


def has_date(d: Draft) -> bool:
    """Some time of the draft resolves to a date (in an undated article none may)."""
    return any(t.ref.value for t in d.times)


def date_interval_overlap(a: Draft, b: Draft) -> bool:
    va = {t.ref.value[:7] for t in a.times if t.ref.value}
    vb = {t.ref.value[:7] for t in b.times if t.ref.value}
    if not va or not vb:
        return True
    return bool(va & vb) or any(x.startswith(y) or y.startswith(x) for x in va for y in vb)


#: Mentions this many sentences apart or closer that each name only one side, a different
#: one, describe one engagement: "the talks were led by Lighthizer and Mnuchin. On the
#: Chinese side, the talks were led by Liu He".
COMPLEMENT_SENTENCES = 3


def sides_of(d: Draft, pair: tuple[str, ...]) -> set[str]:
    return {m.country for m in d.participants.values() if m.country in pair}


def names_third_country(d: Draft, pair: tuple[str, ...]) -> bool:
    """A person of neither side of the pair takes part ("Russian President Putin")."""
    return any(m.kind == "person" and m.country and m.country not in pair
               for m in d.participants.values())


def complementary(a: Draft, b: Draft, pair: tuple[str, ...]) -> bool:
    """Each names people of one side only, not the same side, in nearby sentences, and
    neither names someone of a third country ("Putin and Xi meet in Beijing" beside a
    headline on Biden's meeting is Xi's meeting with Putin)."""
    if names_third_country(a, pair) or names_third_country(b, pair):
        return False
    sides_a, sides_b = sides_of(a, pair), sides_of(b, pair)
    near = min(abs(i - j) for i in a.sentences or [a.sent_index]
               for j in b.sentences or [b.sent_index]) <= COMPLEMENT_SENTENCES
    return near and len(sides_a) == 1 and len(sides_b) == 1 and sides_a != sides_b


#: Words before "talks" that say it was held in person.
IN_PERSON_WORDS = ("in-person", "in person", "face-to-face", "face to face")


def says_in_person(text: str, trig: Trigger) -> bool:
    """"In-person talks", "face-to-face discussions": the medium is stated."""
    before = text[max(0, trig.start_char - 20):trig.start_char].lower()
    return any(w in before for w in IN_PERSON_WORDS)


def medium_neutral(d: Draft) -> bool:
    """"Talks", "discussions": the engagement named without saying by phone or in person
    (no "in-person" or "face-to-face" before it; a place named nearby proves nothing,
    since "talks ... about arms sales to Taiwan" names one too)."""
    words = d.trigger.text.lower().split()
    if d.in_person:
        return False
    return (bool(words) and words[-1] in spec()["generic_nouns"]) or (
        d.headline and d.type == "meeting")


def same_day(a: Draft, b: Draft) -> bool:
    """Both are dated and share a stated day."""
    va = {t.ref.value for t in a.times if t.ref.value and len(t.ref.value) == 10}
    vb = {t.ref.value for t in b.times if t.ref.value and len(t.ref.value) == 10}
    return bool(va & vb)


#: Sentences apart within which an undated call and dated "talks" of the same people are
#: one engagement ("Trump, Xi discuss soybeans in call" / "talks with Xi on Wednesday").
NEUTRAL_SENTENCES = 3


def remote_and_neutral(a: Draft, b: Draft) -> bool:
    """A call and "talks" of the same people on the same day (or close by, one of them
    undated): the talks were the call."""
    if not any(family(x.type) == "remote" and medium_neutral(y) and x.status == y.status
               for x, y in ((a, b), (b, a))):
        return False
    undated = not has_date(a) or not has_date(b)
    if (a.headline or b.headline) and date_interval_overlap(a, b):
        return True  # "USTR Meets Chinese Vice Premier" over the call the body dates
    return same_day(a, b) or (undated and abs(a.sent_index - b.sent_index) <= NEUTRAL_SENTENCES)


def same_engagement(a: Draft, b: Draft, pair: tuple[str, ...] = ("USA", "CHN")) -> bool:
    """Two mentions inside one article that name the same engagement."""
    if a.status != b.status or a.recalled_by is b or b.recalled_by is a:
        return False
    if (a.recalled_by is not None or b.recalled_by is not None or a.earlier or b.earlier) \
            and not (has_date(a) and has_date(b)):
        # "their first call since October" recalls an earlier call: an undated mention of
        # the same people is the one reported, not the one recalled.
        return False
    if (a.listed or b.listed) and a.location != b.location:
        return False  # "talks in Geneva, London and Stockholm": three rounds
    standalone = set(spec()["standalone"])
    if a.type in standalone or b.type in standalone:
        return a.type == b.type and date_interval_overlap(a, b) and (
            not a.participants or not b.participants or bool(a.actor_ids() & b.actor_ids()))
    if not a.participants and not b.participants and a.location and b.location:
        # "US-China talks end in Alaska", then "the negotiators wrapped up their talks in
        # Anchorage": named by no one, placed alike (the caller holds apart different
        # places), one engagement.
        return a.type == b.type and date_interval_overlap(a, b)
    if not (a.actor_ids() & b.actor_ids()):
        return family(a.type) == family(b.type) and complementary(a, b, pair) \
            and date_interval_overlap(a, b)
    people_a = {k for k, m in a.participants.items() if m.actor_id}
    people_b = {k for k, m in b.participants.items() if m.actor_id}
    if len(people_a) >= 2 and len(people_b) >= 2 and not (people_a & people_b):
        return False
    for side in {m.country for m in a.participants.values()} & {
            m.country for m in b.participants.values()}:
        side_a = {k for k, m in a.participants.items() if m.country == side and m.actor_id}
        side_b = {k for k, m in b.participants.items() if m.country == side and m.actor_id}
        if side_a and side_b and not side_a & side_b:
            return False  # Yellen–Liu and Tai–Liu: one side's people differ, two engagements
    compatible = family(a.type) == family(b.type) or {family(a.type), family(b.type)} <= {
        "inperson", "remote"} and (a.type in ("visit",) or b.type in ("visit",)
                                   or remote_and_neutral(a, b))
    return compatible and date_interval_overlap(a, b)
