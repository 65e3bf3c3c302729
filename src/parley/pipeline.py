"""The library behind every command: ingest → extract → fuse, against a Store.

The CLI and any other front end call these functions and only format what
they return; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from parley.config import Settings
from parley.errors import ExtractionFailed, ParleyError
from parley.models import Article, Event, Extraction
from parley.store import Store

if TYPE_CHECKING:
    from datetime import date

    from parley.fuse.recall import PersonNames
    from parley.fuse.reported import FromStore
    from parley.ingest.paths import Skipped
    from parley.kb.engagements import KnownEngagement
    from parley.store.health import CheckReport

Progress = Callable[[int], None]


@dataclass
class IngestReport:
    """What one ingest run did; the exit code is derived from it."""

    added: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)
    #: Entries a folder walk left out on purpose ("path: reason"), counted in the summary.
    skipped: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def summary(self) -> str:
        return (f"added {self.added}, duplicates {self.duplicates} "
                f"(near-duplicates grouped: {self.near_duplicates}), skipped {len(self.skipped)}, "
                f"errors {len(self.errors)}")


def ingest(inputs: Sequence[str], settings: Settings, store: Store,
           progress: Progress | None = None,
           on_error: Callable[[str], None] | None = None,
           on_skip: Callable[[str], None] | None = None) -> IngestReport:
    """Read every input, store new articles, group near-duplicates.

    Bad inputs are reported (one line each) and skipped; each good article is
    written in its own transaction, so a failure never loses stored work.  Files a
    folder walk leaves out (hidden ones, README and the like) are counted as skipped.
    A store that cannot be written (full disk, read-only file) stops the run with a
    StoreError; every article stored before it is complete.
    """
    from parley.ingest import iter_inputs

    return store_items(iter_inputs(inputs, settings), settings, store, progress=progress,
                       on_error=on_error, on_skip=on_skip)


def store_items(items: Iterable[Article | ParleyError | Skipped], settings: Settings,
                store: Store, *, progress: Progress | None = None,
                on_error: Callable[[str], None] | None = None,
                on_skip: Callable[[str], None] | None = None) -> IngestReport:
    """Store read articles (and report read errors and skipped files) as ``ingest`` does,
    for any reader."""
    from parley.ingest import Skipped
    from parley.ingest.neardup import NearDupIndex, signature

    report = IngestReport()
    index = NearDupIndex(threshold=settings.neardup_threshold)
    known: set[str] = set()
    for art_id, _group, sig in store.signatures():
        index.add(art_id, sig)
        known.add(art_id)
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append(item.oneline())
            if on_skip:
                on_skip(item.oneline())
            continue
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
    known.add(article.id)
    if not store.add_article(article, dup_group=group, minhash=sig):
        report.duplicates += 1  # another ingest running at the same time stored it first
        return
    if group != article.id:
        report.near_duplicates += 1
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


def _article_line(names: dict[str, str], article_id: str, stage: str, reason: str) -> str:
    """One error line naming the article (where it came from and its id) and the reason."""
    source = names.get(article_id)
    where = f"{source} ({article_id[:12]})" if source else article_id
    return f"{where}: {stage} failed: {' '.join(reason.split())}"


def _reason(exc: BaseException) -> str:
    """An exception as a few words on one line."""
    text = " ".join(str(exc).split()) or "no message"
    return f"{type(exc).__name__}: {text}"[:300]


def extract_isolated(articles: Sequence[Article], settings: Settings) -> list[Extraction]:
    """Extractions of a batch; when the batch as a whole fails, each article on its own.

    A failure of one article (its parse, not just its extraction) then costs only that
    article: it comes back as an Extraction carrying the error, which the next run retries.
    Setup failures (a missing model or a broken data file) still stop the run.
    """
    from parley.extract.article import PARSE_BATCH, extract_articles

    kb_files = tuple(settings.kb_files)
    try:
        return extract_articles(articles, kb_files, PARSE_BATCH, settings.gate_sentences)
    except ParleyError:
        raise
    except Exception as exc:  # noqa: BLE001 - isolated below, article by article
        return _one_by_one(articles, settings, exc)


def _one_by_one(articles: Sequence[Article], settings: Settings,
                batch_error: BaseException) -> list[Extraction]:
    """Extract articles one at a time in this process after their batch failed."""
    from parley.extract.article import extract_articles, extractor_version

    if isinstance(batch_error, ParleyError):
        raise batch_error
    results: list[Extraction] = []
    for article in articles:
        try:
            results.extend(extract_articles([article], tuple(settings.kb_files), 1,
                                            settings.gate_sentences))
        except ParleyError:
            raise
        except Exception as exc:  # noqa: BLE001 - this article alone is reported
            results.append(Extraction(article_id=article.id, version=extractor_version(),
                                      relevant=True, error=_reason(exc)))
    return results


def extract(store: Store, settings: Settings, *, force: bool = False,
            progress: Progress | None = None, fuse_after: bool = True) -> ExtractReport:
    """Extract every article not yet extracted by this version, then date and fuse.

    Undated articles get a publication estimate from their content and the
    extractor's rules run again against it on the same parse, so relative dates ("on
    Tuesday") resolve; the estimate and that extraction are stored together.  A failure
    inside one article's extraction, estimation or fusion is one error line naming
    the article; the run goes on.  Each article's results are written in one
    transaction, so a run killed at any moment resumes where it stopped.
    """
    from datetime import date
    from functools import partial

    from parley.extract.article import PARSE_BATCH, extract_articles, extractor_version
    from parley.scale import chunks, run_chunks
    from parley.serve.corrections import reapply_publication_dates

    reapply_publication_dates(store)  # users' corrected dates win over any estimate
    version = extractor_version()
    done = set() if force else store.extracted_ids(version)
    all_ids = store.article_ids()
    todo = [i for i in all_ids if i not in done]
    report = ExtractReport(skipped=len(all_ids) - len(todo))
    names = store.source_names()
    kb_files = tuple(settings.kb_files)
    # Articles are read from the store one batch at a time, as the workers ask for them.
    batches = (store.articles(ids=ids) for ids in chunks(todo, max(1, settings.batch_size)))
    relevant_ids: list[str] = []
    for results in run_chunks(extract_articles, batches, workers=settings.workers,
                              dask_address=settings.dask_address,
                              extra=(kb_files, PARSE_BATCH, settings.gate_sentences,
                                     (settings.known_engagements, date.today().isoformat())),
                              total=len(todo),
                              recover=partial(_recover_batch, settings=settings)):
        for ex in results:
            dated, ex.dated = ex.dated, None
            if dated is not None and dated.published and dated.published_window:
                store.save_estimate(dated.id, published=dated.published,
                                    evidence=dated.published_evidence or "",
                                    window=dated.published_window, extraction=ex)
                report.estimated += 1
            else:
                store.save_extraction(ex)
                if ex.relevant:
                    relevant_ids.append(ex.article_id)
            if ex.error:
                report.errors.append(_article_line(names, ex.article_id, "extraction",
                                                   ex.error))
            report.articles += 1
            report.relevant += int(ex.relevant)
            report.events += len(ex.events)
        if progress:
            progress(len(results))
    # Articles a killed run extracted but had not dated yet are dated now.
    pending = store.undated_relevant_ids()
    report.estimated += estimate_dates(store, settings, [*relevant_ids, *pending],
                                       errors=report.errors)
    if fuse_after:
        fused = fuse(store, settings)
        # Articles dated by the store's reports report engagements that date others.
        for _ in range(REDATE_ROUNDS):
            if not redate_from_reports(store, settings, errors=report.errors):
                break
            fused = fuse(store, settings)
        report.fused = fused.events
        report.errors.extend(fused.errors)
    return report


#: Rounds of dating undated articles by the store's reports, fusing after each.
REDATE_ROUNDS = 3


def redate_from_reports(store: Store, settings: Settings,
                        errors: list[str] | None = None) -> int:
    """Estimate undated articles' publication again, now with the engagements the fused
    reports of dated articles place (``parley.fuse.reported``), and re-extract those whose
    estimate changed; the caller fuses again when any did."""
    from datetime import date

    from parley.fuse.evidence import ALIKE_REPORTS
    from parley.fuse.reported import (
        MIN_ALIKE,
        NEAREST_REPORTS,
        FromStore,
        reported_engagements,
        reporters,
        reports_alike,
    )
    from parley.fuse.similar import SimilarReports

    undated = store.undated_relevant_ids(estimated=True)
    if not undated:
        return 0
    events = store.events()
    firm = store.firmly_dated_ids()
    reported = reported_engagements(events, firm, known_engagements(settings))
    reports = {a.id: a for a in store.articles(
        ids=firm & {a for e in events for a in e.article_ids})}
    if not reports:
        return 0
    alike = SimilarReports({a.id: a.text for a in reports.values()})
    reported_by = reporters(events)

    def said_of(article: Article) -> FromStore:
        near = alike.scored(article.text, NEAREST_REPORTS, exclude=article.id)
        days = [date.fromisoformat(str(reports[doc].published)[:10])
                for doc, score in near[:ALIKE_REPORTS] if score >= MIN_ALIKE]
        return FromStore(reports_alike(reported, reported_by, {doc for doc, _ in near}), days)

    return estimate_dates(store, settings, undated, errors, from_store=said_of)


def _recover_batch(batch: list[Article], exc: BaseException, *,
                   settings: Settings) -> list[Extraction]:
    """A batch whose worker failed (or died) is redone here, article by article."""
    return _one_by_one(batch, settings, exc)


def estimate_dates(store: Store, settings: Settings, article_ids: Sequence[str],
                   errors: list[str] | None = None, *,
                   from_store: Callable[[Article], FromStore] | None = None) -> int:
    """Estimate publication dates of undated articles and re-extract them against it.

    Each estimate is stored together with the re-extraction it leads to, in one
    transaction.  A failure for one article is added to ``errors`` (raised when None).
    ``from_store`` gives, for an article, what the store's dated reports say of it (see
    ``redate_from_reports``); with it, only articles whose estimate changes are saved, and
    only those whose estimated day moves are extracted again.
    """
    from datetime import date

    from parley.extract.dating import estimated_article, needs_date
    from parley.kb import KnowledgeBase

    wanted = set(article_ids)
    undated = [a for a in store.articles(ids=wanted) if needs_date(a)]
    if not undated:
        return 0
    names = store.source_names()
    # The knowledge base alone: estimating needs no parser.
    kb = KnowledgeBase.load(settings.kb_files) if settings.kb_files else KnowledgeBase.default()
    known = known_engagements(settings)
    redo = []
    rewindowed = 0
    for article in undated:
        try:
            extraction = store.extraction(article.id)
            if extraction is None or extraction.error:
                continue
            dated = estimated_article(article, extraction, kb, known, date.today(),
                                      from_store(article) if from_store else None)
        except ParleyError:
            raise
        except Exception as exc:
            if errors is None:
                raise
            errors.append(_article_line(names, article.id, "date estimate", _reason(exc)))
            continue
        if dated is None or (from_store is not None and (
                dated.published, dated.published_window)
                == (article.published, article.published_window)):
            continue
        if from_store is not None and dated.published == article.published:
            # Only the window moved: the extraction, resolved against the same day, stands.
            assert dated.published and dated.published_window
            store.save_estimate(dated.id, published=dated.published,
                                evidence=dated.published_evidence or "",
                                window=dated.published_window, extraction=extraction)
            rewindowed += 1
            continue
        redo.append(dated)
    estimated = rewindowed
    by_id = {a.id: a for a in redo}
    for ex in extract_isolated(redo, settings):
        if ex.error:
            line = _article_line(names, ex.article_id, "extraction (estimated date)", ex.error)
            if errors is None:
                raise ExtractionFailed(line)
            errors.append(line)
            continue
        article = by_id[ex.article_id]
        assert article.published and article.published_window
        store.save_estimate(article.id, published=article.published,
                            evidence=article.published_evidence or "",
                            window=article.published_window, extraction=ex)
        estimated += 1
    return estimated


@dataclass
class FuseReport:
    """What one fusion run did: fused events and one line per failure."""

    events: int = 0
    errors: list[str] = field(default_factory=list)


def fuse(store: Store, settings: Settings) -> FuseReport:
    """Fuse every stored event mention into one event per real engagement.

    Two passes: the second links undated mentions also to the engagements the first
    found dated by articles whose publication day is known (``parley.fuse.reported``),
    as the first links them to the known-engagements file's.  An article whose mentions
    cannot be read or linked is left out with an error line; if fusion as a whole fails,
    the events of the previous run stay as they were.
    """
    from parley.fuse.reported import reported_engagements

    known = known_engagements(settings)
    result = _fuse_pass(store, settings, known)
    if result.fused is not None:
        reported = reported_engagements(result.fused, store.firmly_dated_ids(), known)
        if reported:
            result = _fuse_pass(store, settings, known, reported)
    if result.fused is None:
        result.report.events = store.counts()["events"]
        return result.report
    store.replace_events(result.fused, result.membership, result.mention_articles)
    result.report.events = len(result.fused)
    return result.report


@dataclass
class _FusePass:
    """One pass of fusion, not yet stored (``fused`` None when it failed)."""

    report: FuseReport
    fused: list[Event] | None = None
    membership: dict[str, str] = field(default_factory=dict)
    mention_articles: dict[str, str] = field(default_factory=dict)


def _fuse_pass(store: Store, settings: Settings, known: Sequence[KnownEngagement],
               reported: Sequence[KnownEngagement] = ()) -> _FusePass:
    """Link, score and fuse every stored mention (``reported`` engagements take part in
    linking only: they have no keywords or people of their own to recall)."""
    from parley.fuse.cluster import fuse_events
    from parley.fuse.confidence import load_model, scored
    from parley.fuse.known import (
        held_to_window,
        link_known,
        unplaced_if_uncertain,
        window_days,
    )
    from parley.fuse.recall import PersonNames, people_from_known, recalled_known
    from parley.fuse.windows import place_by_windows, report_window
    from parley.scale import dask_block_mapper

    person_names = _person_names(settings) if known else PersonNames({})
    known_by_id = {k.id: k for k in known}
    linkable = [*known, *reported]
    model = load_model()
    floor = model.threshold if settings.min_confidence is None else settings.min_confidence
    names = store.source_names()
    published = store.published_dates()
    windows = store.publication_windows()
    report = FuseReport()
    mentions = []
    mention_articles: dict[str, str] = {}
    mention_windows: dict[str, tuple[date, date]] = {}
    for article_id, ex in store.iter_extractions():
        try:
            if isinstance(ex, Exception):
                raise ex
            window, day = windows.get(article_id), published.get(article_id)
            linked = []
            for ev in ex.events:
                # A date counted from an estimate keeps what its window allows; then the
                # known engagement, if one fits, dates and names it; a headline dated by a
                # widely estimated day is left unplaced.
                ev = link_known(held_to_window(ev, window), linkable, day)
                ev = unplaced_if_uncertain(ev, window)
                ev = people_from_known(ev, known_by_id, person_names, ex.actors)
                linked.append(scored(ev, model))
            # An article the prefilter found off the subject recalls nothing (and reading
            # every such article's text is most of a large store's fusion time).
            article = store.article(article_id) if known and ex.relevant else None
            if article is not None:
                linked += [scored(ev, model) for ev in recalled_known(
                    article, day, linked, known, person_names,
                    ex.actors)]
        except ParleyError:
            raise
        except Exception as exc:  # noqa: BLE001 - this article's mentions are left out
            report.errors.append(_article_line(names, article_id, "fusion", _reason(exc)))
            continue
        for ev in linked:
            if ev.status == "happened" and ev.confidence is not None and ev.confidence < floor:
                # The model judges reports of engagements that took place; a plan is kept
                # whatever its score.  It stays a mention: `parley show ARTICLE` lists it.
                continue
            if ev.id in mention_articles:
                report.errors.append(_article_line(
                    names, article_id, "fusion",
                    f"mention id {ev.id[:12]} repeats one of {mention_articles[ev.id][:12]}"))
                continue
            mentions.append(ev)
            mention_articles[ev.id] = article_id
            span = report_window(ev, window_days(windows.get(article_id)))
            if span is not None:
                mention_windows[ev.id] = span
    mapper = dask_block_mapper(settings.dask_address) if settings.dask_address else None
    try:
        fused, membership = fuse_events(mentions, previous=store.membership(),
                                        map_blocks=mapper)
    except ParleyError:
        raise
    except Exception as exc:  # noqa: BLE001 - keep the previous run's events
        report.errors.append(f"fusion failed, previous events kept: {_reason(exc)}")
        return _FusePass(report)
    fused, membership = place_by_windows(fused, membership, {m.id: m for m in mentions},
                                         mention_windows)
    fused, membership = _placed_on_the_timeline(fused, membership)
    return _FusePass(report, fused, membership, mention_articles)


def _person_names(settings: Settings) -> PersonNames:
    """Names and sides of the knowledge base's people, for engagements recalled by name."""
    from parley.fuse.recall import PersonNames
    from parley.kb import KnowledgeBase

    kb = KnowledgeBase.load(settings.kb_files) if settings.kb_files else KnowledgeBase.default()
    return PersonNames({p.id: (p.name, p.country) for p in kb.persons.values()})


