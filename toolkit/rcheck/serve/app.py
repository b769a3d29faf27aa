"""The ASGI application: the page, its static files and the JSON API under /api/.

Every answer is JSON or a file, never a traceback: `ApiError` becomes its status and a one-line
`{"error": …}`, anything unexpected a 500 of the same shape (and one log line). Drafts are read
into memory from the request, worked on in a worker thread (so one long draft does not hold up
the event loop and the other requests) and dropped with the response.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import IO, Any, TypeVar
from urllib.parse import quote

from anyio import to_thread
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rcheck import __version__
from rcheck.serve import api
from rcheck.serve.api import ApiError, Upload

T = TypeVar("T")
Spooled = tuple[str, IO[bytes]]  # an upload's name and Starlette's spooled file of it
STATIC = Path(__file__).with_name("static")
DEFAULT_MAX_UPLOAD_MB = 20
# Room for the multipart headers and the small fields beside the file(s).
_FORM_OVERHEAD = 64 * 1024
_JSON = "application/json; charset=utf-8"
_DOCX = api.DOCX_MEDIA
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MEDIA = {"csv": "text/csv; charset=utf-8", "xlsx": _XLSX, "json": _JSON, "html": "text/html; charset=utf-8",
          "markdown": "text/markdown; charset=utf-8", "graphml": "application/xml; charset=utf-8",
          "dot": "text/vnd.graphviz; charset=utf-8", "mermaid": "text/plain; charset=utf-8",
          "table": _JSON}
_SUFFIX = {"markdown": "md", "mermaid": "mmd", "table": "json"}
# The page loads nothing from elsewhere; the diff report is shown in a sandboxed frame (srcdoc)
# and carries its own <style>.
_CSP = ("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
        "frame-src 'self' about:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'")
_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"content-security-policy", _CSP.encode())]
log = logging.getLogger("rcheck.serve")


class _TooLarge(HTTPException):
    """A body that grew past the limit while it was read (chunked, or longer than it said)."""

    def __init__(self, limit_mb: int) -> None:
        super().__init__(413, too_large_message(limit_mb))


def too_large_message(limit_mb: int) -> str:
    return (f"上传内容超过 {limit_mb} MB 的上限，未读取（启动时可用 rcheck serve --max-upload 调大） "
            f"(upload larger than the {limit_mb} MB limit)")


class Guard:
    """Refuses an upload over the limit before it is read whole (413), and adds the headers
    every answer carries (no sniffing, no referrer, the page's content policy, no caching of
    API answers, which hold drafts)."""

    def __init__(self, app: ASGIApp, limit_mb: int) -> None:
        self.app = app
        self.limit_mb = limit_mb

    def _limit(self, path: str) -> int:
        files = 2 if path == "/api/diff" else 1  # two versions of a draft come in one request
        return files * self.limit_mb * 1024 * 1024 + _FORM_OVERHEAD

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += _HEADERS
                if path.startswith("/api/"):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        limit = self._limit(path)
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _send_json(send_with_headers, 400, "Content-Length 无效 (invalid Content-Length)")
                return
            if declared > limit:
                await _send_json(send_with_headers, 413, too_large_message(self.limit_mb))
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(self.limit_mb)
            return message

        await self.app(scope, counted, send_with_headers)


async def _send_json(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", _JSON.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, media_type=_JSON)


def _attachment(data: bytes | str, media: str, name: str) -> Response:
    # Old clients read only `filename`: an ASCII stand-in when the real name is not ASCII.
    ascii_name = name if name.isascii() else "rcheck" + os.path.splitext(name)[1]
    ascii_name = ascii_name.replace('"', "").replace("\\", "")
    headers = {"content-disposition": f"attachment; filename=\"{ascii_name}\"; "
                                      f"filename*=UTF-8''{quote(name)}"}
    return Response(data, media_type=media, headers=headers)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


class Service:
    """The routes, with the upload limit they enforce and the worker threads they share."""

    def __init__(self, max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB, setup: api.Setup | None = None) -> None:
        self.setup = setup or api.default_setup()
        self.max_upload_mb = max_upload_mb
        self.max_bytes = max_upload_mb * 1024 * 1024
        # At most this many drafts are worked on at once; the rest wait their turn, so memory
        # stays bounded however many arrive together.
        self.slots = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))

    async def work(self, fn: Callable[..., T], *args: Any) -> T:
        def guarded() -> T:
            with self.slots:
                return fn(*args)

        return await to_thread.run_sync(guarded)

    async def _form(self, request: Request, files: tuple[str, ...]) -> tuple[list[Spooled], dict[str, str]]:
        # Only files are large: the other fields are codes and format names.
        form = await request.form(max_files=len(files) + 2, max_fields=16, max_part_size=_FORM_OVERHEAD)
        spooled: list[Spooled] = []
        for field in files:
            item = form.get(field)
            if not isinstance(item, UploadFile):
                raise ApiError(400, f"缺少文件：请在表单字段 {field} 中上传 .docx、.txt 或 .md 文稿 "
                                    f"(missing file field {field!r})")
            spooled.append((api.clean_name(item.filename), item.file))
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        return spooled, fields

    def _read(self, name: str, file: IO[bytes]) -> Upload:
        file.seek(0)
        data = file.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise ApiError(413, too_large_message(self.max_upload_mb))
        return Upload(name, data)

    async def handle(self, request: Request, files: tuple[str, ...],
                     answer: Callable[[list[Upload], dict[str, str]], Response]) -> Response:
        """Read the form, run `answer` in a worker thread, turn any failure into JSON.

        The uploads are read into memory only in the worker, once it has its slot: a queue of
        waiting uploads stays in Starlette's spooled files."""
        try:
            spooled, fields = await self._form(request, files)
            return await self.work(lambda: answer([self._read(n, f) for n, f in spooled], fields))
        except ApiError as exc:
            return _error(exc.status, exc.message)
        except _TooLarge as exc:
            return _error(exc.status_code, exc.detail)
        except HTTPException as exc:  # a malformed multipart body
            return _error(exc.status_code, f"无法解析上传的表单 (bad form data: {exc.detail})")
        except Exception as exc:
            return _internal(request, exc)
        finally:
            await request.close()  # spooled upload files are closed, and so removed, here

    # ---------------------------------------------------------------- routes

    async def index(self, request: Request) -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "version": __version__,
                             "max_upload_mb": self.max_upload_mb, "features": {"fix": True}})

    async def rules(self, request: Request) -> Response:
        return JSONResponse(await self.work(api.rules))

    async def lint(self, request: Request) -> Response:
        def answer(uploads: list[Upload], fields: dict[str, str]) -> Response:
            body = api.lint(uploads[0], fields.get("select"), fields.get("ignore"),
                            with_text=fields.get("include") == "text", setup=self.setup)
            return Response(body, media_type=_JSON)

        return await self.handle(request, ("file",), answer)

    async def annotate(self, request: Request) -> Response:
        def answer(uploads: list[Upload], fields: dict[str, str]) -> Response:
            data = api.annotate(uploads[0], fields.get("select"), fields.get("ignore"),
                                fields.get("severity"), setup=self.setup)
            return _attachment(data, _DOCX, api.annotated_name(uploads[0].name))

        return await self.handle(request, ("file",), answer)

    async def findings(self, request: Request) -> Response:
        def answer(uploads: list[Upload], fields: dict[str, str]) -> Response:
            fmt = fields.get("format", "csv")
            data = api.findings_table(uploads[0], fmt, fields.get("select"), fields.get("ignore"),
                                      fields.get("severity"), setup=self.setup)
            return _attachment(data, _MEDIA[fmt], api.table_name(uploads[0].name, fmt))

        return await self.handle(request, ("file",), answer)

    async def fix(self, request: Request) -> Response:
        def answer(uploads: list[Upload], fields: dict[str, str]) -> Response:
            fixed = api.fix(uploads[0], fields.get("select"), fields.get("ignore"),
                            unsafe=_flag(fields.get("unsafe")), accept=_flag(fields.get("accept")),
                            setup=self.setup)
            response = _attachment(fixed.data, fixed.media, fixed.name)
            response.headers["x-rcheck-applied"] = str(fixed.applied)
            response.headers["x-rcheck-remaining"] = str(fixed.remaining)
            return response

        return await self.handle(request, ("file",), answer)

    async def diff(self, request: Request) -> Response:
        def answer(uploads: list[Upload], fields: dict[str, str]) -> Response:
            fmt = fields.get("format", "json")
            body = api.diff(uploads[0], uploads[1], fmt, self.setup)
            return Response(body, media_type=_MEDIA.get(fmt, _JSON))

        return await self.handle(request, ("old", "new"), answer)

    async def extract(self, request: Request) -> Response:
        def answer(uploads: list[Upload], fields: dict[str, str]) -> Response:
            return Response(api.extract(uploads[0], self.setup), media_type=_JSON)

        return await self.handle(request, ("file",), answer)

    async def graph(self, request: Request) -> Response:
        def answer(uploads: list[Upload], fields: dict[str, str]) -> Response:
            fmt = fields.get("format", "json")
            data = api.graph(uploads, fmt, self.setup)
            if fmt in ("json", "table"):
                return Response(data, media_type=_JSON)
            name = f"{os.path.splitext(uploads[0].name)[0]}.任务分工表.{_SUFFIX.get(fmt, fmt)}"
            return _attachment(data, _MEDIA[fmt], name)

        return await self.handle(request, ("file",), answer)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if isinstance(exc, _TooLarge):
        return _error(status, exc.detail)
    messages = {404: "没有这个地址 (not found)", 405: "不支持这种请求方法 (method not allowed)"}
    return _error(status, messages.get(status, f"请求无效 (HTTP {status})"))


