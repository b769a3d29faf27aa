"""Writers for `rcheck graph`: node-link JSON, GraphML, DOT, Mermaid, SVG/PNG, and the tables.

Text formats return `str`; CSV, .xlsx and PNG return `bytes` (CSV carries a BOM for Excel).
SVG and PNG are drawn by Graphviz's `dot`, run as a subprocess with a time limit; when it is
not installed, `GraphvizNotFound` says how to install it.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from typing import TYPE_CHECKING

from rcheck.errors import RcheckError
from rcheck.formats import BY_UNIT_FORMATS, FILE_ONLY_FORMATS, GRAPH_FORMATS  # noqa: F401
from rcheck.graph import CO, IN_SECTION, LEAD, MEASURE, METRIC, SECTION, TARGETS, UNIT, task_rows, unit_duties

if TYPE_CHECKING:
    import networkx as nx

DOT_TIMEOUT = 60  # seconds; a plan of a few hundred measures lays out in well under one

_KIND_ORDER = (UNIT, MEASURE, METRIC, SECTION)
_EDGE_LABELS = {LEAD: "牵头", CO: "配合", TARGETS: "目标", IN_SECTION: "属于"}
# Graphviz picks the first font it has; these cover Chinese on Linux, macOS and Windows.
_FONTS = ("Noto Sans CJK SC,Source Han Sans SC,WenQuanYi Micro Hei,PingFang SC,Microsoft YaHei,SimSun,"
          "sans-serif")
_NODE_STYLE = {
    UNIT: 'shape=box, style="rounded,filled", fillcolor="#DCE8F7", color="#4A78B0"',
    MEASURE: 'shape=note, style=filled, fillcolor="#FFFFFF", color="#606060"',
    METRIC: 'shape=ellipse, style=filled, fillcolor="#E8F4E1", color="#5C9442"',
    SECTION: 'shape=folder, style=filled, fillcolor="#F3F3F3", color="#909090"',
}
_EDGE_STYLE = {LEAD: "penwidth=2", CO: "style=dashed", TARGETS: 'color="#5C9442"',
               IN_SECTION: 'color="#A0A0A0", arrowhead=none'}


class GraphvizNotFound(RcheckError):
    def __init__(self) -> None:
        super().__init__("Graphviz `dot` was not found on PATH: install Graphviz "
                         "(apt install graphviz / brew install graphviz) "
                         "（未找到 Graphviz 的 dot 命令，请先安装 Graphviz）")


def render_graph(g: nx.DiGraph, fmt: str = "json", *, by_unit: bool = False) -> str | bytes:
    """`g` in format `fmt`; `by_unit` gives each unit's list instead of the table (csv, markdown)."""
    from rcheck.formats.task_table import to_csv, to_markdown, to_xlsx

    if fmt == "json":
        return to_json(g)
    if fmt == "graphml":
        return to_graphml(g)
    if fmt == "dot":
        return to_dot(g)
    if fmt == "mermaid":
        return to_mermaid(g)
    if fmt in ("svg", "png"):
        return render_image(g, fmt)
    rows = task_rows(g)
    if fmt == "csv":
        return to_csv(rows, unit_duties(g, rows) if by_unit else None)
    if fmt == "markdown":
        return to_markdown(rows, unit_duties(g, rows), _paths(g), table=not by_unit)
    if fmt == "xlsx":
        return to_xlsx(rows, unit_duties(g, rows))
    raise ValueError(f"unknown format {fmt!r}")


def _paths(g: nx.DiGraph) -> list[str]:
    files = g.graph.get("files", "")
    return files.split("\n") if files else []


# -- JSON and GraphML -----------------------------------------------------------------------


def node_link(g: nx.DiGraph) -> dict:
    """networkx's node-link shape (`nx.node_link_graph(data, edges="edges")` reads it back)."""
    return {"directed": True, "multigraph": False, "graph": dict(g.graph),
            "nodes": [{"id": n, **d} for n, d in g.nodes(data=True)],
            "edges": [{"source": u, "target": v, **d} for u, v, d in g.edges(data=True)]}


