"""Fuse stage: one event per real-world engagement, readout comparison, publication dates."""

from __future__ import annotations

from parley.fuse.cluster import MERGE_THRESHOLD, blocking_keys, fuse_events, same_engagement
from parley.fuse.pubdate import PubEstimate, estimate_publication
from parley.fuse.readouts import compare_readouts

__all__ = ["MERGE_THRESHOLD", "PubEstimate", "blocking_keys", "compare_readouts",
           "estimate_publication", "fuse_events", "same_engagement"]
