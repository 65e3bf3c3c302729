"""Parley: a structured, source-linked record of bilateral negotiations from news."""

__version__ = "0.1.0"
