"""Command-line adapter: parse options, build Settings, call the library, report.

No SQL and no spaCy here: every command calls one library function and turns
library errors into a one-line message and an exit code scripts can trust:
0 success, 1 some inputs failed (the rest was processed), 2 usage or setup error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from parley import __version__
from parley.config import Settings, load_settings
from parley.errors import ParleyError
from parley.store import Store

#: Width used when output is not a terminal (pipes, CI logs), so tables stay one row per item.
PIPE_WIDTH = 160

out = Console(soft_wrap=True)
if not out.is_terminal:
    out = Console(soft_wrap=True, width=PIPE_WIDTH)
err = Console(stderr=True, soft_wrap=True)


def table(*columns: str) -> Table:
    """A compact table: one line per row, long cells cut with an ellipsis."""
    t = Table(show_lines=False, pad_edge=False)
    for name in columns:
        t.add_column(name, no_wrap=True, overflow="ellipsis",
                     min_width=COLUMN_MIN.get(name, len(name)),
                     max_width=COLUMN_MAX.get(name))
    return t


COLUMN_MIN = {"id": 12, "published": 11, "basis": 9, "date": 11, "type": 16, "status": 9,
              "group": 11, "src": 3, "period": 8}
COLUMN_MAX = {"title": 50, "participants": 60, "source": 40, "topics": 40}

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


class Context:
    """What every command needs: settings and a lazily opened store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.settings.db)
        return self._store


pass_ctx = click.make_pass_decorator(Context)


def fail(message: str, code: int = EXIT_USAGE) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    sys.exit(code)


