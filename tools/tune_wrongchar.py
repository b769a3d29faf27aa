"""Fit the weights of W105's context scan (`rcheck.wrongchar_scan`) on ECSpell's odw.train.

    python tools/tune_wrongchar.py [--odw ../shared/ecspell/odw.train] [--folds 2] [--pairs]

A logistic regression over the scan's features: a candidate is positive when it is the labelled
correction of a labelled wrong character. The confusions odw.train itself labels ("seen") are
taken, for each fold's candidates, from the other folds' sentences only (as they would be for a
new draft), and each fold is scored with weights fitted on the others: the figures printed are
those of sentences the fit never saw. Prints the
weights fitted on all of odw.train (for `rcheck.wrongchar.SCAN_WEIGHTS`) and, per threshold, the
held-out recall at the wrong character and the false alarms on clean sentences. Never reads odw.test.

With --pairs, the same for the scan of two-character homophones (`rcheck.wrongchar_homophones`,
weights for `rcheck.wrongchar.PAIR_WEIGHTS`): a candidate is positive when both characters are
labelled wrong and the word is the labelled correction. Its features use no labelled slip, so the
folds differ only in the fit.
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

from rcheck.wrongchar import NOT_EXAMINED, load_model, load_pair_scanner  # noqa: E402
from rcheck.wrongchar_homophones import FEATURES as PAIR_FEATURES  # noqa: E402
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


def joined(rows: list[tuple[str, str]]):
    """The sentences as one text (and as corrected), each character's sentence, the sentences'
    starts, and where a scan may look (not a function character)."""
    text = SEP.join(src for src, _ in rows)
    right = SEP.join(tgt if len(tgt) == len(src) else src for src, tgt in rows)
    breaks = np.array([ch == SEP for ch in text])
    starts = np.concatenate([[0], np.nonzero(breaks)[0] + 1])
    examine = np.array([ch not in NOT_EXAMINED for ch in text])
    return text, right, np.cumsum(breaks), starts, examine


def candidates(scanner: Scanner, rows: list[tuple[str, str]]):
    """Features, labels, and the sentence and position of every shortlisted candidate in `rows`."""
    text, right, sentence, starts, examine = joined(rows)
    c, r = codes(text), codes(right)
    pos, xx, _, X = scanner.shortlist(text, examine)
    y = ((r[pos] != c[pos]) & (r[pos] == xx)).astype(np.float64)
    return X.astype(np.float64), y, sentence[pos], pos - starts[sentence[pos]]


def pair_candidates(rows: list[tuple[str, str]]):
    """As `candidates`, for the two-character homophone scan: a position is the pair's first."""
    scanner = load_pair_scanner()
    text, right, sentence, starts, examine = joined(rows)
    c, r = codes(text), codes(right)
    pos, word, X = scanner.shortlist(text, examine, every=True)
    y = ((r[pos] != c[pos]) & (r[pos + 1] != c[pos + 1]) & (r[pos] == scanner.first[word])
         & (r[pos + 1] == scanner.second[word])).astype(np.float64)
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
    ap.add_argument("--pairs", action="store_true", help="fit the two-character homophone scan")
    args = ap.parse_args(argv)
    rows = read(args.odw)
    folds = [rows[k::args.folds] for k in range(args.folds)]
    if args.pairs:
        return tune_pairs(folds)
    model = load_model()
    # Each fold's candidates with the slips the other folds label as "seen": a fold never sees
    # its own labels, in the fit or in its score.
    data = []
    for k, fold in enumerate(folds):
        others = [r for j, f in enumerate(folds) if j != k for r in f]
        scanner = Scanner(load_table(), model.freq, confusions(others), model.weight, np.zeros(len(FEATURES)))
        data.append(candidates(scanner, fold))
    held = [(fold, Xk @ w, yk, sent, at) for fold, w, (Xk, yk, sent, at) in cross_fitted(folds, data)]
    report(held)
    w = fit(np.concatenate([d[0] for d in data]), np.concatenate([d[1] for d in data]))
    print("SCAN_WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")  # " + " ".join(FEATURES))
    return 0


def cross_fitted(folds, data):
    """Each fold with the weights fitted on the other folds' candidates, and its own candidates."""
    for k, fold in enumerate(folds):
        X = np.concatenate([d[0] for j, d in enumerate(data) if j != k])
        y = np.concatenate([d[1] for j, d in enumerate(data) if j != k])
        yield fold, fit(X, y), data[k]


def tune_pairs(folds: list[list[tuple[str, str]]]) -> int:
    data = [pair_candidates(fold) for fold in folds]
    held = []
    for fold, w, (Xk, yk, sent, at) in cross_fitted(folds, data):
        # The fit sees every candidate; the scan scores only those whose counted pairs improve.
        score = np.where(Xk[:, PAIR_FEATURES.index("td2")] > 0, Xk @ w, -np.inf)
        # A pair's finding covers both its characters.
        held.append((fold, np.concatenate([score] * 2), np.concatenate([yk] * 2),
                     np.concatenate([sent] * 2), np.concatenate([at, at + 1])))
    report(held, (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0))
    w = fit(np.concatenate([d[0] for d in data]), np.concatenate([d[1] for d in data]))
    print("PAIR_WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")  # " + " ".join(PAIR_FEATURES))
    return 0


def report(held, thresholds=(-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0)) -> None:
    for threshold in thresholds:
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