def _internal(request: Request, exc: Exception) -> Response:
    # The log names the route and the kind of error only: a message may quote the draft.
    log.error("%s %s: internal error %s", request.method, request.url.path, type(exc).__name__)
    err = api.internal_error(exc)
    return _error(err.status, err.message)


async def _server_error(request: Request, exc: Exception) -> Response:
    return _internal(request, exc)


def create_app(max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB, *, warm: bool = True,
               setup: api.Setup | None = None) -> ASGIApp:
    """The whole application; `max_upload_mb` bounds each upload (413 above it); `setup` is
    what drafts are checked with (the defaults when not given)."""
    service = Service(max_upload_mb, setup)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if warm:
            await to_thread.run_sync(api.warm_up, service.setup)
        yield

    routes = [
        Route("/", service.index),
        Route("/healthz", service.healthz),
        Route("/api/rules", service.rules),
        Route("/api/lint", service.lint, methods=["POST"]),
        Route("/api/annotate", service.annotate, methods=["POST"]),
        Route("/api/findings", service.findings, methods=["POST"]),
        Route("/api/fix", service.fix, methods=["POST"]),
        Route("/api/diff", service.diff, methods=["POST"]),
        Route("/api/extract", service.extract, methods=["POST"]),
        Route("/api/graph", service.graph, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={HTTPException: _http_error, Exception: _server_error})
    return Guard(app, max_upload_mb)
