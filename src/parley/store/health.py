"""Store health: `parley check` (integrity, schema, counts, orphans) and `parley backup`.

The checks are the ones a crash could make fail if writes were not atomic: a row
whose owner is gone, an article whose id no longer matches its text, a record that
no longer parses.  Finding none after a run was killed is what shows it was not.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from parley.errors import StoreError
from parley.store.sqlite import ERROR_OF, Store, latest_version, write_error

#: Rows whose owner is missing: (what is wrong, table, column, owner table, owner column).
ORPHAN_CHECKS: tuple[tuple[str, str, str, str, str], ...] = (
    ("extractions whose article is missing", "extractions", "article_id", "articles", "id"),
    ("article sources whose article is missing", "article_sources", "article_id", "articles",
     "id"),
    ("articles with no recorded source", "articles", "id", "article_sources", "article_id"),
    ("articles whose duplicate group names a missing article", "articles", "dup_group",
     "articles", "id"),
    ("event members whose event is missing", "event_members", "event_id", "events", "id"),
    ("event members whose article is missing", "event_members", "article_id", "articles", "id"),
    ("events with no member mention", "events", "id", "event_members", "event_id"),
)


@dataclass
class CheckReport:
    """What `parley check` found; healthy when ``problems`` is empty."""

    path: str
    schema_version: int
    latest_version: int
    journal_mode: str
    integrity: list[str]
    counts: dict[str, int]
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, object]:
        """The report as plain data for ``--json``."""
        return {"path": self.path, "healthy": self.healthy,
                "schema_version": self.schema_version, "latest_version": self.latest_version,
                "journal_mode": self.journal_mode, "integrity": self.integrity,
                "counts": self.counts, "problems": self.problems}


def _count(store: Store, sql: str) -> int:
    return int(store.execute(sql)[0][0])


def check_store(store: Store, id_of: Callable[[str], str] | None = None) -> CheckReport:
    """Check integrity, schema version, counts and orphans of an open store.

    ``id_of(text)`` re-derives an article id from its text, so an article whose text
    and id disagree (a half-written or edited row) is found.  Reads one snapshot.
    """
    with store.snapshot():
        integrity = [r[0] for r in store.execute("PRAGMA integrity_check")]
        foreign = store.execute("PRAGMA foreign_key_check")
        mode = str(store.execute("PRAGMA journal_mode")[0][0])
        counts = {t: _count(store, f"SELECT COUNT(*) FROM {t}")
                  for t in ("articles", "article_sources", "extractions", "events",
                            "event_members")}
        counts["extraction_errors"] = _count(
            store, f"SELECT COUNT(*) FROM extractions WHERE {ERROR_OF.format(t='extractions')} "
                   "IS NOT NULL")
        report = CheckReport(path=store.path, schema_version=store.schema_version,
                             latest_version=latest_version(), journal_mode=mode,
                             integrity=integrity, counts=counts)
        if integrity != ["ok"]:
            report.problems.extend(f"integrity: {line}" for line in integrity[:20])
        if foreign:
            report.problems.append(f"{len(foreign)} rows break a foreign key")
        for what, table, column, owner, key in ORPHAN_CHECKS:
            n = _count(store, f"SELECT COUNT(*) FROM {table} c WHERE NOT EXISTS "
                              f"(SELECT 1 FROM {owner} o WHERE o.{key} = c.{column})")
            if n:
                report.problems.append(f"{n} {what}")
        empty = _count(store, "SELECT COUNT(*) FROM articles WHERE length(text) = 0")
        if empty:
            report.problems.append(f"{empty} articles with empty text")
        _check_records(store, report, id_of)
    if report.schema_version < report.latest_version:
        report.problems.append(f"schema version {report.schema_version} is older than "
                               f"{report.latest_version}: the next write migrates it")
    if mode.lower() != "wal":
        report.problems.append(f"journal mode is {mode}, not wal")
    return report


def _check_records(store: Store, report: CheckReport,
                   id_of: Callable[[str], str] | None) -> None:
    """Every stored record parses, and every article id matches its text."""
    bad_ids = 0
    for article_id, text in store.execute("SELECT id, text FROM articles"):
        if id_of is not None and id_of(text) != article_id:
            bad_ids += 1
    if bad_ids:
        report.problems.append(f"{bad_ids} articles whose id does not match their text")
    for table, key in (("extractions", "article_id"), ("events", "id")):
        broken = 0
        for row_key, data in store.execute(f"SELECT {key}, data FROM {table}"):
            try:
                record = json.loads(data)
            except ValueError:
                broken += 1
                continue
            if not isinstance(record, dict) or record.get(key) != row_key:
                broken += 1
        if broken:
            report.problems.append(f"{broken} {table} whose stored record does not parse")


def backup_store(store: Store, target: str | Path, *, replace: bool = False) -> int:
    """Copy the store to ``target`` with SQLite's online backup; returns its size in bytes.

    The copy is one consistent snapshot even while other processes write (in WAL mode
    the backup reads a snapshot and writers carry on).  It is written to a temporary
    file beside the target, checked, then renamed into place: a failed or interrupted
    backup never leaves a half-written file under the target's name.
    """
    dest = Path(target)
    if dest.exists() and not replace:
        raise StoreError("already exists; pass --force to replace it", source=str(dest))
    if store.path != ":memory:" and dest.resolve() == Path(store.path).resolve():
        raise StoreError("is the store itself; back up to another file", source=str(dest))
    if not dest.parent.is_dir():
        raise StoreError("folder does not exist", source=str(dest))
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    try:
        copy = sqlite3.connect(partial)
        try:
            with store.snapshot():  # one read transaction: pages=-1 copies it in one step
                store.conn.backup(copy)
            verdict = copy.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            copy.close()
        if verdict != "ok":
            raise StoreError(f"backup failed its check: {verdict}", source=str(dest))
        os.replace(partial, dest)
        _sync_folder(dest.parent)
    except sqlite3.Error as exc:
        raise write_error(exc, str(dest)) from exc
    except OSError as exc:
        raise StoreError(f"cannot write backup: {exc.strerror or exc}", source=str(dest)) \
            from exc
    finally:
        partial.unlink(missing_ok=True)
    return dest.stat().st_size


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX): fsync the folder that holds the file."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
