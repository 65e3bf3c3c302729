"""Money amounts and percentages in one sentence, with a short phrase saying what they measure.

Only numbers carrying a currency or percent marker count, so years,
"Section 301", "Phase 1" or "two years" are never amounts. ``what`` comes from
a clause-window heuristic: the words just before and after the amount within
its clause, trimmed at reporting verbs and clause connectives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from parley.extract.topics import find_topics
from parley.models import Amount, Span

_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?P<scale>trillion|billion|million|thousand|tn|trn|bn|mn|mln|b|m|k)\b"
#: Prefix markers, longest first so "US$" is not read as "$".
_PREFIX = (
    r"(?P<pre>U\.S\.\s?\$|US\s?\$|HK\$|NT\$|A\$|C\$|S\$|USD|US\s+dollars?|CNY|RMB|EUR|JPY|GBP"
    r"|\$|€|£|¥)"
)
_SUFFIX_CURRENCY = (
    r"(?P<suf>(?:US\s+|U\.S\.\s+|American\s+|Hong\s+Kong\s+|Taiwan\s+)?dollars?"
    r"|yuan|renminbi|RMB|euros?|yen|USD|CNY|EUR|JPY)\b"
)
_PERCENT = r"(?P<pct>%|\s?per\s?cent\b|\s?percent\b|\s?pct\b)"

_MONEY_PREFIXED = re.compile(
    rf"(?<![A-Za-z0-9]){_PREFIX}\s?{_NUMBER}(?:\s?{_SCALE})?(?:\s+(?:US\s+)?dollars\b)?",
    re.IGNORECASE,
)
_MONEY_SUFFIXED = re.compile(
    rf"(?<![\w$€£¥.,]){_NUMBER}(?:\s?{_SCALE})?\s+(?:of\s+)?{_SUFFIX_CURRENCY}", re.IGNORECASE
)
_PERCENTAGE = re.compile(rf"(?<![\w.,]){_NUMBER}{_PERCENT}", re.IGNORECASE)

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "trn": 1e12,
}
_CURRENCY_WORDS = {
    "$": "USD",
    "us$": "USD",
    "u.s.$": "USD",
    "usd": "USD",
    "us dollar": "USD",
    "us dollars": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "hk$": "HKD",
    "hong kong dollars": "HKD",
    "nt$": "TWD",
    "taiwan dollars": "TWD",
    "a$": "AUD",
    "c$": "CAD",
    "s$": "SGD",
    "cny": "CNY",
    "rmb": "CNY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "eur": "EUR",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "jpy": "JPY",
    "yen": "JPY",
    "gbp": "GBP",
    "£": "GBP",
}
#: "¥" is both yen and yuan: yen only when the sentence speaks of Japan or yen.
_JAPAN = re.compile(r"\b(?:yen|japan|japanese|tokyo)\b", re.IGNORECASE)

#: Where the words describing an amount stop.
_CLAUSE_BREAK = re.compile(r"[;:()\[\]“”\"]|,\s|\s[—–-]\s|—")
_LEFT_CUT = re.compile(
    r"^.*\b(?:said|says|say|told|according\s+to|reported|added|noted|stated|while|whereas|but|"
    r"which|who|regarding|concerning)\b\s*",
    re.IGNORECASE,
)
_RIGHT_CUT = re.compile(
    r"\s*\b(?:including|according|said|says|while|which|who|whereas|but|because|although|as\s+well"
    r"|compared|up\s+from|down\s+from|from\s+\d)\b.*$",
    re.IGNORECASE,
)
_CONJUNCTION = re.compile(r"\s(?:and|or|plus|while|with|versus|vs\.?)\s", re.IGNORECASE)
_EDGE_WORDS = {
    "and",
    "or",
    "the",
    "a",
    "an",
    "of",
    "to",
    "it",
    "its",
    "that",
    "this",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "some",
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "more",
    "than",
    "over",
    "under",
    "up",
    "as",
    "much",
    "many",
    "plus",
    "also",
}
_LEFT_WORDS = 7
_RIGHT_WORDS = 8
#: Fewer content words than this in the clause window and the previous clause is borrowed.
_MIN_CONTENT_WORDS = 2
_EDGE_PUNCT = ".,;:!?\"'“”‘’"
_WORD = re.compile(r"[^\s]+")


def find_amounts(sent_text: str, sent_start: int, article_id: str,
                 topics: Sequence[tuple[str, int, int]] | None = None) -> list[Amount]:
    """Return money amounts and percentages in one sentence, offsets shifted by ``sent_start``.

    ``topics`` are the sentence's topic mentions (offsets into ``sent_text``) when
    already found."""
    hits: list[tuple[int, int, float, str]] = []
    for rx in (_MONEY_PREFIXED, _MONEY_SUFFIXED, _PERCENTAGE):
        for m in rx.finditer(sent_text):
            if any(m.start() < e and s < m.end() for s, e, _, _ in hits):
                continue
            parsed = _parse(m, sent_text)
            if parsed is not None:
                hits.append((m.start(), m.end(), *parsed))
    if not hits:
        return []  # most sentences hold no amount: their topics are not needed
    hits.sort()
    if topics is None:
        topics = find_topics(sent_text)
    amounts: list[Amount] = []
    for s, e, value, unit in hits:
        matched = sent_text[s:e]
        others = [(os_, oe) for os_, oe, _, _ in hits if (os_, oe) != (s, e)]
        what, (win_start, win_end) = describe(sent_text, s, e, unit, others)
        amounts.append(
            Amount(
                value=value,
                unit=unit,
                text=matched,
                what=what,
                span=Span(
                    article_id, sent_start + s, sent_start + e, sentence=sent_text, text=matched
                ),
                topic=_nearest_topic(topics, s, e, win_start, win_end),
            )
        )
    return amounts


def _parse(m: re.Match[str], sentence: str) -> tuple[float, str] | None:
    """Value in units and unit code for one regex match (None when it is not an amount)."""
    groups = m.groupdict()
    number = float(groups["num"].replace(",", ""))
    scale = (groups.get("scale") or "").lower()
    value = number * _SCALES.get(scale, 1.0)
    if groups.get("pct"):
        return number, "percent"
    marker = (groups.get("pre") or groups.get("suf") or "").lower()
    marker = re.sub(r"\s+", " ", marker).strip()
    if marker == "¥":
        unit = "JPY" if _JAPAN.search(sentence) else "CNY"
    else:
        unit = _CURRENCY_WORDS.get(marker) or _CURRENCY_WORDS.get(marker.replace(" ", ""), "")
    if not unit:
        return None
    return value, unit


def describe(
    sentence: str, start: int, end: int, unit: str, others: list[tuple[int, int]] | None = None
) -> tuple[str, tuple[int, int]]:
    """A short phrase for what ``sentence[start:end]`` measures, and the window it was read from."""
    clause_start, clause_end = _clause_bounds(sentence, start, end)
    natural_start = clause_start
    for other_start, other_end in others or []:
        if clause_start <= other_start and other_end <= start:
            clause_start = _after_conjunction(sentence, other_end, start, clause_start)
        elif end <= other_start and other_end <= clause_end:
            clause_end = min(
                clause_end, _before_conjunction(sentence, end, other_start, clause_end)
            )
    left_words, right_words = _window_words(sentence, start, end, clause_start, clause_end)
    if not left_words and not right_words:
        # Coordinated amounts ("offered $1bn and $2bn") share the words of the whole clause.
        clause_start, clause_end = _clause_bounds(sentence, start, end)
        left_words, right_words = _window_words(sentence, start, end, clause_start, clause_end)
    window_start = clause_start
    if (
        _content_count(left_words + right_words) < _MIN_CONTENT_WORDS
        and clause_start == natural_start > 0
    ):
        previous = sentence[:clause_start].rstrip(" ,;:—–-")
        prev_start, _ = _clause_bounds(sentence, len(previous) - 1, len(previous))
        extra = _WORD.findall(_LEFT_CUT.sub("", previous[prev_start:]))[-_LEFT_WORDS:]
        left_words = _trim(extra + ([","] if extra else []) + left_words, from_left=True)
        window_start = prev_start
    gap = "…" if left_words and right_words else ""
    parts = [" ".join(left_words), gap, " ".join(right_words)]
    phrase = " ".join(p for p in parts if p).replace(" , ", ", ").strip(" ,")
    if not phrase:
        phrase = "percentage" if unit == "percent" else f"amount in {unit}"
    return phrase, (window_start, clause_end)


def _window_words(
    sentence: str, start: int, end: int, clause_start: int, clause_end: int
) -> tuple[list[str], list[str]]:
    """The trimmed words left and right of the amount within ``[clause_start, clause_end)``."""
    left = _LEFT_CUT.sub("", sentence[clause_start:start])
    right = _RIGHT_CUT.sub("", sentence[end:clause_end])
    return (
        _trim(_WORD.findall(left)[-_LEFT_WORDS:], from_left=True),
        _trim(_WORD.findall(right)[:_RIGHT_WORDS], from_left=False),
    )


def _after_conjunction(sentence: str, lo: int, hi: int, default: int) -> int:
    """Start of the words after the last conjunction in ``sentence[lo:hi]`` (else ``default``)."""
    found = list(_CONJUNCTION.finditer(sentence, lo, hi))
    return found[-1].end() if found else default


def _before_conjunction(sentence: str, lo: int, hi: int, default: int) -> int:
    """End of the words before the first conjunction in ``sentence[lo:hi]`` (else ``default``)."""
    found = _CONJUNCTION.search(sentence, lo, hi)
    return found.start() if found else default


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the clause holding ``sentence[start:end]``."""
    clause_start = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, max(start, 0)):
        clause_start = m.end()
    found = _CLAUSE_BREAK.search(sentence, end)
    clause_end = found.start() if found else len(sentence)
    return clause_start, clause_end


