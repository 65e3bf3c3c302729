"""Error kinds 3 and 4: participants are those who took part; types are the channel used.

Sentences written for these tests.
"""

from __future__ import annotations

import pytest
from tests.extract.support import extract_one, only_event_with

from parley.extract.article import Extractor

pytestmark = pytest.mark.slow


def _people(event) -> set[str]:
    return {p.actor_id for p in event.participants if p.actor_id}


def test_who_gave_the_direction_did_not_take_part(extractor: Extractor) -> None:
    text = ("At the direction of President Donald Trump, Robert Lighthizer held talks with "
            "Liu He in Beijing on Thursday.")
    talks = [e for e in extract_one(extractor, text, "2019-02-15").events
             if "robert-lighthizer" in _people(e)]
    assert talks and "donald-trump" not in _people(talks[0])


def test_a_spokesperson_speaks_but_does_not_take_part(extractor: Extractor) -> None:
    text = ("Foreign Ministry spokesperson Hua Chunying said Xi Jinping and Joe Biden held a "
            "video call on Monday.")
    events = extract_one(extractor, text, "2021-11-16").events
    assert events and all("hua-chunying" not in _people(e) for e in events)


@pytest.mark.parametrize(
    ("text", "published", "people", "kind"),
    [
        ("Donald Trump met Xi Jinping on the sidelines of the G20 summit in Osaka on Saturday.",
         "2019-06-29", {"donald-trump", "xi-jinping"}, "meeting"),
        ("Joe Biden and Xi Jinping held a summit at an estate near San Francisco on Wednesday.",
         "2023-11-16", {"joe-biden", "xi-jinping"}, "summit"),
        ("Donald Trump and Xi Jinping held trade talks in Busan on Thursday.",
         "2025-10-31", {"donald-trump", "xi-jinping"}, "meeting"),
        ("Katherine Tai and Liu He held a virtual meeting on Friday.",
         "2021-10-09", {"katherine-tai"}, "video_call"),
        ("Joe Biden and Xi Jinping held virtual talks on Monday.",
         "2021-11-16", {"joe-biden", "xi-jinping"}, "summit"),
        ("Joe Biden and Xi Jinping held a video call on Friday.",
         "2022-03-19", {"joe-biden", "xi-jinping"}, "video_call"),
    ],
    ids=["meeting-beside-the-g20-summit", "the-leaders-summit",
         "leaders-trade-talks-in-person", "virtual-meeting-is-a-video-call",
         "the-leaders-virtual-talks-are-a-summit", "the-leaders-video-call-is-a-call"],
)
def test_the_type_is_the_channel_used(extractor: Extractor, text: str, published: str,
                                      people: set[str], kind: str) -> None:
    events = [e for e in extract_one(extractor, text, published).events
              if people <= _people(e)]
    assert events and events[0].type == kind


def test_the_other_side_named_in_the_lede_took_part_in_the_headline_meeting(
        extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen flew to Zurich on Wednesday to discuss the "
            "economy. A meeting with Vice Premier Liu He lasted three hours, officials said.")
    main = [e for e in extract_one(extractor, text, "2023-01-19").events if e.main]
    assert main and {"janet-yellen", "liu-he"} <= _people(main[0])


def test_the_officials_the_lede_names_held_the_headline_talks_that_name_nobody(
        extractor: Extractor) -> None:
    text = ("Top US and Chinese officials wrapped up two days of trade talks in Stockholm on "
            "Tuesday. Vice Premier He Lifeng said both sides wanted to keep the truce. "
            "Treasury Secretary Scott Bessent said the decision rested with President Donald "
            "Trump, and Trump said he liked the talks.")
    main = [e for e in extract_one(extractor, text, "2025-07-30").events if e.main]
    assert main and main[0].type == "talks_round"
    # Trump, named most, commented on his negotiators' round: he is no negotiator.
    assert _people(main[0]) == {"he-lifeng", "scott-bessent"}


def test_without_both_sides_in_view_a_headline_naming_nobody_takes_no_one(
        extractor: Extractor) -> None:
    text = ("Trade talks wrapped up in Stockholm on Tuesday. Treasury Secretary Scott Bessent "
            "said the final decision rested with the White House.")
    main = [e for e in extract_one(extractor, text, "2025-07-30").events if e.main]
    assert not main or not _people(main[0])


def test_a_third_countrys_leader_named_beside_the_call_is_no_participant(
        extractor: Extractor) -> None:
    text = ("Hours after a video meeting with Russian President Vladimir Putin, Xi Jinping spoke "
            "with Donald Trump by phone on Wednesday.")
    call = only_event_with(extract_one(extractor, text, "2026-02-05"), "xi-jinping",
                           "donald-trump")
    assert all(p.country in ("USA", "CHN") for p in call.participants)


