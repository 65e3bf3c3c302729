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

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

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
@click.option("--field", "fields", multiple=True, metavar="NAME=COLUMN",
              help="Map a JSONL/CSV column to an article field, e.g. --field text=body.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def ingest(c: Context, inputs: tuple[str, ...], fetch_links: bool, fields: tuple[str, ...],
           as_json: bool) -> None:
    """Read articles from files, folders, globs, URLs, feeds or - (stdin).

    Formats: .txt/.md (optional `date YYYY-MM-DD` header or a dateline),
    .html, .jsonl/.json/.csv (fields text,title,url,published,source),
    RSS/Atom. Bad inputs are reported one line each and skipped; the exit code
    is 1 when any input failed.
    """
    from parley.ingest import count_inputs
    from parley.pipeline import ingest as run_ingest

    settings = c.settings.with_overrides(fetch_links=fetch_links or None,
                                         fields=_field_map(fields, c.settings))
    try:
        with progress_bar(count_inputs(list(inputs)), "ingest", settings.progress) as advance:
            report = run_ingest(list(inputs), settings, c.store, progress=advance,
                                on_error=None if as_json else
                                lambda line: err.print(f"[red]error:[/red] {line}",
                                                       highlight=False, markup=True))
    except ParleyError as exc:
        fail(exc.oneline())
    if as_json:
        emit_json({"added": report.added, "duplicates": report.duplicates,
                   "near_duplicates": report.near_duplicates, "errors": report.errors})
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
    table = Table("id", "published", "basis", "source", "title", "group")
    for r in rows:
        date = r["published"] or "—"
        if r["window_start"] and r["published_basis"] == "estimated":
            date = f"~{r['published']} [{r['window_start']}..{r['window_end']}]"
        group = r["dup_group"][:8] + (f" ×{r['group_size']}" if r["group_size"] > 1 else "")
        table.add_row(r["id"][:12], date, r["published_basis"] or "—", r["source"],
                      (r["title"] or "")[:60], group)
    out.print(table)
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
    if as_json:
        emit_json(view.data)
    else:
        out.print(view.text, highlight=False)


def main() -> None:
    """Console entry point."""
    try:
        cli(standalone_mode=True)
    except ParleyError as exc:
        fail(exc.oneline())


if __name__ == "__main__":
    main()
