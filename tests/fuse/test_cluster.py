"""Fusing event mentions from many articles into one record per engagement."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import pytest

from parley.fuse.cluster import MERGE_THRESHOLD, blocking_keys, fuse_events, same_engagement
from parley.models import Event, Participant, Span, Tagged

YELLEN = Participant("Janet Yellen", "p.yellen", "USA", "Secretary of the Treasury")
LIU = Participant("Liu He", "p.liu_he", "CHN", "Vice Premier")
TAI = Participant("Katherine Tai", "p.tai", "USA", "US Trade Representative")
BIDEN = Participant("Joe Biden", "p.biden", "USA", "President")
XI = Participant("Xi Jinping", "p.xi", "CHN", "President")
ROSS = Participant("Wilbur Ross", "p.ross", "USA", None)
LI_KEQIANG = Participant("Li Keqiang", "p.li", "CHN", None)
WANG_YANG = Participant("Wang Yang", "p.wang", "CHN", None)


def mention(mid: str, article: str, *, type: str = "call", date: str | None = "2021-10-26",
            precision: str | None = "day", people: tuple[Participant, ...] = (YELLEN, LIU),
            status: str = "happened", topics: tuple[str, ...] = (), estimated: bool = False,
            location: str | None = None, main: bool = False, sentence: str = "They spoke.",
            cameo: str | None = None) -> Event:
    """One article's report of an engagement."""
    span = Span(article, 0, len(sentence), sentence, sentence)
    return Event(
        id=mid, type=type, status=status, date=date, date_precision=precision,  # type: ignore[arg-type]
        date_basis=f"basis of {mid}", date_estimated=estimated,
        participants=[Participant(p.name, p.actor_id, p.country, p.role) for p in people],
        location=location, topics=[Tagged(t, span) for t in topics], main=main,
        sources=[span], article_ids=[article], trigger=f"trigger of {mid}", cameo=cameo)


@pytest.fixture
def three_outlets_one_call() -> list[Event]:
    """The same Yellen-Liu call told three ways: a day, a video call, a month."""
    return [
        mention("a1-e1", "a1", topics=("macroeconomic_policy",), main=True, cameo="040"),
        mention("a2-e1", "a2", type="video_call", date="2021-10-27",
                people=(Participant("Liu He", "p.liu_he", "CHN", None), YELLEN),
                topics=("macroeconomic_policy", "tariffs")),
        mention("a3-e2", "a3", date="2021-10", precision="month", people=(LIU,)),
    ]


def test_same_call_from_three_outlets_becomes_one_event_with_three_sources(three_outlets_one_call):
    fused, membership = fuse_events(three_outlets_one_call)
    assert len(fused) == 1
    event = fused[0]
    assert len(event.sources) == 3
    assert sorted(event.article_ids) == ["a1", "a2", "a3"]
    assert set(membership) == {"a1-e1", "a2-e1", "a3-e2"}
    assert set(membership.values()) == {event.id}
    assert {p.actor_id for p in event.participants} == {"p.yellen", "p.liu_he"}
    assert len(event.participants) == 2
    liu = next(p for p in event.participants if p.actor_id == "p.liu_he")
    assert liu.role == "Vice Premier"
    assert sorted(t.label for t in event.topics) == ["macroeconomic_policy", "tariffs"]
    assert event.main is True


def test_merged_date_is_the_most_precise_and_most_frequent_day():
    events = [
        mention("a1-e1", "a1", date="2021-10", precision="month"),
        mention("a2-e1", "a2", date="2021-10-26"),
        mention("a3-e1", "a3", date="2021-10-27"),
        mention("a4-e1", "a4", date="2021-10-27"),
        mention("a5-e1", "a5", date="2021", precision="year"),
    ]
    fused, _ = fuse_events(events)
    assert len(fused) == 1
    assert (fused[0].date, fused[0].date_precision) == ("2021-10-27", "day")
    assert fused[0].date_basis in {"basis of a3-e1", "basis of a4-e1"}


def test_an_estimated_day_loses_to_a_stated_day():
    events = [
        mention("a1-e1", "a1", date="2021-10-25", estimated=True),
        mention("a2-e1", "a2", date="2021-10-26"),
    ]
    fused, _ = fuse_events(events)
    assert len(fused) == 1
    assert fused[0].date == "2021-10-26"
    assert fused[0].date_estimated is False


def test_two_calls_between_the_same_people_a_week_apart_stay_two():
    events = [mention("a1-e1", "a1", date="2021-10-19"), mention("a2-e1", "a2", date="2021-10-26")]
    fused, membership = fuse_events(events)
    assert len(fused) == 2
    assert membership["a1-e1"] != membership["a2-e1"]


def test_a_month_mention_does_not_chain_two_distinct_calls():
    events = [
        mention("a1-e1", "a1", date="2021-10-05"),
        mention("a2-e1", "a2", date="2021-10-26"),
        mention("a3-e1", "a3", date="2021-10", precision="month"),
    ]
    fused, _ = fuse_events(events)
    assert len(fused) == 2