def test_the_author_of_a_tirade_about_the_meeting_is_no_participant(
        extractor: Extractor) -> None:
    text = ("Robert Lighthizer met Vice Premier Liu He in Shanghai on July 31, but the meeting "
            "was overshadowed by a tirade from President Donald Trump.")
    events = extract_one(extractor, text, "2019-08-01").events
    assert events and all("donald-trump" not in {p.actor_id for p in e.participants}
                          for e in events)


@pytest.mark.parametrize("phrase", [
    "the two heads of state", "the presidents of the two countries",
    "the two countries' leaders", "both leaders"])
def test_the_two_leaders_are_both_heads_of_state_that_day(extractor: Extractor,
                                                           phrase: str) -> None:
    text = (f"Chinese and US trade ministers met in Beijing on Friday after {phrase} spoke by "
            "phone on Monday.")
    call = next(e for e in extract_one(extractor, text, "2022-06-10").events if e.type == "call")
    assert {p.actor_id for p in call.participants} == {"joe-biden", "xi-jinping"}


def test_an_undated_meeting_of_the_two_leaders_is_no_event(extractor: Extractor) -> None:
    text = ("US and Chinese negotiators said the framework carries out the meeting between "
            "the two presidents and the consensus reached in Geneva.")
    assert extract_one(extractor, text, "2025-06-11").events == []


def test_a_talks_noun_named_for_its_venue_is_its_own_engagement(extractor: Extractor) -> None:
    text = ("Howard Lutnick and Li Chenggang of China held talks in London on Tuesday.\n"
            "Both sides said the progress built on the Geneva talks between the two countries.")
    events = extract_one(extractor, text, "2025-06-11").events
    assert sorted(e.location or "" for e in events) == ["Geneva", "London"]


def test_talks_listed_in_several_places_are_one_engagement_each(extractor: Extractor) -> None:
    text = ("Chinese and US negotiators met in Madrid on Sunday. The round builds on earlier "
            "discussions in Switzerland, Britain and Sweden between the two countries.")
    events = extract_one(extractor, text, "2025-09-16").events
    assert {"Switzerland", "Britain", "Sweden"} <= {e.location for e in events}
    assert len({e.id for e in events}) == len(events)


def test_a_city_and_the_place_it_lies_in_are_one_venue(extractor: Extractor) -> None:
    text = "Chinese and US negotiators met in Anchorage, Alaska on Thursday."
    (meeting,) = extract_one(extractor, text, "2021-03-20").events
    assert meeting.location == "Anchorage"


def test_the_same_people_listed_in_several_places_keep_one_event_per_place(
        extractor: Extractor) -> None:
    text = ("Scott Bessent and He Lifeng held earlier discussions in Geneva, London and "
            "Stockholm.")
    events = extract_one(extractor, text, "2025-09-16").events
    assert sorted(e.location or "" for e in events) == ["Geneva", "London", "Stockholm"]


def test_a_meeting_and_a_call_in_one_sentence_are_two_engagements(
        extractor: Extractor) -> None:
    text = ("Ninety days after Joe Biden and Xi Jinping held a video call, Jake Sullivan and "
            "Yang Jiechi held a meeting in Luxembourg on Monday.")
    events = extract_one(extractor, text, "2022-06-15").events
    assert sorted(e.type for e in events) == ["meeting", "video_call"]


def test_a_meeting_held_by_video_link_is_one_engagement(extractor: Extractor) -> None:
    text = "Liu He and Janet Yellen of the United States held a meeting via video link on Tuesday."
    (meeting,) = extract_one(extractor, text, "2021-06-04").events
    assert meeting.type == "video_call"


def test_an_engagement_in_a_clause_of_time_is_another_engagement(extractor: Extractor) -> None:
    text = ("Wang Yi met Jake Sullivan on Tuesday. They last met in January in Bangkok, two "
            "months after Xi Jinping and Joe Biden held talks in San Francisco.")
    events = extract_one(extractor, text, "2024-08-30").events
    places = {e.location: e for e in events}
    assert {"Bangkok", "San Francisco"} <= set(places)
    assert {p.actor_id for p in places["San Francisco"].participants} == {"xi-jinping",
                                                                          "joe-biden"}
    assert places["San Francisco"].date != "2024-01"


def test_the_subject_of_a_clause_of_time_takes_no_part(extractor: Extractor) -> None:
    text = ("Liu He, who has led China's trade talks since former US President Donald Trump "
            "embarked on a trade war, spoke with Janet Yellen by video on Tuesday.")
    events = extract_one(extractor, text, "2021-10-27").events
    assert events and all("donald-trump" not in {p.actor_id for p in e.participants}
                          for e in events)


