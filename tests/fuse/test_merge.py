"""What a fused engagement takes of its members: the date, the people."""

from __future__ import annotations

from parley.fuse.merge import choose_date, merge_members
from parley.models import Event, Participant, TimeRef


def member(day: str, ref: TimeRef, estimated: bool = True) -> Event:
    return Event(id=f"m-{day}", type="call", date=day, date_precision="day",
                 date_estimated=estimated, time_refs=[ref])


def test_a_stated_calendar_day_beats_a_day_counted_from_an_estimate() -> None:
    counted = member("2025-09-17", TimeRef("three days earlier", 0, 18, "relative_day",
                                           "2025-09-17", "day", relative=True, estimated=True))
    stated = member("2025-09-19", TimeRef("September 19", 0, 12, "month_day", "2025-09-19",
                                          "day", relative=True, estimated=True))
    # Both lean on an estimated publication day; the calendar day names the call's own.
    assert choose_date([counted, stated]) is stated
    assert choose_date([stated, counted]) is stated


def test_a_date_not_estimated_beats_an_estimated_one() -> None:
    estimated = member("2025-09-19", TimeRef("September 19", 0, 12, "month_day",
                                             "2025-09-19", "day", relative=True))
    firm = member("2025-09-18", TimeRef("Thursday", 0, 8, "weekday", "2025-09-18", "day",
                                        relative=True), estimated=False)
    assert choose_date([estimated, firm]) is firm


BIDEN = Participant("Joe Biden", "joe-biden", "USA", None)
XI = Participant("Xi Jinping", "xi-jinping", "CHN", None)
HARRIS = Participant("Kamala Harris", "kamala-harris", "USA", None)


def report(article: str, *people: Participant) -> Event:
    """One article's mention of the November 2023 summit, naming these people."""
    return Event(id=f"m-{article}", type="summit", date="2023-11-15", date_precision="day",
                 participants=list(people), article_ids=[article])


def _names(people: list[Participant]) -> list[str]:
    return [p.name for p in people]


def test_people_only_one_of_several_reports_names_are_kept_apart() -> None:
    fused = merge_members("ev", [report("a1", BIDEN, XI), report("a2", XI, BIDEN),
                                 report("a3", BIDEN, XI, HARRIS)], {})
    assert _names(fused.participants) == ["Joe Biden", "Xi Jinping"]
    assert _names(fused.also_named) == ["Kamala Harris"]


def test_with_two_reports_every_person_named_takes_part() -> None:
    fused = merge_members("ev", [report("a1", BIDEN, XI), report("a2", BIDEN, XI, HARRIS)], {})
    assert _names(fused.participants) == ["Joe Biden", "Xi Jinping", "Kamala Harris"]
    assert fused.also_named == []


def test_a_side_that_only_single_reports_name_keeps_its_people() -> None:
    fused = merge_members("ev", [report("a1", BIDEN, XI), report("a2", BIDEN),
                                 report("a3", BIDEN)], {})
    assert _names(fused.participants) == ["Joe Biden", "Xi Jinping"]


def test_people_only_reports_that_do_not_say_the_day_name_are_kept_apart() -> None:
    from dataclasses import replace

    # Two reports say only "in November" (one dated by the known engagement it was
    # linked to), and both add Harris: they tell the trip, not this sitting.
    coarse = replace(report("a3", BIDEN, XI, HARRIS), date="2023-11", date_precision="month")
    linked = replace(report("a4", BIDEN, XI, HARRIS),
                     related=[{"id": "2023-11-15-woodside", "relation": "known_as",
                               "dates": "day"}])
    fused = merge_members("ev", [report("a1", BIDEN, XI), report("a2", XI, BIDEN),
                                 coarse, linked], {})
    assert _names(fused.participants) == ["Joe Biden", "Xi Jinping"]
    assert _names(fused.also_named) == ["Kamala Harris"]
    # A report that names her on the day itself attests the other two.
    fused = merge_members("ev", [report("a1", BIDEN, XI), report("a2", XI, BIDEN, HARRIS),
                                 coarse, linked], {})
    assert "Kamala Harris" in _names(fused.participants)


def test_reports_that_say_how_they_met_name_the_type_before_recalled_names() -> None:
    from dataclasses import replace

    from parley.extract.features import KNOWN_REFERENCE
    from parley.fuse.merge import choose_type

    # Two articles say the leaders met; three only recall "the summit" by its name,
    # a mention that takes its type from the known-engagements file.
    met = [replace(report(a, BIDEN, XI), id=f"met-{a}", type="meeting") for a in "ab"]
    recalled = [replace(report(a, BIDEN, XI), id=f"recalled-{a}",
                        evidence={KNOWN_REFERENCE: 1.0}) for a in "cde"]
    assert choose_type(met + recalled).type == "meeting"
    # With no report of its own kind, the file's type stands.
    assert choose_type(recalled).type == "summit"