def to_json(g: nx.DiGraph) -> str:
    files = [{"path": p, "measures": sum(1 for _, d in g.nodes(data=True)
                                         if d["kind"] == MEASURE and d["path"] == p)}
             for p in _paths(g)]
    data = {"version": 1, "files": files, "graph": node_link(g)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_graphml(g: nx.DiGraph) -> str:
    """GraphML for Gephi and yEd: every attribute is already a string, number or boolean."""
    import networkx as nx

    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


# -- DOT and images -------------------------------------------------------------------------


def _dot_str(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _wrap(text: str, width: int = 14) -> str:
    """Short lines, so a measure's box stays narrow (Han text has no spaces to break at)."""
    return "\n".join(text[k:k + width] for k in range(0, len(text), width)) or " "


def _display(g: nx.DiGraph, n: str) -> str:
    d = g.nodes[n]
    if d["kind"] == MEASURE:
        return f"{d['index']}. {d['label']}"
    return str(d["label"])


def to_dot(g: nx.DiGraph) -> str:
    """DOT: units in the left column, measures in the next, targets and sections to the right."""
    out = [f"digraph {_dot_str(g.graph.get('name', 'rcheck'))} {{",
           f'  graph [rankdir=LR, charset="UTF-8", fontname={_dot_str(_FONTS)}, nodesep=0.15, ranksep=1.2];',
           f"  node [fontname={_dot_str(_FONTS)}, fontsize=10];",
           f"  edge [fontname={_dot_str(_FONTS)}, fontsize=9];"]
    for kind in _KIND_ORDER:
        members = [n for n, d in g.nodes(data=True) if d["kind"] == kind]
        if not members:
            continue
        out.append(f"  subgraph {_dot_str(kind + 's')} {{")
        out.append("    rank=same;")
        for n in members:
            d = g.nodes[n]
            tooltip = d.get("task") or d.get("written") or d["label"]
            out.append(f"    {_dot_str(n)} [label={_dot_str(_wrap(_display(g, n)))}, "
                       f"tooltip={_dot_str(tooltip)}, {_NODE_STYLE[kind]}];")
        out.append("  }")
    for u, v, d in g.edges(data=True):
        label = f"label={_dot_str(_EDGE_LABELS[d['kind']])}, " if d["kind"] in (LEAD, CO) else ""
        out.append(f"  {_dot_str(u)} -> {_dot_str(v)} [{label}{_EDGE_STYLE[d['kind']]}, "
                   f"kind={_dot_str(d['kind'])}, path={_dot_str(d['path'])}, "
                   f"start={d['start']}, end={d['end']}];")
    out.append("}")
    return "\n".join(out) + "\n"


def find_dot() -> str:
    """The path of Graphviz's `dot`; `GraphvizNotFound` when it is not installed."""
    found = shutil.which("dot")
    if found is None:
        raise GraphvizNotFound()
    return found


def render_image(g: nx.DiGraph, fmt: str, *, timeout: float = DOT_TIMEOUT) -> bytes:
    """The graph drawn by Graphviz as SVG or PNG bytes."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"not an image format: {fmt!r}")
    dot = find_dot()
    try:
        done = subprocess.run([dot, f"-T{fmt}"], input=to_dot(g).encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise RcheckError(f"Graphviz dot took longer than {timeout:g} s （Graphviz 绘图超时）") from None
    except OSError as exc:
        raise RcheckError(f"cannot run Graphviz dot: {exc.strerror or exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RcheckError(f"Graphviz dot failed: {reason[-1] if reason else done.returncode}")
    return done.stdout


# -- Mermaid --------------------------------------------------------------------------------

# Mermaid reads entity codes inside quoted labels; these characters would end the label or the
# node shape, or start an entity or markdown of their own.
_MERMAID_ESCAPES = {'"': "#quot;", "#": "#35;", "[": "#91;", "]": "#93;", "(": "#40;", ")": "#41;",
                    "{": "#123;", "}": "#125;", "<": "#lt;", ">": "#gt;", "|": "#124;", "`": "#96;",
                    ";": "#59;", "&": "#38;", "\n": " "}
_MERMAID_SHAPES = {UNIT: ('(["', '"])'), MEASURE: ('["', '"]'), METRIC: ('(("', '"))'),
                   SECTION: ('[["', '"]]')}
_MERMAID_ARROWS = {LEAD: "==>|牵头|", CO: "-.->|配合|", TARGETS: "-->|目标|", IN_SECTION: "---"}
_MERMAID_CLASSES = {UNIT: "fill:#DCE8F7,stroke:#4A78B0", MEASURE: "fill:#FFFFFF,stroke:#606060",
                    METRIC: "fill:#E8F4E1,stroke:#5C9442", SECTION: "fill:#F3F3F3,stroke:#909090"}


def mermaid_label(text: str) -> str:
    return "".join(_MERMAID_ESCAPES.get(c, c) for c in text)


def to_mermaid(g: nx.DiGraph) -> str:
    """A Mermaid flowchart (renders in Markdown on code-hosting sites); ids are u1, m1, t1, s1."""
    prefix = {UNIT: "u", MEASURE: "m", METRIC: "t", SECTION: "s"}
    ids: dict[str, str] = {}
    counts = dict.fromkeys(prefix, 0)
    out = ["flowchart LR"]
    for kind in _KIND_ORDER:
        for n, d in g.nodes(data=True):
            if d["kind"] != kind:
                continue
            counts[kind] += 1
            ids[n] = f"{prefix[kind]}{counts[kind]}"
            left, right = _MERMAID_SHAPES[kind]
            out.append(f"  {ids[n]}{left}{mermaid_label(_display(g, n))}{right}")
    for u, v, d in g.edges(data=True):
        out.append(f"  {ids[u]} {_MERMAID_ARROWS[d['kind']]} {ids[v]}")
    for kind, style in _MERMAID_CLASSES.items():
        out.append(f"  classDef {kind}Node {style}")
        members = [ids[n] for n, d in g.nodes(data=True) if d["kind"] == kind]
        if members:
            out.append(f"  class {','.join(members)} {kind}Node")
    return "\n".join(out) + "\n"
