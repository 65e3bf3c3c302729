"""Who held which office when, title resolution and lookups on the bundled data."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from parley.kb import Country, Institution, KnowledgeBase, Person


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.default()


def test_default_is_cached(kb: KnowledgeBase) -> None:
    assert KnowledgeBase.default() is kb


@pytest.mark.parametrize("office, day, expected", [
    ("usa.ustr", dt.date(2019, 6, 1), ["robert-lighthizer"]),
    ("usa.ustr", dt.date(2022, 6, 1), ["katherine-tai"]),
    ("usa.ustr", dt.date(2025, 6, 1), ["jamieson-greer"]),
    ("usa.treasury.secretary", dt.date(2020, 8, 25), ["steven-mnuchin"]),
    ("chn.commerce.minister", dt.date(2023, 8, 28), ["wang-wentao"]),
    ("usa.ambassador.chn", dt.date(2025, 6, 1), ["david-perdue"]),
    ("usa.fed.chair", dt.date(2026, 11, 22), ["kevin-warsh"]),
])
def test_holders_on_a_day(kb: KnowledgeBase, office: str, day: dt.date,
                          expected: list[str]) -> None:
    assert [p.id for p in kb.holders(office, day)] == expected


def test_vice_premier_has_several_holders(kb: KnowledgeBase) -> None:
    ids = {p.id for p in kb.holders("chn.vice_premier", dt.date(2021, 10, 26))}
    assert ids == {"liu-he", "han-zheng", "sun-chunlan", "hu-chunhua"}
    assert "he-lifeng" in {p.id for p in kb.holders("chn.vice_premier", dt.date(2025, 5, 1))}


def test_role_on_a_day(kb: KnowledgeBase) -> None:
    assert kb.role_on("liu-he", dt.date(2021, 10, 26)) == "Vice Premier"
    assert kb.role_on("liu-he", dt.date(2023, 6, 1)) is None
    assert kb.role_on("he-lifeng", dt.date(2020, 1, 1)).startswith("Head of the National Development")
    assert kb.role_on("donald-trump", dt.date(2023, 1, 1)) is None
    assert kb.role_on("donald-trump", None) == "President"
    assert kb.role_on("no-such-person", dt.date(2020, 1, 1)) is None


def test_most_senior_office_wins(kb: KnowledgeBase) -> None:
    held = kb.offices_on("marco-rubio", dt.date(2025, 6, 1))
    assert [o.id for o, _ in held] == ["usa.state.secretary", "usa.nsa"]
    assert kb.role_on("xi-jinping", dt.date(2021, 10, 26)) == "President"


def test_offices_without_date_are_most_recent_first(kb: KnowledgeBase) -> None:
    starts = [t.start for _, t in kb.offices_on("janet-yellen", None)]
    assert starts == sorted(starts, reverse=True) and len(starts) == 2


def test_tenures_are_chronological_and_filterable(kb: KnowledgeBase) -> None:
    spells = kb.tenures("donald-trump", "usa.president")
    assert [t.start.year for t in spells] == [2017, 2025]
    assert spells[0].end == dt.date(2021, 1, 20) and spells[1].end is None
    assert kb.tenures("donald-trump", "usa.ustr") == []


@pytest.mark.parametrize("title, office", [
    ("US Treasury Secretary", "usa.treasury.secretary"),
    ("the Chinese vice premier", "chn.vice_premier"),
    ("Vice-Premier", "chn.vice_premier"),
    ("U.S. Deputy Secretary of State", "usa.state.deputy_secretary"),
    ("Chinese Commerce Minister", "chn.commerce.minister"),
    ("Commerce Secretary", "usa.commerce.secretary"),
    ("China\u2019s Vice Premier", "chn.vice_premier"),
    ("former U.S. President", "usa.president"),
    ("vice commerce minister", "chn.commerce.vice_minister"),
    ("Chinese ambassador to the US", "chn.ambassador.usa"),
    ("US ambassador to China", "usa.ambassador.chn"),
])
def test_office_for_title(kb: KnowledgeBase, title: str, office: str) -> None:
    found = kb.office_for_title(title)
    assert found is not None and found.id == office


def test_ambiguous_title_needs_a_country(kb: KnowledgeBase) -> None:
    assert kb.office_for_title("President") is None
    assert kb.office_for_title("President", country="CHN").id == "chn.president"
    assert kb.office_for_title("Secretary of Nothing") is None


def test_lookup_returns_typed_actors(kb: KnowledgeBase) -> None:
    beijing = kb.lookup("Beijing")
    assert len(beijing) == 1 and isinstance(beijing[0], Institution)
    assert beijing[0].kind == "government" and beijing[0].country == "CHN"
    assert kb.lookup("Washington")[0].id == kb.government("USA").id
    assert isinstance(kb.lookup("U.S.")[0], Country) and kb.lookup("US")[0].code == "USA"
    assert isinstance(kb.lookup("liu he")[0], Person)
    assert kb.lookup("New China News Agency")[0].id == "xinhua"
    assert kb.lookup("Huawei Technologies")[0].country == "CHN"
    assert kb.lookup("Beijing\u2019s")[0].id == "chn.gov"
    assert kb.lookup("chn.gov")[0].kind == "government"
    assert kb.lookup("Nobody Atall") == []


def test_by_surname_respects_family_name_order(kb: KnowledgeBase) -> None:
    assert "liu-he" in {p.id for p in kb.by_surname("Liu")}
    assert "he-lifeng" in {p.id for p in kb.by_surname("He", country="CHN")}
    assert {p.country for p in kb.by_surname("Wang", country="CHN")} == {"CHN"}
    assert [p.id for p in kb.by_surname("Yellen")] == ["janet-yellen"]


def test_surface_forms_include_names_titles_and_metonyms(kb: KnowledgeBase) -> None:
    forms = set(kb.all_surface_forms())
    assert {"Liu He", "Vice-Premier", "Zhongnanhai", "USTR", "Chinese Vice Premier"} <= forms


def test_single_seat_offices_never_overlap(kb: KnowledgeBase) -> None:
    spells: dict[str, list] = {}
    for person in kb.persons.values():
        for tenure in person.tenures:
            spells.setdefault(tenure.office_id, []).append((person.id, tenure))
    for office_id, entries in spells.items():
        if kb.offices[office_id].seats > 1:
            continue
        entries.sort(key=lambda e: e[1].start)
        for (first, a), (second, b) in itertools.pairwise(entries):
            if a.end is None:
                pytest.fail(f"{office_id}: {first} never leaves but {second} follows")
            precise = a.end_precision == "day" and b.start_precision == "day"
            if precise:
                assert (b.start - a.end).days >= 0, f"{office_id}: {first} overlaps {second}"


def test_every_office_has_a_holder(kb: KnowledgeBase) -> None:
    held = {t.office_id for p in kb.persons.values() for t in p.tenures}
    assert set(kb.offices) <= held


def test_gold_roles_agree_with_tenures(kb: KnowledgeBase, seeds_dir: Path) -> None:
    gold = seeds_dir / "gold.jsonl"
    checked = 0
    for line in gold.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        day = record.get("published") or (record.get("published_window") or [None])[0]
        if not day:
            continue
        for actor in record["actors"]:
            people = [e for e in kb.lookup(actor["name"]) if isinstance(e, Person)]
            role = actor.get("role") or ""
            if not people or not role or role.lower().startswith("former"):
                continue
            person = people[0]
            if any(office.rank >= 9 for office, _ in kb.offices_on(person.id, None)):
                continue  # company roles are described freely in the gold file
            assert kb.role_on(person.id, dt.date.fromisoformat(day)) == role, actor
            checked += 1
    assert checked >= 10
