"""Score exported records against a hand-made gold file (``parley eval``).

The gold format is one JSON object per line and per article (``doc`` = file
name) holding the publication date or its window, the engagements with date,
tolerance, accepted channels, participants by side, topics and tone words, the
money amounts and the actors.  Scores are micro-averaged precision, recall and
F1 per field.

How events are paired: a predicted event is *compatible* with a gold event of
the same document when its type is the gold ``channel`` or in ``channel_ok``,
the status is equal, and at least one gold participant is found among the
predicted participants by name (gold events without participants need no
participant).  Pairs are assigned one-to-one, best first, pairs whose date
also agrees ranking above all others.  The ``events`` row counts a pair only
when its date agrees (whenever that date is counted); the ``dates``,
``participants``, ``topics`` and ``tone`` rows are measured over every
assigned pair, so an engagement found with a wrong date still has its
attributes scored and the ``dates`` row says how often dates were right.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from parley.errors import GoldFileError

#: Gold sides use two-letter codes, exported records ISO alpha-3; unknown codes compare as-is.
SIDE_TO_ALPHA3: dict[str, str] = {"US": "USA", "CN": "CHN"}
STATUSES = ("happened", "planned", "cancelled")
DATE_MODES = ("all", "text")
FIELDS = ("events", "main_events", "dates", "participants", "topics", "tone", "amounts",
          "actors", "published")
#: Relative tolerance for money amounts.
AMOUNT_TOLERANCE = 0.01
#: Predicted participant/actor kinds that are whole countries: gold lists sides, not countries.
COUNTRY_KINDS = frozenset({"government", "country"})
#: Predicted amount units that are not money; gold amounts are money ("currency").
NON_MONEY_UNITS = frozenset({"percent"})
#: Shortest stem for which "frankly" matches "frank" and "concerns" matches "concern".
MIN_STEM = 4

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_YEAR = re.compile(r"\b\d{4}\b")


@dataclass
class DocPrediction:
    """What the store says about one article, in the shape the scorer compares."""

    published: str | None = None
    published_window: tuple[str, str] | None = None
    events: list[dict] = field(default_factory=list)
    #: {"value": float, "unit": "USD"|..., "what": str}
    amounts: list[dict] = field(default_factory=list)
    #: {"name", "country", "role", "actor_id"} (optionally "kind")
    actors: list[dict] = field(default_factory=list)


@dataclass
class PRF:
    """Counts of one field and the precision, recall and F1 they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        """Accumulate counts (micro-averaging)."""
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 0.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 0.0 when the gold holds nothing."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """Plain dict for JSON output."""
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class EvalReport:
    """Per-field scores plus per-document pairing details for debugging."""

    rows: dict[str, PRF]
    per_doc: dict[str, dict[str, Any]]
    dates: str = "all"

    def to_table(self) -> str:
        """A fixed-width text table: field, P, R, F1, tp, fp, fn."""
        lines = [f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for name, prf in self.rows.items():
            p = f"{prf.precision:.3f}" if prf.tp + prf.fp else "n/a"
            r = f"{prf.recall:.3f}" if prf.tp + prf.fn else "n/a"
            lines.append(f"{name:<14}{p:>7}{r:>7}{prf.f1:>7.3f}{prf.tp:>6}{prf.fp:>6}{prf.fn:>6}")
        lines.append(f"(micro-averaged over {len(self.per_doc)} documents; dates counted: {self.dates})")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """Scores and details as a JSON-ready dict."""
        return {"dates": self.dates, "rows": {k: v.to_dict() for k, v in self.rows.items()},
                "per_doc": self.per_doc}


# ----------------------------------------------------------------- gold file

def load_gold(path: Path) -> list[dict]:
    """Read and validate a gold JSONL file; GoldFileError names the file and line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"cannot read gold file: {exc}", source=str(path)) from exc
    records: list[dict] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            _check_doc(record)
        except (json.JSONDecodeError, ValueError) as exc:
            raise GoldFileError(str(exc), source=str(path), line=number) from exc
        if record["doc"] in seen:
            raise GoldFileError(f"doc {record['doc']!r} appears twice", source=str(path),
                                line=number)
        seen.add(record["doc"])
        records.append(record)
    if not records:
        raise GoldFileError("gold file holds no records", source=str(path))
    return records


