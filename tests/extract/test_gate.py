"""The sentence gate: which sentences are parsed, and that nothing else changes."""

from __future__ import annotations

import dataclasses

import pytest

from parley.extract.article import Extractor
from parley.extract.gate import FULL, NONE, PARSE, TriggerWords
from parley.extract.triggers import pattern_needs
from parley.models import Article

from .support import extract_one, offset_records

#: A report written for these tests: the engagement up front, a voice right after it,
#: then background no rule reads, then a second engagement further down.
STORY = (
    "Treasury Secretary Janet Yellen spoke by video with Vice Premier Liu He on Tuesday, "
    "the first call between them in months.\n\n"
    "Markets in Shanghai were quiet.\n\n"
    "Officials gave few details.\n\n"
    "A statement from the Chinese side described the exchange as candid and constructive.\n\n"
    "Steel output in the region rose for a third month. Port volumes climbed as well. "
    "Freight rates fell back. Retail sales were flat. Rainfall was above average.\n\n"
    "Commerce Secretary Gina Raimondo met Wang Wentao in Beijing on Wednesday, and the two "
    "agreed to keep talking about export controls.\n\n"
    "She said the meeting had been frank. Prices of soybeans were unchanged."
)


def _tiers(extractor: Extractor, text: str) -> list[tuple[str, int]]:
    gate = extractor.gate
    assert gate is not None
    doc = gate.tokenize(text)
    sents = gate.sentences(doc)
    return [(doc[a:b].text.strip(), tier) for (a, b), tier in zip(sents, gate.choose(doc, sents))]


@pytest.mark.slow
def test_trigger_sentences_and_lede_get_the_whole_pipeline(extractor: Extractor) -> None:
    tiers = dict(_tiers(extractor, STORY))
    assert tiers[STORY.split("\n\n")[0]] == FULL
    assert tiers["Markets in Shanghai were quiet."] == FULL  # still the lede
    assert tiers[STORY.split("\n\n")[5]] == FULL


@pytest.mark.slow
def test_sentences_the_continuation_rules_read_are_parsed(extractor: Extractor) -> None:
    tiers = dict(_tiers(extractor, STORY))
    # A side's voice within three sentences of the call may join it: parsed, no NER.
    assert tiers["A statement from the Chinese side described the exchange as candid and "
                 "constructive."] in (PARSE, FULL)
    # A pronoun after the meeting may name its participant.
    assert tiers["She said the meeting had been frank."] == FULL  # "meeting" is a trigger
    assert tiers["Prices of soybeans were unchanged."] == NONE  # no voice, no person


@pytest.mark.slow
def test_background_far_from_any_engagement_is_not_parsed(extractor: Extractor) -> None:
    tiers = dict(_tiers(extractor, STORY))
    for sentence in ("Freight rates fell back.", "Retail sales were flat.",
                     "Rainfall was above average."):
        assert tiers[sentence] == NONE


@pytest.mark.slow
def test_a_paragraph_break_is_never_a_sentence_of_its_own(extractor: Extractor) -> None:
    assert all(text for text, _tier in _tiers(extractor, STORY))


@pytest.mark.slow
def test_the_gated_doc_keeps_the_article_text_and_tokens(extractor: Extractor) -> None:
    assert extractor.gate is not None
    (doc,) = list(extractor.gate.pipe([STORY]))
    assert doc.text == STORY
    assert [t.text for t in doc] == [t.text for t in extractor.nlp.make_doc(STORY)]
    parsed = {t.text for t in doc if t.pos_}
    assert "Yellen" in parsed and "Raimondo" in parsed
    assert not any(t.pos_ for t in doc if t.text == "Rainfall")
    # Unparsed sentences are still sentences, with their knowledge-base names.
    assert "Rainfall was above average." in {s.text.strip() for s in doc.sents}


@pytest.mark.slow
def test_gated_and_ungated_extractions_agree(extractor: Extractor) -> None:
    ungated = Extractor(gate=False)

    def summary(extractor_: Extractor) -> list[tuple[object, ...]]:
        ex = extract_one(extractor_, STORY)
        return sorted((e.type, e.status, e.date, tuple(sorted(p.name for p in e.participants)),
                       tuple((s.start, s.end) for s in e.sources),
                       tuple(sorted(t.label for t in e.topics)),
                       tuple(o.label for o in e.outcomes))
                      for e in ex.events)

    gated = summary(extractor)
    assert gated == summary(ungated)
    assert {row[0] for row in gated} >= {"video_call", "meeting"}


@pytest.mark.slow
def test_every_offset_of_a_gated_extraction_lands_on_the_text(extractor: Extractor) -> None:
    ex = extract_one(extractor, STORY)
    records = list(offset_records(ex))
    assert records
    for record in records:
        assert STORY[record.start:record.end] == record.text


@pytest.mark.slow
def test_amounts_and_topics_are_read_from_unparsed_sentences_too(extractor: Extractor) -> None:
    text = STORY + "\n\nFreight rates fell back. China bought $3 billion of soybeans last year."
    ex = extract_one(extractor, text)
    tail = len(STORY)
    assert any(a.value == 3e9 and a.span.start > tail for a in ex.amounts)
    assert any(t.label == "agriculture" and t.span.start > tail for t in ex.topics)


@pytest.mark.slow
def test_a_trigger_word_is_recognised_in_any_inflection(extractor: Extractor) -> None:
    words = TriggerWords(extractor.nlp)
    assert words.could_match({"yellen", "spoke", "with", "liu"})  # speak, irregular
    assert words.could_match({"they", "signs", "the", "deal"})  # sign
    assert words.could_match({"round", "of", "talks"})
    assert not words.could_match({"rainfall", "was", "above", "average"})