def _trim(words: list[str], *, from_left: bool) -> list[str]:
    """Strip punctuation-only tokens and function words at the open edges of the window."""
    words = [
        w.strip(_EDGE_PUNCT) if i in (0, len(words) - 1) else w for i, w in enumerate(words)
    ]
    words = [w for w in words if w]
    edge = 0 if from_left else -1
    while words and (words[edge].lower() in _EDGE_WORDS or words[edge] == ","):
        words.pop(edge)
    while words and words[-1 if from_left else 0] == ",":
        words.pop(-1 if from_left else 0)
    return words


def _content_count(words: list[str]) -> int:
    """How many words carry meaning (not function words or bare punctuation)."""
    return sum(1 for w in words if w.lower() not in _EDGE_WORDS and any(c.isalpha() for c in w))


def _nearest_topic(
    topics: Sequence[tuple[str, int, int]], start: int, end: int, win_start: int, win_end: int
) -> str | None:
    """The topic tag closest to the amount within the words that describe it."""
    inside = [t for t in topics if t[1] >= win_start and t[2] <= win_end]
    if not inside:
        return None

    def distance(hit: tuple[str, int, int]) -> int:
        """Characters between the topic mention and the amount."""
        _, s, e = hit
        return max(s - end, start - e, 0)

    return min(inside, key=distance)[0]
