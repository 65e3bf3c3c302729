"""Near-duplicate groups: re-runs and syndicated copies join; different stories stay apart."""

from __future__ import annotations

import pytest

from parley.ingest.neardup import NearDupIndex, load_signature, signature

WIRE_BODY = """The finance chiefs of the two largest economies spoke by video link on Thursday
evening, their second conversation in four months, and agreed that their teams would keep
working on a list of grievances that has grown since the spring. According to a statement
released in the capital the next morning, the two officials discussed the pace of the
recovery, the strength of consumer demand, supply chains for batteries and the treatment of
state-owned companies. The statement called the exchange practical and said both sides saw
value in regular contact at the working level. A separate account published by the other
government said its representative had raised concerns about subsidies for heavy industry and
about restrictions on foreign investors in cloud computing. Neither side mentioned any new
purchase commitments, and officials declined to say whether tariffs had come up. Analysts
said the call was a modest sign that the channel opened earlier in the year was still in use,
although few expected a broader agreement before the elections. Markets barely moved after
the news, with the currency little changed in late trading. A spokesperson said further
conversations would be scheduled once the technical teams had compared their notes on the
issues raised during the discussion."""

RERUN_WITH_NEW_HEADLINE = ("UPDATED: Finance chiefs keep channel open after video call\n\n"
                           + WIRE_BODY)

SYNDICATED_WITH_FOOTER = ("Finance chiefs talk again\n\n" + WIRE_BODY + "\n\nThis story was "
                          "distributed by a news agency and is republished here under licence. "
                          "Sign up for our daily briefing to get stories like this in your inbox.")

DIFFERENT_STORY_SAME_CALL = """Officials in the capital on Friday described a Thursday video
conference between the two finance chiefs as useful, saying it covered the economic outlook,
battery supply chains and industrial policy. A government readout said the minister pressed
his counterpart on subsidies to steelmakers and on rules that keep foreign cloud providers out
of the market. The other side, in its own brief account, spoke of a practical exchange and
of both teams continuing to talk at the technical level. There was no word on tariffs or on
new buying pledges. Economists at several banks wrote that the contact showed the channel
created this year still functions, though they saw little chance of a bigger deal soon. It was
the second such conversation since June, and a third is expected after the technical teams
finish comparing notes. Currency traders largely ignored the report."""


@pytest.fixture
def index_with_wire_story() -> NearDupIndex:
    index = NearDupIndex()
    assert index.add("wire", signature(WIRE_BODY)) == "wire"
    return index


def test_rerun_with_new_headline_joins_the_original_group(index_with_wire_story):
    assert index_with_wire_story.add("rerun", signature(RERUN_WITH_NEW_HEADLINE)) == "wire"


def test_syndicated_copy_with_footer_joins_the_original_group(index_with_wire_story):
    assert index_with_wire_story.add("copy", signature(SYNDICATED_WITH_FOOTER)) == "wire"


def test_different_story_about_the_same_call_starts_its_own_group(index_with_wire_story):
    assert index_with_wire_story.add("other", signature(DIFFERENT_STORY_SAME_CALL)) == "other"


def test_group_is_named_after_the_first_member(index_with_wire_story):
    index_with_wire_story.add("copy", signature(SYNDICATED_WITH_FOOTER))
    index_with_wire_story.add("rerun", signature(RERUN_WITH_NEW_HEADLINE))
    assert index_with_wire_story.group_of("rerun") == "wire"
    assert len(index_with_wire_story) == 3


def test_adding_the_same_article_again_keeps_its_group(index_with_wire_story):
    index_with_wire_story.add("other", signature(DIFFERENT_STORY_SAME_CALL))
    assert index_with_wire_story.add("other", signature(WIRE_BODY)) == "other"


def test_signature_is_bytes_that_round_trip():
    sig = signature(WIRE_BODY)
    assert isinstance(sig, bytes)
    assert load_signature(sig).jaccard(load_signature(signature(WIRE_BODY))) == 1.0


def test_signature_ignores_case_and_punctuation():
    assert signature(WIRE_BODY) == signature(WIRE_BODY.upper().replace(",", " "))


def test_signature_with_other_permutation_count_is_rejected():
    with pytest.raises(ValueError, match="permutations"):
        NearDupIndex(num_perm=64).add("x", signature(WIRE_BODY))


def test_short_texts_still_get_a_signature():
    index = NearDupIndex()
    index.add("a", signature("Talks resumed."))
    assert index.add("b", signature("talks resumed")) == "a"
