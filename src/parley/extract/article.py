"""Per-article extraction: a pure function of (article, knowledge base, pipeline).

The ``Extractor`` holds what is expensive to build (the spaCy pipeline with
the knowledge-base ruler, the prefilter automaton) once per process, so the
same code runs in the CLI process, a process pool or a Dask worker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache, partial
from importlib import resources
from typing import TYPE_CHECKING, Any

from parley import __version__
from parley.extract import dates as dates_mod
from parley.extract.actors import demonym_table, region_names, resolve_actors
from parley.extract.amounts import find_amounts
from parley.extract.events import extract_events
from parley.extract.nlp import cached_pipeline
from parley.extract.parse import keep_text
from parley.extract.prefilter import Prefilter
from parley.extract.sections import extract_in_sections
from parley.extract.topics import TopicMentions, find_topics
from parley.ingest.dateline import in_dateline
from parley.models import Article, Extraction, Span, Tagged

if TYPE_CHECKING:
    from spacy.tokens import Doc


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Code version plus a digest of every data file the extractor reads.

    Editing a lexicon or the knowledge base changes the version, so
    ``parley extract`` redoes exactly the articles that could change.
    """
    digest = hashlib.sha256()
    for package in ("parley.extract", "parley.kb"):
        folder = resources.files(package) / "data"
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.endswith((".json", ".jsonl")):
                digest.update(item.name.encode())
                digest.update(item.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"


def anchor_of(article: Article) -> tuple[date | None, bool]:
    """The publication day relative expressions resolve against, and whether it is estimated."""
    if not article.published or article.published_precision not in (None, "day"):
        return None, False
    try:
        day = date.fromisoformat(article.published[:10])
    except ValueError:
        return None, False
    return day, article.published_basis == "estimated"


#: Articles per ``nlp.pipe`` batch. Measured on 600–900-word news (whole-process runs
#: compared pair by pair): with the sentence gate, 16 takes 26.5 s and 295 MiB peak for 300
#: stories, 32 24.9 s and 319 MiB, 64 24.4 s and 375 MiB (without it 16 ran as fast as 64
#: with 200 MiB less).
PARSE_BATCH = 16

class Extractor:
    """Turns articles into Extractions; build once per process."""

    def __init__(self, kb_files: tuple[str, ...] = (), gate: bool = True) -> None:
        """``gate`` parses only the sentences that can hold an engagement (``gate.py``);
        off, every sentence of a relevant article is parsed."""
        from parley.extract.gate import SentenceGate
        from parley.kb import KnowledgeBase

        self.kb_files = kb_files
        self.kb = KnowledgeBase.load(kb_files) if kb_files else KnowledgeBase.default()
        self.nlp = cached_pipeline(kb_files)
        self.prefilter = Prefilter(self.kb)
        self.gate = SentenceGate(self.nlp, self.kb) if gate else None
        self.demonyms = demonym_table(self.kb)
        self.regions = region_names(self.kb)
        self.leaders = frozenset(
            p.id for p in self.kb.persons.values()
            if any(self.kb.offices[t.office_id].rank == 1 for t in p.tenures
                   if t.office_id in self.kb.offices))
        self.version = extractor_version()

    def empty(self, article: Article, relevant: bool = False) -> Extraction:
        return Extraction(article_id=article.id, version=self.version, relevant=relevant)

    def from_doc(self, article: Article, doc: Doc) -> Extraction:
        """Everything extracted from one parsed article."""
        keep_text(doc, article.text)  # the Doc was made from it: its text needs no rebuilding
        anchor, estimated = anchor_of(article)
        times = [t for t in dates_mod.find_times(article.text, anchor, estimated=estimated)
                 if not in_dateline(article, t.start)]
        mentions = resolve_actors(doc, self.kb, anchor)
        found = TopicMentions(find_topics(article.text))
        events = extract_events(doc, self.nlp, article.id, mentions, times, anchor,
                                self.demonyms, anchor_estimated=estimated,
                                leaders=self.leaders, regions=self.regions, topics=found)
        amounts = []
        for sent in doc.sents:
            a, b = sent.start_char, sent.end_char
            # The Doc's text is the article's: slicing it spares joining the tokens again.
            amounts.extend(find_amounts(article.text[a:b], a, article.id, [
                (tag, s - a, e - a) for tag, s, e in found.within(a, b)]))
        topics = [Tagged(tag, Span(article.id, a, b, text=article.text[a:b]))
                  for tag, a, b in found.found]
        return Extraction(article_id=article.id, version=self.version, relevant=True,
                          actors=mentions, times=times, events=events, amounts=amounts,
                          topics=topics)

    def extract(self, articles: Sequence[Article], batch_size: int = PARSE_BATCH,
                estimate: Estimator | None = None) -> Iterator[Extraction]:
        """Extract a batch, parsing only the articles the prefilter lets through.

        With ``estimate``, an article without a publication date (or with an estimated
        one) is dated from its first extraction, and its rules are run again against
        that date on the same parse: the result carries the dated article in ``dated``.
        """
        relevant = [a for a in articles if self.prefilter.check(a.text).relevant]
        keep = {a.id for a in relevant}
        for article in articles:
            if article.id not in keep:
                yield self._unparsed(article, estimate)
        # Long articles are parsed and extracted in sections (see sections.py).
        whole = {a.id: a for a in relevant}
        extract_one = self.from_doc if estimate is None else partial(self._dated, estimate,
                                                                      whole)
        for article, result in extract_in_sections(
                self.nlp, relevant, batch_size, extract_one,
                keep=lambda text: self.prefilter.check(text).relevant,
                parse=self.gate.pipe if self.gate is not None else None):
            if result is None:  # a long article none of whose sections could hold an event
                yield self.empty(article, relevant=True)
            elif isinstance(result, Exception):  # one bad article must not stop the batch
                failed = self.empty(article, relevant=True)
                failed.error = f"{type(result).__name__}: {result}"
                yield failed
            else:
                yield result

    def _unparsed(self, article: Article, estimate: Estimator | None) -> Extraction:
        """An article the prefilter keeps from the parser: nothing extracted.  Undated, it is
        still dated from what needs no parse, the knowledge-base names the rulers mark and
        its time expressions ("President Joe Biden", "on Dec. 2"), so that every article
        has a publication window."""
        from parley.extract.dating import needs_date
        from parley.extract.gate import names_only

        result = self.empty(article)
        if estimate is None or not needs_date(article) or not article.text.strip():
            return result
        try:
            doc = names_only(self.nlp, article.text)
            clues = Extraction(article_id=article.id, version=self.version, relevant=False,
                               actors=resolve_actors(doc, self.kb, None),
                               times=dates_mod.find_times(article.text, None))
            result.dated = estimate(article, clues)
        except Exception as exc:  # noqa: BLE001 - one article's failure is its error line
            result.error = f"publication estimate: {type(exc).__name__}: {exc}"
        return result

    def _dated(self, estimate: Estimator, whole: dict[str, Article], article: Article,
               doc: Doc) -> Extraction:
        """``from_doc``, then, for an undated article, again against its estimated date.

        Only a whole article is dated here (a section of a long one is not: its estimate
        needs every section, and is made after the joined extraction is stored)."""
        from parley.extract.dating import needs_date

        first = self.from_doc(article, doc)
        if whole.get(article.id) is not article or not needs_date(article):
            return first
        try:
            dated = estimate(article, first)
        except Exception:  # noqa: BLE001 - the store-side estimate reports it by name
            return first
        if dated is None:
            return first
        redone = self.from_doc(dated, doc)
        redone.dated = dated
        return redone


#: Given an article and its extraction, the article with an estimated publication date
#: (None when nothing dates it).
Estimator = Callable[[Article, Extraction], "Article | None"]


@lru_cache(maxsize=2)
def shared_extractor(kb_files: tuple[str, ...] = (), gate: bool = True) -> Extractor:
    """The process-wide Extractor (workers build theirs on first use)."""
    return Extractor(kb_files, gate=gate)


def extract_articles(articles: Iterable[Article], kb_files: tuple[str, ...] = (),
                     batch_size: int = PARSE_BATCH, gate: bool = True,
                     dating: tuple[bool, str] | None = None) -> list[Extraction]:
    """Pure entry point for a worker: articles in, extractions out.

    ``dating`` (use known engagements, today as YYYY-MM-DD) dates undated articles on
    the worker, without a second parse (see ``Extractor.extract``)."""
    extractor = shared_extractor(kb_files, gate)
    estimate = None
    if dating is not None:
        from parley.extract.dating import estimated_article

        estimate = partial(estimated_article, kb=extractor.kb,
                           known=_known(kb_files, dating[0]),
                           today=date.fromisoformat(dating[1]))
    return list(extractor.extract(list(articles), batch_size=batch_size, estimate=estimate))


@lru_cache(maxsize=4)
def _known(kb_files: tuple[str, ...], use: bool) -> tuple[Any, ...]:
    """The known engagements a worker dates with (none when switched off)."""
    from parley.kb.engagements import load_engagements

    return tuple(load_engagements(kb_files)) if use else ()
