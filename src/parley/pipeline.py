"""The library behind every command: ingest → extract → fuse, against a Store.

The CLI and any other front end call these functions and only format what
they return; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from parley.config import Settings
from parley.errors import ParleyError
from parley.models import Article
from parley.store import Store

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
    from parley.ingest.neardup import NearDupIndex, signature

    report = IngestReport()
    index = NearDupIndex(threshold=settings.neardup_threshold)
    for art_id, _group, sig in store.signatures():
        index.add(art_id, sig)
    for item in iter_inputs(inputs, settings):
        if isinstance(item, ParleyError):
            line = item.oneline()
            report.errors.append(line)
            if on_error:
                on_error(line)
        else:
            _store_article(item, store, index, signature, report)
        if progress:
            progress(1)
    return report


def _store_article(article: Article, store: Store, index: object, signature: Callable[[str], bytes],
                   report: IngestReport) -> None:
    if store.has_article(article.id):
        store.add_article(article, dup_group=article.id, minhash=None)  # records the new source
        report.duplicates += 1
        return
    sig = signature(article.text)
    group = index.add(article.id, sig)  # type: ignore[attr-defined]
    if group != article.id:
        report.near_duplicates += 1
    store.add_article(article, dup_group=group, minhash=sig)
    report.added += 1
    report.added_ids.append(article.id)
