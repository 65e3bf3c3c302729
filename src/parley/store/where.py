"""A WHERE clause built one condition at a time, with its parameters beside it.

Every listing query of the store takes optional filters; keeping each
condition and its bound values together means they cannot drift apart, and
no caller joins the clause by hand.
"""

from __future__ import annotations

from typing import Any


class Where:
    """Conditions joined with AND, and their parameters in order."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def add(self, condition: str, *params: Any) -> Where:
        """One more condition (with its ``?`` parameters, in order)."""
        self.conditions.append(condition)
        self.params.extend(params)
        return self

    def sql(self) -> str:
        """``WHERE a AND b``, or nothing when there is no condition."""
        return f"WHERE {' AND '.join(self.conditions)}" if self.conditions else ""
