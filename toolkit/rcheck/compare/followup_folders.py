"""Follow-up over two folders: every unit's report of last year paired with its report of this
year, and each pair followed up as `follow_up` follows up two drafts.

A province's office receives each unit's report every year; the file names usually say whose
report it is (县林业局2025年工作总结.txt, 县林业局2026年工作总结.txt), so reports are paired
first by name with the years taken out, where that name is unique on both sides. The rest are
paired by similarity: `compare` over them (on the same engine), and the most similar pairs
across the two years taken greedily, each report at most once; a unit reuses its own
paragraphs from one year to the next. Reports left without a partner are listed.

Both engines run the same steps: locally in this process, or on a Dask cluster, where the
workers read the files, compare them and follow up batches of pairs; the result is the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rcheck.compare.followup import FollowUp, follow_up
from rcheck.errors import InputError
from rcheck.settings import Settings, resolve_settings

if TYPE_CHECKING:
    from distributed import Client

    from rcheck.compare.result import PairResult

_YEAR = re.compile(r"(?:19|20)\d{2}\s*(?:年度|年)?")
_EDGES = " \t-_.·、（）()[]【】"
_BATCH = 16  # pairs a follow-up task takes: a pair costs tens of milliseconds


def name_key(path: str) -> str:
    """Whose report a file is, by its name: the stem without years, or the stem itself when
    nothing else is left."""
    stem = Path(path).stem
    return re.sub(r"[\s\-_.·]+", "", _YEAR.sub("", stem)).strip(_EDGES) or stem


@dataclass
class ReportPair:
    """Two reports of one unit and the follow-up of the earlier one's commitments."""

    earlier: str
    later: str
    paired_by: str  # "name", "similarity" or "given"
    similarity: float | None
    followups: list[FollowUp]
    lines: list[tuple[int, int | None]]  # per follow-up: the commitment's line, the passage's

    @property
    def missing(self) -> int:
        return sum(r.status == "missing" for r in self.followups)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for r, (line, later_line) in zip(self.followups, self.lines, strict=True):
            item = r.to_dict()
            item["commitment"]["line"] = line
            if item["passage"] is not None:
                item["passage"]["line"] = later_line
            items.append(item)
        return {"earlier": self.earlier, "later": self.later, "paired_by": self.paired_by,
                "similarity": self.similarity, "followups": items,
                "summary": {"commitments": len(items), "missing": self.missing}}


@dataclass
class FolderFollowUp:
    """Every pair of reports in the order of the earlier folder, and the reports left alone."""

    pairs: list[ReportPair] = field(default_factory=list)
    unpaired_earlier: list[str] = field(default_factory=list)
    unpaired_later: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """A commitment without follow-up, or a unit with no report this year."""
        return bool(self.unpaired_earlier) or any(p.missing for p in self.pairs)

    def to_dict(self) -> dict[str, Any]:
        return {"version": 1, "pairs": [p.to_dict() for p in self.pairs],
                "unpaired": {"earlier": self.unpaired_earlier, "later": self.unpaired_later},
                "summary": {"pairs": len(self.pairs),
                            "commitments": sum(len(p.followups) for p in self.pairs),
                            "missing": sum(p.missing for p in self.pairs),
                            "unpaired_earlier": len(self.unpaired_earlier),
                            "unpaired_later": len(self.unpaired_later)}}


def pair_by_name(earlier: Sequence[str], later: Sequence[str]) -> list[tuple[int, int]]:
    """(earlier, later) indices of the reports whose `name_key` is unique on both sides."""
    ka = [name_key(p) for p in earlier]
    kb = [name_key(p) for p in later]
    ca, cb = Counter(ka), Counter(kb)
    where = {k: j for j, k in enumerate(kb) if cb[k] == 1}
    return [(i, where[k]) for i, k in enumerate(ka) if ca[k] == 1 and k in where]


def pair_by_similarity(pairs: Sequence[PairResult], earlier: Sequence[str],
                       later: Sequence[str]) -> list[tuple[int, int, float]]:
    """The most similar (earlier, later) pairs of compare's result, each report once."""
    ia = {p: i for i, p in enumerate(earlier)}
    ib = {p: j for j, p in enumerate(later)}
    across = []
    for p in pairs:
        if p.a in ia and p.b in ib:
            across.append((p.similarity, ia[p.a], ib[p.b]))
        elif p.b in ia and p.a in ib:
            across.append((p.similarity, ia[p.b], ib[p.a]))
    out, used_a, used_b = [], set(), set()
    for sim, i, j in sorted(across, key=lambda t: (-t[0], t[1], t[2])):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j, sim))
    return out


Followed = tuple[list[FollowUp], list[tuple[int, int | None]]] | InputError


def follow_pair(earlier: str, later: str, settings: Settings, max_bytes: int) -> Followed:
    """`follow_up` of two files, with the line of each commitment and passage."""
    from rcheck.text.readers import load

    try:
        a, b = load(earlier, max_bytes=max_bytes), load(later, max_bytes=max_bytes)
    except InputError as exc:
        return exc
    results = follow_up(a, b, settings=settings)
    lines = [(a.position(r.commitment.start)[0],
              b.position(r.start)[0] if r.start is not None else None) for r in results]
    return results, lines


