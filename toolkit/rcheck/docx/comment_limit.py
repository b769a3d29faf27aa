"""Which findings become comments when there are more than `--max-comments`: the most severe
first, then by place; one summary comment says what was left out and why."""


from __future__ import annotations

from collections import Counter

from rcheck.finding import Finding, severity_rank


def summary_text(rest: list[Finding], limit: int, shrunk: bool) -> str:
    counts = Counter(f.code for f in rest)
    codes = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    listed = "，".join(f"{code} {n} 个" for code, n in codes[:10]) + ("等" if len(codes) > 10 else "")
    if shrunk:
        why = "批注再多，副本就超出 rcheck 能读取的大小"
        why_en = "more would make the copy too large to read back"
    else:
        why, why_en = "可用 --max-comments 调整", "see --max-comments"
    return (f"rcheck：另有 {len(rest)} 个问题未写成批注（{listed}）：只写了最重要的 {limit} 条（{why}）。"
            f"完整结果见 rcheck lint 的输出。\n{len(rest)} more finding(s) not written as comments "
            f"(limit {limit}: {why_en}); see the output of rcheck lint.")


def select_comments(findings: list[Finding], limit: int) -> tuple[list[Finding], list[Finding]]:
    """The `limit` findings to write, most severe first and then by place, and the rest."""
    ranked = sorted(findings, key=lambda f: (-severity_rank(f.severity), f.start, f.end, f.code))
    return sorted(ranked[:limit], key=_by_place), ranked[limit:]


def _by_place(f: Finding) -> tuple[int, int, str]:
    return f.start, f.end, f.code
