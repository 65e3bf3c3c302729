"""Users' corrections: checked when made, applied whenever records are produced.

An event's date, type, status or participants, and an article's publication
date, can be corrected.  Corrections are stored in their own table (see
:mod:`parley.store.corrections`) and laid over the machine's record here, so
re-extraction and re-fusion never lose them; each corrected record lists what
was changed, from what, and when.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from parley.errors import InputError
from parley.models import EVENT_TYPES
from parley.serve.filters import STATUSES, FilterError, check_date
from parley.serve.records import role_at
from parley.store.corrections import Correction, latest_article_dates

if TYPE_CHECKING:
    from parley.kb import KnowledgeBase
    from parley.store import Store

EVENT_FIELDS = ("date", "type", "status", "participants")
ARTICLE_FIELDS = ("published",)
#: Most participants one correction may list.
MAX_PARTICIPANTS = 40
_PRECISION = {4: "year", 7: "month", 10: "day"}
_BRACKET = re.compile(r"^(?P<name>.+?)\s*[\[(](?P<country>[A-Za-z]{3})[\])]\s*$")
_COMMA = re.compile(r"^(?P<name>.+?)\s*,\s*(?P<country>[A-Za-z]{3})\s*$")


class CorrectionError(InputError):
    """A correction that cannot be applied: unknown field or a bad value."""

    code = "P601"


def _participant(raw: Any, kb: KnowledgeBase | None) -> dict[str, Any]:
    """One participant from "Name [USA]", "Name, USA", "Name" or a dict with name/country."""
    if isinstance(raw, Mapping):
        name = str(raw.get("name") or "").strip()
        country = str(raw.get("country") or "").strip().upper() or None
        actor_id = str(raw.get("actor_id") or "").strip() or None
    else:
        text = str(raw).strip()
        m = _BRACKET.match(text) or _COMMA.match(text)
        name = (m.group("name") if m else text).strip()
        country = m.group("country").upper() if m else None
        actor_id = None
    if not name or len(name) > 120:
        raise CorrectionError("participants: each needs a name of at most 120 characters")
    if country is not None and not (len(country) == 3 and country.isalpha()):
        raise CorrectionError(f"participants: country of {name!r} must be ISO alpha-3")
    if kb is not None and actor_id is None:
        known = [e for e in kb.lookup(name) if e.id in kb.persons]
        if country:
            known = [p for p in known if getattr(p, "country", None) == country]
        if len(known) == 1:
            person = kb.persons[known[0].id]
            actor_id, name, country = person.id, person.name, country or person.country
    return {"name": name, "actor_id": actor_id, "country": country, "kind": "person"}


def check_value(target: str, field: str, raw: Any, kb: KnowledgeBase | None = None) -> Any:
    """The stored form of a correction's new value, or CorrectionError saying what is wrong."""
    allowed = EVENT_FIELDS if target == "event" else ARTICLE_FIELDS
    if field not in allowed:
        raise CorrectionError(f"{target} field {field!r} cannot be corrected; "
                              f"one of {', '.join(allowed)}")
    if field == "participants":
        items = raw if isinstance(raw, list) else [
            line for line in re.split(r"[\n;]", str(raw or "")) if line.strip()]
        if len(items) > MAX_PARTICIPANTS:
            raise CorrectionError(f"participants: at most {MAX_PARTICIPANTS}")
        return [_participant(item, kb) for item in items]
    value = str(raw or "").strip()
    if field in ("date", "published"):
        try:
            checked = check_date(field, value)
        except FilterError as exc:
            raise CorrectionError(exc.message) from None
        if checked is None:
            raise CorrectionError(f"{field}: a date is required")
        if field == "published" and len(checked) != 10:
            raise CorrectionError("published: want a day, YYYY-MM-DD")
        return checked
    choices = EVENT_TYPES if field == "type" else STATUSES
    if value not in choices:
        raise CorrectionError(f"{field}: {value!r} is not one of {', '.join(choices)}")
    return value


def current_value(record: Mapping[str, Any], field: str) -> Any:
    """What a record holds now for a correctable field (kept as the correction's 'previous')."""
    if field == "participants":
        return [{"name": p.get("name"), "actor_id": p.get("actor_id"),
                 "country": p.get("country")} for p in record.get("participants") or []]
    return record.get(field)


def _recode(record: dict[str, Any]) -> None:
    """CAMEO, Goldstein and PLOVER follow a corrected type or status."""
    from parley.extract.codes import event_codes

    scores = [side["score"] for side in (record.get("tone") or {}).values()
              if side.get("words")]
    tone = sum(scores) / len(scores) if scores else None
    cameo, goldstein, plover = event_codes(record["type"], record["status"], tone,
                                           len(record.get("outcomes") or []))
    record.update(cameo=cameo, goldstein=goldstein, plover=plover)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value and len(value) == 10 else None


def apply_event_corrections(record: dict[str, Any], items: Sequence[Correction],
                            kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """A copy of the record with the corrections applied in order, and listed under
    ``corrections``; offices are re-read for the corrected date."""
    if not items:
        return record
    out = copy.deepcopy(record)
    recode = False
    for c in items:
        if c.field == "date":
            out["date"] = c.value
            out["date_precision"] = _PRECISION.get(len(c.value), "day")
            out["date_basis"] = f"corrected by a user on {c.created_at[:10]}"
            out["date_estimated"] = False
            out.pop("date_end", None)
        elif c.field in ("type", "status"):
            out[c.field] = c.value
            recode = True
        elif c.field == "participants":
            out["participants"] = [{**p, "role": None} for p in c.value]
    for p in out.get("participants") or []:
        if p.get("actor_id"):
            p["role"] = role_at(kb, p["actor_id"], out.get("date"), p.get("role"))
    if recode:
        _recode(out)
    out["corrections"] = [c.to_dict() for c in items]
    return out


def follow_corrections(by_event: Mapping[str, list[Correction]], event_ids: set[str],
                       membership: Mapping[str, str]) -> dict[str, list[Correction]]:
    """Corrections per current event id: one whose event was renamed by a later fusion
    goes to the event now holding most of the mentions it had."""
    out: dict[str, list[Correction]] = {}
    for target, items in by_event.items():
        for c in items:
            where = target
            if where not in event_ids and c.members:
                votes = Counter(membership[m] for m in c.members if m in membership)
                where = votes.most_common(1)[0][0] if votes else target
            out.setdefault(where, []).append(c)
    for items in out.values():
        items.sort(key=lambda c: c.id)
    return out


def reapply_publication_dates(store: Store) -> int:
    """Put users' publication dates back on articles that lost them; returns how many.

    Called before dating, so a user's date always wins over an estimate, whatever
    happened to the articles table since the correction was made.
    """
    changed = 0
    for article_id, day in latest_article_dates(store).items():
        article = store.article(article_id)
        if article is None or (article.published == day and article.published_basis == "user"):
            continue
        store.set_publication(article.id, published=day, precision="day", basis="user",
                              evidence="set by user", window=None)
        changed += 1
    return changed
