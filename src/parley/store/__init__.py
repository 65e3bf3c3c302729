"""Store stage: the embedded SQLite store (the only place SQL is written)."""

from parley.store.sqlite import Store

__all__ = ["Store"]