def _follow_batch(pairs: list[tuple[str, str]], settings: Settings, max_bytes: int) -> list:
    out: list = []
    for a, b in pairs:
        got = follow_pair(a, b, settings, max_bytes)
        # InputError does not survive pickling (two arguments): send its parts.
        out.append(("error", got.path, got.reason) if isinstance(got, InputError) else got)
    return out


Similar = Callable[[list[str]], tuple[Sequence["PairResult"], list[InputError]]]
Follow = Callable[[list[tuple[str, str]]], list[Followed]]


def follow_up_folders(earlier: Sequence[str], later: Sequence[str], *,
                      settings: Settings | None = None, client: Client | None = None,
                      max_bytes: int = 20 * 1024 * 1024, given: bool = False) -> FolderFollowUp:
    """Each report of `earlier` (last year's files) paired with one of `later` (this year's)
    and followed up; on the Dask cluster behind `client` when given, with the same result.
    `given`: the two lists hold one report each, paired as they are."""
    run = resolve_settings(settings)
    if client is None:
        similar, follow = _local_engine(run, max_bytes)
    else:
        similar, follow = _dask_engine(client, run, max_bytes)
    return _follow_up(list(earlier), list(later), similar, follow, given)


def _follow_up(earlier: list[str], later: list[str], similar: Similar, follow: Follow,
               given: bool) -> FolderFollowUp:
    out = FolderFollowUp()
    if given:
        chosen = [(0, 0, "given", None)] if earlier and later else []
    else:
        chosen = [(i, j, "name", None) for i, j in pair_by_name(earlier, later)]
    rest_a = [i for i in range(len(earlier)) if i not in {c[0] for c in chosen}]
    rest_b = [j for j in range(len(later)) if j not in {c[1] for c in chosen}]
    if rest_a and rest_b and not given:
        names_a, names_b = [earlier[i] for i in rest_a], [later[j] for j in rest_b]
        pairs, errors = similar(names_a + names_b)
        out.errors.extend(errors)
        chosen += [(rest_a[i], rest_b[j], "similarity", sim)
                   for i, j, sim in pair_by_similarity(pairs, names_a, names_b)]
    chosen.sort()
    followed = follow([(earlier[i], later[j]) for i, j, _, _ in chosen])
    failed = {e.path for e in out.errors}
    for (i, j, how, sim), got in zip(chosen, followed, strict=True):
        if isinstance(got, InputError):
            if got.path not in failed:
                out.errors.append(got)
                failed.add(got.path)
            continue
        out.pairs.append(ReportPair(earlier[i], later[j], how, sim, got[0], got[1]))
    paired_a = {c[0] for c in chosen}
    paired_b = {c[1] for c in chosen}
    out.unpaired_earlier = [p for i, p in enumerate(earlier)
                            if i not in paired_a and p not in failed]
    out.unpaired_later = [p for j, p in enumerate(later) if j not in paired_b and p not in failed]
    return out


def _local_engine(settings: Settings, max_bytes: int) -> tuple[Similar, Follow]:
    def similar(paths: list[str]) -> tuple[Sequence[PairResult], list[InputError]]:
        from rcheck.compare import compare_documents
        from rcheck.text.readers import load

        docs, errors = [], []
        for p in paths:
            try:
                docs.append(load(p, max_bytes=max_bytes))
            except InputError as exc:
                errors.append(exc)
        result = compare_documents(docs, matrix_limit=0) if docs else None
        return (result.pairs if result else []), errors

    def follow(pairs: list[tuple[str, str]]) -> list[Followed]:
        return [follow_pair(a, b, settings, max_bytes) for a, b in pairs]

    return similar, follow


def _dask_engine(client: Client, settings: Settings, max_bytes: int) -> tuple[Similar, Follow]:
    if settings.given_tokenizer is not None:
        raise ValueError("a ready tokenizer cannot be sent to Dask workers: give settings "
                         "without one, and each worker builds it from the lexicon")
    # The lexicon once to every worker; each builds its tokenizer on first use.
    shipped = client.scatter(Settings(settings.lexicon, settings.engine, settings.template,
                                      settings.graph_max_lead_share), broadcast=True)

    def similar(paths: list[str]) -> tuple[Sequence[PairResult], list[InputError]]:
        from rcheck.compare.dask_engine import Source, compare_dask

        run = compare_dask(client, [Source(p, read=p) for p in paths], max_bytes=max_bytes,
                           matrix_limit=0)
        return run.result.pairs, run.unreadable

    def follow(pairs: list[tuple[str, str]]) -> list[Followed]:
        futures = [client.submit(_follow_batch, pairs[i:i + _BATCH], shipped, max_bytes,
                                 pure=False) for i in range(0, len(pairs), _BATCH)]
        out: list[Followed] = []
        for part in client.gather(futures):
            out.extend(InputError(g[1], g[2]) if g[0] == "error" else g for g in part)
        return out

    return similar, follow
