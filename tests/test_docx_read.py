"""Reading .docx drafts: text as a reader sees it, headings by style and by number, tables,
notes, and the map from every character back to its run."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import docx
import pytest

import rcheck
from rcheck.docx import CELL_SEPARATOR, WordDocument, WordSource
from rcheck.docx.numbering import format_number
from rcheck.docx.read import run_text
from rcheck.errors import InputError
from rcheck.text.readers import expand_paths, load
from rcheck.text.structure import match_marker

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _builder():
    spec = importlib.util.spec_from_file_location("make_docx", SAMPLES / "make_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mk = _builder()


def write(tmp_path, blocks, name="d.docx", **kw):
    path = tmp_path / name
    path.write_bytes(mk.build_docx(blocks, **kw))
    return path


def inserted(doc: rcheck.Document) -> str:
    """The characters of the text that no run holds, in order."""
    src = doc.source
    covered = [False] * len(doc.text)
    for s, e in zip(src.starts, src.ends, strict=True):
        covered[s:e] = [True] * (e - s)
    return "".join(c for c, hit in zip(doc.text, covered, strict=True) if not hit)


def assert_map_is_exact(doc: rcheck.Document) -> None:
    src = doc.source
    assert isinstance(src, WordSource)
    assert src.starts == sorted(src.starts)
    for s, e, r, off in zip(src.starts, src.ends, src.runs, src.offsets, strict=True):
        assert doc.text[s:e] == run_text(r)[off:off + e - s]


# ---------------------------------------------------------------- the samples


def test_numbered_headings_sample_reads_numbers_and_headings(samples):
    doc = load(samples / "word-numbered-headings.docx")
    assert isinstance(doc, WordDocument) and doc.source_format == "docx" and doc.encoding is None
    lines = doc.text.split("\n")
    assert lines[0] == "县文化和旅游局2025年工作总结"
    assert lines[2] == "一、2025年主要工作成效"
    assert lines[3] == "（一）公共文化服务体系持续完善"
    assert lines[11] == "三、2026年工作打算"
    assert lines[13].startswith("1.完善设施网络。") and lines[14].startswith("2.丰富惠民活动。")
    assert lines[15] == "（二）推动文旅深度融合"
    # numbering continues across the list and restarts (一) under each 一、 二、 三、
    got = [(h.style, h.number, h.text) for h in doc.headings]
    assert got == [
        ("cn", 1, "2025年主要工作成效"), ("paren-cn", 1, "公共文化服务体系持续完善"),
        ("paren-cn", 2, "文旅融合发展势头良好"), ("paren-cn", 3, "文化遗产保护扎实推进"),
        ("cn", 2, "存在的问题和不足"), ("cn", 3, "2026年工作打算"),
        ("paren-cn", 1, "提升公共文化服务效能"), ("arabic", 1, "完善设施网络"),
        ("arabic", 2, "丰富惠民活动"), ("paren-cn", 2, "推动文旅深度融合"),
    ]
    # the footnote follows the body, labelled, its leading space kept as indentation
    assert lines[-2] == " 注1：游客人数和旅游收入为县统计局快报数，年度数据以统计部门正式公布为准。"
    assert doc.source.body_end == doc.text.index(" 注1")
    assert all(s.end <= doc.source.body_end for s in doc.sections.walk() if s.heading)
    assert doc.title is not None and doc.text[doc.title.start:doc.title.end] == lines[0]
    assert_map_is_exact(doc)
    # only numbers, the note label and line ends were inserted
    assert inserted(doc) == ("\n\n一、\n（一）\n\n（二）\n\n（三）\n\n二、\n\n三、\n（一）\n1.\n2."
                             "\n（二）\n\n注1：\n")


@pytest.mark.parametrize("name", sorted(mk.SAMPLES))
def test_committed_samples_are_what_the_generator_writes(samples, name):
    """Member by member (deflate bytes may differ between zlib builds, the content may not)."""
    import zipfile

    fresh_bytes = io.BytesIO(mk.SAMPLES[name]())
    with zipfile.ZipFile(samples / name) as committed, zipfile.ZipFile(fresh_bytes) as fresh:
        assert committed.namelist() == fresh.namelist()
        for member in fresh.namelist():
            assert committed.read(member) == fresh.read(member), member


def test_numbered_headings_sample_findings(samples):
    found = rcheck.lint(load(samples / "word-numbered-headings.docx"), ignore=["C"])
    assert [(f.code, f.line, f.column, f.excerpt) for f in found] == [
        ("P101", 5, 59, "*"), ("T101", 7, 9, " "), ("T102", 9, 40, ","),
    ]


def test_task_table_sample_rows_and_cells(samples):
    doc = load(samples / "word-task-table.docx")
    lines = doc.text.split("\n")
    header = lines.index(CELL_SEPARATOR.join(["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]))
    assert lines[header + 1] == CELL_SEPARATOR.join(
        ["1", "开展村庄清洁行动，全年组织集中整治不少于4次", "县农业农村局", "各乡镇人民政府",
         "2026年12月底前"])
    # two paragraphs in one cell: joined with nothing after a full stop
    cell = lines[header + 4].split(CELL_SEPARATOR)[1]
    assert cell == "完善农村生活垃圾收运处置体系。每季度开展一次督导检查"
    [table] = doc.source.tables
    assert len(table) == 6 and all(len(row) == 5 for row in table)
    assert doc.text[slice(*table[2][3])] == "县卫生健康局、各乡镇人民政府"
    assert [h.text for h in doc.headings] == [
        "总体要求", "重点任务", "保障措施", "加强组织领导", "强化督查考核"]
    assert_map_is_exact(doc)
    found = rcheck.lint(doc, ignore=["C", "G"])  # commitment and graph rules: tested on their own
    assert [(f.code, f.excerpt) for f in found] == [
        ("T102", ","), ("P101", "*"), ("P101", "XX"), ("T101", " "),
    ]


def test_cell_paragraphs_without_closing_mark_get_a_separator(tmp_path):
    cell = [mk.paragraph("县委办"), mk.paragraph(""), mk.paragraph("县政府办")]
    doc = load(write(tmp_path, [mk.table([["牵头", cell]])], numbering=None))
    assert doc.text == "牵头｜县委办；县政府办\n"


# ---------------------------------------------------------------- numbering


@pytest.mark.parametrize("n,fmt,shown", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"), (21, "chineseCountingThousand", "二十一"),
    (105, "chineseCounting", "一百零五"), (3, "chineseLegalSimplified", "叁"),
    (12, "chineseLegalSimplified", "壹拾贰"), (3, "decimalEnclosedCircle", "③"),
    (2, "ideographTraditional", "乙"), (28, "upperLetter", "BB"), (4, "lowerRoman", "iv"),
    (7, "decimalZero", "07"), (12, "decimalFullWidth", "１２"), (5, "decimal", "5"), (5, "unknownFmt", "5"),
])
def test_number_formats(n, fmt, shown):
    assert format_number(n, fmt) == shown


def _numbering(*abstracts: str, nums: str) -> str:
    return f'<w:numbering xmlns:w="{{w}}">{"".join(abstracts)}{nums}</w:numbering>'


def _abstract(aid: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{"".join(levels)}</w:abstractNum>'


def _lvl(ilvl, fmt, text, start=1, extra=""):
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def test_numbering_counters_overrides_and_restarts(tmp_path):
    numbering = _numbering(
        _abstract(0, _lvl(0, "chineseCounting", "%1、"), _lvl(1, "chineseCounting", "（%2）"),
                  _lvl(2, "decimal", "%1.%3", extra="<w:isLgl/>")),
        _abstract(1, _lvl(0, "bullet", "●")),
        _abstract(2, _lvl(0, "decimal", "第%1章", start=3)),
        nums='<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
             '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
             '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
             '<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>'
             '<w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>')
    blocks = [
        mk.paragraph("甲", num=(1, 0)), mk.paragraph("乙", num=(1, 1)), mk.paragraph("丙", num=(1, 1)),
        mk.paragraph("丁", num=(1, 2)),
        mk.paragraph("戊", num=(2, 0)),   # another w:num over the same list continues it: 二、
        mk.paragraph("己", num=(1, 1)),   # (一) again: 二、 restarted the level below it
        mk.paragraph("庚", num=(4, 0)),   # a bullet is not a number
        mk.paragraph("辛", num=(3, 0)),   # startOverride restarts at 一、
        mk.paragraph("壬", num=(5, 0)),
        mk.paragraph("癸", num=(0, 0)),   # numId 0: no numbering
    ]
    doc = load(write(tmp_path, blocks, numbering=numbering))
    assert doc.text.split("\n")[:-1] == [
        "一、甲", "（一）乙", "（二）丙", "1.1丁", "二、戊", "（一）己", "庚", "一、辛", "第3章壬", "癸"]
    assert_map_is_exact(doc)


def test_numbering_through_a_style_link(tmp_path):
    """Heading styles linked to a multilevel list (Word's usual way): the style's numPr gives
    numId, and for a style without w:ilvl the level whose w:pStyle names it."""
    styles = mk._STYLES.replace('<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>',
                                '<w:numPr><w:numId w:val="1"/></w:numPr>')
    blocks = [mk.paragraph("报告", style="a3"), mk.paragraph("总体情况", style="1"),
              mk.paragraph("主要做法", style="2"), mk.paragraph("正文。"),
              mk.paragraph("主要成效", style="2"), mk.paragraph("下步打算", style="1"),
              mk.paragraph("措施", style="2")]
    doc = load(write(tmp_path, blocks, styles=styles))
    assert doc.text.split("\n") == ["报告", "一、总体情况", "（一）主要做法", "正文。", "（二）主要成效",
                                    "二、下步打算", "（一）措施", ""]


# ---------------------------------------------------------------- headings by style only


def test_headings_by_style_only(tmp_path):
    d = docx.Document()
    d.add_paragraph("关于2025年工作情况的报告", style="Heading 1")  # the title, not a heading
    d.add_paragraph("今年以来，我局认真贯彻落实各项部署。")
    d.add_paragraph("工作成效", style="Heading 1")
    d.add_paragraph("主要做法", style="Heading 2")
    d.add_paragraph("全年开展专题学习12次。")
    d.add_paragraph("二、存在问题", style="Heading 1")  # typed marker: read as typed
    d.add_paragraph("一是学习不够深入。")
    d.add_paragraph("下一步打算", style="Heading 1")
    d.add_paragraph("持续加强理论学习。")
    path = tmp_path / "styled.docx"
    d.save(path)
    doc = load(path)
    assert doc.text.startswith("关于2025年工作情况的报告\n今年以来")  # no numbers invented in the text
    got = [(h.style, h.rank, h.number, h.text, h.start == h.marker_end) for h in doc.headings]
    assert got == [("cn", 1, 1, "工作成效", True), ("paren-cn", 2, 1, "主要做法", True),
                   ("cn", 1, 2, "存在问题", False), ("cn", 1, 3, "下一步打算", True)]
    top = [s.title for s in doc.sections.children]
    assert top == ["工作成效", "存在问题", "下一步打算"]
    assert [s.title for s in doc.sections.children[0].children] == ["主要做法"]
    # a heading by style builds the tree but never trips the numbering rules
    assert not [f for f in rcheck.lint(doc) if f.code in ("S102", "S103")]


def test_outline_level_and_chinese_style_names(tmp_path):
    styles = mk._STYLES.replace('w:styleId="3"><w:name w:val="heading 3"/>',
                                'w:styleId="3"><w:name w:val="标题 3"/>')
    styles = styles.replace('<w:outlineLvl w:val="2"/>', "")
    blocks = [mk.paragraph("总结", style="a3"),
              mk.paragraph("分项情况", ppr_extra='<w:outlineLvl w:val="0"/>'),
              mk.paragraph("细项", style="3"), mk.paragraph("内容。")]
    doc = load(write(tmp_path, blocks, styles=styles, numbering=None))
    assert [(h.rank, h.text) for h in doc.headings] == [(1, "分项情况"), (3, "细项")]


# ---------------------------------------------------------------- what counts as text

W_EXTRA = ('xmlns:v="urn:schemas-microsoft-com:vml"')


def test_only_shown_text_is_read(tmp_path):
    r = mk.run
    body = "".join([
        '<w:hyperlink r:id="rId9">', r("链接文字"), "</w:hyperlink>",
        "<w:ins w:id=\"1\" w:author=\"a\">", r("插入"), "</w:ins>",
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>',
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', r("3"),
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>',
        '<w:sdt><w:sdtContent>', r("控件"), "</w:sdtContent></w:sdt>",
        r("甲\t乙\n丙"),
        f'<w:r><w:pict><v:shape {W_EXTRA}><v:textbox><w:txbxContent><w:p>{r("文本框")}</w:p>'
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
    ])
    styles = mk._STYLES.replace("</w:styles>", '<w:style w:type="paragraph" w:styleId="TOC1">'
                                                '<w:name w:val="toc 1"/></w:style></w:styles>')
    blocks = [f"<w:p>{body}</w:p>", mk.paragraph("一、目录项\t1", style="TOC1"), mk.paragraph("正文。")]
    doc = load(write(tmp_path, blocks, styles=styles, numbering=None))
    assert doc.text == "链接文字插入3控件甲\t乙\n丙\n\n正文。\n"
    assert_map_is_exact(doc)


def test_empty_document_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no text"):
        load(write(tmp_path, [mk.paragraph(""), mk.paragraph("   ")]))


# ---------------------------------------------------------------- entry points


def test_stdin_docx(monkeypatch, samples):
    data = (samples / "word-task-table.docx").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    doc = load("-")
    assert doc.path == "<stdin>" and doc.source_format == "docx" and "｜县XX局｜" in doc.text


def test_directories_include_docx_and_skip_word_lock_files(tmp_path, samples):
    (tmp_path / "a.docx").write_bytes((samples / "word-task-table.docx").read_bytes())
    (tmp_path / "~$a.docx").write_bytes(b"\x05lock")
    (tmp_path / "b.txt").write_text("正文。", encoding="utf-8")
    got = [p.replace(str(tmp_path), "") for p in expand_paths([str(tmp_path)])]
    assert got == ["/a.docx", "/b.txt"]


# ---------------------------------------------------------------- the reference drafts


def _seed_docx(lines: list[str], path, *, styled: bool) -> None:
    d = docx.Document()
    for k, line in enumerate(lines):
        marker = match_marker(line.lstrip(" \t\u3000"))
        style = None
        if styled and marker is not None and marker.rank <= 2:
            style = f"Heading {marker.rank}"
        elif styled and k == 0 and marker is None and len(line) <= 60:
            style = "Title"
        p = d.add_paragraph(style=style)
        if styled:  # as Word saves an edited paragraph: many runs
            for i in range(0, len(line), 7):
                p.add_run(line[i:i + 7])
        elif line:
            p.add_run(line)
    d.save(path)


def _key(findings):
    return [(f.code, f.line, f.column, f.end_line, f.end_column, f.excerpt, f.message) for f in findings]


@pytest.mark.parametrize("styled", [False, True], ids=["plain", "heading-styles"])
@pytest.mark.parametrize("prefix", ["000", "001"])
def test_reference_drafts_give_the_same_findings_as_docx(seeds, tmp_path, prefix, styled):
    [txt] = sorted(seeds.glob(f"{prefix}_*.txt"))
    text_doc = load(txt)
    path = tmp_path / f"{prefix}.docx"
    _seed_docx(text_doc.text.split("\n"), path, styled=styled)
    word_doc = load(path)
    assert word_doc.text.rstrip("\n") == text_doc.text.rstrip("\n")
    assert_map_is_exact(word_doc)
    expected = rcheck.lint(text_doc)
    assert expected  # the reference drafts are full of faults
    assert _key(rcheck.lint(word_doc)) == _key(expected)
