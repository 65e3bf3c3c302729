"""The library behind every command: ingest → extract → fuse, against a Store.

The CLI and any other front end call these functions and only format what
they return; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parley.config import Settings
from parley.errors import ParleyError
from parley.models import Article
from parley.store import Store

if TYPE_CHECKING:
    from parley.kb.engagements import KnownEngagement

Progress = Callable[[int], None]


@dataclass
class IngestReport:
    """What one ingest run did; the exit code is derived from it."""

    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        return (f"added {self.added}, duplicates {self.duplicates} "
                f"(near-duplicates grouped: {self.near_duplicates}), errors {len(self.errors)}")


def ingest(inputs: Sequence[str], settings: Settings, store: Store,
           progress: Progress | None = None,
           on_error: Callable[[str], None] | None = None) -> IngestReport:
    """Read every input, store new articles, group near-duplicates.

    Bad inputs are reported (one line each) and skipped; each good article is
    written in its own transaction, so a failure never loses stored work.
    """
    from parley.ingest import iter_inputs

    return store_items(iter_inputs(inputs, settings), settings, store, progress=progress,
                       on_error=on_error)


def store_items(items: Iterable[Article | ParleyError], settings: Settings, store: Store, *,
                progress: Progress | None = None,
                on_error: Callable[[str], None] | None = None) -> IngestReport:
    """Store read articles (and report read errors) as ``ingest`` does, for any reader."""
    from parley.ingest.neardup import NearDupIndex, signature

    report = IngestReport()
    index = NearDupIndex(threshold=settings.neardup_threshold)
    known: set[str] = set()
    for art_id, _group, sig in store.signatures():
        index.add(art_id, sig)
        known.add(art_id)
    for item in items:
        if isinstance(item, ParleyError):
            line = item.oneline()
            report.errors.append(line)
            if on_error:
                on_error(line)
        else:
            _store_article(item, store, index, signature, report, known)
        if progress:
            progress(1)
    return report


def _store_article(article: Article, store: Store, index: object, signature: Callable[[str], bytes],
                   report: IngestReport, known: set[str]) -> None:
    if article.id in known:
        store.add_article(article, dup_group=article.id, minhash=None)  # records the new source
        report.duplicates += 1
        return
    sig = signature(article.text)
    group = index.add(article.id, sig)  # type: ignore[attr-defined]
    if group != article.id:
        report.near_duplicates += 1
    store.add_article(article, dup_group=group, minhash=sig)
    known.add(article.id)
    report.added += 1
    report.added_ids.append(article.id)


def known_engagements(settings: Settings) -> list[KnownEngagement]:
    """The known engagements a run may use: bundled ones plus those in the user's
    knowledge-base files; none when the setting turns them off."""
    from parley.kb.engagements import load_engagements

    if not settings.known_engagements:
        return []
    return load_engagements(settings.kb_files)


@dataclass
class ExtractReport:
    """What one extract run did."""

    articles: int = 0
    relevant: int = 0
    events: int = 0
    skipped: int = 0
    estimated: int = 0
    fused: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"extracted {self.articles} articles ({self.relevant} relevant, "
                f"{self.skipped} already up to date), {self.events} event mentions, "
                f"{self.estimated} publication dates estimated, {self.fused} fused events, "
                f"errors {len(self.errors)}")


def extract(store: Store, settings: Settings, *, force: bool = False,
            progress: Progress | None = None, fuse_after: bool = True) -> ExtractReport:
    """Extract every article not yet extracted by this version, then date and fuse.

    Undated articles get a publication estimate from their content and are
    extracted again against it, so relative dates ("on Tuesday") resolve.
    """
    from parley.extract.article import extract_articles, extractor_version
    from parley.scale import chunks, run_chunks
    from parley.serve.corrections import reapply_publication_dates

    reapply_publication_dates(store)  # users' corrected dates win over any estimate
    version = extractor_version()
    done = set() if force else store.extracted_ids(version)
    all_ids = store.article_ids()
    todo = [i for i in all_ids if i not in done]
    report = ExtractReport(skipped=len(all_ids) - len(todo))
    kb_files = tuple(settings.kb_files)
    # Articles are read from the store one batch at a time, as the workers ask for them.
    batches = (store.articles(ids=ids) for ids in chunks(todo, max(1, settings.batch_size)))
    relevant_ids: list[str] = []
    for results in run_chunks(extract_articles, batches, workers=settings.workers,
                              dask_address=settings.dask_address, extra=(kb_files,),
                              total=len(todo)):
        for ex in results:
            store.save_extraction(ex)
            if ex.relevant:
                relevant_ids.append(ex.article_id)
            if ex.error:
                report.errors.append(f"{ex.article_id}: extraction failed: {ex.error}")
            report.articles += 1
            report.relevant += int(ex.relevant)
            report.events += len(ex.events)
        if progress:
            progress(len(results))
    report.estimated = estimate_dates(store, settings, relevant_ids)
    if fuse_after:
        report.fused = fuse(store, settings)
    return report


def estimate_dates(store: Store, settings: Settings, article_ids: Sequence[str]) -> int:
    """Estimate publication dates of undated articles and re-extract them against it."""
    from datetime import date

    from parley.extract.article import extract_articles
    from parley.fuse.pubdate import estimate_publication
    from parley.kb import KnowledgeBase

    wanted = set(article_ids)
    undated = [a for a in store.articles(ids=wanted)
               if not a.published or a.published_basis == "estimated"]
    if not undated:
        return 0
    # The knowledge base alone: estimating needs no parser.
    kb = KnowledgeBase.load(settings.kb_files) if settings.kb_files else KnowledgeBase.default()
    known = known_engagements(settings)
    redo = []
    for article in undated:
        extraction = store.extraction(article.id)
        if extraction is None:
            continue
        est = estimate_publication(article, extraction, kb, known, today=date.today())
        if est is None:
            continue
        window = (est.window[0].isoformat(), est.window[1].isoformat())
        store.set_publication(article.id, published=est.point.isoformat(), precision="day",
                              basis="estimated", evidence="; ".join(est.basis), window=window)
        article.published, article.published_precision = est.point.isoformat(), "day"
        article.published_basis, article.published_window = "estimated", window
        redo.append(article)
    for ex in extract_articles(redo, tuple(settings.kb_files), settings.batch_size):
        store.save_extraction(ex)
    return len(redo)


def fuse(store: Store, settings: Settings) -> int:
    """Fuse every stored event mention into one event per real engagement."""
    from parley.fuse.cluster import fuse_events
    from parley.fuse.confidence import load_model, scored
    from parley.fuse.known import link_known
    from parley.scale import dask_block_mapper

    known = known_engagements(settings)
    model = load_model()
    floor = model.threshold if settings.min_confidence is None else settings.min_confidence
    mentions = []
    mention_articles: dict[str, str] = {}
    published = store.published_dates()
    for ex in store.extractions():
        for ev in ex.events:
            ev = scored(link_known(ev, known, published.get(ex.article_id)), model)
            if ev.status == "happened" and ev.confidence is not None and ev.confidence < floor:
                # The model judges reports of engagements that took place; a plan is kept
                # whatever its score.  It stays a mention: `parley show ARTICLE` lists it.
                continue
            mentions.append(ev)
            mention_articles[ev.id] = ex.article_id
    mapper = dask_block_mapper(settings.dask_address) if settings.dask_address else None
    fused, membership = fuse_events(mentions, previous=store.membership(), map_blocks=mapper)
    store.replace_events(fused, membership, mention_articles)
    return len(fused)


def set_publication_date(store: Store, settings: Settings, article_id: str, day: str) -> Article:
    """A user's override of an article's publication date; re-extracts and re-fuses."""
    from datetime import date

    from parley.errors import InputError
    from parley.extract.article import extract_articles

    article = store.article(article_id)
    if article is None:
        raise InputError(f"no article with id {article_id!r}")
    try:
        date.fromisoformat(day)
    except ValueError as exc:
        raise InputError(f"not a date (want YYYY-MM-DD): {day!r}") from exc
    store.set_publication(article.id, published=day, precision="day", basis="user",
                          evidence="set by user", window=None)
    article = store.article(article.id)
    assert article is not None
    for ex in extract_articles([article], tuple(settings.kb_files), settings.batch_size):
        store.save_extraction(ex)
    fuse(store, settings)
    return article
