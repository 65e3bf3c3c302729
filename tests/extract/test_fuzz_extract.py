"""Property-based fuzzing of the extractor on random and mutated news text: every article
comes back as one Extraction (or one-line error) whose offsets all index its text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import FUZZ_ERRORS, FUZZED, examples
from parley.extract import sections
from parley.extract.article import Extractor, shared_extractor
from parley.models import Article

from .support import offset_records

pytestmark = [pytest.mark.fuzz, pytest.mark.slow]
#: A parse costs up to ~0.1 s, so `make fuzz` gives the extractor 2,000 inputs per target
#: (10,000 would take half an hour); the readers get the full 10,000.
EXTRACTOR_EXAMPLES = 2_000

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "text"
#: Engagement sentences written for these tests, so random edits still reach the parser.
SENTENCES = [
    "Vice Premier Liu He spoke by phone with Treasury Secretary Janet Yellen on Tuesday.",
    "Commerce Secretary Gina Raimondo met Commerce Minister Wang Wentao in Beijing on Monday.",
    "Trade Representative Katherine Tai held a video call with Liu He last week.",
    "The two sides agreed to hold another round of talks in Geneva next month.",
    "Beijing said the talks were candid, while Washington called them constructive.",
    "He said the $34 billion in tariffs would rise to 25% on Jan. 1, 2019.",
    "Mr Liu and Dr Yellen will meet again on Oct 26 or the week after.",
]


def _seed_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    return texts or [" ".join(SENTENCES)]


pieces = st.sampled_from(SENTENCES) | st.text(max_size=20) | st.sampled_from(
    ["\n", "\n\n", "  ", "\t", "\u00a0", "\u2014", "\u201c", "\u201d", "(", ")", "\x0c",
     "Liu", "He", "Yellen", "Biden", "Xi", "summit", "call", "yesterday", "2021", "Oct"])


@st.composite
def news_text(draw: st.DrawFn) -> str:
    """A seed article or random sentences, then a few random edits."""
    if draw(st.booleans()):
        text = draw(st.sampled_from(_seed_texts()))
    else:
        text = " ".join(draw(st.lists(pieces, min_size=1, max_size=30)))
    for _ in range(draw(st.integers(0, 5))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 400)))
        op = draw(st.sampled_from(["cut", "repeat", "insert", "upper", "lower", "newlines"]))
        if op == "cut":
            text = text[:at] + text[end:]
        elif op == "repeat":
            text = text[:end] + text[at:end] * draw(st.integers(1, 4)) + text[end:]
        elif op == "insert":
            text = text[:at] + draw(pieces) + text[at:]
        elif op == "upper":
            text = text[:at] + text[at:end].upper() + text[end:]
        elif op == "lower":
            text = text[:at] + text[at:end].lower() + text[end:]
        else:
            text = text[:at] + text[at:end].replace(" ", "\n") + text[end:]
    return text


published = st.sampled_from([None, "2021-10-27", "2019", "2023-08", "1999-02-28"])


def check_extraction(target: str, extractor: Extractor, text: str, day: str | None) -> None:
    """One Extraction per article, no traceback, every offset inside the text and on it."""
    FUZZED[target] += 1
    precision = None if day is None else ("day" if len(day) == 10 else
                                          "month" if len(day) == 7 else "year")
    article = Article(id="fuzzed-article", text=text, source="fuzzed.txt", published=day,
                      published_precision=precision)  # type: ignore[arg-type]
    (extraction,) = list(extractor.extract([article]))
    assert extraction.article_id == article.id
    if extraction.error:
        FUZZ_ERRORS[target] += 1
        assert "\n" not in " ".join(extraction.error.split())
        return
    for record in offset_records(extraction):
        assert 0 <= record.start <= record.end <= len(text), record
        if record.text:
            assert text[record.start:record.end] == record.text, record
    ids = [e.id for e in extraction.events]
    assert len(ids) == len(set(ids))
    json.dumps(extraction.to_dict())


@examples(EXTRACTOR_EXAMPLES)
@given(news_text(), published)
def test_extractor(text: str, day: str | None) -> None:
    check_extraction("extractor", shared_extractor(()), text, day)


@examples(EXTRACTOR_EXAMPLES)
@given(news_text(), published)
def test_extractor_in_sections(text: str, day: str | None) -> None:
    """Sections of 300 characters: joining them must keep every offset true."""
    saved = sections.SECTION_CHARS
    sections.SECTION_CHARS = 300
    try:
        check_extraction("extract 300", shared_extractor(()), text, day)
    finally:
        sections.SECTION_CHARS = saved
