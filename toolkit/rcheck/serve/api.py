"""The work behind each API route, as plain functions over uploaded bytes (no web framework here).

Each function reads the draft from memory, never from disk, and returns what the matching CLI
command would print (`lint --format json`, `extract --format json`, `diff --format json|html`,
`graph --format …`), so the page and the command line can never disagree. Errors are
`ApiError`: an HTTP status and the one-line message the CLI would give.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rcheck.config import Config
from rcheck.errors import ConfigError, InputError, RcheckError
from rcheck.finding import SEVERITIES, Finding
from rcheck.text import regex as re
from rcheck.text.document import Document

if TYPE_CHECKING:
    from rcheck.linter import LintResult
    from rcheck.settings import Settings

# Graph formats the API offers: every `rcheck graph` format but the two drawn by Graphviz,
# plus `table`, the rows as JSON for the page.
GRAPH_FORMATS = ("json", "graphml", "dot", "mermaid", "csv", "markdown", "xlsx", "table")
TABLE_FORMATS = ("csv", "xlsx")
DIFF_FORMATS = ("json", "html")
FINDING_COLUMNS = ("序号", "行", "列", "级别", "代码", "规则", "说明", "原文", "建议")
_SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_NAME_MAX = 120
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")


class ApiError(Exception):
    """An answer other than 200: its status and one line of text (Chinese first)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = " ".join(message.split())


@dataclass(frozen=True)
class Upload:
    """One uploaded file, held in memory only for the request that brought it."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Setup:
    """What the server checks with, resolved once at start: `rcheck serve --config FILE` gives
    that file's settings, else the defaults (as `--isolated`). The form's select/ignore act on
    top of it as the same options do on the command line."""

    config: Config
    settings: Settings


@lru_cache(maxsize=1)
def default_setup() -> Setup:
    from rcheck.settings import settings_from_config

    return Setup(Config(), settings_from_config(Config()))


def clean_name(name: str | None, default: str = "文稿.txt") -> str:
    """The file's own name, without any folder a browser sent, control characters or excess."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_NAME.sub("", base).strip()
    if not base or base in (".", ".."):
        return default
    if len(base) > _NAME_MAX:
        stem, ext = os.path.splitext(base)
        base = stem[: _NAME_MAX - len(ext)] + ext
    return base


def read_upload(upload: Upload) -> Document:
    """The draft in `upload`, read as `rcheck lint NAME` reads a file of that name: the same
    suffix rules, decoding, .docx safety checks and one-line errors."""
    from rcheck.text.readers import WORD_SUFFIXES, read_bytes, read_docx, unsupported_reason, word_like

    name, data = upload.name, upload.data
    suffix = os.path.splitext(name)[1].lower()
    reason = unsupported_reason(name)
    if reason is not None and suffix != ".doc":
        raise ApiError(415, f"{name}: {reason}")
    if not data.strip():
        raise ApiError(400, f"{name}: empty file （空文件）")
    try:
        if suffix in WORD_SUFFIXES or (suffix == ".doc" and word_like(data)):
            return read_docx(data, name)
        if suffix == ".doc":
            raise ApiError(415, f"{name}: old binary Word .doc is not supported; save it as .docx "
                                "or .txt in Word/WPS （请另存为 .docx）")
        return read_bytes(data, name)
    except InputError as exc:
        raise ApiError(422, str(exc)) from None


def config_for(select: str | None = None, ignore: str | None = None, setup: Setup | None = None) -> Config:
    """The settings `rcheck lint [--config FILE] --select … --ignore …` would use: `select`
    replaces the file's, `ignore` adds to it; unknown codes are a 400."""
    from rcheck.rules import iter_codes, select_rules

    config = (setup or default_setup()).config
    changes: dict[str, object] = {}
    if select and select.strip():
        changes["select"] = list(iter_codes(select))
    if ignore and ignore.strip():
        changes["ignore"] = [*config.ignore, *iter_codes(ignore)]
    config = config.replace(**changes) if changes else config
    try:
        select_rules(config.select, config.ignore)
    except ConfigError as exc:
        raise ApiError(400, f"select/ignore: 没有这个规则代码或前缀 ({exc})") from None
    return config


def _severities(value: str | None) -> set[str] | None:
    if value is None or not value.strip():
        return None
    chosen = {s.strip() for s in value.split(",") if s.strip()}
    unknown = chosen - set(SEVERITIES)
    if unknown:
        raise ApiError(400, f"severity: 未知的级别 {', '.join(sorted(unknown))}（可用 error、warning、info）")
    return chosen


