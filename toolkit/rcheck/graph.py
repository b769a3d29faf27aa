"""The task-allocation graph (任务分工): measures, the units that own them, targets, sections.

Library use::

    from rcheck.graph import build_graph, task_rows
    g = build_graph([Path("plan-a.txt"), Path("plan-b.txt")])   # one graph over both drafts
    for row in task_rows(g):
        print(row.index, row.task, "、".join(row.lead), "、".join(row.co), row.due)

Nodes (attribute `kind`): `measure` (a commitment), `unit` (an owner, by normalised name, so
several drafts share one node per unit), `metric` (a measure's target), `section` (the heading a
measure sits under). Edges (attribute `kind`): `lead` and `cooperates` (unit -> measure),
`targets` (measure -> metric), `in-section` (measure -> section, section -> parent section); each
edge carries the span that states it (`path`, `start`, `end`). Every attribute is a scalar
(lists are joined with 、) so that GraphML can hold it, and nodes and edges are added in
document order, so the same drafts give the same graph, ids and rows every time.

Ids: `measure:<path>:<start>`, `unit:<normalised name>`, `metric:<path>:<start>`,
`section:<path>:<start>`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rcheck.errors import LexiconError
from rcheck.extract.types import Commitment
from rcheck.lexicon import Lexicon
from rcheck.settings import Settings, resolve_settings
from rcheck.text import regex as re
from rcheck.text.document import Document, Section
from rcheck.text.structure import match_marker

if TYPE_CHECKING:
    import networkx as nx

    from rcheck.text.tokenize import Tokenizer

__all__ = ["CO", "IN_SECTION", "LEAD", "MEASURE", "METRIC", "SECTION", "TARGETS", "UNIT", "TaskRow",
           "UnitDuty", "UnitLexicon", "UnitNames", "build_graph", "graph_from_commitments", "task_rows",
           "unit_duties", "unit_lexicon_for"]

MEASURE, UNIT, METRIC, SECTION = "measure", "unit", "metric", "section"
LEAD, CO, TARGETS, IN_SECTION = "lead", "cooperates", "targets", "in-section"

# Longest first: 县委宣传部 loses 县委, not just 县.
_PLACE_PREFIXES = ("县委", "市委", "区委", "县", "市", "区")
_HAN = re.compile(r"^[\u4e00-\u9fff（）]+$")
# Names this short are too close to each other for a one-character difference to mean a typo
# (县委办/县政办), and names of one length only are compared: an added or dropped character
# usually names another unit (县委编办 is not 县委办).
_MIN_TYPO_LEN = 4
TYPO_SIMILARITY = 0.75  # normalised Levenshtein similarity: one character in four may differ
_OWNER_TAIL = re.compile(r"[（(]([^（）()]{2,80})[）)]([。；;]?)\s*$")
_LABEL_MAX = 24


def _plain(name: str) -> str:
    """One spelling of a name: no spaces, full-width brackets (乡镇(街道) = 乡镇（街道）)."""
    return re.sub(r"[ \t\u3000]", "", name).replace("(", "（").replace(")", "）")


class UnitLexicon:
    """What the lexicon says about unit names: aliases, known units, collective owners."""

    def __init__(self, lexicon: Lexicon) -> None:
        path = lexicon.path_of("organisations")
        self.aliases: dict[str, str] = {}
        for k, entry in enumerate(lexicon.tables("organisations", "alias")):
            name, also = entry.get("name"), entry.get("also", [])
            if not isinstance(name, str) or not name:
                raise LexiconError(path, f"alias[{k}].name", "must be a unit name")
            if not isinstance(also, list) or not all(isinstance(a, str) for a in also):
                raise LexiconError(path, f"alias[{k}].also", "must be a list of strings")
            self.aliases[_plain(name)] = name
            for other in also:
                self.aliases.setdefault(_plain(other), name)
        self.known = {_plain(n) for n in lexicon.strings("organisations", "known_units")} | set(self.aliases)
        self.collective = tuple(lexicon.strings("organisations", "collective_prefixes"))
        # Typo candidates: full names only (a short alias such as 发改局 is compared with nothing).
        self._candidates: dict[tuple[int, str], list[str]] = {}
        for known in sorted(self.known):
            if len(known) >= _MIN_TYPO_LEN:
                self._candidates.setdefault((len(known), known[0]), []).append(known)

    def is_collective(self, name: str) -> bool:
        """各乡镇, 县直各部门, 相关单位: many units at once, never one unit's load."""
        return _plain(name).startswith(self.collective)

    def is_known(self, name: str) -> bool:
        return _plain(name) in self.known

    def closest_known(self, name: str) -> list[str]:
        """The known units a name is probably a typo of (县卫建局 -> 县卫健局), best first.

        Only names of the same length and the same first character are compared (市卫健局 is
        another unit, not a typo of 县卫健局), and only above `TYPO_SIMILARITY`. Several may tie
        (县卫建局 is one character from 县卫健局 and from 县住建局): all are returned, the one
        differing latest first, since the characters after the place name the sector and a
        slip of the input method is likelier in the abbreviation's tail than in its head.
        """
        plain = _plain(name)
        if len(plain) < _MIN_TYPO_LEN or not _HAN.match(plain) or plain in self.known:
            return []
        candidates = self._candidates.get((len(plain), plain[0]))
        if not candidates:
            return []
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        found = process.extract(plain, candidates, scorer=Levenshtein.normalized_similarity,
                                score_cutoff=TYPO_SIMILARITY, limit=None)
        if not found:
            return []
        best = max(score for _, score, _ in found)
        tied = [known for known, score, _ in found if score == best]

        def first_difference(known: str) -> int:
            return next(k for k, (a, b) in enumerate(zip(plain, known, strict=True)) if a != b)

        return sorted(tied, key=lambda known: (-first_difference(known), known))


