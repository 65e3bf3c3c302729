"""Which dated articles an undated one reads most like.

An undated report whose headline engagement matches one the store's dated reports place
("Trump and Xi met") is dated by it only if it reads like those reports: the store holds
the engagements its dated articles happen to report, not all of them, so the closest of
the people's engagements in the store may be years from the one the article tells of
(a 2017 summit report matched to a 2025 meeting of the same presidents).  Reports of one
engagement share its particular words (the venue, the deals, the figures); reports of
another do not.

TF-IDF with cosine similarity, written out: a dozen lines over the standard library do
what is needed here, where a machine-learning package would be a large dependency for one
dot product.  The vectors live in an inverted index, so a query touches only the
documents sharing its words.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping

#: Words of four letters or more: shorter ones are almost all function words, and the
#: document frequency weighs down the rest.
_WORD = re.compile(r"[a-z][a-z'\-]{3,}")


def _terms(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


class SimilarReports:
    """The texts of dated reports, indexed to find those most like another text."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        counts = {doc: _terms(text) for doc, text in texts.items()}
        frequency: Counter[str] = Counter(t for terms in counts.values() for t in terms)
        total = len(counts)
        # A word in every report tells none apart.
        self._idf = {t: math.log(total / n) for t, n in frequency.items() if n < total}
        self._postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for doc, terms in counts.items():
            for term, weight in self._vector(terms).items():
                self._postings[term].append((doc, weight))

    def _vector(self, terms: Counter[str]) -> dict[str, float]:
        """Sublinear term frequency times inverse document frequency, of unit length."""
        raw = {t: (1.0 + math.log(n)) * self._idf[t] for t, n in terms.items() if t in self._idf}
        norm = math.sqrt(sum(w * w for w in raw.values()))
        return {t: w / norm for t, w in raw.items()} if norm else {}

    def scored(self, text: str, count: int, exclude: str | None = None,
               ) -> list[tuple[str, float]]:
        """The ``count`` indexed documents most like ``text`` with their cosine (best
        first), leaving out ``exclude`` (the text's own id, when it is indexed)."""
        scores: dict[str, float] = defaultdict(float)
        for term, weight in self._vector(_terms(text)).items():
            for doc, other in self._postings.get(term, ()):
                scores[doc] += weight * other
        scores.pop(exclude or "", None)
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:count]

    def nearest(self, text: str, count: int, exclude: str | None = None) -> list[str]:
        """The ids of the ``count`` indexed documents most like ``text``, best first."""
        return [doc for doc, _score in self.scored(text, count, exclude)]
