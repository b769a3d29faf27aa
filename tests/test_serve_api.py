"""`rcheck serve`'s JSON API, driven through an ASGI client: the same answers as the CLI for the
same file, the status codes of bad input, the upload limit, and many uploads at once."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette", reason="the serve extra is not installed")
httpx = pytest.importorskip("httpx", reason="httpx is not installed")

import docx  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from test_docx_hostile import BILLION_LAUGHS, _bomb, with_document  # noqa: E402

from rcheck.cli import main  # noqa: E402
from rcheck.serve import api  # noqa: E402
from rcheck.serve.app import create_app  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DRAFTS = ["flawed-placeholders.txt", "flawed-typography.txt", "gbk-report.txt", "crlf-report.txt",
          "converted-commas.txt", "word-numbered-headings.docx", "word-task-table.docx",
          "graph-02-work-safety-keypoints.txt"]
MB = 1024 * 1024
DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def app():
    return create_app()


async def _request(app, method: str, path: str, **kwargs) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        return await client.request(method, path, **kwargs)


def call(app, method: str, path: str, **kwargs) -> httpx.Response:
    return asyncio.run(_request(app, method, path, **kwargs))


def upload(name: str, data: bytes | None = None, field: str = "file") -> dict:
    return {field: (name, data if data is not None else (SAMPLES / name).read_bytes())}


def cli(folder: Path, *args: str):
    """The CLI run on a file by its bare name from its folder, so paths in the output match."""
    here = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(here)


# ---------------------------------------------------------------- the same answers as the CLI


@pytest.mark.parametrize("name", DRAFTS)
def test_lint_is_exactly_the_cli_json(app, name):
    response = call(app, "POST", "/api/lint", files=upload(name))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    expected = cli(SAMPLES, "lint", "--isolated", "--format", "json", name)
    assert expected.exit_code in (0, 1), expected.output
    assert response.text == expected.stdout
    assert json.loads(response.text)["summary"]["findings"] > 0


def test_lint_select_and_ignore_as_the_cli(app):
    name = "flawed-typography.txt"
    response = call(app, "POST", "/api/lint", files=upload(name), data={"select": "T,P", "ignore": "T102"})
    expected = cli(SAMPLES, "lint", "--isolated", "--format", "json", "--select", "T,P", "--ignore", "T102",
                   name)
    assert response.status_code == 200 and response.text == expected.stdout
    codes = {f["code"] for f in response.json()["files"][0]["findings"]}
    assert codes and "T102" not in codes and all(c[0] in "TP" for c in codes)


def test_a_configured_server_checks_as_lint_with_that_config(tmp_path):
    from rcheck.cli.common import config_from_options, settings_from_options

    conf = tmp_path / "rcheck.toml"
    conf.write_text('ignore = ["T101"]\n\n[severity]\nT102 = "info"\n', encoding="utf-8")
    config = config_from_options(str(conf), [], False)
    configured = create_app(setup=api.Setup(config, settings_from_options(config)), warm=False)
    name = "flawed-typography.txt"
    response = call(configured, "POST", "/api/lint", files=upload(name), data={"ignore": "T103"})
    expected = cli(SAMPLES, "lint", "--config", str(conf), "--ignore", "T103", "--format", "json", name)
    assert response.status_code == 200 and response.text == expected.stdout
    findings = response.json()["files"][0]["findings"]
    assert not {"T101", "T103"} & {f["code"] for f in findings}
    assert {f["severity"] for f in findings if f["code"] == "T102"} == {"info"}
    default = call(create_app(warm=False), "POST", "/api/lint", files=upload(name)).json()
    assert "T101" in {f["code"] for f in default["files"][0]["findings"]}


def test_lint_with_text_adds_the_text_and_keeps_the_rest(app):
    name = "word-numbered-headings.docx"
    plain = call(app, "POST", "/api/lint", files=upload(name)).json()
    full = call(app, "POST", "/api/lint", files=upload(name), data={"include": "text"}).json()
    file = full["files"][0]
    text = file.pop("text")
    assert file.pop("source_format") == "docx"
    assert full == plain
    for f in file["findings"]:  # the offsets count in the text given
        assert text[f["start"]:f["end"]].startswith(f["excerpt"][:10])


def test_extract_diff_and_graph_are_the_cli_output(app):
    plan = "graph-01-rural-environment-plan.txt"
    response = call(app, "POST", "/api/extract", files=upload(plan))
    assert response.status_code == 200
    assert response.text == cli(SAMPLES, "extract", "--isolated", "--format", "json", plan).stdout

    files = {**upload("diff-v1.txt", field="old"), **upload("diff-v2.txt", field="new")}
    response = call(app, "POST", "/api/diff", files=files)
    expected = cli(SAMPLES, "diff", "--isolated", "--format", "json", "diff-v1.txt", "diff-v2.txt")
    assert response.status_code == 200 and response.text == expected.stdout
    html = call(app, "POST", "/api/diff", files=files, data={"format": "html"})
    expected = cli(SAMPLES, "diff", "--isolated", "--format", "html", "diff-v1.txt", "diff-v2.txt")
    assert html.status_code == 200 and html.text == expected.stdout
    assert html.headers["content-type"].startswith("text/html")

    for fmt in ("csv", "json", "markdown"):
        response = call(app, "POST", "/api/graph", files=upload(plan), data={"format": fmt})
        expected = cli(SAMPLES, "graph", "--isolated", "--format", fmt, plan)
        assert response.status_code == 200 and response.content == expected.stdout_bytes, fmt
    table = call(app, "POST", "/api/graph", files=upload(plan), data={"format": "table"}).json()
    assert table["columns"] == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert len(table["rows"]) == 12 and table["rows"][0]["cells"][2] == "县农业农村局"


def test_rules_are_the_cli_rules_with_their_explanations(app):
    response = call(app, "GET", "/api/rules")
    listed = json.loads(cli(SAMPLES, "rules", "--format", "json").stdout)
    assert response.status_code == 200
    rules = response.json()
    assert [{k: r[k] for k in listed[0]} for r in rules] == listed
    assert all(r["doc"] and r["bad"] and r["good"] for r in rules)


# ---------------------------------------------------------------- downloads


def test_annotated_copy_has_one_comment_per_finding(app):
    name = "word-numbered-headings.docx"
    findings = call(app, "POST", "/api/lint", files=upload(name)).json()["files"][0]["findings"]
    response = call(app, "POST", "/api/annotate", files=upload(name))
    assert response.status_code == 200
    assert response.headers["content-type"] == DOCX_MEDIA
    assert "word-numbered-headings.checked.docx" in response.headers["content-disposition"]
    copy = docx.Document(io.BytesIO(response.content))
    comments = list(copy.comments)
    assert len(comments) == len(findings) == 3
    assert all(c.author == "rcheck" for c in comments)
    assert sorted(c.text.split()[0] for c in comments) == sorted(f["code"] for f in findings)
    # The severity and rule filters of the page reach the copy.
    only = call(app, "POST", "/api/annotate", files=upload(name), data={"select": "P101"})
    assert [c.text.split()[0] for c in docx.Document(io.BytesIO(only.content)).comments] == ["P101"]


def test_annotate_needs_a_docx(app):
    response = call(app, "POST", "/api/annotate", files=upload("flawed-placeholders.txt"))
    assert response.status_code == 415 and ".docx" in response.json()["error"]


def test_findings_table_as_csv_and_xlsx(app):
    name = "flawed-typography.txt"
    findings = call(app, "POST", "/api/lint", files=upload(name)).json()["files"][0]["findings"]
    response = call(app, "POST", "/api/findings", files=upload(name), data={"format": "csv"})
    assert response.status_code == 200 and response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == list(api.FINDING_COLUMNS)
    assert [(int(r[1]), int(r[2]), r[4]) for r in rows[1:]] == [
        (f["line"], f["column"], f["code"]) for f in findings]
    response = call(app, "POST", "/api/findings", files=upload(name),
                    data={"format": "xlsx", "severity": "error"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    errors = [f for f in findings if f["severity"] == "error"]
    assert sheet.max_row == len(errors) + 1 and sheet["A1"].value == "序号"
    bad = call(app, "POST", "/api/findings", files=upload(name), data={"format": "pdf"})
    assert bad.status_code == 400


@pytest.mark.parametrize("name", ["flawed-typography.txt", "gbk-report.txt", "crlf-report.txt"])
def test_fixed_text_is_byte_for_byte_the_cli_copy(app, name, tmp_path):
    assert call(app, "GET", "/healthz").json()["features"] == {"fix": True}
    response = call(app, "POST", "/api/fix", files=upload(name))
    assert response.status_code == 200
    out = tmp_path / "fixed.txt"
    expected = cli(SAMPLES, "fix", "--isolated", "-o", str(out), name)
    assert expected.exit_code in (0, 1), expected.output
    assert response.content == out.read_bytes()
    applied = int(response.headers["x-rcheck-applied"])
    assert f"已修复 {applied} 处" in expected.stderr
    stem, ext = os.path.splitext(name)
    assert f"{stem}.fixed{ext}" in response.headers["content-disposition"] or not name.isascii()
    if name == "flawed-typography.txt":
        assert applied > 0 and response.content != (SAMPLES / name).read_bytes()


def test_fix_select_limits_the_fixes(app):
    name = "flawed-typography.txt"
    every = call(app, "POST", "/api/fix", files=upload(name))
    one = call(app, "POST", "/api/fix", files=upload(name), data={"select": "T101"})
    assert 0 < int(one.headers["x-rcheck-applied"]) < int(every.headers["x-rcheck-applied"])
    assert call(app, "POST", "/api/fix", files=upload(name), data={"select": "Z999"}).status_code == 400


def test_fixed_word_copy_carries_tracked_revisions(app, tmp_path):
    from rcheck.text.readers import read_docx

    name = "word-numbered-headings.docx"
    response = call(app, "POST", "/api/fix", files=upload(name))
    assert response.status_code == 200 and response.headers["content-type"] == DOCX_MEDIA
    assert "fixed.docx" in response.headers["content-disposition"]
    body = read_docx(response.content, "fixed.docx")
    out = tmp_path / "cli.docx"
    expected = cli(SAMPLES, "fix", "--isolated", "--accept", "-o", str(out), name)
    assert expected.exit_code in (0, 1), expected.output
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "<w:ins " in xml or "<w:del " in xml  # revisions, not silent changes
    accepted = call(app, "POST", "/api/fix", files=upload(name), data={"accept": "1"})
    xml = zipfile.ZipFile(io.BytesIO(accepted.content)).read("word/document.xml").decode()
    assert "<w:ins " not in xml and "<w:del " not in xml
    cli_text = read_docx(out.read_bytes(), "cli.docx").text
    assert read_docx(accepted.content, "a.docx").text == cli_text
    assert body.text != read_docx((SAMPLES / name).read_bytes(), name).text or not int(
        response.headers["x-rcheck-applied"])


# ---------------------------------------------------------------- bad input


BAD_FILES = {
    "binary.txt": (bytes(range(256)) * 64, 422),
    "broken.docx": ("不是压缩包".encode(), 422),
    "bomb.docx": (None, 422),
    "laughs.docx": (None, 422),
    "scan.pdf": (b"%PDF-1.7\n", 415),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), 422),
    "empty.txt": (b"", 400),
    "latin.txt": ("caf\u00e9 ".encode("latin-1") * 40 + b"\xff\xfe\xfa", 422),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    for name, (data, _) in BAD_FILES.items():
        if name == "bomb.docx":
            data = _bomb("word/document.xml", 1024)
        elif name == "laughs.docx":
            data = with_document(BILLION_LAUGHS)
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_unreadable_file_gets_the_cli_message(app, bad_files, name):
    response = call(app, "POST", "/api/lint", files=upload(name, (bad_files / name).read_bytes()))
    assert response.status_code == BAD_FILES[name][1]
    assert response.headers["content-type"].startswith("application/json")
    message = response.json()["error"]
    assert "\n" not in message and "Traceback" not in message
    result = cli(bad_files, "lint", "--isolated", "--format", "json", name)
    assert result.exit_code == 2
    assert result.stderr == f"rcheck: error: {message}\n"


def test_malformed_requests_are_json_errors(app):
    missing = call(app, "POST", "/api/lint", data={"select": "P"})
    assert missing.status_code == 400 and "file" in missing.json()["error"]
    unknown = call(app, "POST", "/api/lint", files=upload("clean-report.txt"), data={"select": "Q9"})
    assert unknown.status_code == 400 and "Q9" in unknown.json()["error"]
    garbage = call(app, "POST", "/api/lint", content=b"--x\r\nnot a form",
                   headers={"content-type": "multipart/form-data; boundary=x"})
    assert garbage.status_code == 400 and garbage.json()["error"]
    assert call(app, "GET", "/api/lint").status_code == 405
    assert call(app, "GET", "/api/nothing").json()["error"]
    diff_one = call(app, "POST", "/api/diff", files=upload("diff-v1.txt", field="old"))
    assert diff_one.status_code == 400 and "new" in diff_one.json()["error"]


def test_a_bug_is_a_json_500_without_a_traceback(app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "lint", broken)
    response = call(app, "POST", "/api/lint", files=upload("clean-report.txt"))
    assert response.status_code == 500
    assert response.json() == {"error": "内部错误，请报告 (internal error: RuntimeError: boom)"}


def test_file_names_lose_folders_and_control_characters():
    assert api.clean_name("C:\\Users\\x\\草稿.docx") == "草稿.docx"
    assert api.clean_name("../../etc/passwd") == "passwd"
    assert api.clean_name("a\x00b\n.txt") == "ab.txt"
    assert api.clean_name("") == "文稿.txt" and api.clean_name("..") == "文稿.txt"
    assert len(api.clean_name("长" * 500 + ".docx")) == 120


# ---------------------------------------------------------------- the upload limit


def test_oversize_upload_is_refused_from_its_length_before_reading():
    app = create_app(max_upload_mb=1)
    read: list[int] = []

    async def receive():
        read.append(1)
        return {"type": "http.request", "body": b"x" * 1024, "more_body": True}

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/lint", "headers": [
        (b"content-type", b"multipart/form-data; boundary=x"), (b"content-length", str(50 * MB).encode())],
        "query_string": b"", "http_version": "1.1", "scheme": "http", "server": ("127.0.0.1", 8765),
        "client": ("127.0.0.1", 5000), "root_path": ""}
    asyncio.run(app(scope, receive, send))
    assert not read  # not one byte of the body was read
    assert sent[0]["status"] == 413
    assert "1 MB" in json.loads(sent[1]["body"])["error"]


def test_oversize_upload_without_a_length_is_cut_off():
    app = create_app(max_upload_mb=1)
    chunks_read = 0

    async def body():
        nonlocal chunks_read
        yield b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
        for _ in range(64):  # 9.4 MB offered, in chunks of 147 KB
            chunks_read += 1
            yield "开展学习*次。".encode() * 7000

    response = call(app, "POST", "/api/lint", content=body(),
                    headers={"content-type": "multipart/form-data; boundary=x"})
    assert response.status_code == 413 and "上限" in response.json()["error"]
    assert chunks_read < 16  # stopped soon after the limit, not at the end


def test_an_upload_at_the_limit_is_read():
    app = create_app(max_upload_mb=1)
    line = "开展专题学习，覆盖干部群众。\n".encode()
    data = line * (MB // len(line))
    ok = call(app, "POST", "/api/lint", files=upload("near.txt", data), data={"select": "P"})
    assert ok.status_code == 200 and ok.json()["summary"]["files"] == 1
    over = call(app, "POST", "/api/lint", files=upload("over.txt", data + line * 100))
    assert over.status_code == 413


def test_nothing_is_left_on_disk(monkeypatch, tmp_path):
    """An upload over 1 MB is spooled by Starlette to an anonymous temporary file: it must be
    closed (and so gone) once the answer is sent, and nothing else may appear on disk."""
    import starlette.formparsers as formparsers

    spooled: list[tempfile.SpooledTemporaryFile] = []

    class Recorded(tempfile.SpooledTemporaryFile):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            spooled.append(self)

    monkeypatch.setattr(formparsers, "SpooledTemporaryFile", Recorded)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    app = create_app()
    data = ("一、总体情况\n" + "开展专题学习，覆盖干部群众。\n" * 60_000).encode()
    assert len(data) > 2 * MB
    response = call(app, "POST", "/api/lint", files=upload("big.txt", data), data={"select": "P"})
    assert response.status_code == 200
    assert spooled and all(f._rolled and f.closed for f in spooled)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- many at once


def test_sixteen_concurrent_uploads_each_get_their_own_answer(app):
    names = [DRAFTS[k % len(DRAFTS)] for k in range(16)]
    expected = {n: call(app, "POST", "/api/lint", files=upload(n)).text for n in set(names)}

    async def all_at_once():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=120) as client:
            return await asyncio.gather(*(client.post("/api/lint", files=upload(n)) for n in names))

    responses = asyncio.run(all_at_once())
    assert [r.status_code for r in responses] == [200] * 16
    for name, response in zip(names, responses, strict=True):
        assert response.text == expected[name]


def test_a_long_draft_does_not_hold_up_other_requests(app):
    line = "全年开展专题学习*次，覆盖干部群众 2000 人次,形成调研报告XX篇。\n"
    big = ("一、总体情况\n" + line * 2_000).encode()  # about a second of work

    async def race():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1", timeout=120) as client:
            done: list[str] = []

            async def slow():
                r = await client.post("/api/lint", files=upload("long.txt", big))
                done.append("lint")
                return r

            async def quick():
                await asyncio.sleep(0.05)
                r = await client.get("/healthz")
                done.append("healthz")
                return r

            slow_r, quick_r = await asyncio.gather(slow(), quick())
            return done, slow_r, quick_r

    done, slow_r, quick_r = asyncio.run(race())
    assert slow_r.status_code == 200 and quick_r.status_code == 200
    assert done == ["healthz", "lint"]


def test_every_answer_carries_the_safety_headers(app):
    page = call(app, "GET", "/")
    assert page.status_code == 200 and "rcheck 文稿检查" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    answer = call(app, "POST", "/api/lint", files=upload("clean-report.txt"))
    assert answer.headers["cache-control"] == "no-store"


def test_the_page_loads_nothing_from_elsewhere(app):
    page = call(app, "GET", "/").text
    assets = [call(app, "GET", f"/static/{n}") for n in ("app.js", "app.css")]
    assert all(a.status_code == 200 for a in assets)
    for text in [page, *(a.text for a in assets)]:
        assert "http://" not in text and "https://" not in text and "//cdn" not in text
    # The page uses only the API: every fetch goes to /api/ or /healthz.
    targets = set(re.findall(r"(?:fetch|post)\(\"([^\"]+)\"", assets[0].text))
    assert targets and all(t.startswith("/api/") or t == "/healthz" for t in targets)

