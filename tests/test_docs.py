"""Every command and option explains itself, and the README covers every command."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from parley.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def all_commands(group: click.Group, prefix: str = "parley") -> list[tuple[str, click.Command]]:
    """(full name, command) for the group and every command below it."""
    found: list[tuple[str, click.Command]] = [(prefix, group)]
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            found.extend(all_commands(command, f"{prefix} {name}"))
        else:
            found.append((f"{prefix} {name}", command))
    return found


COMMANDS = all_commands(cli)
SUBCOMMANDS = [name.split(" ", 1)[1] for name, _ in COMMANDS if " " in name]


def test_the_cli_has_the_documented_commands() -> None:
    documented = {"ingest", "articles", "show", "extract", "events", "timeline", "export",
                  "eval", "index", "ledger", "date", "serve"}
    assert documented <= set(SUBCOMMANDS)


@pytest.mark.parametrize("name,command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_has_help_text(name: str, command: click.Command) -> None:
    assert (command.help or command.short_help or "").strip(), f"{name} has no help text"


@pytest.mark.parametrize("name,command", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_option_has_help_text(name: str, command: click.Command) -> None:
    missing = [param.opts[0] for param in command.params
               if isinstance(param, click.Option) and not (param.help or "").strip()]
    assert not missing, f"{name}: options without help: {', '.join(missing)}"


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_readme_mentions_every_command(name: str) -> None:
    if not README.is_file():
        pytest.skip("README.md not written yet")
    text = README.read_text(encoding="utf-8")
    assert re.search(rf"parley\s+{re.escape(name)}\b", text), f"README never shows `parley {name}`"