def test_a_place_another_engagement_goes_to_does_not_place_the_call(
        extractor: Extractor) -> None:
    text = ("Joe Biden spoke with Xi Jinping by phone on Thursday amid tensions over a "
            "possible visit to Taiwan by Nancy Pelosi.")
    call = only_event_with(extract_one(extractor, text, "2022-07-29"), "joe-biden", "xi-jinping")
    assert call.type == "call" and call.location is None


def test_the_source_of_an_account_is_not_where_the_call_was_held(
        extractor: Extractor) -> None:
    text = ("Joe Biden and Xi Jinping held a phone call on Thursday that lasted two hours, "
            "according to Beijing.")
    call = only_event_with(extract_one(extractor, text, "2022-07-29"), "joe-biden", "xi-jinping")
    assert call.location is None


def test_a_possessive_pronoun_refers_to_the_last_subject_not_a_name_in_passing(
        extractor: Extractor) -> None:
    text = ("Commerce Secretary Wilbur Ross arrived in Beijing on Saturday for talks. "
            "Ross met Vice Premier Liu He, who is President Xi Jinping's top economic aide. "
            "His visit comes as fears of a trade war grow.")
    events = extract_one(extractor, text, "2018-06-02").events
    assert len(events) == 1
    assert {p.actor_id for p in events[0].participants} == {"wilbur-ross", "liu-he"}


def test_a_sentence_opening_he_before_he_lifeng_is_a_pronoun(extractor: Extractor) -> None:
    text = ("Vice Premier He Lifeng has led the Chinese side since 2023. Treasury Secretary "
            "Scott Bessent arrived in Beijing on Saturday. He met with Vice Premier He Lifeng "
            "in the Great Hall of the People on Sunday.")
    extraction = extract_one(extractor, text, "2025-06-02")
    opening_he = text.index("He met")
    (pronoun,) = [m for m in extraction.actors if m.start == opening_he]
    assert pronoun.actor_id == "scott-bessent"


def test_they_as_subject_of_an_earlier_engagement_are_its_pair(extractor: Extractor) -> None:
    # "They last spoke by phone on March 18": the two leaders of the call just reported, in an
    # earlier call of their own, which "the call" afterwards does not mean.
    text = ("Joe Biden and Xi Jinping held a call on Thursday that lasted two hours.\n\n"
            "Taiwan dominated the agenda.\n\n"
            "They last spoke by phone on March 18 and may meet in November.\n\n"
            "Biden declined to take questions about the call on Thursday afternoon.")
    calls = sorted((e for e in extract_one(extractor, text, "2022-07-28").events
                    if e.type == "call" and e.status == "happened"), key=lambda e: e.date)
    assert [(e.date, _people(e)) for e in calls] == [
        ("2022-03-18", {"joe-biden", "xi-jinping"}), ("2022-07-28", {"joe-biden", "xi-jinping"})]


def test_they_who_last_met_recall_an_earlier_meeting_without_a_date_of_its_own(
        extractor: Extractor) -> None:
    text = ("Jake Sullivan met Wang Yi in Beijing on Tuesday.\n\n"
            "They last met in January in Bangkok, Thailand.")
    meetings = [e for e in extract_one(extractor, text, "2024-08-28").events
                if e.type == "meeting"]
    assert sorted((e.date, e.location) for e in meetings) == [
        ("2024-01", "Bangkok"), ("2024-08-27", "Beijing")]
    assert all(_people(e) == {"jake-sullivan", "wang-yi"} for e in meetings)


def test_they_in_a_clause_that_is_no_engagement_take_no_pair(extractor: Extractor) -> None:
    text = ("Joe Biden and Xi Jinping held a video call on Friday.\n\n"
            "Face to face by video, Biden laid out the consequences China would face if they "
            "provide military aid.")
    events = extract_one(extractor, text, "2022-03-19").events
    assert [(e.type, e.date) for e in events if e.status == "happened"] == [
        ("video_call", "2022-03-18")]


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (("He Lifeng discussed farm purchases and other matters of mutual "
          "interest with Treasury Secretary Scott Bessent on Tuesday."),
         {"he-lifeng", "scott-bessent"}),
        ("Gina Raimondo talked with Wang Wentao about export controls on Monday.",
         {"gina-raimondo", "wang-wentao"}),
    ],
    ids=["discussed-with-hung-on-the-object", "talked-with"],
)
def test_discussing_with_a_named_official_is_an_engagement(
        extractor: Extractor, text: str, people: set[str]) -> None:
    events = [e for e in extract_one(extractor, text, "2025-06-12").events
              if e.status == "happened"]
    assert [_people(e) for e in events] == [people]