def _placed_on_the_timeline(events: list[Event], membership: dict[str, str],
                            ) -> tuple[list[Event], dict[str, str]]:
    """Drop engagements reported as held that no report dates, even after fusion: a
    record of a negotiation places each engagement in time, and "when Biden and Xi met"
    with no date anywhere cannot be placed.  Their mentions stay listed under
    `parley show ARTICLE`; plans are kept undated, since their date is often not set."""
    undated = {e.id for e in events if e.status == "happened" and not e.date}
    return ([e for e in events if e.id not in undated],
            {m: ev for m, ev in membership.items() if ev not in undated})


def set_publication_date(store: Store, settings: Settings, article_id: str, day: str) -> Article:
    """A user's override of an article's publication date; re-extracts and re-fuses."""
    from datetime import date

    from parley.errors import InputError

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
    for ex in extract_isolated([article], settings):
        store.save_extraction(ex)
        if ex.error:
            raise ExtractionFailed(f"re-extraction failed: {ex.error}", source=article.id)
    fuse(store, settings)
    return article


def check_store(path: str) -> CheckReport:
    """Check the store at path without changing it (see ``parley.store.health``)."""
    from parley.ingest.identity import article_id
    from parley.store.health import check_store as check

    with Store(path, create=False, migrate=False) as store:
        return check(store, id_of=article_id)


def backup_store(path: str, target: str, *, replace: bool = False) -> int:
    """Back the store at path up to target; returns the backup's size in bytes."""
    from parley.store.health import backup_store as backup

    with Store(path, create=False, migrate=False) as store:
        return backup(store, target, replace=replace)
