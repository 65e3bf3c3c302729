"""How strongly a mention's evidence says it names a real engagement.

A logistic model over the named evidence of ``parley.extract.features``: the
weights and the export threshold are data (``data/confidence.json``), fitted on
the ``tune`` part of the development set by ``eval/devset/fit_confidence.py``,
so no rule is tuned by hand against another.  A fused event is as believable as
its most believable reports together (noisy-or): five outlets reporting the
same call make it surer than one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from parley.errors import DataFileError
from parley.extract.features import FEATURES
from parley.fuse.resources import read_data
from parley.models import Event

_FILE = "confidence.json"


@dataclass(frozen=True)
class ConfidenceModel:
    """Weights per evidence name, an intercept and the export threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def score(self, evidence: dict[str, float]) -> float:
        """Belief in [0, 1] that the evidence describes a real engagement."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in evidence.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_model() -> ConfidenceModel:
    """The packaged model, validated: every weight names known evidence."""
    raw = read_data(_FILE)
    source = f"parley/fuse/data/{_FILE}"
    try:
        weights = {str(k): float(v) for k, v in raw["weights"].items()}
        bias, threshold = float(raw["bias"]), float(raw["threshold"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataFileError(f"needs 'weights' (object), 'bias' and 'threshold' ({exc})",
                            source=source) from None
    unknown = sorted(set(weights) - set(FEATURES))
    if unknown:
        raise DataFileError(f"weights for unknown evidence: {unknown}", source=source)
    if not 0.0 <= threshold <= 1.0:
        raise DataFileError("threshold must lie in [0, 1]", source=source)
    return ConfidenceModel(weights, bias, threshold)


def scored(event: Event, model: ConfidenceModel | None = None) -> Event:
    """The mention with its confidence set.

    A match to the known-engagements file is left out of the evidence on purpose: the
    file helps date a mention, but whether the text reports an engagement must be judged
    from the text, or switching the file off would change what counts as an event."""
    model = model or load_model()
    return replace(event, confidence=round(model.score(event.evidence), 4))


def combined(confidences: Iterable[float | None]) -> float | None:
    """Noisy-or of independent reports' confidences (None when none is scored)."""
    values = [c for c in confidences if c is not None]
    if not values:
        return None
    doubt = 1.0
    for c in values:
        doubt *= 1.0 - c
    return round(1.0 - doubt, 4)