@contextmanager
def progress_bar(total: int | None, label: str, enabled: bool) -> Iterator[Any]:
    """A rich progress bar on stderr, or a no-op when disabled or not a terminal."""
    if not enabled or not err.is_terminal:
        yield lambda n=1: None
        return
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="parley")
@click.option("--db", envvar="PARLEY_DB", help="SQLite database file (default ./parley.db).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Settings file (TOML, [parley] table); default ./parley.toml if present.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: str | None, quiet: bool) -> None:
    """Parley: a source-linked record of bilateral negotiations from news.

    Typical run: `parley ingest ARTICLES/ && parley extract && parley timeline`.
    """
    try:
        settings = load_settings(config_path, db=db, progress=False if quiet else None)
    except (OSError, ValueError) as exc:
        fail(f"cannot read settings: {exc}")
    ctx.obj = Context(settings)


def _field_map(pairs: tuple[str, ...], settings: Settings) -> dict[str, str] | None:
    if not pairs:
        return None
    fields = dict(settings.fields)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in fields:
            fail(f"--field takes NAME=COLUMN with NAME one of {', '.join(fields)}; got {pair!r}")
        fields[key] = value
    return fields


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--fetch-links", is_flag=True, help="For feeds: fetch each item's linked page.")
@click.option("--allow-private", is_flag=True,
              help="Let URLs reach loopback, private, link-local and multicast addresses "
                   "(refused by default).")
@click.option("--field", "fields", multiple=True, metavar="NAME=COLUMN",
              help="Map a JSONL/CSV column to an article field, e.g. --field text=body.")
@click.option("--verbose", "-v", is_flag=True,
              help="Name every file a folder walk skipped (hidden, README and the like).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def ingest(c: Context, inputs: tuple[str, ...], fetch_links: bool, allow_private: bool,
           fields: tuple[str, ...], verbose: bool, as_json: bool) -> None:
    """Read articles from files, folders, globs, URLs, feeds or - (stdin).

    Formats: .txt/.md (optional `date YYYY-MM-DD` header or a dateline),
    .html, .jsonl/.json/.csv (fields text,title,url,published,source),
    RSS/Atom. Bad inputs are reported one line each and skipped; the exit code
    is 1 when any input failed. Files a folder walk leaves out (hidden files,
    README, LICENSE, CHANGELOG) are counted as skipped; --verbose names them.
    """
    from parley.ingest import count_inputs
    from parley.pipeline import ingest as run_ingest

    settings = c.settings.with_overrides(fetch_links=fetch_links or None,
                                         allow_private=allow_private or None,
                                         fields=_field_map(fields, c.settings))

    def on_error(line: str) -> None:
        err.print(f"[red]error:[/red] {line}", highlight=False, markup=True)

    def on_skip(line: str) -> None:
        err.print(f"skipped: {line}", highlight=False, markup=False)

    try:
        with progress_bar(count_inputs(list(inputs)), "ingest", settings.progress) as advance:
            report = run_ingest(list(inputs), settings, c.store, progress=advance,
                                on_error=None if as_json else on_error,
                                on_skip=on_skip if verbose and not as_json else None)
    except ParleyError as exc:
        fail(exc.oneline())
    if as_json:
        emit_json({"added": report.added, "duplicates": report.duplicates,
                   "near_duplicates": report.near_duplicates, "skipped": report.skipped,
                   "errors": report.errors})
    else:
        out.print(report.summary(), highlight=False)
    sys.exit(EXIT_PARTIAL if report.failed else EXIT_OK)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_ctx
def articles(c: Context, as_json: bool) -> None:
    """List stored articles with publication date, its basis and duplicate group."""
    rows = [dict(r) for r in c.store.article_rows()]
    if as_json:
        emit_json(rows)
        return
    table_ = table("id", "published", "basis", "source", "title", "group")
    for r in rows:
        date = r["published"] or "—"
        if r["window_start"] and r["published_basis"] == "estimated":
            date = f"~{r['published']} [{r['window_start']}..{r['window_end']}]"
        group = r["dup_group"][:8] + (f" ×{r['group_size']}" if r["group_size"] > 1 else "")
        table_.add_row(r["id"][:12], date, r["published_basis"] or "—", r["source"],
                      (r["title"] or "")[:60], group)
    out.print(table_)
    out.print(f"{len(rows)} articles", highlight=False)


@cli.command()
@click.argument("ident")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def show(c: Context, ident: str, as_json: bool) -> None:
    """Show one article (by id or id prefix) or one event (with both readouts)."""
    from parley.serve.views import article_view, event_view

    view = event_view(c.store, ident) or article_view(c.store, ident)
    if view is None:
        fail(f"no article or event with id {ident!r} (ids may be shortened to a unique prefix)")
        return
    if as_json:
        emit_json(view.data)
    else:
        out.print(view.text, highlight=False)


def _pair(value: str) -> tuple[str, str]:
    from parley.serve.filters import FilterError, parse_pair

    try:
        codes = parse_pair(value, "--pair")
    except FilterError as exc:
        fail(str(exc))
    if codes is None:
        fail("--pair takes two ISO alpha-3 codes like USA-CHN")
    return codes  # type: ignore[return-value]


def _kb(c: Context) -> Any:
    from parley.kb import KnowledgeBase

    return KnowledgeBase.load(c.settings.kb_files) if c.settings.kb_files \
        else KnowledgeBase.default()


def _event_records(c: Context, *, corrected: bool = True) -> list[dict[str, Any]]:
    """Every event's record, with users' corrections applied unless told not."""
    from parley.serve.catalog import event_records

    return event_records(c.store, _kb(c), corrected=corrected)


def event_filters(f: Any) -> Any:
    """The filter options `events`, `timeline` and the web API share."""
    options = [
        click.option("--pair", default="USA-CHN", show_default=True,
                     help="Country pair (ISO alpha-3); events naming either side, or no side."),
        click.option("--since", help="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", help="Latest date."),
        click.option("--type", "types", multiple=True,
                     help="Only this engagement type (call, meeting, talks_round...); repeatable."),
        click.option("--status", "statuses", multiple=True,
                     help="Only this status (happened, planned, cancelled); repeatable."),
        click.option("--person", help="Only events this person took part in (name or actor id)."),
        click.option("--topic", help="Only events with this topic tag (e.g. tariffs)."),
        click.option("--main", "main_only", is_flag=True,
                     help="Only each article's headline engagement."),
        click.option("--min-confidence", type=click.FloatRange(0, 1),
                     help="Only events whose confidence is at least this (0-1)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _filtered(c: Context, **raw: Any) -> tuple[tuple[str, str], list[dict[str, Any]]]:
    """Records passing the shared filter options, and the pair they name."""
    from parley.serve.filters import FilterError, Filters, matches

    codes = _pair(raw.pop("pair"))
    try:
        filters = Filters.parse(pair="-".join(codes), **raw)
    except FilterError as exc:
        fail(f"--{exc.field.replace('_', '-')}: {exc.message}")
    return codes, [r for r in _event_records(c) if matches(r, filters)]


@cli.command()
@click.option("--force", is_flag=True, help="Redo articles already extracted by this version.")
@click.option("--workers", type=int, help="Worker processes (default: all cores).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Run on a Dask cluster (e.g. tcp://host:8786) instead of local processes.")
@click.option("--kb", "kb_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra knowledge-base JSONL file (officials, offices, institutions).")
@click.option("--no-fuse", is_flag=True, help="Skip fusing events across articles.")
@click.option("--no-known-engagements", is_flag=True,
              help="Ignore the known-engagements file: no links to known engagements and no "
                   "publication estimates from them (measures the extractor alone).")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0),
              help="Mentions below this confidence stay mentions, not events "
                   "(default: the threshold fitted with the confidence model).")
@click.option("--no-gate", is_flag=True,
              help="Parse every sentence of a relevant article (slower); by default only "
                   "the sentences that can hold an engagement, and those around them, are "
                   "parsed (setting gate_sentences).")
@pass_ctx
def extract(c: Context, force: bool, workers: int | None, dask_address: str | None,
            kb_files: tuple[str, ...], no_fuse: bool, no_known_engagements: bool,
            min_confidence: float | None, no_gate: bool) -> None:
    """Extract actors, dated events, readouts, topics and amounts from stored articles.

    Incremental: only articles not yet extracted by this extractor version are
    parsed (--force redoes all). Undated articles get a publication estimate
    from their content; then events are fused across articles.
    """
    from parley.pipeline import extract as run_extract

    settings = c.settings.with_overrides(
        workers=workers, dask_address=dask_address, kb_files=tuple(kb_files) or None,
        known_engagements=False if no_known_engagements else None,
        min_confidence=min_confidence, gate_sentences=False if no_gate else None)
    total = len(c.store.articles())
    with progress_bar(total, "extract", settings.progress) as advance:
        report = run_extract(c.store, settings, force=force, progress=advance,
                             fuse_after=not no_fuse)
    for line in report.errors:
        err.print(f"[red]error:[/red] {line}", highlight=False)
    out.print(report.summary(), highlight=False)
    sys.exit(EXIT_PARTIAL if report.errors else EXIT_OK)


@cli.command()
@click.option("--no-known-engagements", is_flag=True,
              help="Do not link mentions to the known-engagements file.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0),
              help="Mentions below this confidence stay mentions, not events "
                   "(default: the threshold fitted with the confidence model).")
@pass_ctx
def fuse(c: Context, no_known_engagements: bool, min_confidence: float | None) -> None:
    """Fuse event mentions across articles into one record per real engagement."""
    from parley.pipeline import fuse as run_fuse

    settings = c.settings.with_overrides(
        known_engagements=False if no_known_engagements else None,
        min_confidence=min_confidence)
    report = run_fuse(c.store, settings)
    for line in report.errors:
        err.print(f"[red]error:[/red] {line}", highlight=False)
    out.print(f"{report.events} fused events", highlight=False)
    sys.exit(EXIT_PARTIAL if report.errors else EXIT_OK)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def check(c: Context, as_json: bool) -> None:
    """Check the store: integrity, schema version, counts and orphaned rows.

    Reads only (the schema is not migrated). Exit code 0 when the store is healthy,
    1 when problems were found (each named on its own line), 2 when it cannot be opened.
    """
    from parley.pipeline import check_store

    try:
        report = check_store(c.settings.db)
    except ParleyError as exc:
        fail(exc.oneline())
    if as_json:
        emit_json(report.to_json())
    else:
        counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in report.counts.items())
        out.print(f"store {report.path}: schema {report.schema_version} "
                  f"(latest {report.latest_version}), journal {report.journal_mode}, "
                  f"integrity {'ok' if report.integrity == ['ok'] else 'FAILED'}", highlight=False)
        out.print(counts, highlight=False)
        for line in report.problems:
            err.print(f"[red]problem:[/red] {line}", highlight=False)
        out.print("healthy" if report.healthy else f"{len(report.problems)} problems",
                  highlight=False)
    sys.exit(EXIT_OK if report.healthy else EXIT_PARTIAL)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@pass_ctx