@pytest.mark.parametrize(
    "text",
    ["Officials discussed tariffs with great care on Monday.",
     "Gina Raimondo talked with reporters about export controls on Monday."],
    ids=["with-no-party", "with-an-audience"],
)
def test_discussing_without_a_party_is_no_engagement(extractor: Extractor, text: str) -> None:
    assert not extract_one(extractor, text, "2023-08-29").events


def test_a_word_that_does_not_say_how_they_talked_never_types_a_meeting(
        extractor: Extractor) -> None:
    # "met" says in person; "their conversation" only refers to it, and a conversation
    # alone is usually a call.
    text = ("The two diplomats met for nearly 90 minutes in New York on Friday, and their "
            "conversation focused on Taiwan, a senior official said of Antony Blinken and "
            "Wang Yi.")
    events = extract_one(extractor, text, "2022-09-24").events
    assert [(e.type, e.date) for e in events] == [("meeting", "2022-09-23")]


def test_a_joint_statement_in_a_title_case_headline_is_one(extractor: Extractor) -> None:
    # Title case makes "Statement" a proper noun whose lemma keeps its capital.
    text = ("US-China Joint Statement on the Economic and Trade Meeting in Geneva\n\n"
            "The United States and China agreed on Monday to lower tariffs for 90 days, said "
            "Scott Bessent, who met He Lifeng in Geneva.")
    events = extract_one(extractor, text, "2025-05-12").events
    assert sorted(e.type for e in events) == ["joint_statement", "meeting"]


def test_their_last_meeting_is_an_earlier_one_of_the_pair(extractor: Extractor) -> None:
    # "Their last meeting" is no anaphor of the meeting reported: it recalls an earlier
    # one of the same two leaders, which keeps its own year and place.
    text = ("Donald Trump met Xi Jinping at an air base near Busan on Thursday.\n\n"
            "Their last meeting was in Osaka, Japan, in 2019, when both attended the G20 "
            "summit.")
    meetings = sorted((e for e in extract_one(extractor, text, "2025-10-31").events
                       if e.type == "meeting"), key=lambda e: e.date)
    assert [(e.date, _people(e)) for e in meetings] == [
        ("2019", {"donald-trump", "xi-jinping"}), ("2025-10-30", {"donald-trump", "xi-jinping"})]


def test_a_headline_meets_over_the_call_the_body_reports_is_that_call(
        extractor: Extractor) -> None:
    # Headlines say "meets" of a video call as readily as of a meeting.
    text = ("Trade Envoy Meets Vice Premier Liu He - 10/09/2021\n\n"
            "Katherine Tai spoke with Liu He by video on Friday night, the US government said.")
    events = extract_one(extractor, text, "2021-10-09").events
    assert [(e.type, e.date, _people(e)) for e in events] == [
        ("video_call", "2021-10-08", {"katherine-tai", "liu-he"})]


def test_a_name_that_qualifies_an_administration_leads_no_side(extractor: Extractor) -> None:
    text = ("The talks on Saturday were the first in months. Liu He led the Chinese side.\n\n"
            "The Joe Biden administration wants China to cut subsidies.")
    events = extract_one(extractor, text, "2021-10-10").events
    assert [_people(e) for e in events] == [{"liu-he"}]


def test_a_name_in_a_clause_of_another_act_leads_no_side(extractor: Extractor) -> None:
    # Right after unnamed talks, a name in "with Trump imposing tariffs" is the subject of
    # another act inside the sentence, not the side's leader at the talks.
    text = ("China and the United States held trade talks in Beijing on Friday. A trade spat "
            "began last month with Donald Trump imposing tariffs on steel.")
    events = extract_one(extractor, text, "2018-05-05").events
    assert [(e.type, _people(e)) for e in events] == [("talks_round", set())]


@pytest.mark.parametrize(("sentence", "kind"), [
    (("The lengthy conversations between Xi Jinping and Joe Biden on Monday night in Bali "
      "covered Ukraine."), "meeting"),
    ("Joe Biden had a phone conversation with Xi Jinping in Washington on Monday.", "call"),
], ids=["placed-conversations", "phone-conversation"])
def test_a_placed_conversation_was_held_face_to_face(extractor: Extractor, sentence: str,
                                                     kind: str) -> None:
    # "Conversations" does not say how they talked; a place of their own says they met.
    text = f"Leaders gathered for the G20 summit of many countries.\n\n{sentence}"
    events = extract_one(extractor, text, "2022-11-15").events
    assert [(e.type, e.date) for e in events] == [(kind, "2022-11-14")]


