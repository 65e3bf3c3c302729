"""Fuse per-article event mentions into one Event per real-world engagement.

Pipeline: ``blocking_keys`` puts each mention into cheap blocks (participant or
country or location, by month); ``score_block`` scores the pairs inside one block
(a pure function, so blocks can be mapped on Dask workers); edges above
``MERGE_THRESHOLD`` are joined best-first into clusters, refusing any join that
would make a cluster inconsistent (empty date intersection, incompatible types,
different people on one side); each cluster becomes one record; planned and
happened records of the same engagement are then linked, not merged.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date

from parley.fuse.dates import intersect, months_covered, precision_of, tolerant_interval
from parley.fuse.known import known_link
from parley.fuse.merge import merge_members, normalise, participant_key
from parley.fuse.resources import fusion_data
from parley.models import Event

#: Pairs scoring at or above this are the same engagement.  Calibrated so that the same
#: people + compatible type + a consistent date merge even with no topic/location overlap
#: (0.45 + 0.35*0.6 + 0.05 + 0.05 = 0.76 for days two apart), while one-sided or
#: country-level evidence needs an exact day or agreeing topics to pass.
MERGE_THRESHOLD = 0.6

#: A planned record links to a happened one at this lower bar: announcements name the
#: format loosely ("summit" that happens as a video call) and give coarse dates.
LINK_THRESHOLD = 0.5

#: Weights of the pairwise evidence; they sum to 1 and are scaled by type compatibility.
WEIGHTS = {"participants": 0.45, "date": 0.35, "topics": 0.10, "location": 0.10}

#: Score of a date pair when one side is undated: weak but not disqualifying.
UNDATED_SCORE = 0.3

Edge = tuple[str, str, float]
BlockMapper = Callable[[Callable[[tuple[str, list[Event]]], list[Edge]],
                        list[tuple[str, list[Event]]]], Iterable[list[Edge]]]


def _people_by_side(event: Event) -> dict[str, set[str]]:
    """Resolved people per country; an unresolved name ("Mr Liu") can contradict nobody."""
    sides: dict[str, set[str]] = defaultdict(set)
    for p in event.participants:
        if p.kind == "person" and p.actor_id:
            sides[p.country or "?"].add(p.actor_id)
    return sides


def _side_conflict(a: Mapping[str, AbstractSet[str]], b: Mapping[str, AbstractSet[str]]) -> bool:
    """True when some side names people in both and none of them overlap."""
    return any(a[c] and b.get(c) and not (a[c] & b[c]) for c in a if c != "?")


def participant_score(a: Event, b: Event) -> float | None:
    """Participant agreement in [0,1]; None when either has no participants; 0 on conflict."""
    keys_a = {participant_key(p) for p in a.participants}
    keys_b = {participant_key(p) for p in b.participants}
    if not keys_a or not keys_b:
        return None
    if _side_conflict(_people_by_side(a), _people_by_side(b)):
        return 0.0
    shared = keys_a & keys_b
    if shared:
        return 0.5 + 0.5 * len(shared) / min(len(keys_a), len(keys_b))
    # Nothing shared but nothing contradicting (one side named in each, or governments only).
    return 0.4


def date_score(a: Event, b: Event) -> float:
    """Date agreement in [0,1]: 0 when the tolerant intervals are disjoint."""
    span_a = tolerant_interval(a.date, a.date_precision)
    span_b = tolerant_interval(b.date, b.date_precision)
    if span_a is None or span_b is None:
        return UNDATED_SCORE
    if intersect(span_a, span_b) is None:
        return 0.0
    prec_a = precision_of(a.date, a.date_precision)
    prec_b = precision_of(b.date, b.date_precision)
    if prec_a == prec_b == "day":
        gap = abs((span_a[0] - span_b[0]).days)
        return {0: 1.0, 1: 0.9}.get(gap, 0.6)
    coarse = {"week": 0.8, "month": 0.7, "year": 0.5}
    if prec_a == prec_b:
        return 0.9
    return min(coarse.get(prec_a or "", 1.0), coarse.get(prec_b or "", 1.0))


def _topic_jaccard(a: Event, b: Event) -> float | None:
    """Jaccard overlap of topic labels; None when either side has none."""
    topics_a = {t.label for t in a.topics}
    topics_b = {t.label for t in b.topics}
    if not topics_a or not topics_b:
        return None
    return len(topics_a & topics_b) / len(topics_a | topics_b)


def _location_score(a: Event, b: Event) -> float | None:
    """1 for the same place, 0 for different places, None when either is unknown."""
    if not a.location or not b.location:
        return None
    return 1.0 if normalise(a.location) == normalise(b.location) else 0.0


def engagement_score(a: Event, b: Event) -> float:
    """Same-engagement score ignoring status (used for merging and for planned links)."""
    compat = fusion_data().compat(a.type, b.type)
    if compat == 0:
        return 0.0
    dates = date_score(a, b)
    if dates == 0:
        return 0.0
    people = participant_score(a, b)
    if people == 0:
        return 0.0
    topics = _topic_jaccard(a, b)
    place = _location_score(a, b)
    if people is None:
        # Without participants only strong agreement on everything else counts.
        if a.type != b.type or dates < 0.9 or place != 1.0 or (topics or 0.0) < 0.5:
            return 0.0
        people = 0.5
    total = (WEIGHTS["participants"] * people + WEIGHTS["date"] * dates
             + WEIGHTS["topics"] * (0.5 if topics is None else topics)
             + WEIGHTS["location"] * (0.5 if place is None else place))
    return round(compat * total, 6)


def same_engagement(a: Event, b: Event) -> float:
    """Score in [0,1] that two mentions report one engagement; merge at ``MERGE_THRESHOLD``."""
    if a.status != b.status:
        return 0.0
    link_a, link_b = known_link(a), known_link(b)
    if link_a and link_b:
        # One known visit holds several meetings: the talks with Qin Gang and the meeting
        # with Xi link to it alike, but one side's people tell them apart.
        same = link_a == link_b and not _side_conflict(_people_by_side(a), _people_by_side(b))
        return 1.0 if same else 0.0
    return engagement_score(a, b)


def _periods(event: Event) -> list[str]:
    """Month keys an event may fall in, or "undated"."""
    span = tolerant_interval(event.date, event.date_precision)
    return months_covered(span) if span else ["undated"]


def blocking_keys(event: Event) -> list[str]:
    """Cheap keys (participant / country pair / location, by month) grouping comparable mentions."""
    periods = _periods(event)
    keys: list[str] = []
    people = sorted({participant_key(p) for p in event.participants if p.kind == "person"})
    for person in people:
        keys.extend(f"a:{person}|{period}" for period in periods)
    countries = sorted({p.country for p in event.participants if p.country})
    if countries:
        keys.extend(f"g:{'+'.join(countries)}|{period}" for period in periods)
    if event.location:
        keys.extend(f"l:{normalise(event.location)}|{period}" for period in periods)
    link = known_link(event)
    if link:
        keys.append(f"k:{link}")
    return keys


def _pair_allowed(key: str, a: Event, b: Event) -> bool:
    """Within country and location blocks, only compare pairs those blocks exist for."""
    if key.startswith("g:"):
        sides_a, sides_b = _people_by_side(a), _people_by_side(b)
        return not any(sides_a[c] and sides_b.get(c) for c in sides_a)
    if key.startswith("l:"):
        return not a.participants or not b.participants
    return True


def score_block(block: tuple[str, list[Event]]) -> list[Edge]:
    """Edges (id, id, score) above the threshold among the mentions of one block."""
    key, events = block
    edges: list[Edge] = []
    for i, a in enumerate(events):
        for b in events[i + 1:]:
            if a.id == b.id or not _pair_allowed(key, a, b):
                continue
            score = same_engagement(a, b)
            if score >= MERGE_THRESHOLD:
                edges.append((min(a.id, b.id), max(a.id, b.id), score))
    return edges


@dataclass
class _Cluster:
    """Running state of a cluster, checked before every join to stop chaining."""

    members: list[str]
    span: tuple[date, date] | None
    types: set[str]
    sides: dict[str, set[str]] = field(default_factory=dict)
    #: Per article, each member mention's people by side.
    reported: dict[str, list[dict[str, frozenset[str]]]] = field(default_factory=dict)
    #: The members that report a meeting of one named person with one other.
    pairs: list[dict[str, frozenset[str]]] = field(default_factory=list)

    def can_join(self, other: _Cluster) -> bool:
        """Whether merging keeps dates, types and each side's people consistent, and
        keeps apart what one article reports apart ("Ross met Li Keqiang" and "Ross also
        met Wang Yang": two meetings, whatever another article's list joins)."""
        if self.span and other.span and intersect(self.span, other.span) is None:
            return False
        data = fusion_data()
        if any(data.compat(s, o) == 0 for s in self.types for o in other.types):
            return False
        if _side_conflict(self.sides, other.sides):
            return False
        if any(_side_conflict(a, b) for a in self.pairs for b in other.pairs):
            return False  # "Blinken met Xi", "Blinken met Qin Gang": two meetings
        return not any(_side_conflict(a, b)
                       for article in self.reported.keys() & other.reported.keys()
                       for a in self.reported[article] for b in other.reported[article])

    def absorb(self, other: _Cluster) -> None:
        """Take over the other cluster's members and narrow the shared state."""
        self.members.extend(other.members)
        if self.span is None:
            self.span = other.span
        elif other.span is not None:
            self.span = intersect(self.span, other.span)
        self.types |= other.types
        for side, people in other.sides.items():
            self.sides.setdefault(side, set()).update(people)
        for article, sides in other.reported.items():
            self.reported.setdefault(article, []).extend(sides)
        self.pairs.extend(p for p in other.pairs if p not in self.pairs)


def _one_to_one(event: Event, sides: Mapping[str, AbstractSet[str]]) -> bool:
    """A meeting of one named person of a side with one of the other: a visitor's meetings
    with different hosts on one day are different meetings, whoever lists them together."""
    return event.type == "meeting" and len(sides) == 2 and all(
        len(people) == 1 for people in sides.values())


def _specific(event: Event) -> bool:
    """A mention that names people and a day: it says by itself which engagement it is."""
    return precision_of(event.date, event.date_precision) == "day" and any(
        p.actor_id for p in event.participants)


def _components(events: Sequence[Event], edges: Iterable[Edge]) -> list[list[str]]:
    """Join mentions along edges, skipping joins that would chain.

    Mentions that name people and a day join first, best edge first.  A vaguer one
    ("when they met in 2017", "the talks on Monday" with no one named) fits several
    such engagements alike; it then joins the one it agrees with most in sum, which is
    the one most reports describe, not whichever single report scored a hair higher.
    Whatever is left joins best edge first, as before."""
    clusters: dict[str, _Cluster] = {}
    owner: dict[str, str] = {}
    for e in events:
        own = {c: frozenset(p) for c, p in _people_by_side(e).items() if c != "?"}
        clusters[e.id] = _Cluster([e.id], tolerant_interval(e.date, e.date_precision),
                                  {e.type}, {c: set(p) for c, p in own.items()},
                                  {article: [own] for article in e.article_ids},
                                  [own] if _one_to_one(e, own) else [])
        owner[e.id] = e.id

    def join(a: str, b: str) -> None:
        root_a, root_b = owner[a], owner[b]
        if root_a == root_b or not clusters[root_a].can_join(clusters[root_b]):
            return
        keep, drop = sorted((root_a, root_b))
        clusters[keep].absorb(clusters.pop(drop))
        for member in clusters[keep].members:
            owner[member] = keep

    specific = {e.id for e in events if _specific(e)}
    ranked = sorted(set(edges), key=lambda edge: (-edge[2], edge[0], edge[1]))
    for a, b, _score in ranked:
        if a in specific and b in specific:
            join(a, b)
    agreement: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for a, b, score in ranked:
        for vague, other in ((a, b), (b, a)):
            if vague not in specific and other in specific:
                agreement[vague][owner[other]] += score
    for vague in sorted(agreement):
        for root, _total in sorted(agreement[vague].items(), key=lambda kv: (-kv[1], kv[0])):
            if clusters[owner[root]].can_join(clusters[owner[vague]]):
                join(vague, root)
                break
    for a, b, _score in ranked:
        join(a, b)
    return [sorted(c.members) for c in clusters.values()]


def new_fused_id(member_ids: Iterable[str]) -> str:
    """Deterministic id of a brand-new fused event: a hash of its sorted member ids."""
    digest = hashlib.sha1("\n".join(sorted(member_ids)).encode("utf-8")).hexdigest()
    return f"ev-{digest[:16]}"


def _assign_ids(groups: list[list[str]], previous: Mapping[str, str]) -> list[str]:
    """Reuse last run's fused ids (largest groups claim first); otherwise hash the members."""
    order = sorted(range(len(groups)), key=lambda i: (-len(groups[i]), groups[i]))
    taken: set[str] = set()
    ids = [""] * len(groups)
    for i in order:
        votes = Counter(previous[m] for m in groups[i] if m in previous)
        candidates = sorted((-n, fid) for fid, n in votes.items() if fid not in taken)
        ids[i] = candidates[0][1] if candidates else new_fused_id(groups[i])
        taken.add(ids[i])
    return ids


def _link_planned(fused: list[Event]) -> None:
    """Link each planned record to the one happened record it most likely became."""
    happened_by_key: dict[str, list[Event]] = defaultdict(list)
    for event in fused:
        if event.status == "happened":
            for key in _link_keys(event):
                happened_by_key[key].append(event)
    by_id = {e.id: e for e in fused}
    for plan in fused:
        if plan.status != "planned":
            continue
        candidates = {e.id: e for k in _link_keys(plan) for e in happened_by_key.get(k, [])}
        scored = sorted(((engagement_score(plan, e), e.id) for e in candidates.values()),
                        key=lambda pair: (-pair[0], pair[1]))
        scored = [pair for pair in scored if pair[0] >= LINK_THRESHOLD]
        if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
            continue  # nothing, or no way to tell which engagement the plan became
        target = by_id[scored[0][1]]
        _add_link(plan, target.id, "planned_for")
        _add_link(target, plan.id, "planned_as")


def _link_keys(event: Event) -> set[str]:
    """People (or, failing that, the country set) a planned record can be matched by."""
    keys = {participant_key(p) for p in event.participants if p.kind == "person"}
    return keys or {"+".join(sorted({p.country for p in event.participants if p.country}))}


def _add_link(event: Event, target: str, relation: str) -> None:
    """Append a relation to an event once."""
    link = {"id": target, "relation": relation}
    if link not in event.related:
        event.related.append(link)


def fuse_events(mentions: Sequence[Event], *, previous: Mapping[str, str] | None = None,
                 map_blocks: BlockMapper | None = None) -> tuple[list[Event], dict[str, str]]:
    """One Event per real-world engagement, plus membership mention_id -> fused_id.

    ``previous`` is last run's membership: fused ids are reused so re-running after new
    articles arrive updates events in place.  ``map_blocks(score_block, blocks)`` may run
    the block scoring elsewhere, e.g. ``lambda f, b: client.gather(client.map(f, b))``.
    """
    ids = [m.id for m in mentions]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    if duplicates:
        raise ValueError(f"mention ids must be unique; repeated: {duplicates[:5]}")
    blocks: dict[str, list[Event]] = defaultdict(list)
    for mention in mentions:
        for key in dict.fromkeys(blocking_keys(mention)):
            blocks[key].append(mention)
    work = [(key, blocks[key]) for key in sorted(blocks) if len(blocks[key]) > 1]
    mapper = map_blocks or (lambda fn, items: map(fn, items))
    edges = [edge for block_edges in mapper(score_block, work) for edge in block_edges]
    groups = _components(mentions, edges)
    fused_ids = _assign_ids(groups, previous or {})
    membership = {m: fid for fid, group in zip(fused_ids, groups) for m in group}
    by_id = {m.id: m for m in mentions}
    fused = [merge_members(fid, [by_id[m] for m in group], membership)
             for fid, group in zip(fused_ids, groups)]
    _link_planned(fused)
    fused.sort(key=lambda e: (e.date or "9999", e.id))
    return fused, membership
