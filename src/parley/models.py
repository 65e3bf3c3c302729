"""Typed records that flow through the pipeline.

Every stage (ingest → extract → fuse → store → serve) passes these plain
dataclasses around so that per-article work stays a pure function that can run
in a process pool or on a Dask worker, and so that the store can serialise
them without knowing how they were produced.

Character offsets (``start``/``end``) always index ``Article.text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Precision = Literal["day", "week", "month", "year"]
Status = Literal["happened", "planned", "cancelled"]

#: The engagement types Parley knows; kept in sync with extract/data/triggers.json.
EVENT_TYPES = (
    "call",
    "video_call",
    "meeting",
    "talks_round",
    "visit",
    "summit",
    "joint_statement",
    "working_group",
    "agreement_signed",
)


@dataclass(slots=True)
class Span:
    """Where a fact came from: article, sentence and character span."""

    article_id: str
    start: int
    end: int
    sentence: str = ""
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Article:
    """One ingested article with its publication date and how it was found."""

    id: str
    text: str
    source: str
    title: str | None = None
    url: str | None = None
    site: str | None = None
    format: str = "txt"
    published: str | None = None
    published_precision: Precision | None = None
    #: How the date was found: header, dateline, html-meta, feed, field,
    #: estimated, user.  ``None`` when there is no date.
    published_basis: str | None = None
    #: The words that gave the date away (header line, dateline, meta tag...).
    published_evidence: str | None = None
    #: Interval for estimated dates (ISO days, inclusive).
    published_window: tuple[str, str] | None = None
    dateline_place: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class TimeRef:
    """A temporal expression found in text and, where possible, resolved.

    ``value`` is ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``None`` when it
    cannot be resolved, e.g. a weekday in an undated article).
    """

    text: str
    start: int
    end: int
    kind: str
    value: str | None = None
    precision: Precision | None = None
    basis: str = ""
    #: True when the value depends on the publication date (relative expression).
    relative: bool = False
    #: True when the anchor was itself an estimated publication date.
    estimated: bool = False
    #: Last day of a range ("May 10-11"), ISO day; None for a single date.
    value_end: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ActorMention:
    """A mention of a person, institution or government, resolved if possible."""

    text: str
    start: int
    end: int
    kind: Literal["person", "institution", "government", "country", "group", "unknown"]
    actor_id: str | None = None
    name: str | None = None
    country: str | None = None
    role: str | None = None
    office_id: str | None = None
    #: How the mention was resolved: kb-name, kb-alias, title, honorific,
    #: pronoun, metonym, ner.
    resolved_by: str = ""
    #: Speaks for a government (officials, ministries, state media, capitals);
    #: only such voices make a side's readout.
    official: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Participant:
    name: str
    actor_id: str | None
    country: str | None
    role: str | None
    kind: str = "person"
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Tagged:
    """A label (topic tag, outcome, tone word) with the span that supports it."""

    label: str
    span: Span
    score: float | None = None
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Amount:
    """A money amount or a percentage, with what it measures."""

    value: float
    unit: str  # ISO currency code (USD, CNY...) or "percent"
    text: str
    what: str
    span: Span
    topic: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Event:
    """One engagement as reported in one article (or fused across many)."""

    id: str
    type: str
    status: Status = "happened"
    date: str | None = None
    date_precision: Precision | None = None
    date_basis: str | None = None
    date_estimated: bool = False
    #: Last day of a multi-day engagement (rounds of talks, visits), ISO day.
    date_end: str | None = None
    #: The other side's calendar day when it differs (a US-evening call is the next day
    #: in Beijing), ISO day.
    date_alt: str | None = None
    participants: list[Participant] = field(default_factory=list)
    #: People whom a single report names, of an engagement that several articles report
    #: (see ``parley.fuse.merge.attested_participants``): kept apart, not dropped.
    also_named: list[Participant] = field(default_factory=list)
    location: str | None = None
    topics: list[Tagged] = field(default_factory=list)
    outcomes: list[Tagged] = field(default_factory=list)
    #: Per country code: tone words (Tagged with score) of that side's readout.
    tone: dict[str, list[Tagged]] = field(default_factory=dict)
    cameo: str | None = None
    goldstein: float | None = None
    plover: str | None = None
    main: bool = False
    sources: list[Span] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    #: Trigger wording that typed the event ("phone call", "met").
    trigger: str = ""
    #: Temporal expressions linked to this event (kept so dates can be
    #: re-resolved once an undated article's publication date is estimated).
    time_refs: list[TimeRef] = field(default_factory=list)
    #: Links to other events: {"id": ..., "relation": "planned_as" | "follows" | ...}.
    related: list[dict[str, str]] = field(default_factory=list)
    #: The evidence that this mention names a real engagement (feature name -> value).
    evidence: dict[str, float] = field(default_factory=dict)
    #: Probability-like belief in [0, 1] that this is a real engagement, from ``evidence``;
    #: ``None`` until scored.  Only mentions at or above the threshold become events.
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one article."""

    article_id: str
    version: str
    relevant: bool
    actors: list[ActorMention] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    topics: list[Tagged] = field(default_factory=list)
    #: Why extraction failed for this article (the batch goes on without it).
    error: str | None = None
    #: The article with the publication date estimated for it when the extraction was
    #: redone against that estimate on the same parse; handed from the worker to the
    #: store, never stored inside the extraction itself.
    dated: Article | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("dated", None)
        return data
