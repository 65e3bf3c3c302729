"""Build one fused Event record from the per-article mentions of an engagement."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from statistics import mean

from parley.extract.drafts import explicitness
from parley.extract.features import KNOWN_REFERENCE
from parley.fuse.confidence import combined
from parley.fuse.dates import PRECISION_RANK, precision_of
from parley.fuse.known import dated_by_known
from parley.fuse.resources import fusion_data
from parley.models import Event, Participant, Span, Tagged


def normalise(text: str) -> str:
    """Lower-case, punctuation-free, single-spaced form used to dedupe labels and names."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def participant_key(participant: Participant) -> str:
    """Identity of a participant: its actor id, else its normalised name."""
    return participant.actor_id or "name:" + normalise(participant.name)


def member_rank(event: Event) -> tuple[int, int, int, int, int, str]:
    """Sort key (lowest is best) for the member whose type, trigger and codes lead."""
    return (
        -int(event.main),
        -PRECISION_RANK.get(precision_of(event.date, event.date_precision) or "", -1),
        -int(not event.date_estimated),
        -len(event.participants),
        -int(event.cameo is not None),
        event.id,
    )


def choose_type(members: Sequence[Event]) -> Event:
    """The member that gives the fused type: most frequent type, then preference, then rank.

    Mentions that only recall a known engagement by name carry the file's type, not a
    word of their text; when reports say how the engagement was held, they decide
    ("the Woodside summit" recalled eight times does not outvote thirteen "met")."""
    worded = [m for m in members if not m.evidence.get(KNOWN_REFERENCE)]
    members = worded or members
    counts = Counter(m.type for m in members)
    preference = fusion_data().preference
    order = {t: i for i, t in enumerate(preference)}
    best_type = min(counts, key=lambda t: (-counts[t], order.get(t, len(order)), t))
    return min((m for m in members if m.type == best_type), key=member_rank)


def choose_date(members: Sequence[Event]) -> Event | None:
    """The member carrying the most precise date (see ``key``)."""
    dated = [m for m in members if m.date]
    if not dated:
        return None
    frequency = Counter(m.date for m in dated)

    def key(m: Event) -> tuple[int, int, int, int, str]:
        """Rank: precision, then stated over estimated, then a calendar date over a count
        ("September 19" over "three days earlier"), then frequency."""
        precision = PRECISION_RANK.get(precision_of(m.date, m.date_precision) or "", -1)
        stated = max((explicitness(r) for r in m.time_refs if r.value == m.date), default=0)
        # On a full tie the earlier day wins (a readout dated in the earlier time zone).
        return (-precision, -int(not m.date_estimated), -stated, -frequency[m.date],
                m.date or "")

    return min(dated, key=key)


def other_calendar_day(members: Sequence[Event], dater: Event | None) -> str | None:
    """A day either side of the chosen one that other reports give: a call on a Washington
    evening is the next morning in Beijing, and each side's readout dates it its own way."""
    if dater is None or dater.date_alt or precision_of(dater.date, dater.date_precision) != "day":
        return dater.date_alt if dater else None
    chosen = date.fromisoformat(str(dater.date)[:10])
    others = Counter(m.date for m in members if m.date and m.date != dater.date
                     and precision_of(m.date, m.date_precision) == "day")
    for day, _count in others.most_common():
        if abs((date.fromisoformat(str(day)[:10]) - chosen).days) == 1:
            return str(day)[:10]
    return None


#: Reporting articles from which an engagement's people are those two of them name.
#: Chosen on the development set's tune split (people F1 0.85 with every name kept; 0.91
#: from two or three articles on, 0.90 from four).
ATTESTED_FROM_ARTICLES = 3


def attested_participants(people: list[Participant], members: Sequence[Event],
                          ) -> tuple[list[Participant], list[Participant]]:
    """(participants, also named): of an engagement that ``ATTESTED_FROM_ARTICLES`` or
    more articles report, the people at least two of them name; the rest are named by one
    report only, often wrongly (a president whose envoy went, a delegation member of
    another round), and are kept apart.  A side that only single reports name keeps them."""
    named_by: dict[str, set[str]] = {}
    dated_by: dict[str, set[str]] = {}
    for m in members:
        for p in m.participants:
            named_by.setdefault(participant_key(p), set()).update(m.article_ids)
            if _dates_the_day(m):
                dated_by.setdefault(participant_key(p), set()).update(m.article_ids)
    if len({a for m in members for a in m.article_ids}) < ATTESTED_FROM_ARTICLES:
        return people, []
    # Two reports that both place someone only in the month ("Yellen met Li Qiang and He
    # Lifeng in July") or on their own publication day tell the visit, not this sitting.
    kept = [p for p in people if len(named_by.get(participant_key(p), ())) >= 2
            and dated_by.get(participant_key(p))]
    sides = {p.country for p in people if p.country}
    if {p.country for p in kept if p.country} != sides:
        return people, []
    return kept, [p for p in people if p not in kept]


