"""Fit the weights of W105's context scan (`rcheck.wrongchar_scan`) on ECSpell's odw.train.

    python tools/tune_wrongchar.py [--odw ../shared/ecspell/odw.train] [--folds 2]

A logistic regression over the scan's features: a candidate is positive when it is the labelled
correction of a labelled wrong character. The confusions odw.train itself labels ("seen") are
taken, for each fold's candidates, from the other folds' sentences only (as they would be for a
new draft), and each fold is scored with weights fitted on the others: the figures printed are
those of sentences the fit never saw. Prints the
weights fitted on all of odw.train (for `rcheck.wrongchar.SCAN_WEIGHTS`) and, per threshold, the
held-out recall at the wrong character and the false alarms on clean sentences. Never reads odw.test.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "toolkit"))

from rcheck.wrongchar import NOT_EXAMINED, load_model  # noqa: E402
from rcheck.wrongchar_scan import FEATURES, Scanner  # noqa: E402
from rcheck.wrongchar_table import codes, load_table  # noqa: E402

L2 = 1.0  # ridge on the weights (not on the bias)
SEP = "\n"


def read(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            _, src, tgt = line.split("\t")
            rows.append((src, tgt))
    return rows


def confusions(train: list[tuple[str, str]]) -> dict[str, dict[str, str]]:
    """Sound and shape sets, and the slips `train` labels as seen."""
    model = load_model()
    model.use_seen = False
    kinds = {ch: dict(model.kinds(ch)) for ch in model.confusions}
    for src, tgt in train:
        if len(src) == len(tgt):
            for a, b in zip(src, tgt, strict=True):
                if a != b:
                    kinds.setdefault(a, {})[b] = "seen"
    return kinds


def candidates(scanner: Scanner, rows: list[tuple[str, str]]):
    """Features, labels, and the sentence and position of every shortlisted candidate in `rows`."""
    text = SEP.join(src for src, _ in rows)
    right = SEP.join(tgt if len(tgt) == len(src) else src for src, tgt in rows)
    breaks = np.array([ch == SEP for ch in text])
    sentence = np.cumsum(breaks)
    starts = np.concatenate([[0], np.nonzero(breaks)[0] + 1])
    c, r = codes(text), codes(right)
    examine = np.array([ch not in NOT_EXAMINED for ch in text])
    pos, xx, _, X = scanner.shortlist(text, examine)
    y = ((r[pos] != c[pos]) & (r[pos] == xx)).astype(np.float64)
    return X.astype(np.float64), y, sentence[pos], pos - starts[sentence[pos]]


def fit(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    def loss(w):
        z = X @ w
        p = 1 / (1 + np.exp(-z))
        reg = L2 * float(w[1:] @ w[1:])
        grad = X.T @ (p - y)
        grad[1:] += 2 * L2 * w[1:]
        return float(np.sum(np.logaddexp(0, z) - y * z)) + reg, grad

    w0 = np.zeros(X.shape[1])
    return minimize(loss, w0, jac=True, method="L-BFGS-B").x


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--odw", type=Path, default=ROOT.parent / "shared" / "ecspell" / "odw.train")
    ap.add_argument("--folds", type=int, default=2)
    args = ap.parse_args(argv)
    rows = read(args.odw)
    folds = [rows[k::args.folds] for k in range(args.folds)]
    model = load_model()
    # Each fold's candidates with the slips the other folds label as "seen": a fold never sees
    # its own labels, in the fit or in its score.
    data = []
    for k, fold in enumerate(folds):
        others = [r for j, f in enumerate(folds) if j != k for r in f]
        scanner = Scanner(load_table(), model.freq, confusions(others), model.weight, np.zeros(len(FEATURES)))
        data.append(candidates(scanner, fold))
    held = []
    for k, fold in enumerate(folds):
        X = np.concatenate([d[0] for j, d in enumerate(data) if j != k])
        y = np.concatenate([d[1] for j, d in enumerate(data) if j != k])
        w = fit(X, y)
        Xk, yk, sent, at = data[k]
        held.append((fold, Xk @ w, yk, sent, at))
    report(held)
    w = fit(np.concatenate([d[0] for d in data]), np.concatenate([d[1] for d in data]))
    print("SCAN_WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")  # " + " ".join(FEATURES))
    return 0


def report(held) -> None:
    for threshold in (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0):
        wrong = clean = detected = alarms = 0
        for rows, score, _, sent, at in held:
            flagged: dict[int, set[int]] = defaultdict(set)
            for j in np.nonzero(score >= threshold)[0]:
                flagged[int(sent[j])].add(int(at[j]))
            for s, (src, tgt) in enumerate(rows):
                bad = {i for i, (a, b) in enumerate(zip(src, tgt, strict=False)) if a != b}
                if src == tgt:
                    clean += 1
                    alarms += bool(flagged.get(s))
                else:
                    wrong += 1
                    detected += bool(flagged.get(s, set()) & bad)
        print(f"threshold {threshold:4.1f}: recall {detected / wrong:.3f} ({detected}/{wrong}), "
              f"false alarms {alarms / clean:.3f} ({alarms}/{clean})")


if __name__ == "__main__":
    sys.exit(main())