def _need(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(message)


def _check_iso(value: Any, where: str, *, day_only: bool = False) -> None:
    _need(isinstance(value, str) and bool(_ISO.match(value)),
          f"{where} must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    _need(not day_only or len(value) == 10, f"{where} must be a day YYYY-MM-DD, got {value!r}")
    try:
        _bounds(value)
    except ValueError as exc:
        raise ValueError(f"{where} is not a real date: {value!r}") from exc


def _check_people(items: Any, where: str) -> None:
    _need(isinstance(items, list), f"{where} must be a list")
    for i, item in enumerate(items):
        _need(isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"],
              f"{where}[{i}] needs a non-empty 'name'")
        _need(item.get("side") is None or isinstance(item["side"], str),
              f"{where}[{i}].side must be a string or null")


def _check_doc(record: Any) -> None:
    """Raise ValueError describing the first problem in one gold record."""
    _need(isinstance(record, dict), "each line must be a JSON object")
    _need(isinstance(record.get("doc"), str) and record["doc"], "'doc' must be a non-empty string")
    if record.get("published") is not None:
        _check_iso(record["published"], "published", day_only=True)
    window = record.get("published_window")
    if window is not None:
        _need(isinstance(window, list) and len(window) == 2, "published_window must be [start, end]")
        for part in window:
            _check_iso(part, "published_window", day_only=True)
        _need(window[0] <= window[1], "published_window starts after it ends")
    record.setdefault("events", [])
    record.setdefault("amounts", [])
    record.setdefault("actors", [])
    _need(isinstance(record["events"], list), "'events' must be a list")
    for i, event in enumerate(record["events"]):
        where = f"events[{i}]"
        _need(isinstance(event, dict), f"{where} must be an object")
        _need(isinstance(event.get("id"), str), f"{where}.id must be a string")
        _need(isinstance(event.get("channel"), str), f"{where}.channel must be a string")
        ok = event.get("channel_ok", [])
        _need(isinstance(ok, list) and all(isinstance(c, str) for c in ok),
              f"{where}.channel_ok must be a list of strings")
        _need(event.get("status", "happened") in STATUSES, f"{where}.status must be one of {STATUSES}")
        if event.get("date") is not None:
            _check_iso(event["date"], f"{where}.date")
        tol = event.get("tolerance_days", 0)
        _need(isinstance(tol, int) and not isinstance(tol, bool),
              f"{where}.tolerance_days must be an integer")
        _check_people(event.get("participants", []), f"{where}.participants")
        topics = event.get("topics", [])
        _need(isinstance(topics, list) and all(isinstance(t, str) for t in topics),
              f"{where}.topics must be a list of strings")
        tone = event.get("tone", {})
        _need(isinstance(tone, dict) and all(isinstance(w, list) for w in tone.values()),
              f"{where}.tone must map a side to a list of words")
    _need(isinstance(record["amounts"], list), "'amounts' must be a list")
    for i, amount in enumerate(record["amounts"]):
        _need(isinstance(amount, dict) and isinstance(amount.get("value"), (int, float))
              and isinstance(amount.get("currency"), str),
              f"amounts[{i}] needs a numeric 'value' and a 'currency'")
    _check_people(record["actors"], "actors")


# ----------------------------------------------------------------- name, side and date matching

def normalise_name(name: str) -> str:
    """Case-, accent- and punctuation-folded name used for comparisons."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def names_match(gold: str, predicted: str) -> bool:
    """Same name after folding, or same first and last word (middle names/initials aside).

    A one-word prediction ("Yellen") never matches a longer gold name.
    """
    g, p = normalise_name(gold).split(), normalise_name(predicted).split()
    if not g or not p:
        return False
    if g == p:
        return True
    return len(g) >= 2 and len(p) >= 2 and g[0] == p[0] and g[-1] == p[-1]


def to_alpha3(side: str | None) -> str | None:
    """Map a gold side code (US/CN) to ISO alpha-3; other codes unchanged."""
    if side is None:
        return None
    return SIDE_TO_ALPHA3.get(side.upper(), side.upper())


def _words_match(gold: str, predicted: str) -> bool:
    g, p = normalise_name(gold), normalise_name(predicted)
    if g == p:
        return True
    short, long_ = sorted((g, p), key=len)
    return len(short) >= MIN_STEM and long_.startswith(short)


def _bounds(value: str) -> tuple[date, date]:
    """First and last day an ISO YYYY / YYYY-MM / YYYY-MM-DD value covers."""
    parts = [int(x) for x in value[:10].split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        year, month = parts
        start = date(year, month, 1)
        end = date(year + month // 12, month % 12 + 1, 1)
        return start, date.fromordinal(end.toordinal() - 1)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def date_matches(gold: str, tolerance_days: int, predicted: str | None) -> bool:
    """Gold day: predicted day within tolerance; gold month/year: predicted inside it."""
    if not predicted or not _ISO.match(predicted[:10]):
        return False
    predicted = predicted[:10]
    if len(gold) == 10:
        if len(predicted) != 10:
            return False
        return abs((date.fromisoformat(predicted) - date.fromisoformat(gold)).days) <= max(0, tolerance_days)
    if len(gold) == 7:
        return len(predicted) >= 7 and predicted.startswith(gold)
    return predicted.startswith(gold)


def date_counted(gold_doc: dict, gold_event: dict, mode: str) -> bool:
    """Whether a gold event's date takes part in scoring under the date mode."""
    if gold_event.get("date") is None:
        return False
    if mode == "all":
        return True
    return bool(gold_doc.get("published")) or bool(_YEAR.search(gold_event.get("date_basis") or ""))


def _people(event: dict) -> list[dict]:
    return [p for p in event.get("participants") or []
            if p.get("name") and p.get("kind") not in COUNTRY_KINDS]


def _labels(items: Iterable[Any] | None) -> set[str]:
    labels = ((i.get("label") if isinstance(i, dict) else i) for i in items or [])
    return {str(label) for label in labels if label}


def _tone_words(tone: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(alpha-3 side, word) pairs from a gold ({side: [w]}) or exported ({C: {words}}) tone."""
    pairs: list[tuple[str, str]] = []
    for side, value in (tone or {}).items():
        words = value.get("words", []) if isinstance(value, dict) else value
        pairs.extend((to_alpha3(side) or "", w) for w in words or [])
    return pairs


def _greedy(gold: list[Any], pred: list[Any], ok: Any) -> list[tuple[int, int]]:
    """One-to-one pairs from a scoring function ok(g, p) -> score | None, best first."""
    scored = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            score = ok(g, p)
            if score is not None:
                scored.append((score, -gi, -pi))
    scored.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, ngi, npi in scored:
        gi, pi = -ngi, -npi
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _match_people(gold: list[dict], pred: list[dict], *, side: bool) -> tuple[int, int, int]:
    """tp/fp/fn for gold {name, side} vs predicted {name, country}."""
    def ok(g: dict, p: dict) -> float | None:
        if not names_match(g["name"], p["name"]):
            return None
        if side and g.get("side") and to_alpha3(g["side"]) != to_alpha3(p.get("country")):
            return None
        return 1.0
    tp = len(_greedy(gold, pred, ok))
    return tp, len(pred) - tp, len(gold) - tp


def _match_sets(gold: list[Any], pred: list[Any], same: Any) -> tuple[int, int, int]:
    tp = len(_greedy(gold, pred, lambda g, p: 1.0 if same(g, p) else None))
    return tp, len(pred) - tp, len(gold) - tp


# ----------------------------------------------------------------- scoring

def _event_pairs(gold_doc: dict, pred_events: list[dict], mode: str
                 ) -> list[tuple[int, int, bool]]:
    """Assigned (gold index, predicted index, date agrees-or-not-counted) triples."""
    def score(g: dict, p: dict) -> tuple[bool, int, bool, int, bool] | None:
        channels = set(g.get("channel_ok") or []) | {g["channel"]}
        if p.get("type") not in channels or (p.get("status") or "happened") != g.get("status", "happened"):
            return None
        found = sum(any(names_match(gp["name"], pp["name"]) for pp in _people(p))
                    for gp in g.get("participants") or [])
        if g.get("participants") and not found:
            return None
        date_ok = (not date_counted(gold_doc, g, mode)
                   or date_matches(g["date"], g.get("tolerance_days", 0), p.get("date")))
        topics = len(_labels(g.get("topics")) & _labels(p.get("topics")))
        same_main = bool(p.get("main")) == bool(g.get("main"))
        return (date_ok, found, p.get("type") == g["channel"], topics, same_main)

    events = gold_doc["events"]
    pairs = _greedy(events, pred_events, score)
    return [(gi, pi, (score(events[gi], pred_events[pi]) or (False,))[0]) for gi, pi in pairs]


def _published_point(pred: DocPrediction) -> str | None:
    """The predicted publication day: the date itself, or the middle of its month/year/window."""
    if pred.published and _ISO.match(pred.published[:10]):
        start, end = _bounds(pred.published[:10])
    elif pred.published_window:
        start, end = (date.fromisoformat(d[:10]) for d in pred.published_window)
    else:
        return None
    return date.fromordinal((start.toordinal() + end.toordinal()) // 2).isoformat()


def _score_doc(gold_doc: dict, pred: DocPrediction, rows: dict[str, PRF], mode: str) -> dict[str, Any]:
    events, pevents = gold_doc["events"], pred.events
    pairs = _event_pairs(gold_doc, pevents, mode)
    strict = [(gi, pi) for gi, pi, date_ok in pairs if date_ok]
    rows["events"].add(len(strict), len(pevents) - len(strict), len(events) - len(strict))

    main_tp = sum(1 for gi, pi in strict if events[gi].get("main") and pevents[pi].get("main"))
    rows["main_events"].add(main_tp, sum(1 for p in pevents if p.get("main")) - main_tp,
                            sum(1 for g in events if g.get("main")) - main_tp)

    for gi, pi, date_ok in pairs:
        g, p = events[gi], pevents[pi]
        if date_counted(gold_doc, g, mode):
            has_pred = bool(p.get("date"))
            rows["dates"].add(int(date_ok), int(has_pred and not date_ok), int(not date_ok))
        rows["participants"].add(*_match_people(g.get("participants") or [], _people(p), side=True))
        gt, pt = _labels(g.get("topics")), _labels(p.get("topics"))
        rows["topics"].add(len(gt & pt), len(pt - gt), len(gt - pt))
        rows["tone"].add(*_match_sets(_tone_words(g.get("tone")), _tone_words(p.get("tone")),
                                      lambda a, b: a[0] == b[0] and _words_match(a[1], b[1])))

    money = [a for a in pred.amounts if str(a.get("unit", "")).lower() not in NON_MONEY_UNITS]
    rows["amounts"].add(*_match_sets(
        gold_doc["amounts"], money,
        lambda g, p: str(p.get("unit", "")).upper() == g["currency"].upper()
        and abs(float(p.get("value", 0)) - g["value"]) <= AMOUNT_TOLERANCE * abs(g["value"])))

    actors: dict[str, dict] = {}
    for actor in pred.actors:
        if actor.get("name") and actor.get("kind") not in COUNTRY_KINDS:
            actors.setdefault(normalise_name(actor["name"]), actor)
    rows["actors"].add(*_match_people(gold_doc["actors"], list(actors.values()), side=True))

    point = _published_point(pred)
    published_ok: bool | None = None
    if gold_doc.get("published"):
        published_ok = point == gold_doc["published"]
    elif gold_doc.get("published_window"):
        start, end = gold_doc["published_window"]
        published_ok = point is not None and start <= point <= end
    if published_ok is not None:
        rows["published"].add(int(published_ok), int(point is not None and not published_ok),
                              int(not published_ok))

    matched = {gi for gi, _ in strict}
    used = {pi for _, pi in strict}
    return {
        "matched": [{"gold": events[gi]["id"], "predicted": pevents[pi].get("id")} for gi, pi in strict],
        "wrong_date": [{"gold": events[gi]["id"], "predicted": pevents[pi].get("id"),
                        "gold_date": events[gi].get("date"), "predicted_date": pevents[pi].get("date")}
                       for gi, pi, ok in pairs if not ok],
        "missed": [g["id"] for i, g in enumerate(events) if i not in matched],
        "spurious": [p.get("id") for i, p in enumerate(pevents) if i not in used],
        "published": {"gold": gold_doc.get("published") or gold_doc.get("published_window"),
                      "predicted": point, "ok": published_ok},
    }


def evaluate(gold: list[dict], predictions: Mapping[str, DocPrediction], *,
             dates: str = "all") -> EvalReport:
    """Score predictions (keyed by gold ``doc``) against gold records, micro-averaged."""
    if dates not in DATE_MODES:
        raise ValueError(f"dates must be one of {DATE_MODES}, got {dates!r}")
    rows = {name: PRF() for name in FIELDS}
    per_doc: dict[str, dict[str, Any]] = {}
    for gold_doc in gold:
        pred = predictions.get(gold_doc["doc"]) or DocPrediction()
        per_doc[gold_doc["doc"]] = _score_doc(gold_doc, pred, rows, dates)
    return EvalReport(rows=rows, per_doc=per_doc, dates=dates)


# ----------------------------------------------------------------- building predictions

def doc_key(source: str) -> str:
    """The gold ``doc`` key for an ingested source: its file name (last path/URL part)."""
    return PurePosixPath(source.replace("\\", "/").split("?", 1)[0].rstrip("/")).name or source


def predictions_from_records(events: Iterable[dict], articles: Iterable[dict] = ()
                             ) -> dict[str, DocPrediction]:
    """Group exported event records (and article dicts) into per-document predictions.

    An article dict carries ``id`` and ``source`` and may carry ``published``,
    ``published_window``, ``amounts`` and ``actors``.  An event reported by
    several articles appears in each of their documents.
    """
    preds: dict[str, DocPrediction] = {}
    by_article: dict[str, str] = {}
    for art in articles:
        key = doc_key(str(art.get("source") or art["id"]))
        by_article[str(art["id"])] = key
        window = art.get("published_window")
        preds[key] = DocPrediction(
            published=art.get("published"),
            published_window=(str(window[0]), str(window[1])) if window else None,
            amounts=list(art.get("amounts") or []), actors=list(art.get("actors") or []))
    for event in events:
        keys = {doc_key(s["source"]) for s in event.get("sources") or [] if s.get("source")}
        keys |= {by_article[a] for a in event.get("article_ids") or [] if a in by_article}
        for key in sorted(keys):
            preds.setdefault(key, DocPrediction()).events.append(event)
    return preds