@lru_cache(maxsize=8)
def unit_lexicon_for(lexicon: Lexicon) -> UnitLexicon:
    return UnitLexicon(lexicon)


class UnitNames:
    """Unit names as one set of drafts writes them -> one name per unit.

    县委宣传部 and 宣传部 are one unit: the alias table names the form a table shows; otherwise
    a leading 县/市/区/县委/市委/区委 is dropped when the short form is also written in the same
    drafts (县住建局 beside 住建局), or when the short form is an alias.
    """

    def __init__(self, units: UnitLexicon, written: Iterable[str] = ()) -> None:
        self.units = units
        self.written = {_plain(n) for n in written}

    def normalise(self, name: str) -> str:
        plain = _plain(name)
        aliases = self.units.aliases
        if plain in aliases:
            return aliases[plain]
        for prefix in _PLACE_PREFIXES:
            short = plain[len(prefix):]
            if plain.startswith(prefix) and len(short) >= 2:
                if short in aliases:
                    return aliases[short]
                if short in self.written:
                    return short
        return plain


# -- building -------------------------------------------------------------------------------


def build_graph(sources: str | os.PathLike[str] | Document | Sequence[str | os.PathLike[str] | Document], *,
                lexicon: Lexicon | None = None, tokenizer: Tokenizer | str | None = None,
                template: str | None = None, settings: Settings | None = None) -> nx.DiGraph:
    """The graph of one draft or several (a `str` is a draft's text, a path is read).

    Several drafts make one graph: units are merged by normalised name, so one unit's load
    across every plan is in one node; measures keep the path of their draft.
    """
    from rcheck.extract import _document, extract_commitments

    if isinstance(sources, (str, os.PathLike, Document)):
        sources = [sources]
    run = resolve_settings(settings, lexicon=lexicon, tokenizer=tokenizer, template=template)
    docs = [_document(s) for s in sources]
    return graph_from_commitments(
        [(doc, extract_commitments(doc, settings=run)) for doc in docs], settings=run)


def _doc_keys(docs: Sequence[Document]) -> list[str]:
    """Each draft's path, made unique (two texts both called <string> get #2)."""
    seen: dict[str, int] = {}
    keys = []
    for doc in docs:
        n = seen[doc.path] = seen.get(doc.path, 0) + 1
        keys.append(doc.path if n == 1 else f"{doc.path}#{n}")
    return keys


def _container(root: Section, start: int) -> Section | None:
    """The innermost section holding a measure, not counting the item's own heading (1.…)."""
    node = root
    while True:
        inner = next((c for c in node.children if c.start < start < c.end), None)
        if inner is None:
            break
        node = inner
    return node if node.heading is not None else None


def task_text(text: str, lexicon: Lexicon) -> str:
    """A measure's words for the 工作任务 column: no owner lines, owner parenthesis or marker."""
    from rcheck.extract.owners import finder_for

    owners = finder_for(lexicon)
    lines = [line.strip(" \t\u3000") for line in text.split("\n")]
    body = "".join(line for line in lines if line and owners.label(line) is None)
    marker = match_marker(body)
    if marker is not None:
        body = body[marker.end:]
    tail = _OWNER_TAIL.search(body)
    if tail and (owners.assign.search(tail.group(1)) or owners.label(tail.group(1))):
        body = body[:tail.start()].rstrip() + tail.group(2)
    return body.strip()


