"""An undated article, dated from its own extraction.

Shared by the worker that extracts an article (it re-runs the extractor's rules
against the estimate on the parse it already has) and by the store-side pass
that dates articles extracted earlier.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from parley.models import Article, Extraction

if TYPE_CHECKING:
    from parley.fuse.reported import FromStore
    from parley.kb import KnowledgeBase
    from parley.kb.engagements import KnownEngagement


def needs_date(article: Article) -> bool:
    """No publication date, or only an estimated one (estimated again from new evidence)."""
    return not article.published or article.published_basis == "estimated"


def estimated_article(article: Article, extraction: Extraction, kb: KnowledgeBase,
                      known: Sequence[KnownEngagement], today: date,
                      store: FromStore | None = None) -> Article | None:
    """The article with its publication estimate (window, day and reasons), or None when
    nothing in it dates it; ``store`` adds what the store's dated reports say of it."""
    from parley.fuse.pubdate import estimate_publication

    est = estimate_publication(article, extraction, kb, known, today=today,
                               reported=store.reported if store else (),
                               alike=store.alike if store else ())
    if est is None:
        return None
    return dataclasses.replace(
        article, published=est.point.isoformat(), published_precision="day",
        published_basis="estimated",
        published_window=(est.window[0].isoformat(), est.window[1].isoformat()),
        published_evidence="; ".join(est.basis))