def test_a_summit_of_ministers_is_a_meeting(extractor: Extractor) -> None:
    # A summit is the leaders'; a commerce secretary and a vice premier hold a meeting,
    # whatever a readout calls it.
    text = "Wilbur Ross and Vice Premier Liu He held a summit in Beijing on Saturday."
    events = extract_one(extractor, text, "2018-06-04").events
    assert [(e.type, _people(e)) for e in events] == [("meeting", {"wilbur-ross", "liu-he"})]


def test_meeting_via_a_video_screen_is_a_video_call(extractor: Extractor) -> None:
    # "via a video ..." says the channel even when the caption is cut before "call".
    text = "A screen shows Xi Jinping as he meets with Joe Biden via a video screen on Friday."
    events = extract_one(extractor, text, "2022-03-19").events
    assert [e.type for e in events] == ["video_call"]


@pytest.mark.parametrize("text", [
    "Wang Yi met visiting US climate envoy John Kerry on Tuesday in Beijing.",
    "Li Qiang met the visiting Treasury Secretary Janet Yellen on Friday.",
])
def test_a_visiting_guest_is_met_not_a_visit(extractor: Extractor, text: str) -> None:
    # "visiting" describes who travelled; "met" says how they talked.
    extraction = extract_one(extractor, text, "2023-07-18")
    assert [e.type for e in extraction.events if e.date] == ["meeting"]


def test_a_visitor_received_by_the_leader_and_a_minister_met_them_apart(
        extractor: Extractor) -> None:
    text = ("Antony Blinken met his counterpart Wang Yi and Chinese leader Xi Jinping in "
            "Beijing on Friday.")
    meetings = extract_one(extractor, text, "2024-04-26").events
    assert sorted(sorted(_people(e)) for e in meetings) == [
        ["antony-blinken", "wang-yi"], ["antony-blinken", "xi-jinping"]]


def test_a_leader_and_his_ministers_meeting_a_leader_is_one_meeting(
        extractor: Extractor) -> None:
    text = "Joe Biden met Xi Jinping and Wang Yi at the estate on Wednesday."
    meetings = extract_one(extractor, text, "2023-11-16").events
    assert len(meetings) == 1


def test_someone_who_had_met_one_of_them_before_is_not_in_the_meeting(
        extractor: Extractor) -> None:
    text = ("Joe Biden met Xi Jinping at the estate on Wednesday.\n\n"
            "Shortly before, Governor Gavin Newsom had met with President Xi Jinping during a "
            "trip to China.")
    meeting = only_event_with(extract_one(extractor, text, "2023-11-16"), "joe-biden")
    assert "Gavin Newsom" not in {p.name for p in meeting.participants}


def test_a_meeting_a_report_backshifts_is_the_same_meeting(extractor: Extractor) -> None:
    text = ("Wilbur Ross met Li Keqiang in Beijing on Monday.\n\n"
            "Ross said he had met Li Keqiang to press for progress on trade.")
    meetings = [e for e in extract_one(extractor, text, "2017-09-26").events
                if e.status == "happened"]
    assert len(meetings) == 1


def test_an_engagement_that_times_the_clause_is_another_one(extractor: Extractor) -> None:
    text = ("Commerce Secretary Wilbur Ross met with Premier Li Keqiang at the leadership "
            "compound ahead of the US president's trip to China, which is expected to take "
            "place in November.")
    extraction = extract_one(extractor, text, "2017-09-25")
    meeting = only_event_with(extraction, "wilbur-ross", "li-keqiang")
    assert meeting.type == "meeting" and meeting.status == "happened"
    assert meeting.date != "2016-11"
    assert all(e.status == "planned" for e in extraction.events if e.type == "visit")


def test_who_speaks_after_a_day_of_talks_did_not_take_part_in_them(
        extractor: Extractor) -> None:
    text = ("\"It went very well,\" President Donald Trump said after a day of talks between "
            "Vice Premier Liu He and Robert Lighthizer on Thursday.")
    talks = [e for e in extract_one(extractor, text, "2019-10-11").events
             if "liu-he" in _people(e)]
    assert talks and all("donald-trump" not in _people(e) for e in talks)


def test_conjoined_engagements_share_the_people_named_for_them(extractor: Extractor) -> None:
    text = ("He Lifeng noted that China and the United States should implement the "
            "consensus reached between the two presidents at their San Francisco meeting and "
            "during a phone call in April this year.")
    extraction = extract_one(extractor, text, "2024-09-22")
    (call,) = [e for e in extraction.events if e.type == "call"]
    assert _people(call) == {"joe-biden", "xi-jinping"}


def _pairs(extraction) -> set[frozenset[str]]:
    return {frozenset(_people(e)) for e in extraction.events if e.status == "happened"}


