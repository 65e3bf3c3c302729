"""Tests for the relationship-over-time analysis."""
