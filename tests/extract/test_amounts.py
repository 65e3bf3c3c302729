"""Money amounts and percentages: each written form, exact spans, readable `what`, no false hits."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.extract.amounts import find_amounts


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("Beijing agreed to buy $200 billion of farm goods.", "$200 billion", 2e11, "USD"),
        ("The gap reached $ 344 billion for goods.", "$ 344 billion", 3.44e11, "USD"),
        ("A fund of US$1.5 trillion was floated.", "US$1.5 trillion", 1.5e12, "USD"),
        ("Duties on 370 billion dollars of imports stayed.", "370 billion dollars", 3.7e11, "USD"),
        ("The lender set aside USD 50 million for claims.", "USD 50 million", 5e7, "USD"),
        ("Beijing set up a ¥100 billion chip fund.", "¥100 billion", 1e11, "CNY"),
        ("Tokyo spent ¥2 trillion propping up the yen.", "¥2 trillion", 2e12, "JPY"),
        ("The ministry offered 100 billion yuan in loans.", "100 billion yuan", 1e11, "CNY"),
        ("The bank lent RMB 5 billion to exporters.", "RMB 5 billion", 5e9, "CNY"),
        ("Brussels pledged €3bn to the programme.", "€3bn", 3e9, "EUR"),
        ("The deficit stood at $218.9 billion in August.", "$218.9 billion", 2.189e11, "USD"),
        ("Washington raised tariffs to 25% on steel.", "25%", 25.0, "percent"),
        ("Exports grew 25 percent in May.", "25 percent", 25.0, "percent"),
        ("Levies rose by 10 per cent overnight.", "10 per cent", 10.0, "percent"),
        ("The White House announced a 145% tariff on most goods.", "145%", 145.0, "percent"),
        ("The firm paid $1,250,000 in fines.", "$1,250,000", 1.25e6, "USD"),
    ],
)
def test_amount_forms_are_read_with_value_and_unit(
    sentence: str, text: str, value: float, unit: str
) -> None:
    amounts = find_amounts(sentence, 0, "doc")
    assert len(amounts) == 1
    amount = amounts[0]
    assert amount.text == text
    assert amount.value == pytest.approx(value)
    assert amount.unit == unit
    assert amount.what.strip()


def test_span_offsets_are_shifted_into_the_article() -> None:
    article = "Intro line. China pledged to buy $50 billion of soybeans."
    sent_start = article.index("China")
    sentence = article[sent_start:]
    [amount] = find_amounts(sentence, sent_start, "a-1")
    assert article[amount.span.start : amount.span.end] == "$50 billion"
    assert amount.span.article_id == "a-1"
    assert amount.span.sentence == sentence
    assert amount.span.text == "$50 billion"


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2019 the Section 301 list grew, and Phase 1 ran for two years.",
        "The 27 members met on 12 March at 10.30 in Room 301.",
        "He cited Article 5 and chapter 11 of the 1994 agreement.",
    ],
)
def test_numbers_without_currency_or_percent_are_not_amounts(sentence: str) -> None:
    assert find_amounts(sentence, 0, "doc") == []


def test_what_describes_a_purchase_pledge() -> None:
    sentence = (
        "Under the deal, China pledged to purchase an additional $200 billion in US goods "
        "over two years, including soybeans and energy."
    )
    [amount] = find_amounts(sentence, 0, "doc")
    assert "additional" in amount.what
    assert "US goods over two years" in amount.what
    assert "soybeans" not in amount.what
    assert amount.topic == "purchases"


def test_what_mentions_goods_for_a_deficit_figure() -> None:
    sentence = (
        "Last year it had risen to $ 344 billion for goods alone, according to official data."
    )
    [amount] = find_amounts(sentence, 0, "doc")
    assert "goods" in amount.what
    assert "official data" not in amount.what


def test_what_and_topic_for_tariffs_on_a_dollar_amount() -> None:
    sentence = (
        "Regarding tariffs on 370 billion dollars, the trade office opened an exclusion process."
    )
    [amount] = find_amounts(sentence, 0, "doc")
    assert "tariffs" in amount.what
    assert amount.topic == "tariffs"


def test_two_amounts_in_one_sentence_get_their_own_words() -> None:
    sentence = "Beijing unveiled a ¥100 billion chip fund and 100 billion yuan in export credit."
    first, second = find_amounts(sentence, 0, "doc")
    assert "chip fund" in first.what
    assert "export credit" in second.what
    assert "export credit" not in first.what


def test_what_is_never_empty_even_for_a_bare_figure() -> None:
    [amount] = find_amounts("$50bn.", 0, "doc")
    assert amount.what


def test_seed_amounts_are_found_with_their_values(seeds_dir: Path) -> None:
    path = seeds_dir / "002_c2be750d376d7d94.txt"
    text = path.read_text(encoding="utf-8")
    values = set()
    for line in text.splitlines():
        values |= {a.value for a in find_amounts(line, 0, "seed") if a.unit == "USD"}
    assert {3.44e11, 2.189e11, 2e11, 3.7e11} <= values