def test_separate_calls_are_one_call_per_person_called(extractor: Extractor) -> None:
    text = ("Treasury Secretary Steven Mnuchin made separate calls to Vice Premier Wang Yang "
            "and central bank governor Zhou Xiaochuan on Thursday.")
    extraction = extract_one(extractor, text, "2017-02-18")
    assert _pairs(extraction) == {frozenset({"steven-mnuchin", "wang-yang"}),
                                  frozenset({"steven-mnuchin", "zhou-xiaochuan"})}
    assert {e.type for e in extraction.events} == {"call"}


def test_meeting_separately_splits_the_side_that_lists_several(extractor: Extractor) -> None:
    text = ("Katherine Tai and Gina Raimondo met separately with Commerce Minister Wang Wentao "
            "in Detroit on Thursday.")
    extraction = extract_one(extractor, text, "2023-05-26")
    assert _pairs(extraction) == {frozenset({"katherine-tai", "wang-wentao"}),
                                  frozenset({"gina-raimondo", "wang-wentao"})}


def test_without_separately_a_joint_meeting_stays_one(extractor: Extractor) -> None:
    text = ("Katherine Tai and Gina Raimondo met Commerce Minister Wang Wentao in Detroit on "
            "Thursday.")
    extraction = extract_one(extractor, text, "2023-05-26")
    assert _pairs(extraction) == {frozenset({"katherine-tai", "gina-raimondo", "wang-wentao"})}


def test_separately_with_several_on_both_sides_does_not_say_who_met_whom(
        extractor: Extractor) -> None:
    text = ("Janet Yellen and Gina Raimondo met separately with He Lifeng and Wang Wentao in "
            "Beijing on Thursday.")
    extraction = extract_one(extractor, text, "2023-07-07")
    assert _pairs(extraction) == {frozenset({"janet-yellen", "gina-raimondo", "he-lifeng",
                                             "wang-wentao"})}


@pytest.mark.parametrize(("text", "people"), [
    ("Treasury Secretary Steven Mnuchin made calls to Vice Premier Wang Yang on Thursday.",
     {"steven-mnuchin", "wang-yang"}),
    ("The news agency said Vice Premier Wang Yang had spoken to Steven Mnuchin on Thursday.",
     {"steven-mnuchin", "wang-yang"}),
], ids=["calls-made-to-a-person", "spoken-to-a-person"])
def test_calls_to_a_person_are_calls(extractor: Extractor, text: str, people: set[str]) -> None:
    (call,) = extract_one(extractor, text, "2017-02-18").events
    assert call.type == "call" and _people(call) == people


@pytest.mark.parametrize("text", [
    ("Farm groups renewed calls to lift the tariffs on Thursday, Treasury Secretary Steven "
     "Mnuchin and Vice Premier Wang Yang said."),
    "Treasury Secretary Steven Mnuchin spoke to reporters about Wang Yang on Thursday.",
], ids=["calls-to-act", "spoke-to-reporters"])
def test_calls_to_act_and_words_to_reporters_are_no_calls(extractor: Extractor,
                                                          text: str) -> None:
    assert not extract_one(extractor, text, "2017-02-18").events


def test_their_respective_presidents_are_the_two_leaders(extractor: Extractor) -> None:
    text = ("Chinese and US negotiators held two days of talks in Beijing, their first "
            "face-to-face meeting since their respective presidents met in Argentina last "
            "December.")
    leaders = only_event_with(extract_one(extractor, text, "2019-01-08"), "donald-trump",
                              "xi-jinping")
    assert leaders.date == "2018-12"


def test_the_people_of_an_earlier_meeting_are_not_lent_to_the_reported_one(
        extractor: Extractor) -> None:
    text = ("Deputy US Trade Representative Jeffrey Gerrish was in Beijing this week. Talks "
            "on Monday were the first face-to-face meeting between officials of both "
            "countries since their respective presidents met in Argentina last December.")
    events = extract_one(extractor, text, "2019-01-08").events
    assert all(not {"donald-trump", "xi-jinping"} & _people(e) for e in events
               if e.date != "2018-12")


def test_their_engagement_is_the_two_leaders_the_sentence_names(extractor: Extractor) -> None:
    text = ("Beijing is ready to carry out the consensus reached by the two heads of state "
            "during their phone call on January 17, the vice premier said.")
    call = only_event_with(extract_one(extractor, text, "2025-05-12"), "donald-trump",
                           "xi-jinping")
    assert (call.type, call.date) == ("call", "2025-01-17")


def test_talks_held_before_in_a_gerund_clause_keep_their_own_counterpart(
        extractor: Extractor) -> None:
    text = ("National Security Advisor Jake Sullivan met President Xi Jinping in Beijing on "
            "Thursday, after holding talks with Foreign Minister Wang Yi on the previous two "
            "days.")
    meeting = only_event_with(extract_one(extractor, text, "2024-08-29"), "jake-sullivan",
                              "xi-jinping")
    assert "wang-yi" not in _people(meeting) and meeting.date == "2024-08-29"


