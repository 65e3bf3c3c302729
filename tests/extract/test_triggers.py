"""Trigger matching reads only the windows after a possible first word, with the same matches."""

from __future__ import annotations

import pytest

from parley.extract.article import Extractor
from parley.extract.triggers import _matcher, _matches, find_triggers

#: Written for this test: triggers of one, two, three and four tokens (one with an
#: optional word), two overlapping, one as the last word, and lines with none.
TEXT = (
    "The two sides held talks by video link on Monday after a phone call last week.\n"
    "Steel prices rose. Port volumes climbed.\n"
    "A fourth round of trade talks and a joint statement followed the working group's "
    "meeting, and officials said they would meet"
)


@pytest.mark.slow
def test_windowed_matches_equal_the_whole_docs(extractor: Extractor) -> None:
    doc = extractor.nlp(TEXT)
    whole = sorted(_matcher(id(extractor.nlp.vocab), extractor.nlp)(doc))
    assert sorted(_matches(doc, extractor.nlp)) == whole
    assert len(whole) >= 8
    assert max(end for _key, _start, end in whole) == len(doc)  # one ends the Doc
    kinds = {t.type for t in find_triggers(doc, extractor.nlp)}
    assert {"video_call", "call", "talks_round", "joint_statement", "meeting"} <= kinds


def test_a_lengthy_phone_conversation_is_one_call_but_lengthy_negotiations_are_not(
        extractor: Extractor) -> None:
    nlp = extractor.nlp
    call = nlp("Donald Trump and Xi Jinping had a lengthy phone conversation on Thursday.")
    assert [t.type for t in find_triggers(call, nlp)] == ["call"]
    process = nlp("Lengthy negotiations between the two sides produced little.")
    assert find_triggers(process, nlp) == []


@pytest.mark.slow
def test_talks_that_stall_are_the_negotiations_not_an_engagement(extractor: Extractor) -> None:
    stalled = extractor.nlp("The trade talks stalled in early May after the tariffs rose.")
    assert not find_triggers(stalled, extractor.nlp)
    resumed = extractor.nlp("The trade talks resumed in Beijing on Tuesday.")
    assert [t.type for t in find_triggers(resumed, extractor.nlp)] == ["talks_round"]


def test_signing_what_the_object_names_as_part_of_a_deal_is_a_signing(extractor) -> None:
    from tests.extract.support import extract_one

    text = ("President Donald Trump and Vice Premier Liu He signed Phase One of a landmark "
            "trade deal on Wednesday.")
    events = extract_one(extractor, text, "2020-01-15").events
    assert [(e.type, e.date) for e in events] == [("agreement_signed", "2020-01-15")]


def test_signing_what_the_object_is_set_beside_is_a_signing(extractor) -> None:
    from tests.extract.support import extract_one

    text = ("President Donald Trump on Wednesday signed the first of two milestones on "
            "trade \u2014 an agreement with China.")
    events = extract_one(extractor, text, "2020-01-15").events
    assert [(e.type, e.date) for e in events] == [("agreement_signed", "2020-01-15")]


@pytest.mark.slow
def test_a_named_economic_or_security_dialogue_is_a_round_of_talks(extractor: Extractor) -> None:
    named = extractor.nlp("Steven Mnuchin and Wang Yang opened the Comprehensive Economic "
                          "Dialogue in Washington.")
    assert [t.type for t in find_triggers(named, extractor.nlp)] == ["talks_round"]
    common = extractor.nlp("Both sides said they valued economic dialogue.")
    assert not [t for t in find_triggers(common, extractor.nlp) if t.type == "talks_round"]


@pytest.mark.slow
def test_a_window_without_a_patterns_other_words_is_not_matched(
        extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    # "on", "by", "over" and "had" open patterns ("on the phone", "had talks") whose other
    # words are missing here: the matcher is never run, and run on the whole Doc it finds
    # nothing either.
    from parley.extract import triggers

    text = "Prices fell on Monday, and exporters had over a week of orders cut by buyers."
    doc = extractor.nlp(text)
    matcher = _matcher(id(extractor.nlp.vocab), extractor.nlp)
    windows: list[int] = []

    def counting(vocab_id: int, nlp: object) -> object:
        def run(span: object) -> list[tuple[int, int, int]]:
            windows.append(1)
            return list(matcher(span))
        return run

    monkeypatch.setattr(triggers, "_matcher", counting)
    assert _matches(doc, extractor.nlp) == [] == list(matcher(doc))
    assert windows == []
    phoned = extractor.nlp("They spoke on the phone on Monday.")
    assert "on the phone" in [phoned[s:e].text for _k, s, e in _matches(phoned, extractor.nlp)]
