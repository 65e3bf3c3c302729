"""Measurement helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
import resource


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size in MiB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def print_load() -> None:
    """Say how busy the machine was: other work on a shared machine skews every figure."""
    print(f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine skews "
          f"the figures)")
