"""Fuzzing profiles and the count of inputs each fuzz target was given this session.

`make test` runs the property tests under the small, deterministic "ci" profile;
`make fuzz` selects "fuzz" (10,000 examples per target, fresh random inputs each run).
Imported by name (``import fuzzing``) from conftest.py and the fuzz tests alike, so
they share one set of counters.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, settings

#: Examples per fuzz target in `make fuzz`.
FUZZ_EXAMPLES = 10_000

_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
# No deadlines: a loaded two-core machine must not turn a slow example into a failure.
settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True,
                          database=None, suppress_health_check=_RELAXED)
settings.register_profile("fuzz", max_examples=FUZZ_EXAMPLES, deadline=None,
                          suppress_health_check=_RELAXED)
#: A shorter random run, to try the fuzzers out.
settings.register_profile("fuzz-short", max_examples=1_000, deadline=None,
                          suppress_health_check=_RELAXED)
settings.load_profile("ci")

#: Inputs given to each fuzz target in this session, and how many ended in an error line.
FUZZED: Counter[str] = Counter()
FUZZ_ERRORS: Counter[str] = Counter()


def examples(cap: int) -> settings:
    """The loaded profile's example count, at most ``cap`` (for slow targets)."""
    return settings(max_examples=min(settings.default.max_examples, cap))
