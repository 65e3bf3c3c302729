"""The benchmark corpus generator, for tests that need many realistic generated articles."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

CORPUS_SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus.py"
_NAME = "parley_bench_corpus"


def corpus_module() -> ModuleType:
    """benchmarks/corpus.py loaded from its file (benchmarks/ is not a package), once."""
    if _NAME in sys.modules:
        return sys.modules[_NAME]
    if not CORPUS_SCRIPT.is_file():
        pytest.skip(f"corpus generator not found at {CORPUS_SCRIPT}")
    spec = importlib.util.spec_from_file_location(_NAME, CORPUS_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module