def backup(c: Context, path: str, force: bool) -> None:
    """Copy the store to PATH: one consistent snapshot, even while others write to it.

    Uses SQLite's online backup; the copy is checked, then renamed into place, so an
    interrupted backup never leaves a half-written file at PATH.
    """
    from parley.pipeline import backup_store

    try:
        size = backup_store(c.settings.db, path, replace=force)
    except ParleyError as exc:
        fail(exc.oneline())
    out.print(f"backed up {c.settings.db} to {path} ({size} bytes)", highlight=False)


@cli.command("events")
@event_filters
@click.option("--json", "as_json", is_flag=True, help="Print JSON records.")
@pass_ctx
def events_cmd(c: Context, as_json: bool, **filters: Any) -> None:
    """List fused events with date, type, status, participants and source count."""
    _codes, records = _filtered(c, **filters)
    if as_json:
        emit_json(records)
        return
    table_ = table("id", "date", "type", "status", "participants", "topics", "src", "conf")
    for r in records:
        who = "; ".join(f"{p['name']} [{p['country'] or '?'}]" for p in r["participants"])
        date = (r["date"] or "—") + ("~" if r["date_estimated"] else "")
        conf = f"{r['confidence']:.2f}" if r.get("confidence") is not None else "—"
        table_.add_row(r["id"][:10], date, r["type"], r["status"], who[:70],
                      ", ".join(r["topics"])[:40], str(len(r["sources"])), conf)
    out.print(table_)
    out.print(f"{len(records)} events", highlight=False)


