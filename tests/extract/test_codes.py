"""Event codes: CAMEO/Goldstein/PLOVER per engagement type and status, and the bounded nudge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.errors import DataFileError
from parley.extract.codes import cameo_code, event_codes, load_codebook
from parley.models import EVENT_TYPES

HAPPENED = {
    "call": ("041", 1.0, "CONSULT"),
    "video_call": ("041", 1.0, "CONSULT"),
    "meeting": ("040", 1.0, "CONSULT"),
    "talks_round": ("046", 7.0, "CONSULT"),
    "visit": ("042", 1.9, "CONSULT"),
    "summit": ("040", 1.0, "CONSULT"),
    "joint_statement": ("050", 3.5, "SUPPORT"),
    "working_group": ("046", 7.0, "CONSULT"),
    "agreement_signed": ("057", 8.0, "SUPPORT"),
}


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_happened_engagement_gets_its_codebook_code(event_type: str) -> None:
    assert event_codes(event_type, "happened") == HAPPENED[event_type]


@pytest.mark.parametrize("event_type", [t for t in EVENT_TYPES if t != "agreement_signed"])
def test_planned_engagement_is_intent_to_meet(event_type: str) -> None:
    assert event_codes(event_type, "planned") == ("036", 4.0, "AGREE")


def test_planned_signing_is_intent_to_cooperate() -> None:
    assert event_codes("agreement_signed", "planned") == ("030", 4.0, "AGREE")


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_cancelled_engagement_is_conflictual(event_type: str) -> None:
    code, goldstein, plover = event_codes(event_type, "cancelled")
    assert goldstein < 0
    assert plover in {"REJECT", "SANCTION"}
    assert code in {"125", "127", "164"}


def test_cancelled_meeting_is_reject_proposal_to_meet() -> None:
    assert event_codes("meeting", "cancelled") == ("125", -5.0, "REJECT")
    assert cameo_code("125").label.startswith("Reject proposal to meet")


def test_tone_and_outcomes_nudge_within_the_bound() -> None:
    base = event_codes("call", "happened")[1]
    warm = event_codes("call", "happened", tone=0.6, outcomes=2)[1]
    frosty = event_codes("call", "happened", tone=-0.6)[1]
    extreme = event_codes("call", "happened", tone=1.0, outcomes=50)[1]
    bound = load_codebook().nudge.max_total
    assert frosty < base < warm
    assert extreme == pytest.approx(base + bound)


def test_outcomes_do_not_lift_a_cancelled_engagement() -> None:
    assert (
        event_codes("meeting", "cancelled", outcomes=3)[1] == event_codes("meeting", "cancelled")[1]
    )


def test_unknown_type_and_status_fall_back_instead_of_failing() -> None:
    assert event_codes("dinner", "rumoured") == event_codes("meeting", "happened")


def test_file_missing_an_event_type_is_a_data_file_error(tmp_path: Path) -> None:
    bad = tmp_path / "cameo.json"
    bad.write_text(
        json.dumps(
            {
                "codes": {"040": {"label": "Consult", "goldstein": 1.0, "plover": "CONSULT"}},
                "types": {"meeting": {"happened": "040", "planned": "040", "cancelled": "040"}},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match="event types without codes"):
        load_codebook(str(bad))