def _check(doc: Document, config: Config, setup: Setup) -> LintResult:
    from rcheck.linter import check_document

    try:
        return check_document(doc, config, settings=setup.settings)
    except InputError as exc:
        raise ApiError(422, str(exc)) from None


def lint(upload: Upload, select: str | None = None, ignore: str | None = None, *,
         with_text: bool = False, setup: Setup | None = None) -> str:
    """`rcheck lint --isolated --format json NAME`, byte for byte; `with_text` adds each
    file's `text` (what the offsets count in), which the page needs to show the draft."""
    from rcheck.formats import FileResult, render

    setup = setup or default_setup()
    config = config_for(select, ignore, setup)
    doc = read_upload(upload)
    result = _check(doc, config, setup)
    results = [FileResult(doc.path, result.findings, result.kind, doc.text)]
    if not with_text:
        return render("json", results)
    from rcheck.formats.jsonfmt import lint_payload

    payload = lint_payload(results)
    payload["files"][0]["text"] = doc.text
    payload["files"][0]["source_format"] = doc.source_format
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _findings(upload: Upload, select: str | None, ignore: str | None,
              severity: str | None, setup: Setup | None) -> tuple[Document, list[Finding]]:
    setup = setup or default_setup()
    config = config_for(select, ignore, setup)
    wanted = _severities(severity)
    doc = read_upload(upload)
    findings = _check(doc, config, setup).findings
    if wanted is not None:
        findings = [f for f in findings if f.severity in wanted]
    return doc, findings


def annotate(upload: Upload, select: str | None = None, ignore: str | None = None,
             severity: str | None = None, setup: Setup | None = None) -> bytes:
    """The .docx with one Word comment per finding, as `lint --annotate` writes it."""
    from rcheck.docx import annotate_bytes

    if os.path.splitext(upload.name)[1].lower() != ".docx":
        raise ApiError(415, f"{upload.name}: 带批注的副本只能为 .docx 文稿生成 "
                            "(an annotated copy needs a .docx draft)")
    doc, findings = _findings(upload, select, ignore, severity, setup)
    if doc.source_format != "docx":
        raise ApiError(415, f"{upload.name}: 带批注的副本只能为 .docx 文稿生成 "
                            "(an annotated copy needs a .docx draft)")
    try:
        return annotate_bytes(doc, findings)
    except InputError as exc:
        raise ApiError(422, str(exc)) from None


@dataclass(frozen=True)
class Fixed:
    """A fixed copy: its bytes, its name, how many fixes went in and how many findings are left."""

    data: bytes
    name: str
    media: str
    applied: int
    remaining: int


def fix(upload: Upload, select: str | None = None, ignore: str | None = None, *,
        unsafe: bool = False, accept: bool = False, setup: Setup | None = None) -> Fixed:
    """`rcheck fix --isolated [-o COPY] NAME`: a .docx comes back with the fixes as tracked
    revisions (applied with `accept`), a text in its own encoding and line ends."""
    from rcheck.fixes.apply import encoded, fix_document

    setup = setup or default_setup()
    config = config_for(select, ignore, setup)
    doc = read_upload(upload)
    try:
        outcome = fix_document(doc, config, unsafe=unsafe, settings=setup.settings)
        if doc.source_format == "docx":
            from rcheck.docx.revisions import revised_bytes

            data, _ = revised_bytes(doc, outcome.text, accept=accept)
            media = DOCX_MEDIA
        else:
            data = encoded(outcome.text, doc.encoding, b"\r\n" in upload.data)
            media = f"text/plain; charset={doc.encoding or 'utf-8'}"
    except InputError as exc:
        raise ApiError(422, str(exc)) from None
    return Fixed(data, fixed_name(upload.name, doc.source_format), media, outcome.applied,
                 len(outcome.remaining))


def fixed_name(name: str, source_format: str) -> str:
    stem, ext = os.path.splitext(name)
    return f"{stem}.fixed{'.docx' if source_format == 'docx' else ext or '.txt'}"


def annotated_name(name: str) -> str:
    stem, _ = os.path.splitext(name)
    return f"{stem}.checked.docx"


def finding_rows(findings: Sequence[Finding]) -> list[list[str | int]]:
    rows: list[list[str | int]] = []
    for k, f in enumerate(findings, start=1):
        if f.suggestion == "":
            advice = "建议删除"
        elif f.suggestion is not None:
            advice = f"建议改为“{f.suggestion}”"
        else:
            advice = ""
        rows.append([k, f.line, f.column, _SEVERITY_NAMES.get(f.severity, f.severity), f.code, f.rule,
                     f.message, f.excerpt, advice])
    return rows