def test_the_doer_of_a_gerund_that_times_a_clause_is_that_clauses_subject(
        extractor: Extractor) -> None:
    text = ("After meeting Chinese President Xi Jinping at the G20 in Osaka on Saturday, US "
            "President Donald Trump agreed to suspend a new round of tariffs.")
    meeting = only_event_with(extract_one(extractor, text, "2019-07-01"), "xi-jinping")
    assert _people(meeting) == {"xi-jinping", "donald-trump"}


def test_meetings_with_several_people_listed_are_one_meeting_each(extractor: Extractor) -> None:
    text = ("Janet Yellen held meetings with Premier Li Qiang, Vice Premier He Lifeng and "
            "central bank governor Pan Gongsheng in Beijing on Sunday.")
    events = extract_one(extractor, text, "2024-04-08").events
    assert sorted(tuple(sorted(_people(e))) for e in events) == [
        ("he-lifeng", "janet-yellen"), ("janet-yellen", "li-qiang"),
        ("janet-yellen", "pan-gongsheng")]


def test_one_meeting_with_several_people_stays_one(extractor: Extractor) -> None:
    text = ("Janet Yellen held a meeting with Vice Premier He Lifeng and central bank "
            "governor Pan Gongsheng in Beijing on Sunday.")
    events = extract_one(extractor, text, "2024-04-08").events
    assert [sorted(_people(e)) for e in events] == [
        ["he-lifeng", "janet-yellen", "pan-gongsheng"]]


@pytest.mark.parametrize("text", [
    "Xi Jinping told reporters that the accord, signed in March in Geneva, served both sides.",
    ("Joe Biden and Xi Jinping praised the climate accord signed in March during a video "
     "call on Friday."),
], ids=["speaker-of-the-sentence", "people-of-another-engagement"])
def test_a_participle_describing_a_deal_takes_no_one_from_the_rest_of_the_sentence(
        extractor: Extractor, text: str) -> None:
    # "the accord, signed in March": who signed is not said; the speaker, or the people
    # of the call the sentence reports, did not sign it.
    events = extract_one(extractor, text, "2024-04-20").events
    signed = [e for e in events if e.type == "agreement_signed"]
    assert all(not _people(e) for e in signed)  # left unnamed (or not exported at all)
    calls = [e for e in events if e.type in ("call", "video_call")]
    if calls:
        assert _people(calls[0]) == {"joe-biden", "xi-jinping"}


def test_who_names_what_was_reached_did_not_take_part(extractor: Extractor) -> None:
    # "what President Biden called a breakthrough": Biden names the outcome of talks the
    # parse ties him to in no way; he is no party to them.
    text = ("After talks in Oslo on Friday, the two countries reached what President Joe "
            "Biden called a breakthrough.")
    events = extract_one(extractor, text, "2023-06-12").events
    talks = [e for e in events if e.type in ("talks_round", "meeting")]
    assert all("joe-biden" not in _people(e) for e in talks)
    led = ("After talks in Oslo on Friday, Joe Biden and Xi Jinping reached an accord.")
    assert any({"joe-biden", "xi-jinping"} <= _people(e)
               for e in extract_one(extractor, led, "2023-06-12").events)


def test_talks_held_in_a_place_are_not_the_call_beside_them(extractor: Extractor) -> None:
    text = ("Chinese and American negotiators wrapped up two days of talks in London on "
            "Tuesday. The two sides agreed on how to carry out the consensus the two "
            "presidents reached during their phone call on June 5 and to build on the "
            "outcomes of the trade talks in Geneva.")
    extraction = extract_one(extractor, text, "2025-06-11")
    call = only_event_with(extraction, "donald-trump")
    assert call.type == "call" and call.date == "2025-06-05"
    assert call.location != "Geneva"
    assert all(not _people(e) for e in extraction.events if e.location == "Geneva")


@pytest.mark.parametrize("talks", ["the Oslo economic and trade talks",
                                   "the Oslo high-level trade talks"])
def test_a_place_among_the_modifiers_of_talks_places_them_apart_from_the_call(
        extractor: Extractor, talks: str) -> None:
    text = ("Chinese and American negotiators wrapped up two days of talks in London on "
            "Tuesday. Both delegations met at Lancaster House. Officials described the "
            "mood as calm. The two sides agreed on how to carry out the consensus the two "
            "presidents reached during their phone call on June 5 and to build on the "
            f"outcomes of {talks}.")
    extraction = extract_one(extractor, text, "2025-06-11")
    call = only_event_with(extraction, "donald-trump")
    assert call.type == "call" and call.location is None
    (placed,) = [e for e in extraction.events if e.location == "Oslo"]
    assert placed.type == "talks_round" and not _people(placed)


