"""Suite-wide hooks: after a run that fuzzed anything, how many inputs each target got."""

from __future__ import annotations

import pytest

import fuzzing


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per fuzz target with the number of inputs it was given."""
    if not fuzzing.FUZZED:
        return
    terminalreporter.section("fuzzing")
    for target in sorted(fuzzing.FUZZED):
        terminalreporter.write_line(
            f"{target:<12} {fuzzing.FUZZED[target]:>7} inputs "
            f"({fuzzing.FUZZ_ERRORS[target]} one-line errors)")
