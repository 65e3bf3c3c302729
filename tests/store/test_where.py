"""Conditions and their parameters stay together in a WHERE clause."""

from __future__ import annotations

from parley.store.where import Where


def test_conditions_join_with_and_and_keep_their_parameters_in_order() -> None:
    w = Where().add("a = ?", 1).add("b IN (?, ?)", 2, 3).add("c = 1")
    assert w.sql() == "WHERE a = ? AND b IN (?, ?) AND c = 1"
    assert w.params == [1, 2, 3]


def test_no_condition_is_no_where_clause() -> None:
    assert Where().sql() == "" and Where().params == []
