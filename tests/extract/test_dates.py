"""Temporal expressions: finding them in news sentences and resolving them to real dates."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from parley.errors import DataFileError
from parley.extract.dates import find_times, is_deadline, load_time_words, resolve
from parley.models import TimeRef

WED_2021_10_27 = dt.date(2021, 10, 27)
SAT_2021_10_09 = dt.date(2021, 10, 9)
WED_2020_08_26 = dt.date(2020, 8, 26)


def only(text: str, anchor: dt.date | None = WED_2021_10_27, **kwargs: object) -> TimeRef:
    """The single expression found in ``text`` (fails if there is not exactly one)."""
    refs = find_times(text, anchor, **kwargs)  # type: ignore[arg-type]
    assert len(refs) == 1, [r.text for r in refs]
    return refs[0]


def values(text: str, anchor: dt.date | None = WED_2021_10_27) -> list[tuple[str, str | None]]:
    """(text, value) of every expression found."""
    return [(r.text, r.value) for r in find_times(text, anchor)]


@pytest.mark.parametrize(("sentence", "phrase", "kind", "value", "precision"), [
    ("The leaders first met on November 9, 2017 in Beijing.", "November 9, 2017",
     "absolute_day", "2017-11-09", "day"),
    ("A ceremony was held on 9 November 2017 at the hall.", "9 November 2017",
     "absolute_day", "2017-11-09", "day"),
    ("The truce agreed in January 2020 still holds.", "January 2020",
     "absolute_month", "2020-01", "month"),
    ("Duties were raised in 2019 on many goods.", "2019", "year", "2019", "year"),
    ("The ministry posted the figures on 2021-10-08.", "2021-10-08",
     "absolute_day", "2021-10-08", "day"),
    ("Xi and Biden spoke on Monday, Nov. 15, 2021, by video link.", "Monday, Nov. 15, 2021",
     "absolute_day", "2021-11-15", "day"),
    ("Exports grew in early October 2021 after a lull.", "early October 2021",
     "part_of_month", "2021-10", "month"),
    ("The dispute flared in late 2018.", "late 2018", "part_of_year", "2018", "year"),
])
def test_explicit_dates_resolve_without_the_anchor(sentence: str, phrase: str, kind: str,
                                                   value: str, precision: str) -> None:
    ref = only(sentence, None)
    assert (ref.text, ref.kind, ref.value, ref.precision) == (phrase, kind, value, precision)
    assert sentence[ref.start:ref.end] == phrase
    assert ref.relative is False


def test_month_day_takes_the_nearest_past_year() -> None:
    assert only("Talks resumed on Oct 26 after a pause.").value == "2021-10-26"
    assert only("The envoys last met on Nov. 9 in Rome.").value == "2020-11-09"


def test_a_month_in_lower_case_beside_a_day_or_year_is_still_a_date() -> None:
    # A translated readout's slip: "the spirit of the september 10 call".
    assert only("They cited the september 10 call as their guide.").value == "2021-09-10"
    assert only("Trade grew in october 2019 after a lull.", None).value == "2019-10"
    # Words that are also verbs stay words: "officials may 10 times" is no date.
    assert find_times("Officials may 10 times revise it, and march 2020 miles.",
                      dt.date(2021, 11, 1)) == []


def test_month_day_in_future_context_takes_the_next_occurrence() -> None:
    ref = only("A further round is scheduled for Nov. 9 in Rome.")
    assert ref.value == "2021-11-09"
    assert "future" in ref.basis


@pytest.mark.parametrize(("sentence", "value"), [
    ("Beijing issued a statement yesterday on the call.", "2021-10-26"),
    ("The ministry said today that talks went well.", "2021-10-27"),
    ("The envoy will brief reporters tonight.", "2021-10-27"),
    ("Both teams plan to speak again tomorrow.", "2021-10-28"),
    ("The commerce minister flew home last night.", "2021-10-26"),
    ("Officials spoke three days ago about tariffs.", "2021-10-24"),
])
def test_relative_days_count_from_the_publication_date(sentence: str, value: str) -> None:
    ref = only(sentence)
    assert (ref.kind, ref.value, ref.precision) == ("relative_day", value, "day")
    assert ref.relative is True
    assert "2021-10-27" in ref.basis


@pytest.mark.parametrize(("sentence", "value"), [
    ("The negotiators spoke on Tuesday about soybeans.", "2021-10-26"),
    ("The negotiators spoke Tuesday about soybeans.", "2021-10-26"),
    ("Tai met Liu Friday evening by video.", "2021-10-22"),
    ("The two sides talked Thursday night for an hour.", "2021-10-21"),
    # The day after a Wednesday paper: already Thursday where the talks were held.
    ("The two sides talked on Thursday in Beijing.", "2021-10-28"),
    ("The two sides talked Thursday morning in Beijing.", "2021-10-28"),
    ("The two sides talked last Thursday in Beijing.", "2021-10-21"),
    ("The two sides talked on Wednesday for an hour.", "2021-10-27"),
    ("The envoys met last Friday in Zurich.", "2021-10-22"),
    ("The envoys met last Wednesday in Zurich.", "2021-10-20"),
    ("The envoys will meet next Monday in Zurich.", "2021-11-01"),
    ("The envoys will meet this Tuesday in Zurich.", "2021-11-02"),
    ("The envoys will meet on Wednesday in Zurich.", "2021-10-27"),
    ("The envoys will meet on Friday in Zurich.", "2021-10-29"),
])
def test_weekdays_resolve_by_tense_and_modifier(sentence: str, value: str) -> None:
    ref = only(sentence)
    assert (ref.kind, ref.value, ref.precision) == ("weekday", value, "day")


def test_future_cue_is_not_carried_across_a_past_verb() -> None:
    assert only("Tai, who will visit Beijing soon, met Liu on Friday.").value == "2021-10-22"
    assert only("The sides will meet again, officials said on Tuesday.").value == "2021-10-26"


def test_future_cue_survives_commas_in_the_same_clause() -> None:
    ref = only("She will go to Shanghai, the port city, before leaving on Friday.")
    assert ref.value == "2021-10-29"


def test_future_hint_overrides_the_local_cue_check() -> None:
    text = "The teams met on Tuesday and the leaders talk in June."
    june_start = text.index("June")
    refs = find_times(text, WED_2021_10_27, future_hint=lambda start: start >= june_start)
    assert [(r.text, r.value) for r in refs] == [("Tuesday", "2021-10-26"), ("June", "2022-06")]


@pytest.mark.parametrize(("sentence", "value"), [
    ("Officials met this week to review purchases.", "2021-10-26"),
    ("Officials met earlier this week to review purchases.", "2021-10-26"),
    ("Officials met last week to review purchases.", "2021-10-20"),
    ("Officials will meet next week to review purchases.", "2021-11-03"),
    ("Officials met two weeks ago to review purchases.", "2021-10-13"),
])
def test_relative_weeks_give_the_middle_of_the_week_with_week_precision(
        sentence: str, value: str) -> None:
    # A week's likeliest day is the middle of its working days, and in the publication's
    # own week the middle of those up to publication (a Wednesday here).
    ref = only(sentence)
    assert (ref.kind, ref.value, ref.precision) == ("relative_week", value, "week")


@pytest.mark.parametrize(("sentence", "value"), [
    ("The presidents spoke last month by phone.", "2021-09"),
    ("The presidents spoke this month by phone.", "2021-10"),
    ("The presidents spoke earlier this month by phone.", "2021-10"),
    ("The presidents will speak later this month by phone.", "2021-10"),
    ("The presidents will speak next month by phone.", "2021-11"),
])
def test_relative_months(sentence: str, value: str) -> None:
    ref = only(sentence)
    assert (ref.kind, ref.value, ref.precision) == ("relative_month", value, "month")


def test_relative_month_crosses_the_year_boundary() -> None:
    assert only("Trade fell last month.", dt.date(2022, 1, 5)).value == "2021-12"


@pytest.mark.parametrize(("sentence", "anchor", "value"), [
    ("The two had already made a first contact last May.", dt.date(2021, 10, 9), "2021-05"),
    ("The two had already made a first contact last May.", dt.date(2021, 5, 20), "2020-05"),
    ("Both sides recalled a June discussion on growth.", WED_2021_10_27, "2021-06"),
    ("The accord was signed in January with fanfare.", WED_2020_08_26, "2020-01"),
    ("The accord was signed in November with fanfare.", WED_2020_08_26, "2019-11"),
    ("Purchases have lagged since March for lack of demand.", WED_2021_10_27, "2021-03"),
    ("In May and June talks stalled over chips.", WED_2021_10_27, None),
    ("The next round will be held in January in Washington.", WED_2021_10_27, "2022-01"),
    ("The next round will be held in November in Washington.", WED_2021_10_27, "2021-11"),
])
def test_month_names_pick_the_year_by_tense(sentence: str, anchor: dt.date,
                                            value: str | None) -> None:
    refs = [r for r in find_times(sentence, anchor) if r.kind == "month_name"]
    assert refs, sentence
    if value is None:  # two months joined by "and": both found, in the anchor's year
        assert [r.value for r in refs] == ["2021-05", "2021-06"]
    else:
        assert len(refs) == 1 and refs[0].value == value and refs[0].precision == "month"


@pytest.mark.parametrize(("sentence", "value"), [
    ("Tariffs were cut last year on some goods.", "2020"),
    ("Tariffs were cut this year on some goods.", "2021"),
    ("Tariffs were cut earlier this year on some goods.", "2021"),
    ("Tariffs will be cut next year on some goods.", "2022"),
    ("In the first eight months of this year the surplus grew.", "2021"),
])
def test_relative_years(sentence: str, value: str) -> None:
    ref = only(sentence)
    assert (ref.kind, ref.value, ref.precision) == ("relative_year", value, "year")


@pytest.mark.parametrize("phrase", ["earlier this month", "later this week", "late last year",
                                    "Friday evening", "the day before yesterday"])
def test_overlapping_matches_keep_only_the_longest(phrase: str) -> None:
    sentence = f"Officials said the envoys spoke {phrase} about chips."
    ref = only(sentence)
    assert ref.text == phrase


@pytest.mark.parametrize("sentence", [
    "The call may not indicate a breakthrough, analysts said.",
    "China may retaliate if the duties stay, and May Wong agreed.",
    "Prime Minister Theresa May raised the issue.",
    "Farmers march on the capital to protest the duties.",
    "Activists will March on the embassy again.",
    "It was the second call between the two this autumn.",
    "China pledged to buy $200 billion of goods over two years.",
    "Duties apply to 370 billion dollars of imports under Section 301.",
    "Both sides kept to the Phase 1 terms.",
    "The mine shipped 2019 tons of ore and hired 2050 workers.",
    "Shares rose 2.5% to 2,015 points as US$2020 changed hands.",
    "Reporter April Ryan asked about the talks.",
    "Talks were held at the Mar-a-Lago resort.",
    "Jan told the committee that the deal held.",
    "Growth over the last month was slow, in the last week of talks.",
])
def test_numbers_names_and_verbs_are_not_dates(sentence: str) -> None:
    assert find_times(sentence, WED_2021_10_27) == []


def test_years_in_running_text_but_not_inside_words() -> None:
    found = values("Since 2018 and through the 2020 election, FY2021 and the 1990s, "
                   "duties rose from 2017-2019.")
    assert found == [("2018", "2018"), ("2020", "2020"), ("2017", "2017"), ("2019", "2019")]


def test_anchor_none_keeps_relative_expressions_unresolved() -> None:
    text = ("On November 9, 2017 Xi hosted Trump. In January 2020 they signed a deal, "
            "after tariffs rose in 2019. Yesterday Liu called; on Tuesday they met, "
            "as they did last month.")
    refs = {r.text: r for r in find_times(text, None)}
    assert refs["November 9, 2017"].value == "2017-11-09"
    assert refs["January 2020"].value == "2020-01"
    assert refs["2019"].value == "2019"
    for phrase, kind in [("Yesterday", "relative_day"), ("Tuesday", "weekday"),
                         ("last month", "relative_month")]:
        assert refs[phrase].kind == kind
        assert refs[phrase].value is None and refs[phrase].relative is True


def test_estimated_anchor_is_flagged_on_relative_values_only() -> None:
    refs = find_times("In 2019 tariffs rose; yesterday talks resumed.", WED_2021_10_27,
                      estimated=True)
    by_text = {r.text: r for r in refs}
    assert by_text["2019"].estimated is False
    assert by_text["yesterday"].estimated is True
    assert "estimated publication date" in by_text["yesterday"].basis


def test_weekend_gives_its_saturday() -> None:
    assert only("The sides spoke over the weekend.").value == "2021-10-23"
    assert only("The sides will speak this weekend.").value == "2021-10-30"


def test_anaphoric_day_counts_from_the_preceding_date() -> None:
    text = "Liu met Yellen on Tuesday. The day before, he had called Tai."
    assert values(text) == [("Tuesday", "2021-10-26"), ("The day before", "2021-10-25")]


def test_day_before_a_named_event_is_left_undated() -> None:
    ref = only("The day before the summit, aides drafted a statement.")
    assert ref.kind == "event_relative" and ref.value is None
    assert resolve(ref, WED_2021_10_27, previous=WED_2021_10_27).value is None


def test_resolve_recomputes_against_a_new_anchor_and_tense() -> None:
    ref = only("Liu and Yellen spoke on Tuesday.", None)
    past = resolve(ref, WED_2021_10_27)
    future = resolve(ref, WED_2021_10_27, future=True, estimated=True)
    assert (past.value, future.value) == ("2021-10-26", "2021-11-02")
    assert future.estimated is True and (future.start, future.end) == (ref.start, ref.end)


def test_resolve_keeps_ambiguous_month_names_it_already_accepted() -> None:
    ref = only("The two met last May.", None)
    assert resolve(ref, SAT_2021_10_09).value == "2021-05"


def test_resolve_leaves_unknown_text_alone() -> None:
    ref = TimeRef(text="at some point", start=0, end=13, kind="vague")
    assert resolve(ref, WED_2021_10_27) is ref


def test_time_words_file_is_validated(tmp_path: Path) -> None:
    words = load_time_words()
    assert words.months["october"] == 10 and words.weekdays["friday"] == 4
    raw = json.loads((Path(__file__).parents[2] / "src/parley/extract/data/time_words.json")
                     .read_text(encoding="utf-8"))
    raw["months"]["june"] = 13
    bad = tmp_path / "time_words.json"
    bad.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DataFileError, match="months"):
        load_time_words(bad)
    del raw["months"]
    bad.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DataFileError, match="months"):
        load_time_words(bad)


def test_long_articles_are_scanned_to_the_end() -> None:
    paragraph = ("Liu He spoke with Janet Yellen on Tuesday, a day after trade data for "
                 "the first eight months of this year showed a $218 billion gap. ")
    text = paragraph * 2000  # about 300 KB; its speed is measured by benchmarks/, not here
    refs = find_times(text, WED_2021_10_27)
    assert len(refs) == 4000
    assert refs[-1].start > len(text) - len(paragraph)


def test_seed_article_dates_match_the_gold_bases(seeds_dir: Path) -> None:
    gold_file = seeds_dir / "gold.jsonl"
    gold = {json.loads(line)["doc"]: json.loads(line)
            for line in gold_file.read_text(encoding="utf-8").splitlines() if line.strip()}
    doc = next(name for name in gold if name.startswith("000_"))
    text = (seeds_dir / doc).read_text(encoding="utf-8")
    anchor = dt.date.fromisoformat(gold[doc]["published"])
    found = {r.text.lower(): r.value for r in find_times(text, anchor)}
    event_dates = {e["date"] for e in gold[doc]["events"] if e["date"]}
    assert found["yesterday"] in event_dates
    assert found["last month"] in event_dates
    assert found["june"] in event_dates
    assert found["earlier this month"] in event_dates


def _vocabulary_texts(count: int) -> list[str]:
    """Random strings of date words, numbers and the separators the patterns care about,
    in every casing, with the letters lower-casing treats oddly ("İ", "ı", "ſ")."""
    import random

    from parley.extract.dates import WORDS

    words = [*WORDS.months, *WORDS.month_abbreviations, *WORDS.weekdays, *WORDS.day_words,
             *WORDS.parts_of_day, *WORDS.unit_qualifiers, *WORDS.weekday_modifiers,
             *WORDS.period_parts, *WORDS.anaphoric, *WORDS.numbers, "week", "month", "year",
             "weekend", "ago", "days", "before", "after", "of", "to", "through", "2019", "12",
             "3", "31st", "2021-03-04", "Jan.", "blast", "Ian", "phase"]
    separators = [" ", "  ", "\n", ", ", ". ", "-", "–", "/", "$", "#", "", "’", "(",
                  "İ", "ı", "ſ", "\u212a", "٣"]
    rng = random.Random(11)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 10)):
            word = rng.choice(words)
            parts += [rng.choice([word, word.title(), word.upper()]), rng.choice(separators)]
        texts.append("".join(parts))
    return texts


def test_the_start_scan_finds_what_trying_every_character_finds(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Each pattern is tried only where one of the words it can start with stands: the
    # expressions must be exactly those a plain regex scan of every character finds.
    from parley.extract import dates

    texts = [*_vocabulary_texts(3000), "They met last Monday, not the blast Monday before.",
             "Jan 5 to Feb 3, 2020", "an hour and a day earlier", "mid-May", "İstanbul, May 4"]
    fast = [[dates._scan(t, validate) for validate in (True, False)] for t in texts]
    monkeypatch.setattr(dates._STARTS, "find", lambda text: None)
    plain = [[dates._scan(t, validate) for validate in (True, False)] for t in texts]
    assert fast == plain
    assert sum(len(found) for pair in plain for found in pair) > 3000  # real matches compared


@pytest.mark.parametrize(("text", "deadline"), [
    ("A ban was repeatedly delayed, with the latest extension to December 16, 2025.", True),
    ("The tariff truce was extended to November 10, 2025.", True),
    ("Trump and Xi spoke by phone on December 16, 2025.", False),
], ids=["extension-to", "extended-to", "a-call"])
def test_a_deadline_moved_to_a_day_is_a_deadline(text: str, deadline: bool) -> None:
    # The day a deadline is moved to dates no engagement and no publication.
    day = re.search(r"(December 16|November 10), 2025", text)
    assert day is not None
    assert is_deadline(text, day.start(), day.end()) is deadline
