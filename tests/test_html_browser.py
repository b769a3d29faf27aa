"""The HTML pages of `rcheck diff` and `rcheck compare`, opened in a real headless browser.

Debian's chromium is driven by Playwright (the PyPI wheel brings its own driver; no browser is
downloaded). The diff page must open without fetching anything, show both versions side by
side, and put each highlight in the right column and row. A screenshot of each page is saved
in pytest's tmp_path. Without playwright or chromium the browser tests skip with the reason;
the checks of the HTML text itself always run.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import rcheck
from rcheck.compare import compare_documents
from rcheck.diff import diff_documents
from rcheck.formats.html_diff import render_compare_html, render_diff_html
from rcheck.text.document import Document

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def diff_page() -> str:
    old, new = rcheck.load(SAMPLES / "diff-v1.txt"), rcheck.load(SAMPLES / "diff-v2.txt")
    return render_diff_html(diff_documents(old, new))


@pytest.fixture(scope="module")
def compare_page() -> str:
    docs = [rcheck.load(p) for p in sorted((SAMPLES / "compare").glob("*.txt"))]
    return render_compare_html(compare_documents(docs))


# --- the HTML text: no browser needed -----------------------------------------------------------


def test_pages_are_self_contained(diff_page, compare_page):
    for page in (diff_page, compare_page):
        assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
        assert not re.search(r"<script|<link|<img|<iframe|@import|url\(|https?://", page)


def test_draft_text_is_escaped():
    old = Document("一、概况\n说明<b>甲</b>。\n", path="<old>.txt")
    new = Document("一、概况\n说明<script>alert(1)</script>&amp;。\n", path="new.txt")
    page = render_diff_html(diff_documents(old, new))
    assert "<script" not in page and "<b>" not in page
    assert re.search(r'&lt;<ins data-change="s\d+c0">script</ins>&gt;', page)
    assert re.search(r'<ins data-change="s\d+c3">&amp;amp;</ins>', page)
    assert "&lt;old&gt;.txt" in page


# --- in the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None and Path("/usr/bin/chromium").exists():
        executable = "/usr/bin/chromium"
    if executable is None:
        pytest.skip("no chromium on this machine (Debian: apt-get install chromium)")
    manager = sync_api.sync_playwright().start()
    try:
        context = manager.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=executable,
            headless=True, args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900})
    except Exception as exc:  # a browser that cannot start here is an environment problem
        manager.stop()
        pytest.skip(f"chromium did not start: {str(exc).splitlines()[0]}")
    yield context
    context.close()
    manager.stop()


def _open(browser, path: Path):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests


_MARKS = """
() => [...document.querySelectorAll('#diff del, #diff ins, #diff .gap')].map(e => {
  const r = e.getBoundingClientRect();
  const row = e.closest('tr'), cell = e.closest('td');
  return {tag: e.tagName.toLowerCase(), cls: e.className, text: e.textContent,
          change: e.dataset.change, row: row.id, cell: cell.className,
          left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
          rowTop: row.getBoundingClientRect().top, rowBottom: row.getBoundingClientRect().bottom};
})
"""


def test_diff_page_in_browser(browser, diff_page, tmp_path):
    html = tmp_path / "diff.html"
    html.write_text(diff_page, encoding="utf-8")
    page, requests = _open(browser, html)
    assert requests == [html.as_uri()]  # nothing fetched but the page itself
    assert page.title().startswith("rcheck diff:")
    heads = page.locator("#diff thead th").all_inner_texts()
    assert heads[0].endswith("diff-v1.txt") and heads[1].endswith("diff-v2.txt")

    table = page.locator("#diff").bounding_box()
    middle = table["x"] + table["width"] / 2
    marks = page.evaluate(_MARKS)
    dels = [m for m in marks if m["tag"] == "del"]
    inss = [m for m in marks if m["tag"] == "ins"]
    # Every deletion sits in the old (left) column, every insertion in the new (right) one.
    assert dels and all(m["cell"] == "old" and m["right"] <= middle + 1 for m in dels)
    assert inss and all(m["cell"] == "new" and m["left"] >= middle - 1 for m in inss)
    assert all(m["width"] > 0 for m in dels + inss)
    assert sorted(m["text"] for m in dels) == sorted(["18", "*", "1.5", "培育", "拓宽", "渠道"])
    added = "加强乡村文明建设。由镇宣传办牵头"
    assert sorted(m["text"] for m in inss if not m["text"].startswith(added)) == sorted(
        ["22", "36", "1.8", "做强山区", "带动群众持续", "、县XX局"])
    assert any(m["text"].startswith(added) for m in inss)

    # The two halves of one change are in the same row, inside it.
    by_change: dict[str, list[dict]] = {}
    for m in marks:
        by_change.setdefault(m["change"], []).append(m)
    for change, halves in by_change.items():
        assert len({h["row"] for h in halves}) == 1, change
        for h in halves:
            assert h["rowTop"] - 1 <= h["top"] and h["bottom"] <= h["rowBottom"] + 1, change
    number = next(m for m in dels if m["text"] == "18")
    partner = next(m for m in inss if m["change"] == number["change"])
    assert partner["text"] == "22"

    moved = page.locator('tr[data-status="moved"]')
    assert moved.count() == 1
    old_cell, new_cell = moved.locator("td").all_inner_texts()
    assert "移动 moved" in old_cell and "（四）办好民生实事" in old_cell and "（一）办好民生实事" in new_cell
    added_row = page.locator('tr[data-status="added"]')
    assert "旧版无此部分" in added_row.locator("td.old").inner_text()
    assert page.locator("#metrics tr").count() == 4  # header and three changed metrics
    assert page.locator("#placeholders tr.introduced").inner_text().count("XX") >= 1

    shot = tmp_path / "diff.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    page.close()


def test_compare_page_in_browser(browser, compare_page, tmp_path):
    html = tmp_path / "compare.html"
    html.write_text(compare_page, encoding="utf-8")
    page, requests = _open(browser, html)
    assert requests == [html.as_uri()]
    assert page.locator("#matrix tr").count() == 6
    tables = page.locator("table.sbs")
    assert tables.count() == 2
    for i in range(2):
        table = tables.nth(i)
        box = table.bounding_box()
        left, right = table.locator("td.old .text"), table.locator("td.new .text")
        assert left.bounding_box()["x"] < box["x"] + box["width"] / 2 <= right.bounding_box()["x"]
    # The edited copy: the words that differ are marked in each column.
    marked = page.locator("table.sbs .only").all_inner_texts()
    assert "党组" in marked and "党委" in marked
    shot = tmp_path / "compare.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    page.close()