@pytest.mark.slow
def test_a_pattern_naming_no_word_sends_every_sentence_to_the_parser(
        extractor: Extractor) -> None:
    words = TriggerWords(extractor.nlp)
    words.patterns = [pattern_needs([{"POS": "VERB"}, {"ORTH": "Talks", "OP": "?"}])]
    assert words.could_match({"rainfall", "was", "above", "average"})
    words.patterns = [pattern_needs([{"ORTH": "Summit"}])]
    assert words.could_match({"the", "summit"})
    assert not words.could_match({"rainfall"})


@pytest.mark.slow
def test_without_the_gate_every_sentence_is_parsed() -> None:
    ungated = Extractor(gate=False)
    assert ungated.gate is None
    article = Article(id="a", text=STORY, source="a.txt", published="2021-10-27",
                      published_precision="day", published_basis="header")
    (ex,) = list(ungated.extract([dataclasses.replace(article)]))
    assert ex.relevant and ex.events


def _plan(extractor: Extractor, text: str) -> list[tuple[str, int]]:
    gate = extractor.gate
    assert gate is not None
    doc = gate.tokenize(text)
    return [(doc[p.start:p.end].text.strip(), p.tier)
            for p in gate.plan(doc, gate.sentences(doc))]


@pytest.mark.slow
def test_a_trigger_run_naming_only_known_people_skips_the_ner(extractor: Extractor) -> None:
    known = "Janet Yellen met Liu He in Beijing on Tuesday."
    assert _plan(extractor, known) == [(known, PARSE)]
    # A name the knowledge base does not know needs the NER, as does one opening a
    # sentence ("Trump said", "Okonjo said"), but not an English word ("Officials said").
    for text in ("Janet Yellen met Liu He and Ngozi Okonjo-Iweala in Beijing on Tuesday.",
                 "Trump said the two had met in Beijing.",
                 "Okonjo said the two had met in Beijing."):
        assert _plan(extractor, text) == [(text, FULL)], text
    officials = "Officials said the two had met in Beijing."
    assert _plan(extractor, officials) == [(officials, PARSE)]


@pytest.mark.slow
def test_punctuation_ends_sentences_as_spacys_sentencizer_has_it(extractor: Extractor) -> None:
    from spacy.pipeline import Sentencizer

    gate = extractor.gate
    assert gate is not None
    sentencizer = Sentencizer()
    for text in ('Talks went on. "It was candid," he said. Then what?! Nothing... more',
                 "The deal (signed today.) holds. Prices rose 3.5 percent. Really?” Yes.",
                 "No full stop at all", "Officials met ... and left. ” Quoted. ‘Done.’ Next"):
        doc = gate.tokenize(text)
        expected = [i for i, start in enumerate(sentencizer.predict([doc])[0]) if start]
        assert [a for a, _ in gate.sentences(doc)] == expected, text


@pytest.mark.slow
def test_honorifics_and_surnames_of_people_named_before_need_no_ner(
        extractor: Extractor) -> None:
    # The actor rules resolve "Mr Liu" (honorific + surname) and a bare surname of someone
    # named in full earlier, so the NER would add nothing the extractor reads.
    text = ("Janet Yellen met Liu He in Beijing on Tuesday. Ms Yellen said the talks with "
            "Mr Liu were candid, and Liu called the meeting useful.")
    assert [tier for _, tier in _plan(extractor, text)] == [PARSE]
    # A surname before anyone of that name was named, or after an honorific but unknown
    # to the knowledge base, still needs the NER.
    for unknown in ("Yellen met Liu He in Beijing on Tuesday.",
                    "Janet Yellen met Ms Okonjo in Beijing on Tuesday."):
        assert _plan(extractor, unknown) == [(unknown, FULL)], unknown


@pytest.mark.slow
def test_places_of_the_gazetteer_need_no_ner(extractor: Extractor) -> None:
    text = ("Janet Yellen met Liu He in Geneva on Tuesday. Markets in Southeast Asia, "
            "Sao Paulo and the South China Sea region took the meeting calmly.")
    assert [tier for _, tier in _plan(extractor, text)] == [PARSE]
    other = "Janet Yellen met Liu He in Ouagadougou-sur-Mer on Tuesday."
    assert _plan(extractor, other) == [(other, FULL)]


@pytest.mark.slow
def test_a_voice_with_no_side_to_read_is_not_parsed(extractor: Extractor) -> None:
    # After an engagement, "Analysts said ..." names no side: the speaker rules could
    # only return "no side", so the parse is spared; a voice with a country is parsed.
    text = ("Markets were calm.\n\nBond yields were flat.\n\n"
            "Janet Yellen spoke by video with Liu He on Tuesday.\n\n"
            "Analysts said the tone suggested a modest thaw.\n\n"
            "Chinese officials said the tone was candid.")
    tiers = dict(_tiers(extractor, text))
    assert tiers["Analysts said the tone suggested a modest thaw."] == NONE
    assert tiers["Chinese officials said the tone was candid."] == PARSE


@pytest.mark.slow
def test_a_word_inside_a_name_is_no_voice(extractor: Extractor) -> None:
    # "States" of "United States" and "State" of "Secretary of State" lemmatize to "state",
    # a reporting verb; inside a name they report nothing, so the sentence stays unparsed.
    text = ("Markets were calm.\n\nBond yields were flat.\n\n"
            "Janet Yellen spoke by video with Liu He on Tuesday.\n\n"
            "Imports into the United States of Chinese furniture fell by a tenth.\n\n"
            "Chinese steelmakers stated that exports rose.")
    tiers = dict(_tiers(extractor, text))
    assert tiers["Imports into the United States of Chinese furniture fell by a tenth."] == NONE
    assert tiers["Chinese steelmakers stated that exports rose."] == PARSE