def test_different_people_on_one_side_are_different_engagements():
    a = mention("a1-e1", "a1", people=(YELLEN, LIU))
    b = mention("a2-e1", "a2", people=(TAI, LIU))
    assert same_engagement(a, b) == 0.0
    assert len(fuse_events([a, b])[0]) == 2


def test_a_signing_never_merges_with_a_meeting():
    a = mention("a1-e1", "a1", type="agreement_signed")
    b = mention("a2-e1", "a2", type="meeting")
    assert same_engagement(a, b) == 0.0


def test_reports_without_participants_merge_only_on_strong_agreement():
    strong = {"people": (), "location": "Geneva", "topics": ("tariffs", "purchases"), "type": "talks_round"}
    a = mention("a1-e1", "a1", **strong)
    b = mention("a2-e1", "a2", **strong)
    elsewhere = mention("a3-e1", "a3", **{**strong, "location": "London"})
    assert same_engagement(a, b) >= MERGE_THRESHOLD
    assert same_engagement(a, elsewhere) == 0.0
    _fused, membership = fuse_events([a, b, elsewhere])
    assert membership["a1-e1"] == membership["a2-e1"] != membership["a3-e1"]


def test_planned_and_happened_summit_are_linked_not_merged():
    plan = mention("a1-e1", "a1", type="summit", status="planned", date="2021-11",
                   precision="month", people=(BIDEN, XI))
    held = mention("a2-e1", "a2", type="video_call", date="2021-11-15", people=(BIDEN, XI))
    fused, membership = fuse_events([plan, held])
    assert len(fused) == 2
    by_id = {e.id: e for e in fused}
    planned, happened = by_id[membership["a1-e1"]], by_id[membership["a2-e1"]]
    assert {"id": happened.id, "relation": "planned_for"} in planned.related
    assert {"id": planned.id, "relation": "planned_as"} in happened.related


def test_fused_ids_are_stable_when_a_new_article_arrives(three_outlets_one_call):
    first, membership = fuse_events(three_outlets_one_call[:2])
    late = three_outlets_one_call[2]
    second, updated = fuse_events(three_outlets_one_call, previous=membership)
    assert [e.id for e in second] == [first[0].id]
    assert updated[late.id] == first[0].id
    assert len(second[0].sources) == 3


def test_new_fused_ids_depend_only_on_members(three_outlets_one_call):
    forward, _ = fuse_events(three_outlets_one_call)
    backward, _ = fuse_events(list(reversed(three_outlets_one_call)))
    assert forward[0].id == backward[0].id


def test_fused_record_takes_type_trigger_and_code_from_one_member(three_outlets_one_call):
    event = fuse_events(three_outlets_one_call)[0][0]
    assert event.type == "call"
    assert event.trigger == "trigger of a1-e1"
    assert event.cameo == "040"


def test_blocking_keys_share_a_key_only_when_comparable():
    a = mention("a1-e1", "a1", date="2021-10-26")
    b = mention("a2-e1", "a2", date="2021-10", precision="month", people=(LIU,))
    other_year = mention("a3-e1", "a3", date="2019-05-10")
    assert set(blocking_keys(a)) & set(blocking_keys(b))
    assert not set(blocking_keys(a)) & set(blocking_keys(other_year))


def test_block_scoring_can_run_through_an_external_mapper(three_outlets_one_call):
    calls: list[int] = []

    def mapper(fn, blocks):
        calls.append(len(blocks))
        return [fn(block) for block in blocks]

    fused, _ = fuse_events(three_outlets_one_call, map_blocks=mapper)
    assert calls and calls[0] > 0
    assert len(fused) == 1


def test_block_scoring_runs_in_other_processes(three_outlets_one_call):
    with ProcessPoolExecutor(max_workers=2) as pool:
        fused, _ = fuse_events(three_outlets_one_call,
                               map_blocks=lambda fn, blocks: pool.map(fn, blocks))
    assert len(fused) == 1
    assert len(fused[0].sources) == 3


def test_repeated_mention_ids_are_rejected():
    with pytest.raises(ValueError, match="unique"):
        fuse_events([mention("x", "a1"), mention("x", "a2")])


def test_an_undated_plan_is_not_linked_when_it_could_be_either_of_two_meetings():
    plan = mention("a1-e1", "a1", type="summit", status="planned", date=None, precision=None,
                   people=(BIDEN, XI))
    first = mention("a2-e1", "a2", type="summit", date="2021-11-15", people=(BIDEN, XI))
    second = mention("a3-e1", "a3", type="summit", date="2022-11-14", people=(BIDEN, XI))
    fused, membership = fuse_events([plan, first, second])
    planned = next(e for e in fused if e.id == membership["a1-e1"])
    assert len(fused) == 3
    assert planned.related == []


