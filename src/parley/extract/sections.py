"""Long articles are parsed and extracted in sections, with offsets mapped back.

spaCy refuses texts over ``nlp.max_length`` (a million characters) and the
parser's memory and the extractor's per-sentence scans grow with the length
of one Doc, so an article longer than ``SECTION_CHARS`` is cut at paragraph
boundaries into sections that are each parsed and extracted on their own.
The sections' results are then joined into one Extraction whose character
offsets index the whole ``Article.text`` again, as every other one does.

Articles of ordinary length are one section: for them nothing changes.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from parley.models import ActorMention, Article, Event, Extraction, Span, TimeRef

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Longest section handed to the parser, in characters: a tenth of spaCy's default
#: ``max_length``, far above any news article (a long feature runs to ~30,000), so only
#: transcripts, reports and dumps saved as one file are ever cut.
SECTION_CHARS = 100_000

#: Where a section may end, best first: a paragraph break, a line break, a sentence end,
#: any space. Failing all of them the text is cut at the limit.
_BREAKS = ("\n\n", "\n", ". ", " ")

#: Records whose ``start``/``end`` index the article text.
_OFFSET_TYPES = (Span, TimeRef, ActorMention)


@dataclasses.dataclass(frozen=True, slots=True)
class Section:
    """One piece of an article: where it starts, and the article cut down to it."""

    offset: int
    #: The article with its text cut down to this section (the article itself if short).
    article: Article
    #: The whole article the section belongs to.
    whole: Article
    last: bool


def split_text(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """(offset, piece) pairs of at most ``limit`` characters that concatenate to ``text``."""
    limit = limit or SECTION_CHARS
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = limit
        for mark in _BREAKS:
            at = window.rfind(mark)
            if at > 0:
                cut = at + len(mark)
                break
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def sections_of(article: Article, limit: int | None = None,
                keep: Callable[[str], bool] | None = None) -> list[Section]:
    """The sections of one article worth parsing (the article itself when it is short).

    ``keep`` is the relevance gate applied to each section of a long article, as the
    prefilter is to whole articles: a section that cannot hold an engagement is not
    parsed, so a long transcript with one relevant passage costs one section's parse.
    """
    pieces = split_text(article.text, limit)
    if len(pieces) == 1:
        return [Section(0, article, article, True)]
    kept = [(offset, piece) for offset, piece in pieces if keep is None or keep(piece)]
    return [Section(offset, dataclasses.replace(article, text=piece), article,
                    i == len(kept) - 1)
            for i, (offset, piece) in enumerate(kept)]


def _shift(value: Any, delta: int, seen: set[int]) -> None:
    """Add ``delta`` to every text offset inside value (records may be shared: each once)."""
    if isinstance(value, list):
        for item in value:
            _shift(item, delta, seen)
    elif isinstance(value, dict):
        for item in value.values():
            _shift(item, delta, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, _OFFSET_TYPES):
            value.start += delta
            value.end += delta
        for f in dataclasses.fields(value):
            _shift(getattr(value, f.name), delta, seen)


def _renumber(events: list[Event], offset: int) -> None:
    """New ids for a later section's events, so no two sections' mentions share one.

    Mention ids are derived from a position in the text the extractor saw; in a later
    section that position is relative, so the id is re-derived with the section's offset.
    """
    renamed = {e.id: hashlib.sha256(f"{e.id}@{offset}".encode()).hexdigest()[:len(e.id)]
               for e in events}
    for event in events:
        event.id = renamed[event.id]
        for link in event.related:
            if link.get("id") in renamed:
                link["id"] = renamed[link["id"]]


def join_sections(article: Article, parts: list[tuple[int, Extraction]]) -> Extraction:
    """One Extraction for the whole article from its sections' extractions."""
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    joined = dataclasses.replace(parts[0][1], article_id=article.id, actors=[], times=[],
                                 events=[], amounts=[], topics=[])
    has_main = False
    for offset, part in parts:
        _shift(part, offset, set())
        if offset:
            _renumber(part.events, offset)
        for event in part.events:
            # The article's headline engagement is the first section's main one.
            event.main = event.main and not has_main
            has_main = has_main or event.main
        joined.relevant = joined.relevant or part.relevant
        joined.actors.extend(part.actors)
        joined.times.extend(part.times)
        joined.events.extend(part.events)
        joined.amounts.extend(part.amounts)
        joined.topics.extend(part.topics)
    return joined


def extract_in_sections(
        nlp: Language, articles: Iterable[Article], batch_size: int,
        extract_one: Callable[[Article, Doc], Extraction],
        keep: Callable[[str], bool] | None = None,
        parse: Callable[[Iterable[str], int], Iterable[Doc]] | None = None,
) -> Iterator[tuple[Article, Extraction | Exception | None]]:
    """Parse every article section by section and extract each section as it is parsed.

    Yields, in input order, (article, its joined extraction), (article, the exception)
    when extracting one of its sections failed, or (article, None) when none of its
    sections passed ``keep``.  A section's Doc is dropped as soon as it is extracted,
    so a long article never holds more than one batch of Docs.  ``parse(texts,
    batch_size)`` turns section texts into Docs (default: ``nlp.pipe``; the sentence
    gate of ``gate.py`` parses only what can matter).
    """
    limit = min(SECTION_CHARS, nlp.max_length)
    # Sections in the order their Docs will come back; an Article stands for one with
    # nothing to parse, which is yielded when its turn comes.
    queue: deque[Section | Article] = deque()

    def texts() -> Iterator[str]:
        """Section texts for nlp.pipe, queueing which section each one was."""
        for article in articles:
            kept = sections_of(article, limit, keep)
            if not kept:
                queue.append(article)
            for section in kept:
                queue.append(section)
                yield section.article.text

    def unparsed() -> Iterator[tuple[Article, None]]:
        """Articles at the head of the queue that had no section to parse."""
        while queue and isinstance(queue[0], Article):
            yield queue.popleft(), None  # type: ignore[misc]

    parts: list[tuple[int, Extraction]] = []
    failure: Exception | None = None
    docs = parse(texts(), batch_size) if parse is not None else \
        nlp.pipe(texts(), batch_size=batch_size)
    for doc in docs:
        yield from unparsed()
        section = queue.popleft()
        assert isinstance(section, Section)
        if failure is None:
            try:
                parts.append((section.offset, extract_one(section.article, doc)))
            except Exception as exc:  # noqa: BLE001 - reported for this article only
                failure = exc
        if section.last:
            yield section.whole, failure if failure is not None else \
                join_sections(section.whole, parts)
            parts, failure = [], None
    yield from unparsed()