def _dates_the_day(member: Event) -> bool:
    """The report dates its engagement to a day of its own (not by its publication day,
    nor by the known engagement it was linked to)."""
    return precision_of(member.date, member.date_precision) == "day" and \
        member.evidence.get("date_from_publication", 0.0) <= 0 and not dated_by_known(member)


def merge_participants(members: Sequence[Event]) -> list[Participant]:
    """Union of participants, deduped by actor id or normalised name, keeping the fullest entry."""
    merged: dict[str, Participant] = {}
    for member in members:
        for p in member.participants:
            key = participant_key(p)
            have = merged.get(key)
            if have is None:
                merged[key] = Participant(p.name, p.actor_id, p.country, p.role, p.kind, p.span)
                continue
            have.role = have.role or p.role
            have.country = have.country or p.country
            have.span = have.span or p.span
    resolved = {(token, p.country) for p in merged.values() if p.actor_id
                for token in normalise(p.name).split()}
    # "Mr Liu" or "Dr Yellen" from one report is a resolved person of another, same side.
    return [p for p in merged.values()
            if p.actor_id or not normalise(p.name)
            or (normalise(p.name).split()[-1], p.country) not in resolved]


def merge_tagged(items: Sequence[Tagged], *, by_country: bool) -> list[Tagged]:
    """Dedupe tagged labels (optionally per side), keeping the first span seen."""
    seen: dict[tuple[str, str | None], Tagged] = {}
    for item in items:
        key = (normalise(item.label), item.country if by_country else None)
        if key not in seen:
            seen[key] = Tagged(item.label, item.span, item.score, item.country)
    return list(seen.values())


def merge_tone(members: Sequence[Event]) -> dict[str, list[Tagged]]:
    """Tone words per side, deduped by word, each word's score the mean of its reports."""
    words: dict[str, dict[str, list[Tagged]]] = {}
    for member in members:
        for side, tagged in member.tone.items():
            for t in tagged:
                words.setdefault(side, {}).setdefault(normalise(t.label), []).append(t)
    merged: dict[str, list[Tagged]] = {}
    for side in sorted(words):
        merged[side] = []
        for reports in words[side].values():
            scores = [t.score for t in reports if t.score is not None]
            first = reports[0]
            merged[side].append(Tagged(first.label, first.span,
                                       mean(scores) if scores else None, first.country or side))
    return merged


def merge_sources(members: Sequence[Event]) -> list[Span]:
    """Every source span once, in article then offset order."""
    seen: dict[tuple[str, int, int], Span] = {}
    for member in members:
        for span in member.sources:
            seen.setdefault((span.article_id, span.start, span.end), span)
    return [seen[k] for k in sorted(seen)]


def merge_members(fused_id: str, members: Sequence[Event],
                  membership: Mapping[str, str]) -> Event:
    """One fused Event from its member mentions (all assumed to share a status)."""
    leader = choose_type(members)
    dater = choose_date(members)
    attested, also_named = attested_participants(merge_participants(members), members)
    locations = Counter(m.location for m in members if m.location)
    article_ids: list[str] = []
    for member in members:
        article_ids.extend(a for a in member.article_ids if a not in article_ids)
    related: list[dict[str, str]] = []
    for member in members:
        for link in member.related:
            target = membership.get(link.get("id", ""), link.get("id", ""))
            entry = {**link, "id": target}
            if target != fused_id and entry not in related:
                related.append(entry)
    return Event(
        id=fused_id,
        type=leader.type,
        status=leader.status,
        date=dater.date if dater else None,
        date_precision=precision_of(dater.date, dater.date_precision) if dater else None,  # type: ignore[arg-type]
        date_basis=dater.date_basis if dater else None,
        date_estimated=dater.date_estimated if dater else False,
        participants=attested,
        also_named=also_named,
        location=max(locations, key=lambda loc: (locations[loc], loc)) if locations else None,
        topics=merge_tagged([t for m in members for t in m.topics], by_country=True),
        outcomes=merge_tagged([t for m in members for t in m.outcomes], by_country=False),
        tone=merge_tone(members),
        cameo=leader.cameo,
        goldstein=leader.goldstein,
        plover=leader.plover,
        main=any(m.main for m in members),
        sources=merge_sources(members),
        article_ids=article_ids,
        trigger=leader.trigger,
        # Offsets index one article's text, so only the date-giving member's refs are kept.
        time_refs=list(dater.time_refs) if dater else [],
        related=related,
        date_end=dater.date_end if dater else None,
        date_alt=other_calendar_day(members, dater),
        evidence=dict(leader.evidence),
        confidence=combined(m.confidence for m in members),
    )