def test_the_partner_of_what_was_done_during_a_meeting_took_part_in_it(
        extractor: Extractor) -> None:
    text = ("Treasury Secretary Janet Yellen and Premier Li Qiang met in Beijing on Friday. "
            "Treasury Secretary Janet Yellen exchange warm greetings with Chinese Vice Premier "
            "He Lifeng during a meeting at a guesthouse in Beijing, China, Saturday, July 8.")
    extraction = extract_one(extractor, text, "2023-07-09")
    meeting = only_event_with(extraction, "janet-yellen", "he-lifeng")
    assert meeting.date == "2023-07-08"
    assert only_event_with(extraction, "li-qiang").date == "2023-07-07"


def test_a_consensus_between_others_names_nobody_of_the_meeting_it_was_stressed_at(
        extractor: Extractor) -> None:
    text = ("Wang Yi stressed the consensus between Joe Biden and Xi Jinping during a meeting "
            "with Jake Sullivan in Beijing on Tuesday.")
    meeting = only_event_with(extract_one(extractor, text, "2024-08-28"), "jake-sullivan")
    assert not _people(meeting) & {"joe-biden", "xi-jinping"}


def test_a_both_sides_cue_gives_no_one_when_the_sentence_names_two_sets_of_people(
        extractor: Extractor) -> None:
    text = ("Commerce Secretary Gina Raimondo's visit to China in late August carried out "
            "Joe Biden's directive after his meeting with Xi Jinping in November 2022 to "
            "deepen bilateral discussions.")
    events = extract_one(extractor, text, "2023-09-05").events
    visit = next(e for e in events if e.trigger == "visit")
    assert _people(visit) == {"gina-raimondo"}
    assert not any({"gina-raimondo", "joe-biden"} <= _people(e) for e in events)


@pytest.mark.parametrize("joining", [
    "Commerce Minister Zhong Shan and central bank governor Yi Gang also joined the talks.",
    "Commerce Minister Zhong Shan and central bank governor Yi Gang took part in the call.",
    "The call also involved Commerce Minister Zhong Shan and central bank governor Yi Gang.",
])
def test_people_who_joined_the_engagement_are_its_participants(
        extractor: Extractor, joining: str) -> None:
    text = ("Chinese Vice Premier Liu He spoke by phone with US Trade Representative Robert "
            "Lighthizer and Treasury Secretary Steven Mnuchin on Thursday morning. "
            f"{joining}")
    (call,) = extract_one(extractor, text, "2019-09-05").events
    assert call.type == "call" and call.date == "2019-09-05"
    assert _people(call) == {"liu-he", "robert-lighthizer", "steven-mnuchin", "zhong-shan",
                             "yi-gang"}


def test_people_who_joined_the_call_are_not_given_to_the_earlier_one_it_recalls(
        extractor: Extractor) -> None:
    text = ("In their first telephone discussion since Aug. 13, Chinese Vice Premier Liu He "
            "and US Trade Representative Robert Lighthizer spoke on Sept. 5. The call also "
            "involved Commerce Minister Zhong Shan.")
    events = extract_one(extractor, text, "2019-09-05").events
    assert _people(only_event_with_date(events, "2019-09-05")) == {
        "liu-he", "robert-lighthizer", "zhong-shan"}
    assert _people(only_event_with_date(events, "2019-08-13")) == {"liu-he", "robert-lighthizer"}


def only_event_with_date(events, day: str):
    (event,) = [e for e in events if e.date == day]
    return event


@pytest.mark.parametrize("sent", ["some of his top representatives", "Trump's negotiators"])
def test_who_sent_the_negotiators_is_not_one_of_them(extractor: Extractor, sent: str) -> None:
    text = ("President Trump spoke about tariffs at the White House on Friday. Today, in "
            f"Stockholm, {sent} are meeting with their Chinese counterparts.")
    (meeting,) = extract_one(extractor, text, "2025-07-29").events
    assert meeting.date == "2025-07-29" and "donald-trump" not in _people(meeting)


def test_a_dated_report_placed_elsewhere_is_not_the_undated_headline(
        extractor: Extractor) -> None:
    text = ("President Trump met with European officials in Osaka in recent days. Today, in "
            "Stockholm, American negotiators are meeting with their Chinese counterparts.")
    events = extract_one(extractor, text, "2025-07-29").events
    (talks,) = [e for e in events if e.location == "Stockholm"]
    assert talks.date == "2025-07-29" and "donald-trump" not in _people(talks)
