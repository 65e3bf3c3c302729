"""Actor resolution in articles: titles by date, honorifics, capitals, unknown people."""

from __future__ import annotations

import pytest

from parley.extract.article import Extractor
from parley.models import ActorMention, Article, Extraction

pytestmark = pytest.mark.slow


def extract_one(extractor: Extractor, text: str, published: str = "2021-10-27") -> Extraction:
    """Extract a single dated article written for the test."""
    article = Article(id="actors-test", text=text, source="actors-test.txt", published=published,
                      published_precision="day", published_basis="header")
    (extraction,) = list(extractor.extract([article]))
    return extraction


def mentions_at(extraction: Extraction, text: str, phrase: str) -> list[ActorMention]:
    """Actor mentions overlapping the first occurrence of ``phrase`` in ``text``."""
    start = text.index(phrase)
    end = start + len(phrase)
    return [m for m in extraction.actors if m.start < end and start < m.end]


@pytest.mark.parametrize(
    ("published", "holder"),
    [("2019-06-03", "robert-lighthizer"), ("2022-06-01", "katherine-tai")],
    ids=["2019-lighthizer", "2022-tai"],
)
def test_bare_trade_representative_title_resolves_to_holder_on_publication_day(
        extractor: Extractor, published: str, holder: str) -> None:
    text = ("The US Trade Representative said on Monday that the talks with China over "
            "tariffs would continue next month.")
    extraction = extract_one(extractor, text, published)
    found = mentions_at(extraction, text, "US Trade Representative")
    assert [m.actor_id for m in found] == [holder]
    assert found[0].country == "USA"
    assert found[0].official


def test_a_surname_after_a_long_title_is_the_office_holder_of_that_name(
        extractor: Extractor) -> None:
    text = ("Secretary of Commerce Raimondo's visit to China in late August ended with a "
            "meeting with the Chinese commerce minister.")
    found = mentions_at(extract_one(extractor, text, "2023-09-05"), text, "Raimondo")
    assert [m.actor_id for m in found] == ["gina-raimondo"]
    assert found[0].role == "Secretary of Commerce" or found[0].office_id


def test_lowercase_chinese_vice_premier_with_full_name_resolves_to_liu_he(
        extractor: Extractor) -> None:
    text = ("The Chinese vice premier, Liu He, said his talks with the US Treasury chief "
            "on Tuesday had been productive.")
    found = mentions_at(extract_one(extractor, text), text, "Liu He")
    assert {m.actor_id for m in found} == {"liu-he"}
    assert found[0].role == "Vice Premier"


def test_mr_liu_after_vice_premier_liu_he_resolves_to_liu_he(extractor: Extractor) -> None:
    text = ("Vice Premier Liu He spoke with Treasury Secretary Janet Yellen on Tuesday. "
            "Mr Liu said both sides should stay in close touch.")
    found = mentions_at(extract_one(extractor, text), text, "Mr Liu")
    assert found and all(m.actor_id == "liu-he" for m in found)


def test_dr_yellen_resolves_to_janet_yellen(extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen held a video call with Vice Premier Liu He on "
            "Tuesday. Dr Yellen raised concerns about industrial subsidies.")
    found = mentions_at(extract_one(extractor, text), text, "Dr Yellen")
    assert found and all(m.actor_id == "janet-yellen" for m in found)
    assert found[0].country == "USA"


def test_capital_as_subject_of_said_is_the_chinese_government(extractor: Extractor) -> None:
    text = "Beijing said on Tuesday that the phone call with Washington had been useful."
    found = mentions_at(extract_one(extractor, text), text, "Beijing")
    assert len(found) == 1
    assert found[0].kind == "government"
    assert found[0].country == "CHN"
    assert found[0].official


def test_capital_after_arrived_in_is_a_place_not_an_actor(extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen arrived in Beijing on Tuesday for talks with "
            "Vice Premier He Lifeng.")
    assert mentions_at(extract_one(extractor, text), text, "Beijing") == []


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Laura Kessler, chief executive of Boeing, met Vice Premier He Lifeng on Tuesday.",
         "Laura Kessler", "USA"),
        ("Chen Ming, chairman of BYD, met Commerce Secretary Gina Raimondo on Tuesday.",
         "Chen Ming", "CHN"),
    ],
    ids=["us-company", "chinese-company"],
)
def test_unknown_executive_takes_the_country_of_their_company(
        extractor: Extractor, text: str, name: str, country: str) -> None:
    found = [m for m in mentions_at(extract_one(extractor, text), text, name)
             if m.kind == "person"]
    assert len(found) == 1
    assert found[0].actor_id is None
    assert found[0].country == country
    assert not found[0].official  # a company voice never makes a government readout


