"""Tests for fusion across articles: clustering, readout comparison, publication dates."""