@cli.command()
@event_filters
@click.option("--json", "as_json", is_flag=True, help="Print JSON records.")
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="Also draw the timeline to this PNG/SVG file.")
@pass_ctx
def timeline(c: Context, as_json: bool, output: str | None, **filters: Any) -> None:
    """A chronological view: date, type, who, what each side said, outcome, sources."""
    from parley.serve.timeline import render_timeline

    codes, records = _filtered(c, **filters)
    if output:
        from parley.analysis.charts import plot_timeline

        plot_timeline(records, __import__("pathlib").Path(output), pair=codes)
        err.print(f"wrote {output}", highlight=False)
    if as_json:
        emit_json(records)
    else:
        click.echo(render_timeline(records, codes), nl=False)


@cli.command()
@click.argument("what", type=click.Choice(["events", "articles", "actors"]))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), default="jsonl",
              show_default=True, help="Output format (nested fields are JSON in CSV cells).")
@click.option("--output", "-o", help="Output file (default: stdout; required for parquet).")
@pass_ctx
def export(c: Context, what: str, fmt: str, output: str | None) -> None:
    """Export events, articles or actors as JSON Lines, CSV or Parquet."""
    from parley.serve.export import write_records
    from parley.serve.records import actor_records, article_record

    kb = _kb(c)
    if what == "events":
        records = _event_records(c)
    elif what == "articles":
        records = [article_record(a, c.store.extraction(a.id), kb) for a in c.store.articles()]
    else:
        records = actor_records(c.store.extractions(), kb)
    try:
        n = write_records(records, fmt, output)
    except ValueError as exc:
        fail(str(exc))
    if output and output != "-":
        err.print(f"wrote {n} {what} to {output}", highlight=False)


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--dates", type=click.Choice(["all", "text"]), default="all", show_default=True,
              help="'text': count only dates the article text alone fixes.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def eval_cmd(c: Context, gold: str, dates: str, as_json: bool) -> None:
    """Score the store against a gold file (precision, recall, F1 per field)."""
    from pathlib import Path

    from parley.evaluate import evaluate, load_gold, predictions_from_records
    from parley.serve.records import article_record

    kb = _kb(c)
    try:
        gold_docs = load_gold(Path(gold))
    except ParleyError as exc:
        fail(exc.oneline())
    articles = [article_record(a, c.store.extraction(a.id), kb) for a in c.store.articles()]
    # The machine's output is scored, not users' corrections of it.
    report = evaluate(gold_docs, predictions_from_records(_event_records(c, corrected=False),
                                                          articles),
                      dates=dates)
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(report.to_table())


@cli.command()
@click.option("--pair", default="USA-CHN", show_default=True, help="Country pair (ISO alpha-3).")
@click.option("--by", type=click.Choice(["week", "month", "year"]), default="month",
              show_default=True, help="Period length for the index.")
@click.option("--since", help="Earliest period.")
@click.option("--until", help="Latest period.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Chart file (.png/.svg).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def index(c: Context, pair: str, by: str, since: str | None, until: str | None,
          output: str | None, as_json: bool) -> None:
    """Cooperation/conflict index per period (Goldstein-weighted, with confidence)."""
    from pathlib import Path

    from parley.analysis.index import relationship_index

    codes = _pair(pair)
    points = relationship_index(_event_records(c), pair=codes, by=by, since=since, until=until)
    if output:
        from parley.analysis.charts import plot_index

        plot_index(points, Path(output), title=f"{codes[0]}–{codes[1]} relationship index")
        err.print(f"wrote {output}", highlight=False)
    if as_json:
        emit_json([p.to_dict() for p in points])
        return
    table_ = table("period", "events", "index", "coop", "conflict", "confidence")
    for p in points:
        table_.add_row(p.period, str(p.events), f"{p.index:+.2f}", str(p.cooperation),
                      str(p.conflict), f"{p.confidence:.2f}")
    out.print(table_)