def _short(text: str, limit: int = _LABEL_MAX) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass
class Allocation:
    """Who leads and who co-operates in each measure: the units' side of the graph.

    Built without networkx, so the lint rules G101-G103 can read it on a cold start; the
    graph is built from it."""

    units: dict[str, dict]  # normalised name -> node attributes
    edges: list[tuple[str, str, dict]]  # (unit node id, measure node id, edge attributes)
    measures: int

    def edges_of(self, unit: str, role: str) -> list[dict]:
        uid = f"unit:{unit}"
        return sorted((d for u, _, d in self.edges if u == uid and d["kind"] == role),
                      key=lambda d: d["start"])


def allocate(items: Sequence[tuple[Document, Sequence[Commitment]]], lexicon: Lexicon,
             keys: Sequence[str] | None = None) -> Allocation:
    """The units of the drafts' measures, normalised, with one edge per role in a measure."""
    units = unit_lexicon_for(lexicon)
    names = UnitNames(units, (n for _, cs in items for c in cs for n in (*c.lead, *c.co)))
    keys = list(keys) if keys is not None else _doc_keys([doc for doc, _ in items])
    unit_nodes: dict[str, dict] = {}
    unit_edges: list[tuple[str, str, dict]] = []
    mentions: dict[str, Counter[str]] = {}
    count = 0
    for (doc, commitments), path in zip(items, keys, strict=True):
        for c in commitments:
            count += 1
            mid = f"measure:{path}:{c.start}"
            for role, owners in zip((LEAD, CO), _owners(c, names), strict=True):
                for name, written in owners:
                    node = unit_nodes.setdefault(name, {
                        "kind": UNIT, "label": name, "name": name, "written": [],
                        "collective": units.is_collective(name) or units.is_collective(written),
                        "known": False, "leads": 0, "cooperates": 0})
                    if written not in node["written"]:
                        node["written"].append(written)
                    mentions.setdefault(name, Counter())[written] += 1
                    node["known"] = node["known"] or units.is_known(written) or units.is_known(name)
                    node["leads" if role == LEAD else "cooperates"] += 1
                    # The last mention: owner lines and an owner parenthesis close the item.
                    at = doc.text.rfind(written, c.start, c.end)
                    start, end = (at, at + len(written)) if at >= 0 else (c.start, c.end)
                    unit_edges.append((f"unit:{name}", mid, {"kind": role, "written": written,
                                                              "path": path, "start": start, "end": end}))
    # A table shows a unit as the drafts write it most often (县委宣传部, not the alias key 宣传部);
    # the key that joins its spellings stays in the node id.
    for name, node in unit_nodes.items():
        counts = mentions[name]
        shown = max(counts, key=lambda w: (counts[w], len(w), w))
        node.update(key=name, name=shown, label=shown)
    return Allocation(unit_nodes, unit_edges, count)


