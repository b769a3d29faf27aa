"""The pygls language server: diagnostics, hover and code actions for .txt and .md drafts.

Each lint reads the settings again (found upward from the draft, as `rcheck lint` does), so an
edited `rcheck.toml` or an allow-list entry added by a code action takes effect at once.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from rcheck import __version__
from rcheck.config import Config, find_config, read_config
from rcheck.errors import RcheckError
from rcheck.finding import Finding
from rcheck.lsp import edits
from rcheck.text.document import Document
from rcheck.text.readers import TEXT_SUFFIXES, normalise_newlines

DEBOUNCE_SECONDS = 0.3  # typing: lint once the keys pause, not on every keystroke
SOURCE = "rcheck"

_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "info": types.DiagnosticSeverity.Information}
# Keyed by the wire value: pygls may hold the enum member or the plain string.
_ENCODING = {types.PositionEncodingKind.Utf8.value: edits.UTF8,
             types.PositionEncodingKind.Utf16.value: edits.UTF16,
             types.PositionEncodingKind.Utf32.value: edits.UTF32}


@dataclass
class Linted:
    """The last lint of one open draft: what code actions and hover work from."""

    doc: Document
    findings: list[Finding]
    config: Config


class RcheckServer(LanguageServer):
    def __init__(self, docs_url: str | None = None) -> None:
        super().__init__("rcheck", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        # Where a rule's page is (`{code}` filled in, lower case); rcheck has no site of its own,
        # so without one a diagnostic carries no link and hover shows the explanation instead.
        self.docs_url = docs_url
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.debounce = DEBOUNCE_SECONDS
        # One lint at a time, in order: the rules' lazily built tables are not shared across threads.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rcheck-lint")

    @property
    def encoding(self) -> str:
        negotiated = self.workspace.position_encoding
        return _ENCODING.get(str(getattr(negotiated, "value", negotiated)), edits.UTF16)


def _path(uri: str) -> str | None:
    return to_fs_path(uri) if uri.startswith("file:") else None


_LANGUAGES = ("plaintext", "markdown")


def _is_draft(server: RcheckServer, uri: str) -> bool:
    """A .txt or .md file, or an unsaved buffer (`untitled:`) in plain text or Markdown."""
    if uri.lower().endswith(TEXT_SUFFIXES):
        return True
    if uri.startswith("file:"):
        return False
    return server.workspace.get_text_document(uri).language_id in _LANGUAGES


def _range(span: edits.Span) -> types.Range:
    return types.Range(start=types.Position(line=span.start_line, character=span.start_char),
                       end=types.Position(line=span.end_line, character=span.end_char))


def _diagnostic(doc: Document, f: Finding, encoding: str, docs_url: str | None = None) -> types.Diagnostic:
    link = types.CodeDescription(href=docs_url.replace("{code}", f.code.lower())) if docs_url else None
    return types.Diagnostic(
        range=_range(edits.finding_span(doc, f, encoding)), message=f.message,
        severity=_SEVERITY[f.severity], code=f.code, source=SOURCE, code_description=link,
        data={"rule": f.rule, "suggestion": f.suggestion})


def _lint(path: str | None, uri: str, source: str, root: str | None) -> Linted | str:
    """Lint one text under its settings: the result, or why the settings cannot be used."""
    from rcheck.linter import check_document

    doc = Document(normalise_newlines(source).lstrip("\ufeff"), path=path or uri)
    try:
        start = path or root
        found = find_config(start) if start else None
        config = read_config(found) if found else Config()
        findings = check_document(doc, config).findings if doc.text.strip() else []
    except RcheckError as exc:
        return str(exc)
    return Linted(doc, findings, config)


async def lint_uri(server: RcheckServer, uri: str) -> None:
    """Lint the open draft at `uri` off the event loop (a long draft takes a while, and hover or
    shutdown must still be answered), and publish unless the text changed meanwhile."""
    text_doc = server.workspace.get_text_document(uri)
    version, source = text_doc.version, text_doc.source
    outcome = await asyncio.get_running_loop().run_in_executor(
        server.executor, _lint, _path(uri), uri, source, server.workspace.root_path)
    current = server.workspace.text_documents.get(unquote(uri))  # pygls keys them unquoted
    if current is None or current.version != version:  # closed or edited: a newer lint follows
        return
    if isinstance(outcome, str):  # a broken rcheck.toml: say so where the user looks
        server.linted.pop(uri, None)
        diagnostics = [types.Diagnostic(
            range=types.Range(start=types.Position(line=0, character=0),
                              end=types.Position(line=0, character=0)),
            message=f"rcheck 无法检查 (cannot lint): {outcome}", source=SOURCE,
            severity=types.DiagnosticSeverity.Error)]
    else:
        server.linted[uri] = outcome
        encoding = server.encoding
        diagnostics = [_diagnostic(outcome.doc, f, encoding, server.docs_url) for f in outcome.findings]
    server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=uri, version=version, diagnostics=diagnostics))


async def _lint_later(server: RcheckServer, uri: str) -> None:
    await asyncio.sleep(server.debounce)
    server.pending.pop(uri, None)
    await lint_uri(server, uri)


def _schedule(server: RcheckServer, uri: str) -> None:
    previous = server.pending.pop(uri, None)
    if previous is not None:
        previous.cancel()
    server.pending[uri] = asyncio.get_running_loop().create_task(_lint_later(server, uri))


def _overlapping(linted: Linted, rng: types.Range, encoding: str) -> list[Finding]:
    start = edits.offset_at(linted.doc, rng.start.line, rng.start.character, encoding)
    end = edits.offset_at(linted.doc, rng.end.line, rng.end.character, encoding)
    return [f for f in linted.findings if f.start <= end and start <= f.end]


def _code_actions(server: RcheckServer, uri: str, rng: types.Range) -> list[types.CodeAction]:
    linted = server.linted.get(uri)
    if linted is None:
        return []
    encoding = server.encoding
    actions: list[types.CodeAction] = []
    for f in _overlapping(linted, rng, encoding):
        diagnostic = _diagnostic(linted.doc, f, encoding, server.docs_url)
        fix = edits.quick_fix(f)
        if fix:
            text_edits = [types.TextEdit(range=_range(edits.edit_span(linted.doc, e, encoding)),
                                         new_text=e.text) for e in fix]
            actions.append(types.CodeAction(
                title=f"{f.code} {edits.suggestion_title(f)}", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic], is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: text_edits})))
        line_start = types.Position(line=f.line - 1, character=0)
        actions.append(types.CodeAction(
            title=f"{f.code} 忽略此处 (ignore this finding)", kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(
                range=types.Range(start=line_start, end=line_start), new_text=edits.ignore_line(f))]})))
        allow = _allow_action(server, linted, f, diagnostic)
        if allow is not None:
            actions.append(allow)
    return actions


def _allow_action(server: RcheckServer, linted: Linted, f: Finding,
                  diagnostic: types.Diagnostic) -> types.CodeAction | None:
    phrase = f.excerpt
    if not phrase.strip() or len(phrase) != f.end - f.start:  # nothing, or a cut excerpt
        return None
    source = Path(linted.config.source) if linted.config.source else None
    if source is None:
        # No settings yet: a new rcheck.toml at the workspace root (or beside the draft).
        root = server.workspace.root_path
        if root is None and Path(linted.doc.path).is_absolute():
            root = str(Path(linted.doc.path).parent)
        if root is None:
            return None
        target, current = Path(root) / "rcheck.toml", None
    else:
        target = source
        try:
            current = source.read_text(encoding="utf-8-sig")
        except OSError:
            return None
    made = edits.allow_list_text(source, current, phrase)
    if made is None:
        return None
    target_uri = from_fs_path(str(target)) or str(target)
    if current is None:
        changes: list[object] = [
            types.CreateFile(uri=target_uri, options=types.CreateFileOptions(ignore_if_exists=True)),
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target_uri, version=None),
                edits=[types.TextEdit(range=types.Range(start=types.Position(line=0, character=0),
                                                        end=types.Position(line=0, character=0)),
                                      new_text=made[1])])]
    else:
        whole = Document(current)
        end = edits.position(whole, len(whole.line_starts), len(whole.line_text(len(whole.line_starts))) + 1,
                             server.encoding)
        changes = [types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target_uri, version=None),
            edits=[types.TextEdit(range=types.Range(start=types.Position(line=0, character=0),
                                                    end=types.Position(line=end[0], character=end[1])),
                                  new_text=made[1])])]
    return types.CodeAction(
        title=f"{f.code} 把“{phrase}”加入允许列表 (add to allow-list in {target.name})",
        kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(document_changes=changes))  # type: ignore[arg-type]


def _hover(server: RcheckServer, uri: str, pos: types.Position) -> types.Hover | None:
    from rcheck.cli.rules import explain_text
    from rcheck.rules import get_rule

    linted = server.linted.get(uri)
    if linted is None:
        return None
    encoding = server.encoding
    at = edits.offset_at(linted.doc, pos.line, pos.character, encoding)
    hits = [f for f in linted.findings if f.start <= at <= f.end]
    if not hits:
        return None
    parts = []
    for code in dict.fromkeys(f.code for f in hits):
        rule = get_rule(code)
        if rule is not None:
            parts.append(f"```text\n{explain_text(rule)}\n```")
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                    value="\n\n".join(parts)))


def build_server(docs_url: str | None = None) -> RcheckServer:
    server = RcheckServer(docs_url)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: RcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        if _is_draft(ls, params.text_document.uri):
            await lint_uri(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: RcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        if _is_draft(ls, params.text_document.uri):
            _schedule(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: RcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if _is_draft(ls, uri):
            pending = ls.pending.pop(uri, None)
            if pending is not None:
                pending.cancel()
            await lint_uri(ls, uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: RcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.linted.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: RcheckServer, params: types.HoverParams) -> types.Hover | None:
        return _hover(ls, params.text_document.uri, params.position)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: RcheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        return _code_actions(ls, params.text_document.uri, params.range)

    return server


def serve_stdio(docs_url: str | None = None) -> int:
    """Serve until the client says `exit`: 0 after a `shutdown` request, else 1 (as the LSP
    specification asks). pygls closes the stream it writes to, so it gets its own copy of
    standard output and the command can still flush and exit cleanly."""
    import os
    import sys

    server = build_server(docs_url)
    with os.fdopen(os.dup(sys.stdout.fileno()), "wb") as out:
        server.start_io(sys.stdin.buffer, out)
    return 0 if getattr(server.protocol, "_shutdown", False) else 1