@cli.command()
@click.option("--by", type=click.Choice(["week", "month", "year"]), default="month",
              show_default=True, help="Period length for the ledger.")
@click.option("--since", help="Earliest period.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Chart file (.png/.svg).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def ledger(c: Context, by: str, since: str | None, output: str | None, as_json: bool) -> None:
    """Issue ledger: when each topic was raised, by which side, how often."""
    from dataclasses import asdict
    from pathlib import Path

    from parley.analysis.ledger import issue_ledger

    rows = issue_ledger(_event_records(c), by=by, since=since)
    if output:
        from parley.analysis.charts import plot_ledger

        plot_ledger(rows, Path(output))
        err.print(f"wrote {output}", highlight=False)
    if as_json:
        emit_json([asdict(r) for r in rows])
        return
    table_ = table("topic", "period", "events", "raised by")
    for r in rows:
        raised = ", ".join(f"{k} {v}" for k, v in sorted(r.raised_by.items()))
        table_.add_row(r.topic, r.period, str(r.events), raised)
    out.print(table_)


@cli.command("date")
@click.argument("article_id")
@click.argument("day")
@click.option("--note", help="Why the date was corrected (kept with the correction).")
@pass_ctx
def date_cmd(c: Context, article_id: str, day: str, note: str | None) -> None:
    """Correct an article's publication date (YYYY-MM-DD); its events are re-dated.

    The correction is kept in its own table: it outlasts `parley extract --force`
    and shows on the article's page in `parley serve`.
    """
    from parley.serve.catalog import correct_publication

    try:
        _correction, article = correct_publication(c.store, c.settings, article_id, day, note)
    except LookupError:
        fail(f"no article with id {article_id!r} (ids may be shortened to a unique prefix)")
    except ParleyError as exc:
        fail(exc.oneline())
    out.print(f"{article.id}: published {article.published} (basis user)", highlight=False)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, type=click.IntRange(0, 65535), show_default=True,
              help="Port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (more answer more clients at once; one per core).")
@click.option("--get", "get_path", metavar="PATH",
              help="Answer one GET request in-process, print it and exit (a smoke test).")
@pass_ctx
def serve(c: Context, host: str, port: int, workers: int, get_path: str | None) -> None:
    """Serve the web dashboard and the JSON API (/api/v1, docs at /docs) over the store.

    Read-only unless the PARLEY_TOKEN environment variable holds a token: then
    corrections and `POST /api/v1/articles` are accepted with
    `Authorization: Bearer <token>` (or the token field of a page's form).
    """
    from pathlib import Path

    from parley.serve.app import TOKEN_ENV, create_app

    if c.settings.db != ":memory:" and not Path(c.settings.db).is_file():
        fail(f"no store at {c.settings.db}: run `parley ingest` and `parley extract` first, "
             "or give --db")
    app = create_app(c.settings, store=c.store)
    if get_path is not None:
        import asyncio

        import httpx

        async def get_one() -> httpx.Response:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://parley") as client:
                return await client.get(get_path)

        response = asyncio.run(get_one())
        click.echo(response.text)
        sys.exit(EXIT_OK if response.status_code < 400 else EXIT_PARTIAL)
    import os

    import uvicorn

    mode = "corrections accepted with the token" if os.environ.get(TOKEN_ENV) else \
        f"read-only (set {TOKEN_ENV} to accept corrections)"
    shown = f"[{host}]" if ":" in host else host
    err.print(f"Parley dashboard on http://{shown}:{port}/ — store {c.settings.db}, {mode}; "
              "Ctrl+C stops it", highlight=False)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    # Each worker process builds its own app from the same settings, passed by environment.
    from dataclasses import fields

    for f in fields(c.settings):
        value = getattr(c.settings, f.name)
        if f.name != "fields":
            os.environ["PARLEY_" + f.name.upper()] = (
                os.pathsep.join(value) if isinstance(value, tuple) else str(value))
    os.environ["PARLEY_DB"] = str(Path(c.settings.db).resolve())
    uvicorn.run("parley.serve.app:app_from_environment", factory=True, host=host, port=port,
                workers=workers, log_level="warning")


def main() -> None:
    """Console entry point."""
    try:
        cli(standalone_mode=True)
    except ParleyError as exc:
        fail(exc.oneline())


if __name__ == "__main__":
    main()
