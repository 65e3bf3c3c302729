#!/usr/bin/env python3
"""The development set of real articles: cache, split, and the `make eval-dev` run.

The gold file (``gold.jsonl`` beside this script) holds facts, URLs and the
search query that found each article; the articles' texts are not ours and
live in a cache outside the repository (``PARLEY_DEVSET``, default
``~/.cache/parley/devset``), one ``<id>.txt`` per gold record.

Articles are split by a hash of their URL: one in three is ``holdout``,
scored but never read while the extractor changes; the rest is ``tune``.

Commands:
  status                  what the cache holds, per split
  missing                 gold records whose text is not cached, with their queries
  add RESULTS.json...     cache texts from saved search results (JSON with url/excerpt)
  run [--quick] [--json]  ingest, extract and score both splits (the `make eval-dev` job)
  show ID                 one tune article: text, gold and what Parley exported (tune only)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GOLD = HERE / "gold.jsonl"
SHARED_EVAL = REPO.parent / "shared" / "eval"
#: One article in HOLDOUT_MODULUS goes to holdout.
HOLDOUT_MODULUS = 3
#: Publication bases that mean the text itself states its date.
DATED_IN_TEXT = ("date header", "dateline in text")


def cache_dir() -> Path:
    """Where the article texts live (never inside the repository)."""
    default = Path.home() / ".cache" / "parley" / "devset"
    return Path(os.environ.get("PARLEY_DEVSET") or default)


def split_of(url: str) -> str:
    """``holdout`` or ``tune``, from a hash of the URL (stable across machines)."""
    digest = hashlib.sha256(url.strip().encode("utf-8")).hexdigest()
    return "holdout" if int(digest[:12], 16) % HOLDOUT_MODULUS == 0 else "tune"


@dataclass
class Record:
    """One gold line with the facts the runner needs."""

    raw: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def url(self) -> str:
        return str(self.raw["url"])

    @property
    def split(self) -> str:
        return split_of(self.url)

    @property
    def published(self) -> str | None:
        value = self.raw.get("published")
        return str(value) if value else None

    @property
    def dated_in_text(self) -> bool:
        if "date_in_text" in self.raw:
            return bool(self.raw["date_in_text"])
        return str(self.raw.get("published_basis") or "") in DATED_IN_TEXT

    def text_path(self) -> Path:
        return cache_dir() / f"{self.id}.txt"


def load_gold(path: Path = GOLD) -> list[Record]:
    """Every gold record, validated enough to run (id and url present, ids unique)."""
    records: list[Record] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        raw = json.loads(line)
        if not raw.get("id") or not raw.get("url"):
            raise SystemExit(f"{path}:{number}: a gold record needs 'id' and 'url'")
        if raw["id"] in seen:
            raise SystemExit(f"{path}:{number}: duplicate id {raw['id']!r}")
        seen.add(raw["id"])
        records.append(Record(raw))
    return records


def normalised_digest(text: str) -> str:
    """sha256 of the text with whitespace runs collapsed (copies differ only in spacing)."""
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode("utf-8")).hexdigest()


# -- cache -------------------------------------------------------------------


def cmd_status(records: list[Record]) -> int:
    folder = cache_dir()
    print(f"cache: {folder}")
    for split in ("tune", "holdout"):
        part = [r for r in records if r.split == split]
        have = sum(1 for r in part if r.text_path().is_file())
        distractors = sum(1 for r in part if r.raw.get("distractor"))
        undated = sum(1 for r in part if not r.dated_in_text)
        events = sum(len(r.raw.get("events") or []) for r in part)
        print(f"{split:8} {len(part):4} articles ({have} cached), {events} events, "
              f"{distractors} distractors, {undated} without a date in the text")
    return 0


def cmd_missing(records: list[Record]) -> int:
    missing = [r for r in records if not r.text_path().is_file()]
    for r in missing:
        print(json.dumps({"id": r.id, "url": r.url, "query": r.raw.get("query")}))
    print(f"{len(missing)} of {len(records)} texts missing from {cache_dir()}", file=sys.stderr)
    return 0


def _results(path: Path) -> Iterator[dict[str, Any]]:
    """url/excerpt pairs from a saved search answer (one JSON document or JSON Lines)."""
    text = path.read_text(encoding="utf-8")
    try:
        docs: list[Any] = [json.loads(text)]
    except json.JSONDecodeError:
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    for doc in docs:
        items = doc.get("results", [doc]) if isinstance(doc, dict) else doc
        for item in items:
            if isinstance(item, dict) and item.get("url") and item.get("excerpt"):
                yield item


def cmd_add(records: list[Record], files: Iterable[str]) -> int:
    by_url = {r.url: r for r in records}
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for name in files:
        for item in _results(Path(name)):
            record = by_url.get(item["url"])
            if record is None:
                continue
            text = item["excerpt"]
            expected = record.raw.get("text_digest")
            if expected and normalised_digest(text) != expected:
                print(f"warning: {record.id}: text differs from the annotated one "
                      f"(digest mismatch); kept", file=sys.stderr)
            record.text_path().write_text(text, encoding="utf-8")
            written += 1
    print(f"cached {written} texts in {folder}")
    return 0


# -- running the product -----------------------------------------------------


def _parley() -> list[str]:
    exe = Path(sys.executable).with_name("parley")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "parley"]


def _run(args: list[str], db: Path) -> str:
    proc = subprocess.run([*_parley(), "--db", str(db), "--quiet", *args],
                          capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"parley {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def _write_inputs(records: list[Record], folder: Path, metadata: bool) -> Path:
    """The cached texts as a user would hand them over: JSONL with publication dates, or
    plain text files with nothing but the text."""
    if metadata:
        path = folder / "articles.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in records:
                row = {"text": r.text_path().read_text(encoding="utf-8"), "source": r.id}
                if r.published:
                    row["published"] = r.published
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return path
    texts = folder / "texts"
    texts.mkdir()
    for r in records:
        shutil.copyfile(r.text_path(), texts / f"{r.id}.txt")
    return texts


def _score(gold_lines: list[dict[str, Any]], events_path: Path, work: Path,
           name: str) -> dict[str, Any]:
    sys.path.insert(0, str(SHARED_EVAL))
    import score as shared_score  # type: ignore[import-not-found]

    gold_path = work / f"gold-{name}.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold_lines), encoding="utf-8")
    return dict(shared_score.score(str(gold_path), str(events_path), happened_only=True))


def _month_accuracy(records: list[Record], db: Path) -> dict[str, Any]:
    """Undated articles (no date in the text, known publication date): estimated month right,
    and true date inside the reported window."""
    rows = json.loads(_run(["articles", "--json"], db) or "[]")
    by_source = {Path(r["source"]).stem: r for r in rows}
    out: dict[str, Any] = {}
    for split in ("tune", "holdout"):
        scored = [r for r in records if r.split == split and not r.dated_in_text and r.published]
        month = window = abstained = 0
        for r in scored:
            row = by_source.get(r.id) or {}
            guess = row.get("published")
            if not guess:
                abstained += 1
                continue
            month += int(guess[:7] == r.published[:7])
            lo, hi = row.get("window_start"), row.get("window_end")
            if lo and hi:
                window += int(lo <= r.published <= hi)
            else:
                window += int(guess[:10] == r.published[:10])
        out[split] = {"articles": len(scored), "month_right": month, "in_window": window,
                      "abstained": abstained}
    return out


def run_once(records: list[Record], work: Path, *, metadata: bool,
             known: bool) -> dict[str, Any]:
    """Ingest, extract, export and score one configuration; returns figures per split."""
    name = f"{'meta' if metadata else 'bare'}-{'kb' if known else 'nokb'}"
    folder = work / name
    folder.mkdir()
    db = folder / "store.db"
    inputs = _write_inputs(records, folder, metadata)
    _run(["ingest", str(inputs)], db)
    _run(["extract", *([] if known else ["--no-known-engagements"])], db)
    events = folder / "events.jsonl"
    _run(["export", "events", "--format", "jsonl", "-o", str(events)], db)
    result: dict[str, Any] = {"name": name}
    for split in ("tune", "holdout"):
        gold = [r.raw for r in records if r.split == split]
        result[split] = _score(gold, events, folder, split)
    if not metadata:
        result["publication"] = _month_accuracy(records, db)
    result["db"] = str(db)
    return result


def _usable(records: list[Record]) -> list[Record] | None:
    if not GOLD.is_file():
        print(f"eval-dev: skipped: no gold file at {GOLD}")
        return None
    if not (SHARED_EVAL / "score.py").is_file():
        print(f"eval-dev: skipped: the shared scorer is not at {SHARED_EVAL}/score.py")
        return None
    cached = [r for r in records if r.text_path().is_file()]
    if not cached:
        print(f"eval-dev: skipped: no article texts cached in {cache_dir()} "
              f"(see eval/devset/README.md to fill the cache; set PARLEY_DEVSET to use "
              f"another folder)")
        return None
    if len(cached) < len(records):
        print(f"eval-dev: {len(records) - len(cached)} of {len(records)} texts are not cached; "
              f"scoring the {len(cached)} that are", file=sys.stderr)
    return cached


FIELDS = ("events_gold", "tp", "fp", "fn", "precision", "recall", "f1", "main_recall",
          "participants_f1")


def _table(results: list[dict[str, Any]]) -> str:
    head = f"{'run':12} {'split':8} " + " ".join(f"{f:>8}" for f in
                                                 ("gold", "tp", "fp", "fn", "P", "R", "F1",
                                                  "main_R", "part_F1"))
    lines = [head]
    for res in results:
        for split in ("tune", "holdout"):
            row = res[split]
            lines.append(f"{res['name']:12} {split:8} " + " ".join(
                f"{row[f]:>8}" for f in FIELDS))
    for res in results:
        pub = res.get("publication")
        if not pub:
            continue
        for split in ("tune", "holdout"):
            p = pub[split]
            n = p["articles"] or 1
            lines.append(f"publication ({res['name']}, {split}): {p['articles']} undated "
                         f"articles; month right {p['month_right']} ({p['month_right'] / n:.2f}),"
                         f" true date in window {p['in_window']} ({p['in_window'] / n:.2f}), "
                         f"abstained {p['abstained']}")
    return "\n".join(lines)


CONFIGS = {"meta-kb": (True, True), "bare-kb": (False, True), "meta-nokb": (True, False),
           "bare-nokb": (False, False)}


def cmd_run(records: list[Record], quick: bool, as_json: bool, keep: bool,
            only: list[str] | None = None, split: str | None = None) -> int:
    usable = _usable(records)
    if usable is None:
        return 0
    if split:
        usable = [r for r in usable if r.split == split]
    names = only or (["meta-kb", "bare-kb"] if quick else list(CONFIGS))
    configs = [CONFIGS[n] for n in names]
    work = Path(tempfile.mkdtemp(prefix="parley-devset-"))
    try:
        results = [run_once(usable, work, metadata=m, known=k) for m, k in configs]
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    if as_json:
        print(json.dumps(results, indent=1))
    else:
        print(_table(results))
        if keep:
            print(f"stores kept under {work}")
    return 0


def cmd_errors(records: list[Record], db: str, only: str | None) -> int:
    """Tune articles side by side: gold events and exported events, matched or not."""
    sys.path.insert(0, str(SHARED_EVAL))
    import score as shared  # type: ignore[import-not-found]

    rows = [json.loads(line) for line in _run(["export", "events", "--format", "jsonl"],
                                              Path(db)).splitlines() if line.strip()]
    rows = [r for r in rows if (r.get("status") or "happened") == "happened"]
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for ev in rows:
        for key in {Path(s.get("source", "")).stem for s in ev.get("sources", [])}:
            by_doc.setdefault(key, []).append(ev)
    for r in records:
        if r.split != "tune" or (only and r.id != only):
            continue
        tmp = Path(tempfile.mkstemp(suffix=".jsonl")[1])
        tmp.write_text(json.dumps(r.raw) + "\n", encoding="utf-8")
        golds = shared.gold_docs(str(tmp))[0]["events"]
        tmp.unlink()
        preds = by_doc.get(r.id, [])
        used: set[int] = set()
        lines = []
        for ge in golds:
            hit = None
            why = []
            for i, ev in enumerate(preds):
                if i in used:
                    continue
                names_p = {n for n, _ in shared.pred_parts(ev)}
                names_g = {n for n, _ in ge["parts"]}
                reasons = []
                if ge["parts"] and not names_g & names_p:
                    reasons.append("people")
                if ev.get("type") not in ge["ok"]:
                    reasons.append("type")
                if not shared.event_date_ok(ge, ev.get("date"), False):
                    reasons.append("date")
                if not reasons:
                    hit = i
                    break
                why.append(f"{i}:{'+'.join(reasons)}")
            if hit is not None:
                used.add(hit)
            mark = f"OK->{hit}" if hit is not None else "MISS " + " ".join(why)
            lines.append(f"  gold {ge['date']} {min(ge['ok']):10} "
                         f"{sorted(n for n, _ in ge['parts'])} main={ge['main']} [{mark}]")
        for i, ev in enumerate(preds):
            people = ",".join(f"{shared.norm_name(p.get('name'))}/{p.get('country')}"
                              for p in ev.get("participants", []))
            mark = "tp" if i in used else "FP"
            lines.append(f"  pred{i} {mark} {ev.get('date')} {ev['type']:10} {people} "
                         f"main={ev.get('main')} conf={ev.get('confidence')} "
                         f"| {ev.get('date_basis')} | trig={ev.get('trigger')}")
        bad = any("MISS" in x or " FP " in x for x in lines)
        if bad or only:
            print(f"{r.id} pub={r.published} dated_in_text={r.dated_in_text}")
            print("\n".join(lines))
    return 0


def cmd_show(records: list[Record], ident: str, db: str | None) -> int:
    record = next((r for r in records if r.id == ident), None)
    if record is None:
        raise SystemExit(f"no gold record {ident!r}")
    if record.split != "tune":
        raise SystemExit(f"{ident} is in the holdout split: it is scored, never read")
    print(record.text_path().read_text(encoding="utf-8"))
    print("\n--- gold")
    print(json.dumps({k: v for k, v in record.raw.items() if k != "query"}, indent=1))
    if db:
        rows = [json.loads(line) for line in _run(["export", "events", "--format", "jsonl"],
                                                   Path(db)).splitlines() if line.strip()]
        print("\n--- exported")
        for ev in rows:
            if any(Path(s.get("source", "")).stem == ident for s in ev.get("sources", [])):
                people = ", ".join(f"{p['name']} ({p.get('country')})"
                                   for p in ev.get("participants", []))
                print(f"{ev.get('date')} {ev['type']} {ev['status']} "
                      f"conf={ev.get('confidence')} main={ev.get('main')} | {people} | "
                      f"{ev.get('date_basis')}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="what the cache holds")
    sub.add_parser("missing", help="records whose text is not cached, with their queries")
    add = sub.add_parser("add", help="cache texts from saved search results")
    add.add_argument("files", nargs="+")
    run = sub.add_parser("run", help="score both splits (the `make eval-dev` job)")
    run.add_argument("--quick", action="store_true",
                     help="only the runs with the known-engagements file on")
    run.add_argument("--json", action="store_true", help="print the figures as JSON")
    run.add_argument("--keep", action="store_true", help="keep the temporary stores")
    run.add_argument("--only", action="append", choices=sorted(CONFIGS),
                     help="run only this configuration (repeatable)")
    run.add_argument("--split", choices=("tune", "holdout"),
                     help="ingest only one split (faster while working on tune)")
    errors = sub.add_parser("errors", help="tune articles' gold and exported events side by side")
    errors.add_argument("--db", required=True, help="a store kept by `run --keep`")
    errors.add_argument("--id", help="only this article")
    show = sub.add_parser("show", help="one tune article with its gold (holdout refused)")
    show.add_argument("id")
    show.add_argument("--db", help="a kept store to list the exported events of")
    args = parser.parse_args(argv)
    if not GOLD.is_file() and args.command != "run":
        raise SystemExit(f"no gold file at {GOLD}")
    records = load_gold() if GOLD.is_file() else []
    if args.command == "status":
        return cmd_status(records)
    if args.command == "missing":
        return cmd_missing(records)
    if args.command == "add":
        return cmd_add(records, args.files)
    if args.command == "errors":
        return cmd_errors(records, args.db, args.id)
    if args.command == "show":
        return cmd_show(records, args.id, args.db)
    return cmd_run(records, args.quick, args.json, args.keep, args.only, args.split)


if __name__ == "__main__":
    sys.exit(main())
