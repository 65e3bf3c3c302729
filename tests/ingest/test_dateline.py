"""Date headers, datelines and headlines are found at the top of plain text."""

from __future__ import annotations

import pytest

from parley.ingest.dateline import find_date_line, find_dateline, find_headline, split_header


def test_header_on_the_same_line_as_the_body_is_split_off():
    header = split_header(" date 2022-03-04 GENEVA • Talks opened on Friday.")
    assert header is not None
    assert (header.date, header.evidence) == ("2022-03-04", "date 2022-03-04")
    assert header.body == "GENEVA • Talks opened on Friday."


def test_header_with_impossible_date_is_not_a_header():
    assert split_header("date 2022-02-30 Talks opened.") is None


def test_date_later_in_the_text_is_not_a_header():
    assert split_header("Talks opened.\ndate 2022-03-04") is None


@pytest.mark.parametrize("line, place, month, day, year, agency", [
    ("BEIJING, Oct 26 (Reuters) - The ministry said", "BEIJING", 10, 26, None, "Reuters"),
    ("WASHINGTON, March 3, 2024 (AP) — Officials said", "WASHINGTON", 3, 3, 2024, "AP"),
    ("HONG KONG/SHANGHAI, Jan. 5 (Reuters) -- Shares fell", "HONG KONG/SHANGHAI", 1, 5, None,
     "Reuters"),
    ("LONDON, 26 October 2023 - Talks began", "LONDON", 10, 26, 2023, None),
    ("WASHINGTON (Reuters) - The envoy said", "WASHINGTON", None, None, None, "Reuters"),
    ("BEIJING: The commerce ministry on Friday said", "BEIJING", None, None, None, None),
    ("Washington, DC, May 3, 2024 – The talks ended", "Washington, DC", 5, 3, 2024, None),
])
def test_dateline_forms_are_recognised(line, place, month, day, year, agency):
    found = find_dateline(line)
    assert found is not None
    assert (found.place, found.month, found.day, found.year, found.agency) == (
        place, month, day, year, agency)


def test_mixed_case_place_with_dash_before_a_paragraph_is_a_dateline():
    found = find_dateline("Beijing, China – Visiting officials began two days of talks on trade.")
    assert found is not None and found.place == "Beijing, China"
    assert found.evidence == "Beijing, China –"


@pytest.mark.parametrize("line", [
    "UPDATE: talks resumed after a pause of several weeks",
    "By Jane Roe - staff writer covering trade",
    "Trade talks - what comes next for the two sides in this long dispute",
    "Biden – Xi talks: short",
    "Talks in March - officials said the meeting would go ahead as planned today",
])
def test_labels_bylines_and_headlines_are_not_datelines(line):
    assert find_dateline(line) is None


def test_dateline_after_a_headline_is_found_when_first_line_is_skipped():
    text = "Envoys meet again\n\nGENEVA, June 2 (Wire) - Envoys met."
    found = find_dateline(text, skip_first_line=True)
    assert found is not None and found.place == "GENEVA"
    assert text[found.start:].startswith("GENEVA")


def test_dateline_day_needs_a_year():
    found = find_dateline("BEIJING, Oct 26 (Reuters) - The ministry said")
    assert found is not None
    assert found.iso_date() is None
    assert found.iso_date(year_hint=2021) == "2021-10-26"
    assert found.month_day() == "--10-26"


def test_short_unpunctuated_first_line_followed_by_text_is_a_headline():
    assert find_headline("Envoys Meet Again\n\nThe envoys met on Friday.") == "Envoys Meet Again"


def test_markdown_heading_marker_is_dropped_from_headline():
    assert find_headline("# Envoys meet again\nThe envoys met.") == "Envoys meet again"


@pytest.mark.parametrize("text", [
    "The envoys met on Friday.\nThey agreed to talk again.",
    "Envoys meet again",
    "BEIJING, Oct 26 (Reuters) - The envoys met\nMore text follows.",
])
def test_sentences_lone_lines_and_datelines_are_not_headlines(text):
    assert find_headline(text) is None


def test_a_full_date_alone_before_a_dash_is_a_press_release_dateline() -> None:
    found = find_dateline("July 19, 2017 (Agency Wire)\u2014The talks opened in Washington.")
    assert found is not None
    assert (found.place, found.iso_date(), found.agency) == ("", "2017-07-19", "Agency Wire")


def test_a_wire_date_without_place_or_year_keeps_its_month_and_day() -> None:
    found = find_dateline("June 7 (Wire) \u2014 The envoys agreed on Thursday to meet again.")
    assert found is not None
    assert (found.place, found.month_day(), found.iso_date(), found.agency) == (
        "", "--06-07", None, "Wire")


def test_a_month_and_day_with_neither_year_nor_agency_is_no_dateline() -> None:
    assert find_dateline("June 7 - the envoys agreed on Thursday to meet again.") is None


