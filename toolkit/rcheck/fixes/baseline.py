"""Baselines: today's findings recorded by what they are, not where, so later runs hide them.

A fingerprint is the rule, the text of the span and its context (a few characters either
side on the same line, whitespace dropped, NFKC), so inserting or deleting paragraphs elsewhere
moves a finding without changing it, and a new finding, even of the same code, shows.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass

from rcheck.errors import InputError
from rcheck.finding import Finding

BASELINE_VERSION = 1
_CONTEXT = 12  # characters either side that belong to the fingerprint


def _normal(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def fingerprint(f: Finding, text: str) -> str:
    """Rule, span text and normalised context: stable while the draft moves around it."""
    a = text.rfind("\n", 0, f.start) + 1
    b = text.find("\n", f.end)
    b = len(text) if b < 0 else b
    before = _normal(text[max(a, f.start - _CONTEXT * 2):f.start])[-_CONTEXT:]
    after = _normal(text[f.end:min(b, f.end + _CONTEXT * 2)])[:_CONTEXT]
    key = "\x1f".join((f.code, text[f.start:f.end], before, after))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def path_key(path: str) -> str:
    return path if path.startswith("<") else os.path.normpath(path).replace(os.sep, "/")


@dataclass
class Baseline:
    """Entries by (path, fingerprint), with counts: the same slip twice is two entries."""

    entries: list[dict[str, str]]
    source: str = ""

    def counts(self) -> Counter[tuple[str, str]]:
        return Counter((e["path"], e["fingerprint"]) for e in self.entries)

    def to_json(self) -> str:
        return json.dumps({"version": BASELINE_VERSION, "tool": "rcheck", "kind": "baseline",
                           "findings": self.entries}, ensure_ascii=False, indent=2) + "\n"


def entry(path: str, f: Finding, text: str) -> dict[str, str]:
    return {"path": path_key(path), "code": f.code, "fingerprint": fingerprint(f, text),
            "text": text[f.start:f.end][:80]}


def build(results: list[tuple[str, list[Finding], str]]) -> Baseline:
    """A baseline of (path, findings, text) for each draft."""
    return Baseline([entry(p, f, t) for p, fs, t in results for f in fs])


def read_baseline(path: str) -> Baseline:
    """The baseline at `path`: `InputError` naming it when it is not one rcheck wrote."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise InputError(path, "基线文件不存在 (baseline file not found)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"不是有效的基线文件，无法按 JSON 读取 (not a valid baseline: "
                         f"{exc})") from None
    if not isinstance(data, dict) or data.get("kind") != "baseline" or "findings" not in data:
        raise InputError(path, "不是 rcheck 的基线文件 (not an rcheck baseline)")
    if data.get("version") != BASELINE_VERSION:
        raise InputError(path, f"基线文件版本 {data.get('version')!r} 不受支持，请用 "
                         f"--write-baseline 重新生成 (unsupported baseline version; expected "
                         f"{BASELINE_VERSION})")
    items = data["findings"]
    if not isinstance(items, list) or not all(
            isinstance(e, dict) and isinstance(e.get("path"), str)
            and isinstance(e.get("fingerprint"), str) for e in items):
        raise InputError(path, "基线文件格式不对：findings 应为带 path 和 fingerprint 的对象列表 "
                         "(malformed baseline findings)")
    return Baseline(items, path)


def split(baseline: Baseline, path: str, findings: list[Finding], text: str,
          left: Counter[tuple[str, str]]) -> tuple[list[Finding], list[Finding]]:
    """(shown, hidden) for one draft; `left` counts the entries not yet used (shared by all
    drafts of a run, so a prune keeps only what something still matched)."""
    shown, hidden = [], []
    key = path_key(path)
    for f in findings:
        k = (key, fingerprint(f, text))
        if left[k] > 0:
            left[k] -= 1
            hidden.append(f)
        else:
            shown.append(f)
    return shown, hidden


def unused_entries(baseline: Baseline, left: Counter[tuple[str, str]],
                   checked: dict[str, frozenset[str]]) -> list[dict[str, str]]:
    """The entries that no finding matched (`left` after every draft was split) of the drafts
    checked this run (`checked`: path key -> the codes of the rules that ran on it), for a rule
    that ran: their faults are gone. An entry of a draft not checked, or of a rule not run, is not
    known to be unused."""
    unused = Counter({k: n for k, n in left.items() if n > 0 and k[0] in checked})
    out = []
    for e in baseline.entries:
        k = (e["path"], e["fingerprint"])
        if unused[k] > 0 and e.get("code", "") in checked[e["path"]]:
            unused[k] -= 1
            out.append(e)
    return out


def gone_entries(baseline: Baseline, checked: dict[str, frozenset[str]],
                 given: list[str]) -> list[dict[str, str]]:
    """The entries of drafts that no longer exist under the paths given (a file or a folder, as
    path keys), and were not checked: deleted or renamed since the baseline was written."""
    def under(path: str) -> bool:
        return any(g in (".", path) or path.startswith(g.rstrip("/") + "/") for g in given)

    return [e for e in baseline.entries if e["path"] not in checked and not e["path"].startswith("<")
            and under(e["path"]) and not os.path.exists(e["path"])]


def pruned(baseline: Baseline, drop: list[dict[str, str]]) -> Baseline:
    """The baseline without the entries in `drop` (as `unused_entries` and `gone_entries` give
    them: the same objects)."""
    dropped = {id(e) for e in drop}
    return Baseline([e for e in baseline.entries if id(e) not in dropped], baseline.source)
