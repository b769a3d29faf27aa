"""The `rcheck serve` page in a real Chromium (Playwright, as in test_html_browser.py): a sample
dropped on the page, its findings highlighted in the text and listed beside it, filters,
the annotated copy downloaded and opened with python-docx, the two other tabs, the keyboard.

The server is started as a user starts it (`rcheck serve --port 0`). A screenshot of the page is
saved in pytest's tmp_path. Without playwright or chromium these tests skip with the reason.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from test_html_browser import browser  # noqa: F401  (the fixture: same launch, same skip)
from test_serve_command import address_of, start_server, stop_server

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"

pytest.importorskip("uvicorn", reason="the serve extra is not installed")


@pytest.fixture(scope="module")
def address():
    proc = start_server("--port", "0")
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        pytest.fail(f"rcheck serve did not start: {line}{proc.stderr.read()}")
    yield address_of(line)
    stop_server(proc)


@pytest.fixture
def page(browser, address):  # noqa: F811
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(address)
    page.wait_for_selector("body[data-ready='1']")
    page.requests = requests
    yield page
    page.close()


def _drop(page, name: str) -> None:
    """Drop the sample on the drop zone, as a file dragged from the desktop arrives."""
    data = base64.b64encode((SAMPLES / name).read_bytes()).decode()
    page.evaluate("""([name, data]) => {
        const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name));
        const drop = new DragEvent('drop', {dataTransfer: transfer, bubbles: true});
        document.getElementById('drop').dispatchEvent(drop);
    }""", [name, data])


_MARKS = """() => {
  const box = document.getElementById('text').getBoundingClientRect();
  return [...document.querySelectorAll('#text mark')].map(m => {
    const r = m.getBoundingClientRect();
    return {text: m.textContent, ids: m.dataset.f.split(' ').map(Number), cls: m.className,
            inside: r.left >= box.left - 1 && r.right <= box.right + 1, width: r.width};
  });
}"""


def _lint(name: str) -> list[dict]:
    from rcheck.serve import api

    payload = api.lint(api.Upload(name, (SAMPLES / name).read_bytes()))
    return json.loads(payload)["files"][0]["findings"]


def test_drop_a_draft_and_see_every_finding_in_place(page, address, tmp_path):
    name = "flawed-placeholders.txt"
    findings = _lint(name)
    _drop(page, name)
    page.wait_for_selector("#groups .finding")
    assert page.locator("#groups .finding").count() == len(findings) == 22
    assert page.locator("#summary").inner_text().startswith("共 22 个问题")
    assert "22" in page.locator("#status").inner_text()

    marks = page.evaluate(_MARKS)
    covered = {i for m in marks for i in m["ids"]}
    assert covered == set(range(len(findings)))  # every finding is marked in the text
    assert all(m["inside"] and m["width"] > 0 for m in marks)
    for m in marks:
        if len(m["ids"]) == 1:  # a mark of one finding holds exactly its characters
            assert m["text"] == findings[m["ids"][0]]["excerpt"]
            assert m["cls"] == "sev-error"

    # The list is grouped by severity, then rule, with the rule's explanation and the place.
    group = page.locator(".sev-group.sev-error")
    assert group.locator("h3").inner_text() == "错误（22）"
    rule = group.locator(".rule[data-code='P101']")
    assert "P101" in rule.locator("h4").inner_text()
    rule.locator("details summary").click()
    assert "错误示例" in rule.locator("details").inner_text()
    first = page.locator(".finding").first
    assert first.inner_text().startswith(f"第 {findings[0]['line']} 行第 {findings[0]['column']} 列")

    # A finding chosen in the list outlines its mark in the text.
    page.locator(".finding").nth(5).click()
    current = page.locator("#text mark.current")
    assert current.count() == 1 and 5 in [int(i) for i in current.get_attribute("data-f").split()]
    assert not page.locator("#dl-annotated").is_visible()  # a .txt has no Word copy
    assert page.locator("#dl-fixed").inner_text() == "下载修改后的副本"
    with page.expect_download() as info:
        page.click("#dl-fixed")
    assert info.value.suggested_filename.endswith(".fixed.txt")
    from rcheck.serve import api

    fixed = api.fix(api.Upload(name, (SAMPLES / name).read_bytes()))
    assert Path(info.value.path()).read_bytes() == fixed.data
    page.wait_for_function("document.getElementById('status').textContent.includes('自动修改')")
    status = page.locator("#status").inner_text()
    assert f"自动修改 {fixed.applied} 处，其余 {fixed.remaining} 个问题" in status
    assert all(url.startswith(address) for url in page.requests)  # nothing from elsewhere

    shot = tmp_path / "serve-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000


def test_filters_and_the_annotated_copy(page, tmp_path):
    import docx

    name = "word-task-table.docx"
    findings = _lint(name)
    page.set_input_files("#file", str(SAMPLES / name))
    page.wait_for_selector("#groups .finding")
    severities = {f["severity"] for f in findings}
    assert {"error", "warning"} <= severities
    assert page.locator("#groups .finding").count() == len(findings)

    page.uncheck("#show-warning")
    page.uncheck("#show-info")
    errors = [f for f in findings if f["severity"] == "error"]
    assert page.locator("#groups .finding").count() == len(errors)
    assert page.locator(".sev-group").count() == 1
    assert page.locator("#shown").inner_text() == f"显示其中 {len(errors)} 个"
    assert {c for m in page.evaluate(_MARKS) for c in m["cls"].split()} <= {"sev-error", "point"}
    page.check("#show-warning")
    page.check("#show-info")
    page.select_option("#rule-filter", "T101")
    assert page.locator("#groups .finding").count() == sum(f["code"] == "T101" for f in findings)
    assert page.locator("#text mark").count() == 1

    # The download holds what the filters show: here the one T101 finding.
    with page.expect_download() as info:
        page.click("#dl-annotated")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "word-task-table.checked.docx"
    comments = list(docx.Document(str(saved)).comments)
    assert [c.text.split()[0] for c in comments] == ["T101"]

    page.select_option("#rule-filter", "")
    with page.expect_download() as info:
        page.click("#dl-annotated")
    copy = docx.Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert len(list(copy.comments)) == len(findings)
    original = docx.Document(str(SAMPLES / name))
    assert [p.text for p in copy.paragraphs] == [p.text for p in original.paragraphs]

    with page.expect_download() as info:
        page.click("#dl-xlsx")
    assert info.value.suggested_filename == "word-task-table.问题清单.xlsx"


def test_pasted_text_and_an_unreadable_file(page, tmp_path):
    page.fill("#pasted", "一、总体情况\n全年开展专题学习*次，对照对照检查。")
    page.click("#check-pasted")
    page.wait_for_selector("#groups .finding")
    codes = {t.split()[0] for t in page.locator(".rule h4").all_inner_texts()}
    assert {"P101", "W101"} <= codes
    bad = tmp_path / "图片.txt"
    bad.write_bytes(bytes(range(256)) * 16)
    page.set_input_files("#file", str(bad))
    page.wait_for_selector("#status.error")
    assert "二进制文件" in page.locator("#status").inner_text()


def test_compare_and_task_table_tabs_by_keyboard(page):
    page.focus("#tab-check")
    page.keyboard.press("ArrowRight")
    assert page.locator("#tab-diff").get_attribute("aria-selected") == "true"
    assert page.locator("#panel-diff").is_visible() and not page.locator("#panel-check").is_visible()
    page.set_input_files("#old-file", str(SAMPLES / "diff-v1.txt"))
    page.set_input_files("#new-file", str(SAMPLES / "diff-v2.txt"))
    assert page.locator("#new-name").inner_text() == "diff-v2.txt"
    page.click("#run-diff")
    page.wait_for_selector("#diff-frame:not([hidden])")
    frame = page.frame_locator("#diff-frame")
    frame.locator("#diff del").first.wait_for()  # the frame's document loads after the frame shows
    assert frame.locator("#diff del").count() > 0 and frame.locator("#diff ins").count() > 0
    assert frame.locator("#diff thead th").first.inner_text().endswith("diff-v1.txt")

    page.focus("#tab-diff")
    page.keyboard.press("ArrowRight")
    assert page.locator("#tab-plan").get_attribute("aria-selected") == "true"
    page.set_input_files("#plan-file", str(SAMPLES / "graph-01-rural-environment-plan.txt"))
    page.click("#run-plan")
    page.wait_for_selector("#plan-table:not([hidden])")
    heads = page.locator("#plan-table thead th").all_inner_texts()
    assert heads == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert page.locator("#plan-table tbody tr").count() == 12
    assert "共 12 项任务" in page.locator("#plan-status").inner_text()


def test_controls_have_names_and_the_keyboard_reaches_the_findings(page):
    # Every control a screen reader meets has a name.
    unnamed = page.evaluate("""() => [...document.querySelectorAll('button, input, select, textarea')]
        .filter(e => !e.hidden && e.type !== 'file')
        .filter(e => !(e.innerText || '').trim() && !e.getAttribute('aria-label'))
        .filter(e => !(e.labels && e.labels.length))
        .map(e => e.outerHTML)""")
    assert unnamed == []
    _drop(page, "flawed-typography.txt")
    page.wait_for_selector("#groups .finding")
    page.locator(".finding").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("#text mark.current").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className").startswith("finding")
