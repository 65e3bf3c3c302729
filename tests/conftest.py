"""Suite-wide fixtures and hooks: where the shared seed articles are, and after a run that
fuzzed anything, how many inputs each fuzz target got."""

from __future__ import annotations

from pathlib import Path

import pytest

import fuzzing

#: The shared folder sits beside the repository (present in CI, maybe not elsewhere).
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The shared seed articles and their gold file, or skip when they are absent."""
    folder = SHARED / "seeds"
    if not (folder / "gold.jsonl").is_file() or not list(folder.glob("*.txt")):
        pytest.skip(f"shared seed articles are not present at {folder}")
    return folder


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per fuzz target with the number of inputs it was given."""
    if not fuzzing.FUZZED:
        return
    terminalreporter.section("fuzzing")
    for target in sorted(fuzzing.FUZZED):
        terminalreporter.write_line(
            f"{target:<12} {fuzzing.FUZZED[target]:>7} inputs "
            f"({fuzzing.FUZZ_ERRORS[target]} one-line errors)")
