"""Finding the dated reports an undated article reads most like."""

from __future__ import annotations

from parley.fuse.similar import SimilarReports

REPORTS = {
    "resort": "The two presidents dined at the Florida resort, where the chocolate cake "
              "was served before the missile strike was announced to the guests.",
    "airbase": "At the air base in Busan the presidents agreed to halve the fentanyl "
               "tariff and pause the rare earths controls for one year.",
    "treasury": "The treasury secretary and the vice premier spoke by video about "
                "macroeconomic policy and supply chains.",
    "summit": "The presidents met again for talks on trade and security.",
}


def test_the_report_sharing_the_particular_words_comes_first() -> None:
    index = SimilarReports(REPORTS)
    undated = ("Aides said the rare earths pause and the fentanyl tariff cut agreed in "
               "Busan would be written down within weeks; the presidents also met.")
    assert index.nearest(undated, 2)[0] == "airbase"
    resort = "Guests at the resort heard of the missile strike over chocolate cake."
    assert index.nearest(resort, 1) == ["resort"]


def test_words_every_report_uses_tell_none_apart() -> None:
    index = SimilarReports({"a": "talks were held today", "b": "talks were held again"})
    assert index.nearest("talks were held", 2) == []
    assert index.nearest("", 3) == []


def test_an_indexed_text_is_not_its_own_neighbour() -> None:
    index = SimilarReports(REPORTS)
    assert "treasury" not in index.nearest(REPORTS["treasury"], 4, exclude="treasury")
    assert index.nearest(REPORTS["treasury"], 1) == ["treasury"]
