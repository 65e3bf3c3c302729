#!/usr/bin/env python3
"""Fit the confidence model (src/parley/fuse/data/confidence.json) on the tune split.

Usage:
  python eval/devset/devset.py run --split tune --only meta-kb --only bare-kb --keep
  python eval/devset/fit_confidence.py STORE.db [STORE.db ...] [--dry-run]

Every candidate mention (status happened) of a tune article in the given stores
is labelled: does it name one of its article's gold engagements (compatible
type, a shared participant when the gold names any; the date is left out, since
the model judges whether an engagement is real, not whether it is well dated)?
A logistic regression with an L2 penalty is fitted to those labels over the
mentions' evidence; the export threshold is then the one that gives the best
event F1 (score.py, --happened-only, dates counted) on the same stores.
Holdout articles are never read: their mentions are skipped.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import devset

MODEL = devset.REPO / "src" / "parley" / "fuse" / "data" / "confidence.json"
#: L2 penalty: keeps weights of rare evidence near zero (a few hundred labelled mentions).
L2 = 1.0
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]
#: Thresholds whose smoothed tune F1 is this close to the best count as equally good.
PLATEAU = 0.01


def _shared() -> Any:
    sys.path.insert(0, str(devset.SHARED_EVAL))
    import score  # type: ignore[import-not-found]

    return score


def labelled_mentions(db: str, tune: dict[str, devset.Record]) -> list[tuple[dict[str, float], int]]:
    """(evidence, label) for every happened mention of a tune article in one store."""
    from parley.fuse.confidence import scored
    from parley.store import Store

    shared = _shared()
    store = Store(db)
    names = store.source_names()
    out = []
    for ex in store.extractions():
        key = Path(names.get(ex.article_id, "")).stem
        record = tune.get(key)
        if record is None:
            continue
        tmp = Path(tempfile.mkstemp(suffix=".jsonl")[1])
        tmp.write_text(json.dumps(record.raw) + "\n", encoding="utf-8")
        golds = shared.gold_docs(str(tmp))[0]["events"]
        tmp.unlink()
        for ev in ex.events:
            if ev.status != "happened":
                continue
            judged = scored(ev)
            names_p = {shared.norm_name(p.name) for p in ev.participants}
            label = any(ev.type in g["ok"] and (not g["parts"] or names_p & {
                n for n, _ in g["parts"]}) for g in golds)
            out.append((judged.evidence, int(label)))
    store.close()
    return out


def fit(rows: list[tuple[dict[str, float], int]], features: list[str]) -> tuple[np.ndarray, float]:
    """Newton's method on the L2-penalised logistic log-likelihood (the intercept unpenalised).

    Hand-rolled on purpose: scikit-learn would be a large dependency for one small fit."""
    x = np.array([[ev.get(f, 0.0) for f in features] for ev, _ in rows])
    y = np.array([label for _, label in rows], dtype=float)
    x1 = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x1.shape[1])
    penalty = np.eye(x1.shape[1]) * L2
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x1 @ w))
        grad = x1.T @ (p - y) + penalty @ w
        hess = (x1 * (p * (1 - p))[:, None]).T @ x1 + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[1:], float(w[0])


def f1_at(db: str, threshold: float, tune: list[devset.Record], work: Path) -> dict[str, Any]:
    """Re-fuse a store at one threshold and score its tune articles."""
    subprocess.run([*devset._parley(), "--db", db, "--quiet", "fuse", "--min-confidence",
                    str(threshold)], check=True, capture_output=True)
    events = work / "events.jsonl"
    subprocess.run([*devset._parley(), "--db", db, "export", "events", "-o", str(events)],
                   check=True, capture_output=True)
    return devset._score([r.raw for r in tune], events, work, "fit")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stores", nargs="+", help="stores kept by `devset.py run --keep`")
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the model")
    args = parser.parse_args()
    from parley.extract.features import FEATURES

    records = [r for r in devset.load_gold() if r.split == "tune"]
    tune = {r.id: r for r in records}
    rows = [row for db in args.stores for row in labelled_mentions(db, tune)]
    features = [f for f in FEATURES if any(ev.get(f) for ev, _ in rows)]
    weights, bias = fit(rows, features)
    model = {
        "_comment": json.loads(MODEL.read_text(encoding="utf-8"))["_comment"],
        "fitted": {"on": f"tune split, {len(tune)} articles, {len(rows)} mentions "
                         f"({sum(label for _, label in rows)} real)",
                   "date": date.today().isoformat()},
        "bias": round(bias, 3),
        "weights": {f: round(float(w), 3) for f, w in zip(features, weights)},
        "threshold": 0.5,
    }
    for f, w in sorted(model["weights"].items(), key=lambda kv: -abs(kv[1])):
        print(f"{f:24} {w:+.3f}")
    print(f"{'bias':24} {bias:+.3f}")
    old = MODEL.read_text(encoding="utf-8")
    MODEL.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    means: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for t in THRESHOLDS:
            f1s = [f1_at(db, t, records, Path(tmp))["f1"] for db in args.stores]
            means.append(sum(f1s) / len(f1s))
            print(f"threshold {t:.2f}: tune F1 {' '.join(f'{f:.3f}' for f in f1s)} "
                  f"(mean {means[-1]:.3f})")
    # The F1 curve is flat and noisy over a few hundred mentions: judge each threshold with
    # its neighbours, and take the lowest one within PLATEAU of the best, since an event
    # wrongly dropped is lost silently while one wrongly kept can be seen and corrected.
    smoothed = [sum(means[max(0, i - 1):i + 2]) / len(means[max(0, i - 1):i + 2])
                for i in range(len(means))]
    top = max(smoothed)
    pick = min(i for i in range(len(means)) if smoothed[i] >= top - PLATEAU)
    best = (means[pick], THRESHOLDS[pick])
    model["threshold"] = best[1]
    model["fitted"]["tune_f1"] = round(best[0], 3)
    if args.dry_run:
        MODEL.write_text(old, encoding="utf-8")
        print(f"best threshold {best[1]} (not written)")
    else:
        MODEL.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {MODEL} (threshold {best[1]}, tune F1 {best[0]:.3f})")
    for db in args.stores:
        subprocess.run([*devset._parley(), "--db", db, "--quiet", "fuse"], check=True,
                       capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
