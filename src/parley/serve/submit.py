"""Articles sent to the HTTP API: read, stored, extracted and fused in one call."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from parley.errors import InputError, ParleyError

if TYPE_CHECKING:
    import httpx

    from parley.config import Settings
    from parley.kb import KnowledgeBase
    from parley.models import Article
    from parley.store import Store

#: Most time one URL submitted to the API may take to fetch, redirects included (seconds).
URL_TOTAL_SECONDS = 30.0


@dataclass
class Submission:
    """What became of one submitted article or URL."""

    added: list[str] = field(default_factory=list)
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for the JSON answer."""
        return {"added": self.added, "duplicates": self.duplicates, "errors": self.errors,
                "events": self.events}


def _read(settings: Settings, *, text: str | None, url: str | None, title: str | None,
          published: str | None, source: str | None,
          client: httpx.Client | None) -> list[Article | ParleyError]:
    """The articles a submission holds: the text given, or what the URL serves."""
    from parley.ingest import read_url
    from parley.ingest.records import record_to_article
    from parley.serve.netguard import guarded_client

    if text is None:
        assert url is not None
        # Feed items are read from the feed itself: no further fetches on the API's behalf.
        quiet = settings.with_overrides(fetch_links=False)
        own = client is None
        client = client or guarded_client(settings, total_seconds=URL_TOTAL_SECONDS)
        try:
            return list(read_url(url, quiet, client))
        except ParleyError as exc:
            return [exc]
        finally:
            if own:
                client.close()
    where = source or url or "api"
    record = {"text": text, "title": title, "url": url, "published": published,
              "source": where}
    article = record_to_article(record, "api", where, "api", settings, {})
    return [article] if article is not None else [InputError("the text is empty", source="api")]


def submit_article(store: Store, settings: Settings, kb: KnowledgeBase | None = None, *,
                   text: str | None = None, url: str | None = None, title: str | None = None,
                   published: str | None = None, source: str | None = None,
                   client: httpx.Client | None = None) -> Submission:
    """Ingest one text (or the page or feed at a URL), then extract, date and fuse.

    Extraction runs in this process (the server is one already); nothing is
    extracted when no new article was stored.
    """
    from parley.pipeline import extract, store_items
    from parley.serve.catalog import refresh_index
    from parley.store import index as idx

    if text is None and url is None:
        raise InputError("send a text or a url", source="api")
    items = _read(settings, text=text, url=url, title=title, published=published,
                  source=source, client=client)
    report = store_items(items, settings, store)
    result = Submission(added=list(report.added_ids), duplicates=report.duplicates,
                        errors=list(report.errors))
    if report.added:
        extract(store, settings.with_overrides(workers=1, dask_address="", progress=False))
        refresh_index(store, kb, force=True)
        for article_id in report.added_ids:
            for r in idx.query_events(store, idx.EventFilters(article_id=article_id),
                                      limit=500):
                if r["id"] not in result.events:
                    result.events.append(r["id"])
    return result