def test_a_date_opening_a_sentence_without_a_dash_is_not_a_dateline() -> None:
    assert find_dateline("July 19, 2017 was the day the talks opened in Washington.") is None
    assert find_dateline("March 2019 \u2014 the talks opened in Washington.") is None


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("November 10, 2017", "2017-11-10"),
        ("Updated: September 5, 2019 10:36 Wire", "2019-09-05"),
        ("09:14, 16 November 2021", "2021-11-16"),
        ("This story is from July 29, 2022", "2022-07-29"),
        ("Friday, April 05, 2019", "2019-04-05"),
        ("Last Updated: Thu, Sep 05 2019 10:36 AM IST", "2019-09-05"),
        ("Source: Wire Service| 2019-09-05 10:36:12|Editor: Lee Ann Wu", "2019-09-05"),
        ("By Ann Lee Moss, November 15, 2023 7:32 pm", "2023-11-15"),
        ("By Wire Service Staff Apr 26, 2024 | 11:17 AM", "2024-04-26"),
        ("Published 25/06/2019, 10:21 am", "2019-06-25"),
        ("Posted 06/25/2019", "2019-06-25"),
        ("Updated April 26, 2024 at 9:10 a.m. EDT | Published April 25, 2024", "2024-04-25"),
        ("Updated: Jul 21,2017 7:52 AM     Daily Wire", "2017-07-21"),
        ("Updated 21:47, 18-Mar-2021", "2021-03-18"),
        ("2017-December-13", "2017-12-13"),
        ("April 6, 2024US News", "2024-04-06"),
        ("Source: Daily Wire Published: 2020/7/28 21:31:22", "2020-07-28"),
    ],
    ids=["month-day-year", "updated-with-clock-and-agency", "clock-then-day-month-year",
         "story-is-from", "weekday-first", "abbreviated-with-zone", "bar-of-page-fields",
         "byline-then-date", "byline-then-date-in-a-bar", "day-first-numeric",
         "month-first-numeric", "published-beside-updated", "no-space-after-the-comma",
         "hyphenated-day-month-year", "year-month-name-day", "glued-to-the-next-field",
         "source-and-published-fields"],
)
def test_a_line_that_is_only_a_date_dates_the_page(line: str, day: str) -> None:
    found = find_date_line(f"Trade envoys meet\n\n{line}\n\nThe two sides met on Tuesday.")
    assert found is not None and found.date == day


@pytest.mark.parametrize(
    "text",
    ["Trump and Xi met on November 9, 2017\n\nThey talked for hours.",
     "Officials met.\n\n" + "word " * 45 + "\n\nNovember 10, 2017",
     "Trade envoys meet\n\nFebruary 30, 2019\n\nThe two sides met on Tuesday."],
    ids=["a-sentence-with-a-date", "a-date-after-the-paragraphs-began", "no-such-day"],
)
def test_dates_in_sentences_or_below_the_paragraphs_date_no_page(text: str) -> None:
    assert find_date_line(text) is None


def test_a_numeric_date_that_could_be_either_day_first_or_month_first_dates_no_page() -> None:
    assert find_date_line("Trade envoys meet\n\nPublished 05/06/2019\n\nThey met.") is None


def test_the_first_publication_outranks_an_update_on_a_later_line() -> None:
    text = ("Trade envoys meet\n\nUpdated: May 3, 2021\nPublished: May 2, 2021\n\n"
            "The two sides met on Tuesday.")
    found = find_date_line(text)
    assert found is not None and found.date == "2021-05-02"
    only = find_date_line(text.replace("Published: May 2, 2021\n", ""))
    assert only is not None and only.date == "2021-05-03" and only.revised


def test_a_date_line_above_the_headline_is_not_the_headline() -> None:
    text = "Friday, April 05, 2019\nEnvoys Report Progress on Trade Text\n\nThe envoys said."
    assert find_headline(text) == "Envoys Report Progress on Trade Text"


@pytest.mark.parametrize(
    ("text", "day"),
    [(" date 2023-11-16 US President Joe Biden and Xi Jinping met in California.",
      "2023-11-16"),
     ("Published: 2019-05-15\n\nThe two sides talked.", "2019-05-15")],
    ids=["glued-to-the-first-paragraph", "on-its-own-line"],
)
def test_a_labelled_date_field_before_the_text_dates_the_page(text: str, day: str) -> None:
    found = find_date_line(text)
    assert found is not None and found.date == day


@pytest.mark.parametrize(
    "text",
    ["Revenue 2023-11-16 figures were released before the talks.",
     " date 2023-02-30 The two sides talked."],
    ids=["not-a-date-label", "no-such-day"],
)
def test_other_openings_are_no_date_field(text: str) -> None:
    assert find_date_line(text) is None


def test_a_date_field_before_the_headline_is_not_part_of_it() -> None:
    text = " date 2025-06-05 Trump Says Call With Xi Went Well\n\nThe two leaders spoke."
    assert find_headline(text) == "Trump Says Call With Xi Went Well"
