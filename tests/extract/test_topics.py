"""Topic tags: found in plain news wording, with exact offsets, and false friends ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.errors import DataFileError
from parley.extract.topics import PhraseIndex, TopicMentions, find_topics, load_topics

REQUIRED_TAGS = [
    "tariffs",
    "phase_one_deal",
    "export_controls",
    "sanctions",
    "semiconductors",
    "investment_restrictions",
    "subsidies",
    "intellectual_property",
    "tech_transfer",
    "fentanyl",
    "macroeconomic_policy",
    "purchases",
    "agriculture",
    "market_access",
    "huawei",
    "tiktok",
    "taiwan",
    "hong_kong",
    "xinjiang",
    "climate",
    "communication_channel",
    "covid",
    "currency",
    "rare_earths",
    "trade_deficit",
    "state_enterprises",
    "cybersecurity",
    "human_rights",
    "south_china_sea",
    "military",
    "supply_chains",
    "ai",
    "overcapacity",
    "ukraine",
    "north_korea",
    "financial_services",
    "anti_money_laundering",
]

TAGGED_SENTENCES = [
    ("tariffs", "Washington kept the Section 301 levies in place."),
    ("tariffs", "Importers still pay customs duties on furniture."),
    ("phase_one_deal", "Officials reviewed the phase-one agreement on Tuesday."),
    ("phase_one_deal", "Beijing said the first-phase trade deal was being implemented."),
    ("phase_one_deal", "Purchases under Phase 1 lagged behind."),
    ("export_controls", "The company was added to the entity list last year."),
    ("export_controls", "New chip curbs took effect in October."),
    ("sanctions", "Treasury sanctioned three firms over the deal."),
    ("semiconductors", "The plant makes advanced semiconductors for phones."),
    ("investment_restrictions", "An order restricting certain outbound investment was signed."),
    ("investment_restrictions", "The rules restrict American investments in sensitive sectors."),
    ("subsidies", "The minister complained about industrial subsidies."),
    ("intellectual_property", "Negotiators discussed intellectual property protection."),
    ("tech_transfer", "Companies object to forced technology transfer."),
    ("tech_transfer", "The rules force foreign firms to share their technology with partners."),
    ("fentanyl", "Both sides discussed the flow of fentanyl precursors."),
    ("macroeconomic_policy", "They agreed to coordinate macroeconomic policies."),
    ("purchases", "China pledged to buy more American goods."),
    ("purchases", "Beijing agreed to import additional energy products."),
    ("agriculture", "Farmers hope soybean sales will recover."),
    ("market_access", "The envoy pressed for market access for banks."),
    ("huawei", "Huawei's new handset surprised analysts."),
    ("tiktok", "The app TikTok faces a ban."),
    ("taiwan", "Arms sales to Taiwan angered Beijing."),
    ("hong_kong", "The law changed politics in Hong Kong."),
    ("xinjiang", "Imports linked to Uyghur labour were blocked."),
    ("xinjiang", "Reports on Uighur camps drew criticism."),
    ("climate", "The envoys met to talk about climate change."),
    ("communication_channel", "Both sides agreed to keep lines of communication open."),
    ("communication_channel", "They agreed to keep talking."),
    ("covid", "Trade slumped during the COVID-19 outbreak."),
    ("covid", "The coronavirus hit factories."),
    ("currency", "Washington labelled China a currency manipulator."),
    ("rare_earths", "Beijing limited rare-earth exports."),
    ("trade_deficit", "The trade deficit narrowed last quarter."),
    ("state_enterprises", "State-owned enterprises dominate the sector."),
    ("cybersecurity", "The agency blamed a cyberattack on state hackers."),
    ("human_rights", "Activists raised human rights at the meeting."),
    ("south_china_sea", "Ships sailed through the South China Sea."),
    ("military", "Military talks resumed after a year."),
    ("supply_chains", "Firms are rebuilding supply chains outside China."),
    ("ai", "Officials discussed AI safety and chip rules."),
    ("ai", "A dialogue on artificial intelligence was proposed."),
    ("overcapacity", "Yellen warned about excess capacity in green industries."),
    ("ukraine", "The leaders discussed Russia's war in Ukraine."),
    ("north_korea", "They spoke about Pyongyang's missile tests."),
    ("financial_services", "The working group discussed financial stability."),
    ("anti_money_laundering", "Officials agreed to cooperate against money laundering."),
]


@pytest.mark.parametrize(("tag", "sentence"), TAGGED_SENTENCES)
def test_tag_is_found_in_news_wording(tag: str, sentence: str) -> None:
    assert tag in {t for t, _, _ in find_topics(sentence)}


def test_every_product_tag_has_phrases() -> None:
    topics = load_topics()
    assert set(REQUIRED_TAGS) <= set(topics)
    assert all(topics[tag] for tag in REQUIRED_TAGS)


def test_offsets_point_into_the_original_text() -> None:
    text = "Talks covered  tariffs\nand the Phase\u2011One   deal."
    for tag, start, end in find_topics(text):
        assert text[start:end].strip() == text[start:end]
        assert tag in {"tariffs", "phase_one_deal"}
    spans = {text[s:e] for _, s, e in find_topics(text)}
    assert "tariffs" in spans
    assert "Phase\u2011One   deal" in spans


def test_start_and_end_limit_the_search_but_offsets_stay_absolute() -> None:
    text = "Tariffs first. Then the TikTok question."
    hits = find_topics(text, start=15)
    assert [t for t, _, _ in hits] == ["tiktok"]
    _, s, e = hits[0]
    assert text[s:e] == "TikTok"
    assert find_topics(text, 0, 14) == [("tariffs", 0, 7)]


def test_longest_match_wins_over_the_words_inside_it() -> None:
    text = "They condemned forced technology transfer."
    hits = find_topics(text)
    assert hits == [("tech_transfer", 15, 41)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The officer was on duty at the border.",
        "He said the issue was a bargaining chip.",
        "Blue-chip stocks rose in New York.",
        "The artist Ai Weiwei opened a show.",
        "The duties of the secretary were listed.",
    ],
)
def test_false_friends_are_not_tagged(sentence: str) -> None:
    tags = {t for t, _, _ in find_topics(sentence)}
    assert not tags & {"tariffs", "semiconductors", "ai"}


def test_words_inside_longer_words_do_not_match() -> None:
    assert find_topics("Pandemicity and chipset vendors gathered at Taiwanfest.") == []


def test_phrase_listed_under_two_tags_reports_both() -> None:
    tags = {t for t, _, _ in find_topics("New chip curbs were announced.")}
    assert {"export_controls", "semiconductors"} <= tags


def test_phrase_index_exclusion_hides_covered_match() -> None:
    index = PhraseIndex({"x": ["duty"]}, excludes=["on duty"])
    assert index.find("on duty today") == []
    assert index.find("a duty today") == [("x", 2, 6)]


def test_malformed_topics_file_raises_data_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "topics.json"
    bad.write_text(json.dumps({"topics": {"Bad Tag": {"phrases": ["x"]}}}), encoding="utf-8")
    with pytest.raises(DataFileError, match="lower_snake_case"):
        load_topics(bad)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataFileError, match="invalid JSON"):
        load_topics(broken)


def test_user_topics_file_is_loaded(tmp_path: Path) -> None:
    good = tmp_path / "mine.json"
    good.write_text(
        json.dumps({"topics": {"fisheries": {"phrases": ["fishing quotas"]}}}), encoding="utf-8"
    )
    assert load_topics(good) == {"fisheries": ["fishing quotas"]}


def test_a_sentences_topics_are_the_articles_topics_inside_it() -> None:
    # The extractor matches the whole article once and hands each sentence its share:
    # matching the sentence alone must give the same mentions, at the edges too.
    sentences = ["Export controls on chips were raised first.",
                 "Tariffs, soybean purchases and fentanyl followed.",
                 "Rare earths came last, then the phase one deal."]
    text = "\n\n".join(sentences)
    whole = find_topics(text)
    start = 0
    for sentence in sentences:
        end = start + len(sentence)
        alone = [(tag, a + start, b + start) for tag, a, b in find_topics(sentence)]
        assert alone == TopicMentions(whole).within(start, end)
        assert alone
        start = end + 2