def findings_table(upload: Upload, fmt: str, select: str | None = None, ignore: str | None = None,
                   severity: str | None = None, setup: Setup | None = None) -> bytes:
    """The findings as a table, CSV (UTF-8 with BOM, for Excel on Chinese Windows) or .xlsx."""
    if fmt not in TABLE_FORMATS:
        raise ApiError(400, f"format: 应为 {' 或 '.join(TABLE_FORMATS)} (got {fmt!r})")
    _, findings = _findings(upload, select, ignore, severity, setup)
    rows = finding_rows(findings)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(FINDING_COLUMNS)
        writer.writerows(rows)
        return buf.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    from rcheck.formats.task_table import fill_sheet

    wb = Workbook()
    sheet = wb.active
    sheet.title = "问题清单"
    fill_sheet(sheet, FINDING_COLUMNS, rows, (6, 6, 6, 6, 7, 20, 48, 24, 20))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def table_name(name: str, fmt: str) -> str:
    return f"{os.path.splitext(name)[0]}.问题清单.{fmt}"


def diff(old: Upload, new: Upload, fmt: str = "json", setup: Setup | None = None) -> str:
    """`rcheck diff [--config FILE] --format json|html OLD NEW`."""
    from rcheck.diff import diff_documents

    if fmt not in DIFF_FORMATS:
        raise ApiError(400, f"format: 应为 {' 或 '.join(DIFF_FORMATS)} (got {fmt!r})")
    old_doc, new_doc = read_upload(old), read_upload(new)
    result = diff_documents(old_doc, new_doc, settings=(setup or default_setup()).settings)
    if fmt == "html":
        from rcheck.formats.html_diff import render_diff_html

        return render_diff_html(result)
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def extract(upload: Upload, setup: Setup | None = None) -> str:
    """`rcheck extract [--config FILE] --format json NAME`."""
    from rcheck.extract import extract as run_extract
    from rcheck.formats import write

    doc = read_upload(upload)
    return write("extract", "json", [(doc, run_extract(doc, settings=(setup or default_setup()).settings))])


def graph(uploads: Iterable[Upload], fmt: str = "json", setup: Setup | None = None) -> str | bytes:
    """`rcheck graph --isolated --format FMT NAME…`; `table` is the 任务分工表 as JSON rows."""
    from rcheck.extract import extract_commitments
    from rcheck.formats.graph_export import render_graph
    from rcheck.graph import graph_from_commitments, task_rows
    if fmt not in GRAPH_FORMATS:
        raise ApiError(400, f"format: 应为 {', '.join(GRAPH_FORMATS)} 之一 (got {fmt!r})")
    settings = (setup or default_setup()).settings
    docs = [read_upload(u) for u in uploads]
    g = graph_from_commitments([(d, extract_commitments(d, settings=settings)) for d in docs],
                               settings=settings)
    if fmt != "table":
        return render_graph(g, fmt)
    from rcheck.formats.task_table import TABLE_COLUMNS

    rows = [{"cells": row.cells(), "path": row.path, "section": row.section} for row in task_rows(g)]
    return json.dumps({"version": 1, "columns": list(TABLE_COLUMNS), "rows": rows},
                      ensure_ascii=False, indent=2) + "\n"


def rules() -> list[dict[str, Any]]:
    """`rcheck rules --format json`, with each rule's Chinese explanation and examples."""
    from rcheck.rules import all_rules, rule_info

    return [rule_info(r, full=True) for r in all_rules()]


def warm_up(setup: Setup | None = None) -> None:
    """Load lexicons, rules and the tokenizer once, so the first draft is as fast as the rest
    and no two requests build the same cache at once."""
    from rcheck.linter import check_document

    setup = setup or default_setup()
    check_document(Document("一、总体情况\n开展学习*次，对照对照检查。\n", path="warm-up.txt"),
                   setup.config, settings=setup.settings)
    load = getattr(setup.settings.tokenizer, "load", None)
    if load is not None:  # a server cuts much text: the whole dictionary, not the partial one
        load()


def internal_error(exc: BaseException) -> ApiError:
    if isinstance(exc, RcheckError):
        return ApiError(500, str(exc))
    return ApiError(500, f"内部错误，请报告 (internal error: {type(exc).__name__}: {exc})")
