"""The bundled officials cover the people who take part in US–China engagements 2017–2026,
with office histories that answer "what was this person on that day"."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.kb import KnowledgeBase, Person


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.default()


@pytest.mark.parametrize("name", [
    "Zhang Youxia", "He Weidong", "Fang Fenghui", "Li Zuocheng", "Liu Zhenli", "Wang Xiaohong",
    "Liu Jianchao", "Le Yucheng", "Zheng Zeguang", "Zhu Guangyao", "Xuan Changneng",
    "Brent Neiman", "Jay Shambaugh", "Matt Pottinger", "Jeffrey Gerrish", "C.J. Mahoney",
    "Clete Willems", "Ted McKinney", "Sarah Bianchi", "Don Graves", "Daniel Kritenbrink",
    "Ely Ratner", "Mark Milley", "Joseph Dunford", "Charles Q. Brown Jr.", "Dan Caine",
    "Kash Patel", "Rick Waters",
])
def test_engagement_participants_are_known_by_name(kb: KnowledgeBase, name: str) -> None:
    people = [e for e in kb.lookup(name) if isinstance(e, Person)]
    assert len(people) == 1, name
    assert people[0].tenures, f"{name} has no office"


@pytest.mark.parametrize("alias, person_id", [
    ("CQ Brown", "charles-q-brown"),
    ("Charles Brown Jr.", "charles-q-brown"),
    ("CJ Mahoney", "cj-mahoney"),
    ("Matthew Pottinger", "matt-pottinger"),
    ("Joe Dunford", "joseph-dunford"),
])
def test_alternative_spellings_resolve(kb: KnowledgeBase, alias: str, person_id: str) -> None:
    assert [e.id for e in kb.lookup(alias)] == [person_id]


@pytest.mark.parametrize("person_id, day, title", [
    ("liu-he", dt.date(2017, 10, 1),
     "Director of the Office of the Central Leading Group for Financial and Economic Affairs"),
    ("liu-he", dt.date(2019, 10, 11), "Vice Premier"),
    ("han-jun", dt.date(2019, 9, 20), "Vice Minister of Agriculture and Rural Affairs"),
    ("han-jun", dt.date(2022, 1, 1), "Governor of Jilin"),
    ("han-jun", dt.date(2023, 8, 1), "Communist Party Secretary of Anhui"),
    ("han-jun", dt.date(2025, 1, 1), "Minister of Agriculture and Rural Affairs"),
    ("kurt-campbell", dt.date(2022, 5, 1), "National Security Council Coordinator for the Indo-Pacific"),
    ("kurt-campbell", dt.date(2024, 6, 1), "Deputy Secretary of State"),
    ("guo-shengkun", dt.date(2017, 10, 4), "State Councilor"),
    ("matt-pottinger", dt.date(2020, 1, 15), "Deputy National Security Adviser"),
])
def test_role_on_a_day(kb: KnowledgeBase, person_id: str, day: dt.date, title: str) -> None:
    assert kb.role_on(person_id, day) == title


@pytest.mark.parametrize("office, day, expected", [
    ("usa.jcs.chairman", dt.date(2017, 8, 15), {"joseph-dunford"}),
    ("usa.jcs.chairman", dt.date(2021, 1, 8), {"mark-milley"}),
    ("usa.jcs.chairman", dt.date(2023, 12, 21), {"charles-q-brown"}),
    # The handover fell between 21 and 26 August 2017; both spells are month-precise.
    ("chn.pla.jsd_chief", dt.date(2017, 8, 15), {"fang-fenghui", "li-zuocheng"}),
    ("chn.pla.jsd_chief", dt.date(2017, 7, 1), {"fang-fenghui"}),
    ("chn.pla.jsd_chief", dt.date(2021, 1, 8), {"li-zuocheng"}),
    ("chn.pla.jsd_chief", dt.date(2023, 12, 21), {"liu-zhenli"}),
    ("chn.cmc.vice_chairman", dt.date(2023, 6, 1), {"zhang-youxia", "he-weidong"}),
    ("chn.mps.minister", dt.date(2017, 10, 4), {"guo-shengkun"}),
    ("chn.mps.minister", dt.date(2024, 1, 30), {"wang-xiaohong"}),
    ("usa.fbi.director", dt.date(2025, 6, 1), {"kash-patel"}),
])
def test_counterparts_on_a_day(kb: KnowledgeBase, office: str, day: dt.date,
                               expected: set[str]) -> None:
    assert {p.id for p in kb.holders(office, day)} == expected


def test_financial_working_group_co_leads(kb: KnowledgeBase) -> None:
    """Shanghai, August 2024: Treasury's Neiman and the PBOC's Xuan led the two sides."""
    day = dt.date(2024, 8, 15)
    assert kb.role_on("brent-neiman", day) == "Assistant Secretary of the Treasury for International Finance"
    assert kb.role_on("xuan-changneng", day) == "Deputy Governor of the People's Bank of China"
    assert kb.role_on("jay-shambaugh", day) == "Under Secretary of the Treasury for International Affairs"
    assert "xuan-changneng" in {p.id for p in kb.holders("chn.pboc.deputy_governor", day)}


@pytest.mark.parametrize("title, office", [
    ("Chairman of the Joint Chiefs of Staff", "usa.jcs.chairman"),
    ("Joint Chiefs chairman", "usa.jcs.chairman"),
    ("CMC vice chairman", "chn.cmc.vice_chairman"),
    ("Chinese Minister of Public Security", "chn.mps.minister"),
    ("PBOC Deputy Governor", "chn.pboc.deputy_governor"),
    ("Vice-Minister of Agriculture", "chn.agriculture.vice_minister"),
    ("FBI Director", "usa.fbi.director"),
    ("Indo-Pacific coordinator", "usa.indo_pacific_coordinator"),
])
def test_new_office_titles_resolve(kb: KnowledgeBase, title: str, office: str) -> None:
    found = kb.office_for_title(title)
    assert found is not None and found.id == office


def test_aliases_are_never_a_bare_surname(kb: KnowledgeBase) -> None:
    for person in kb.persons.values():
        assert all(len(alias.split()) > 1 for alias in person.aliases), person.id