def graph_from_commitments(items: Sequence[tuple[Document, Sequence[Commitment]]],
                           lexicon: Lexicon | None = None, *,
                           settings: Settings | None = None) -> nx.DiGraph:
    """The graph of drafts whose commitments are already extracted (what `lint` has in hand)."""
    import networkx as nx

    lexicon = resolve_settings(settings, lexicon=lexicon).lexicon
    names = UnitNames(unit_lexicon_for(lexicon), (n for _, cs in items for c in cs for n in (*c.lead, *c.co)))
    keys = _doc_keys([doc for doc, _ in items])
    g = nx.DiGraph(name="任务分工 (task allocation)", files="\n".join(keys))
    allocation = allocate(items, lexicon, keys)
    shown = {key: node["name"] for key, node in allocation.units.items()}
    index = 0
    for (doc, commitments), path in zip(items, keys, strict=True):
        root = doc.sections
        section_nodes: dict[int, tuple[Section, str]] = {}
        measures: list[tuple[str, dict, Section | None]] = []
        for c in commitments:
            index += 1
            mid = f"measure:{path}:{c.start}"
            section = _container(root, c.start)
            s = section
            while s is not None and s.heading is not None and s.start not in section_nodes:
                section_nodes[s.start] = (s, f"section:{path}:{s.start}")
                s = s.parent
            lead, co = _owners(c, names)
            task = task_text(c.text, lexicon)
            measures.append((mid, {
                "kind": MEASURE, "label": _short(c.action or task), "index": index, "task": task,
                "text": c.text, "action": c.action, "path": path, "start": c.start, "end": c.end,
                "line": doc.position(c.start)[0], "lead": "、".join(shown[n] for n, _ in lead),
                "co": "、".join(shown[n] for n, _ in co), "cadence": c.cadence or "",
                "deadline": c.deadline or "",
                "due": c.deadline or c.cadence or "", "section": section.title if section else "",
                "reason": c.reason,
            }, section))
        for start in sorted(section_nodes):
            s, sid = section_nodes[start]
            h = s.heading
            if h is None:  # pragma: no cover  (only sections with a heading are collected)
                continue
            g.add_node(sid, kind=SECTION, label=_short(doc.text[h.start:h.marker_end].strip() + h.text, 40),
                       title=h.text, path=path, start=s.start, end=s.end, line=doc.position(s.start)[0],
                       level=h.rank)
        for start in sorted(section_nodes):
            s, sid = section_nodes[start]
            if s.parent is not None and s.parent.start in section_nodes and s.parent.heading is not None:
                g.add_edge(sid, section_nodes[s.parent.start][1], kind=IN_SECTION, path=path,
                           start=s.start, end=s.end)
        for mid, attrs, section in measures:
            g.add_node(mid, **attrs)
            if section is not None:
                g.add_edge(mid, section_nodes[section.start][1], kind=IN_SECTION, path=path,
                           start=attrs["start"], end=attrs["end"])
        for (mid, _, _), c in zip(measures, commitments, strict=True):
            t = c.target
            if t is None:
                continue
            tid = f"metric:{path}:{t.start}"
            g.add_node(tid, kind=METRIC, label=t.quantity, quantity=t.quantity,
                       value="" if t.value is None else str(t.value), unit=t.unit or "", scale=t.scale or "",
                       approx=t.approx or "", qualifier=t.qualifier or "", subject=t.subject or "",
                       placeholder=t.placeholder, path=path, start=t.start, end=t.end)
            g.add_edge(mid, tid, kind=TARGETS, path=path, start=t.start, end=t.end)
    for name, attrs in allocation.units.items():
        g.add_node(f"unit:{name}", **{**attrs, "written": "、".join(attrs["written"])})
    for u, v, attrs in allocation.edges:
        g.add_edge(u, v, **attrs)
    return g


def _owners(c: Commitment, names: UnitNames) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(normalised, as written) lead and co-operating units; a unit in both roles leads."""
    seen: set[str] = set()
    out: tuple[list[tuple[str, str]], list[tuple[str, str]]] = ([], [])
    for role, written_names in ((0, c.lead), (1, c.co)):
        for written in written_names:
            name = names.normalise(written)
            if name and name not in seen:
                seen.add(name)
                out[role].append((name, written))
    return out


# -- views ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    """One row of the task-allocation table (序号 / 工作任务 / 牵头单位 / 配合单位 / 完成时限)."""

    index: int
    task: str
    lead: tuple[str, ...]
    co: tuple[str, ...]
    due: str
    path: str
    section: str
    measure: str  # the node id

    def cells(self) -> list[str]:
        return [str(self.index), self.task, "、".join(self.lead), "、".join(self.co), self.due]


@dataclass(frozen=True)
class UnitDuty:
    """One unit's list (责任清单): the measures it leads and those it co-operates on."""

    unit: str
    lead: tuple[TaskRow, ...]
    co: tuple[TaskRow, ...]


def _units_of(g: nx.DiGraph, measure: str, role: str) -> tuple[str, ...]:
    return tuple(g.nodes[u]["name"] for u, d in g.pred[measure].items() if d["kind"] == role)


def task_rows(g: nx.DiGraph) -> list[TaskRow]:
    """One row per measure, in document order (drafts in the order given, sections in order)."""
    measures = sorted((d["index"], n) for n, d in g.nodes(data=True) if d["kind"] == MEASURE)
    out = []
    for index, n in measures:
        d = g.nodes[n]
        out.append(TaskRow(index, d["task"], _units_of(g, n, LEAD), _units_of(g, n, CO), d["due"],
                           d["path"], d["section"], n))
    return out


def unit_duties(g: nx.DiGraph, rows: Sequence[TaskRow] | None = None) -> list[UnitDuty]:
    """Each unit's list, the busiest first: most measures led, then most co-operated on."""
    rows = list(rows) if rows is not None else task_rows(g)
    led: dict[str, list[TaskRow]] = {}
    helped: dict[str, list[TaskRow]] = {}
    order: list[str] = []
    for row in rows:
        for role, names in ((led, row.lead), (helped, row.co)):
            for name in names:
                if name not in led and name not in helped:
                    order.append(name)
                role.setdefault(name, []).append(row)
    first = {name: k for k, name in enumerate(order)}
    ranked = sorted(order, key=lambda n: (-len(led.get(n, [])), -len(helped.get(n, [])), first[n]))
    return [UnitDuty(n, tuple(led.get(n, [])), tuple(helped.get(n, []))) for n in ranked]