def test_an_unresolved_name_does_not_split_an_engagement():
    resolved = mention("a1-e1", "a1")
    by_surname = mention("a2-e1", "a2", people=(YELLEN, Participant("Mr Liu", None, "CHN", None)))
    fused, _ = fuse_events([resolved, by_surname])
    assert len(fused) == 1
    assert sorted(p.name for p in fused[0].participants) == ["Janet Yellen", "Liu He"]


def test_reports_a_day_apart_keep_the_other_sides_calendar_day() -> None:
    from parley.fuse.merge import merge_members
    from parley.models import Event, Participant

    people = [Participant("Ann Lead", "ann-lead", "USA", None),
              Participant("Bo Chief", "bo-chief", "CHN", None)]
    washington = Event(id="m1", type="call", date="2024-05-09", date_precision="day",
                       participants=list(people))
    beijing = Event(id="m2", type="call", date="2024-05-10", date_precision="day",
                    participants=list(people))
    fused = merge_members("ev-1", [washington, beijing], {"m1": "ev-1", "m2": "ev-1"})
    assert (fused.date, fused.date_alt) == ("2024-05-09", "2024-05-10")
    alone = merge_members("ev-2", [washington], {"m1": "ev-2"})
    assert alone.date_alt is None


def test_two_meetings_of_one_known_visit_stay_two_when_the_hosts_differ():
    # Yellen's talks with Liu and her meeting with Xi link to the same known visit.
    with_liu = mention("liu", "a1", type="meeting", people=(YELLEN, LIU))
    with_xi = mention("xi", "a2", type="meeting", people=(YELLEN, XI))
    again = mention("liu-again", "a3", type="meeting", people=(YELLEN, LIU))
    for m in (with_liu, with_xi, again):
        m.related.append({"id": "yellen-visit", "relation": "known_as"})
    assert same_engagement(with_liu, with_xi) == 0.0
    assert same_engagement(with_liu, again) == 1.0


def test_what_one_article_reports_apart_another_articles_list_does_not_join() -> None:
    """"Ross met Li Keqiang" and "Ross also met Wang Yang" in one article are two
    meetings, though another article lists both in one sentence."""
    mentions = [
        mention("a1-li", "a1", type="meeting", date="2017-09-25", people=(ROSS, LI_KEQIANG)),
        mention("a1-wang", "a1", type="meeting", date="2017-09-25", people=(ROSS, WANG_YANG)),
        mention("a2-both", "a2", type="meeting", date="2017-09-25", people=(ROSS, LI_KEQIANG, WANG_YANG)),
    ]
    fused, membership = fuse_events(mentions)
    assert membership["a1-li"] != membership["a1-wang"]
    assert len(fused) == 2


def test_a_vague_report_joins_the_engagement_most_reports_describe() -> None:
    # Two days in one year when the same leaders met: the second is reported by three
    # articles, the first by one, which shares the vague report's place and topic and so
    # scores a little higher with it alone.  "When they met in Beijing that year" fits
    # both days; it is the one most reports describe that it joins.
    people = (BIDEN, XI)
    july = mention("a1-e1", "a1", type="meeting", date="2017-07-08", people=people,
                   location="Beijing", topics=("tariffs",))
    november = [mention(f"b{i}-e1", f"b{i}", type="meeting", date="2017-11-09", people=people)
                for i in range(3)]
    vague = mention("c1-e1", "c1", type="meeting", date="2017", precision="year",
                    people=people, location="Beijing", topics=("tariffs",))
    assert same_engagement(vague, july) > same_engagement(vague, november[0]) >= MERGE_THRESHOLD
    fused, membership = fuse_events([july, *november, vague])
    assert len(fused) == 2
    assert membership["c1-e1"] == membership["b0-e1"] != membership["a1-e1"]


def test_one_to_one_meetings_in_different_articles_stay_apart_whatever_a_list_joins() -> None:
    """A visitor's meetings with two hosts, each told by its own outlet, stay two even
    when a third outlet names the visitor with both hosts in one sentence."""
    mentions = [
        mention("a1-li", "a1", type="meeting", date="2017-09-25", people=(ROSS, LI_KEQIANG)),
        mention("a2-wang", "a2", type="meeting", date="2017-09-25", people=(ROSS, WANG_YANG)),
        mention("a3-both", "a3", type="meeting", date="2017-09-25", people=(ROSS, LI_KEQIANG, WANG_YANG)),
        mention("a4-li", "a4", type="meeting", date="2017-09-25", people=(ROSS, LI_KEQIANG)),
    ]
    _fused, membership = fuse_events(mentions)
    assert membership["a1-li"] != membership["a2-wang"]
    assert membership["a1-li"] == membership["a4-li"]
    # A round of talks between delegations is one engagement however its reports pair
    # the negotiators.
    talks = [replace(m, type="talks_round") for m in mentions]
    _fused, membership = fuse_events(talks)
    assert len(set(membership.values())) == 1