def test_given_name_he_is_not_read_as_a_pronoun(extractor: Extractor) -> None:
    text = ("Trade Representative Robert Lighthizer met Vice Premier Liu He last month in "
            "Washington to discuss tariffs.")
    extraction = extract_one(extractor, text, "2019-06-03")
    found = mentions_at(extraction, text, "Liu He")
    assert {m.actor_id for m in found} == {"liu-he"}
    assert not any(m.resolved_by == "pronoun" for m in found)


def test_a_title_after_another_countrys_demonym_is_that_countrys_office(
        extractor: Extractor) -> None:
    text = "Xi Jinping held a video meeting with Russian President Vladimir Putin on Wednesday."
    found = [m for m in mentions_at(extract_one(extractor, text), text, "Vladimir Putin")
             if m.kind == "person"]
    assert len(found) == 1
    assert found[0].country == "RUS"
    assert found[0].office_id is None


def test_a_sea_named_after_china_is_a_place_not_china(extractor: Extractor) -> None:
    text = ("US and Chinese defence officials met in Kuala Lumpur on Tuesday to discuss "
            "incidents in the South China Sea.")
    extraction = extract_one(extractor, text, "2024-04-03")
    assert not [m for m in mentions_at(extraction, text, "South China Sea") if m.actor_id]
    assert [m.actor_id for m in mentions_at(extraction, text, "Chinese")] == ["CHN"]


def test_a_surname_after_the_first_full_name_resolves_even_when_named_again_later(
        extractor: Extractor) -> None:
    # "Xi" in the third sentence follows the full name; a later full mention must not
    # make the rule think the person is named only after it.
    text = ("Chinese President Xi Jinping met US President Donald Trump in Osaka on "
            "Saturday.\n\nMarkets rose in Asia.\n\nThe situation improved when Xi and Trump "
            "had a telephone conversation on June 18.\n\nXi Jinping later said the "
            "meeting was productive.")
    extraction = extract_one(extractor, text, "2019-06-29")
    assert [m.actor_id for m in mentions_at(extraction, text, "Xi and")] == ["xi-jinping"]


def test_an_elect_title_names_no_present_holder(extractor: Extractor) -> None:
    # The day before the inauguration, "Vice President" alone is Kamala Harris; with
    # "-elect" it is JD Vance's coming office.
    text = "Vice President-elect JD Vance met Han Zheng on Sunday morning."
    extraction = extract_one(extractor, text, "2025-01-19")
    assert "kamala-harris" not in {m.actor_id for m in extraction.actors}


def test_a_leaders_bare_surname_misread_in_a_headline_is_the_leader(
        extractor: Extractor) -> None:
    text = ("Trump signs trade deal at crowded White House event\n\n"
            "Business leaders filled the room as the ceremony ran on for an hour.")
    extraction = extract_one(extractor, text, "2020-01-16")
    assert [m.actor_id for m in mentions_at(extraction, text, "Trump")] == ["donald-trump"]
    assert [(e.type, [p.actor_id for p in e.participants]) for e in extraction.events] == [
        ("agreement_signed", ["donald-trump"])]


def test_a_possessive_before_its_clause_is_the_subjects_named_after_it(
        extractor: Extractor) -> None:
    # "his" opens the sentence before Kerry is named: it is Kerry's meeting, not that of
    # the man named in the sentence before.
    text = ("Xi Jinping spoke at a press conference in Beijing.\n\n"
            "In his meeting with Wang Yi, John Kerry said work on the climate could steady "
            "relations.")
    extraction = extract_one(extractor, text, "2023-07-19")
    his = next(m for m in extraction.actors if m.text == "his")
    assert his.actor_id == "john-kerry"


@pytest.mark.parametrize("rank", ["deputy", "vice", "assistant"])
def test_a_lower_rank_of_an_office_is_not_its_holder(extractor: Extractor, rank: str) -> None:
    text = (f"The {rank} head of the National Development and Reform Commission joined the "
            "talks in Beijing with US Trade Representative Katherine Tai on Monday.")
    extraction = extract_one(extractor, text, "2023-05-10")
    assert not [m for m in mentions_at(extraction, text, "National Development")
                if m.actor_id]
    bare = text.replace(f"{rank} ", "")
    assert [m.actor_id for m in mentions_at(extract_one(extractor, bare, "2023-05-10"), bare,
                                            "National Development")] == ["zheng-shanjie"]
