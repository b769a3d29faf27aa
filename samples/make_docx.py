"""Build the Word samples of this directory: ``python samples/make_docx.py`` (from a checkout).

Writes ``word-numbered-headings.docx`` and ``word-task-table.docx`` beside this file. The
package is written by hand, the way Word and WPS write it, rather than through python-docx's
template, so the samples carry what real drafts carry: heading styles with Chinese Word's
style ids (``1`` named ``heading 1``), a multilevel list in ``numbering.xml`` linked to those
styles (一、 （一） 1.), paragraphs cut into many runs as Word saves them after edits, a
footnote and a task table. Output is byte-for-byte reproducible (fixed zip times and dates).

The builder functions (`paragraph`, `table`, `build_docx`…) are also used by the tests and
the benchmarks to make drafts of any shape.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ZIP_TIME = (2025, 12, 1, 9, 0, 0)

# ---------------------------------------------------------------- runs and paragraphs

_RPR_BODY = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>'


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def run(text: str, *, bold: bool = False, rsid: str = "00A1B2C3", rpr: str | None = None) -> str:
    """One run. A tab in `text` becomes ``w:tab``, a newline ``w:br``, as Word stores them."""
    if rpr is None:
        rpr = '<w:rPr><w:rFonts w:hint="eastAsia"/><w:b/></w:rPr>' if bold else _RPR_BODY
    inner = []
    for k, line in enumerate(text.split("\n")):
        if k:
            inner.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                inner.append("<w:tab/>")
            if piece:
                inner.append(_t(piece))
    return f'<w:r w:rsidRPr="{rsid}">{rpr}{"".join(inner)}</w:r>'


def word_runs(text: str, every: int = 7, seed: int = 1) -> list[str]:
    """`text` cut into runs of about `every` characters at varying places, each with its own
    revision id, as Word leaves a paragraph that was typed and edited over several sessions."""
    out: list[str] = []
    state = seed * 2654435761 % 2**32 or 1
    pos = 0
    while pos < len(text):
        state = (1103515245 * state + 12345) % 2**31
        step = max(1, every // 2 + state % every)
        out.append(run(text[pos:pos + step], rsid=f"00{state % 0xFFFFFF:06X}"))
        pos += step
    return out


def paragraph(content: str | list[str] = "", *, style: str | None = None,
              num: tuple[int, int] | None = None, runs_every: int | None = None,
              ppr_extra: str = "") -> str:
    """A ``w:p``. `content` is text (one run, or Word-like runs with `runs_every`) or run XML.
    `num` is (numId, ilvl) for direct automatic numbering."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr += ppr_extra
    if isinstance(content, str):
        runs = word_runs(content, runs_every) if runs_every and content else [run(content)] if content else []
    else:
        runs = content
    ppr_xml = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f"<w:p>{ppr_xml}{''.join(runs)}</w:p>"


def table(rows: list[list[str | list[str]]], widths: list[int] | None = None) -> str:
    """A bordered table; a cell is text, or a list of paragraph XML strings."""
    cols = max(len(r) for r in rows)
    widths = widths or [9000 // cols] * cols
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="a9"/><w:tblW w:w="0" w:type="auto"/>'
           f"<w:tblBorders>{border}</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"]
    for k, row in enumerate(rows):
        out.append("<w:tr>")
        for j, cell in enumerate(row):
            paras = cell if isinstance(cell, list) else [
                paragraph([run(cell, bold=k == 0)] if cell else [], ppr_extra='<w:jc w:val="center"/>'
                          if k == 0 else "")]
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[j]}" w:type="dxa"/></w:tcPr>'
                       f'{"".join(paras)}</w:tc>')
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def footnote_reference(note_id: int) -> str:
    return f'<w:r><w:rPr><w:rStyle w:val="a7"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'


# ---------------------------------------------------------------- package parts

def _style(kind: str, sid: str, name: str, inner: str, extra: str = "") -> str:
    return f'<w:style w:type="{kind}"{extra} w:styleId="{sid}"><w:name w:val="{name}"/>{inner}</w:style>'


def _heading_style(sid: str, level: int, font: str, num_pr: str) -> str:
    return _style("paragraph", sid, f"heading {level}",
                  '<w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/>'
                  f'<w:pPr><w:keepNext/>{num_pr}<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
                  f"<w:rPr>{font}</w:rPr>")


_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_SINGLE = 'w:val="single" w:sz="4" w:space="0" w:color="auto"'
_STYLES = "".join([
    '<w:styles xmlns:w="{w}"><w:docDefaults><w:rPrDefault><w:rPr>',
    '<w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman"/>',
    '<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>',
    '<w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault>',
    "</w:docDefaults>",
    _style("paragraph", "a", "Normal",
           '<w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:ind w:firstLineChars="200" w:firstLine="640"/>'
           '<w:jc w:val="both"/></w:pPr>', ' w:default="1"'),
    _heading_style("1", 1, '<w:rFonts w:eastAsia="黑体"/>', '<w:numPr><w:numId w:val="1"/></w:numPr>'),
    _heading_style("2", 2, '<w:rFonts w:eastAsia="楷体_GB2312"/>',
                   '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'),
    _heading_style("3", 3, "<w:b/>", ""),
    _style("paragraph", "a3", "Title",
           f'<w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr>{_NO_INDENT}<w:jc w:val="center"/>'
           '</w:pPr><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/><w:szCs w:val="44"/>'
           "</w:rPr>"),
    _style("paragraph", "a5", "footnote text",
           f'<w:basedOn w:val="a"/><w:pPr>{_NO_INDENT}</w:pPr><w:rPr><w:sz w:val="18"/></w:rPr>'),
    _style("character", "a7", "footnote reference", '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    _style("table", "a9", "Table Grid",
           f"<w:tblPr><w:tblBorders><w:top {_SINGLE}/><w:bottom {_SINGLE}/></w:tblBorders></w:tblPr>"),
    "</w:styles>",
])


def _level(ilvl: int, fmt: str, text: str, style: str | None) -> str:
    pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
            f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


# One multilevel list linked to the heading styles (一、 （一） 1.), as Word's "多级列表" makes it.
NUMBERING_HEADINGS = "".join([
    '<w:numbering xmlns:w="{w}">',
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>',
    _level(0, "chineseCounting", "%1、", "1"),
    _level(1, "chineseCounting", "（%2）", "2"),
    _level(2, "decimal", "%3.", None),
    '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>',
])

_SETTINGS = """<w:settings xmlns:w="{w}"><w:defaultTabStop w:val="420"/>
<w:characterSpacingControl w:val="compressPunctuation"/>
<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr></w:settings>"""

_OFFICE = "application/vnd.openxmlformats-officedocument"
_WML = f"{_OFFICE}.wordprocessingml"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _content_types(parts: dict[str, str]) -> str:
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{ctype}"/>'
                        for name, ctype in parts.items())
    rels = "application/vnd.openxmlformats-package.relationships+xml"
    return ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="{rels}"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')


def _relationships(rels: list[tuple[str, str]]) -> str:
    body = "".join(f'<Relationship Id="rId{k}" Type="{kind}" Target="{target}"/>'
                   for k, (kind, target) in enumerate(rels, start=1))
    return f'<Relationships xmlns="{_PKG_RELS}">{body}</Relationships>'


_CORE = "".join([
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ',
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ',
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    "<dc:title>{title}</dc:title><dc:creator>rcheck samples</dc:creator>",
    '<dcterms:created xsi:type="dcterms:W3CDTF">2025-12-01T09:00:00Z</dcterms:created>',
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-12-01T09:00:00Z</dcterms:modified></cp:coreProperties>',
])

_APP = """<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>rcheck samples/make_docx.py</Application></Properties>"""

_PAGE = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" '
         'w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>')


def _footnotes_xml(notes: list[str]) -> str:
    sep = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           "</w:r></w:p></w:footnote>")
    body = "".join(
        f'<w:footnote w:id="{k}"><w:p><w:pPr><w:pStyle w:val="a5"/></w:pPr>'
        f'<w:r><w:rPr><w:rStyle w:val="a7"/></w:rPr><w:footnoteRef/></w:r>{run(" " + text)}'
        "</w:p></w:footnote>"
        for k, text in enumerate(notes, start=1))
    return f'<w:footnotes xmlns:w="{W_NS}">{sep}{body}</w:footnotes>'


def build_docx(blocks: list[str], *, title: str = "", numbering: str | None = NUMBERING_HEADINGS,
               footnotes: list[str] | None = None, styles: str | None = None,
               compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A complete .docx from body blocks (``paragraph``/``table`` XML), reproducibly."""
    document = (f'{_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
                f'{"".join(blocks)}{_PAGE}</w:body></w:document>')
    parts: dict[str, str] = {
        "word/document.xml": document,
        "word/styles.xml": _DECL + (styles or _STYLES).format(w=W_NS),
        "word/settings.xml": _DECL + _SETTINGS.format(w=W_NS),
        "docProps/core.xml": _DECL + _CORE.format(title=escape(title)),
        "docProps/app.xml": _DECL + _APP,
        "_rels/.rels": _DECL + _relationships([
            (f"{_DOC_RELS}/officeDocument", "word/document.xml"),
            (f"{_PKG_RELS}/metadata/core-properties", "docProps/core.xml"),
            (f"{_DOC_RELS}/extended-properties", "docProps/app.xml")]),
    }
    types = {"word/document.xml": f"{_WML}.document.main+xml", "word/styles.xml": f"{_WML}.styles+xml",
             "word/settings.xml": f"{_WML}.settings+xml",
             "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
             "docProps/app.xml": f"{_OFFICE}.extended-properties+xml"}
    rels = [(f"{_DOC_RELS}/styles", "styles.xml"), (f"{_DOC_RELS}/settings", "settings.xml")]
    if numbering:
        parts["word/numbering.xml"] = _DECL + numbering.format(w=W_NS)
        types["word/numbering.xml"] = f"{_WML}.numbering+xml"
        rels.append((f"{_DOC_RELS}/numbering", "numbering.xml"))
    if footnotes:
        parts["word/footnotes.xml"] = _DECL + _footnotes_xml(footnotes)
        types["word/footnotes.xml"] = f"{_WML}.footnotes+xml"
        rels.append((f"{_DOC_RELS}/footnotes", "footnotes.xml"))
    parts["word/_rels/document.xml.rels"] = _DECL + _relationships(rels)
    parts["[Content_Types].xml"] = _DECL + _content_types(types)
    out = io.BytesIO()
    first = ["[Content_Types].xml", "_rels/.rels"]
    with zipfile.ZipFile(out, "w") as zf:
        for name in first + sorted(k for k in parts if k not in first):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            zf.writestr(info, parts[name].encode("utf-8"))
    return out.getvalue()


# ---------------------------------------------------------------- sample 1: numbered headings

H1, H2 = "1", "2"  # Chinese Word's style ids for 标题 1 / 标题 2


def numbered_headings_sample() -> bytes:
    """县文化和旅游局 annual summary: headings by style, numbers from numbering.xml only."""
    body = [
        paragraph("县文化和旅游局2025年工作总结", style="a3"),
        paragraph("2025年，县文化和旅游局在县委、县政府的坚强领导下，坚持以文塑旅、以旅彰文，"
                  "围绕建设全域旅游示范县目标，扎实推进公共文化服务、文旅融合发展和文化遗产保护各项工作，"
                  "全年各项目标任务完成良好。现将有关情况总结如下。", runs_every=9),
        paragraph("2025年主要工作成效", style=H1),
        paragraph("公共文化服务体系持续完善", style=H2),
        paragraph("全年新建城市书房4个、村级综合文化服务中心示范点12个，县图书馆、文化馆实现免费开放全覆盖。"
                  "全年举办各类文化惠民演出*场，开展“村晚”展演活动36场，送戏下乡覆盖全部行政村，"
                  "群众文化获得感明显增强。", runs_every=8),
        paragraph("文旅融合发展势头良好", style=H2),
        paragraph([*word_runs("全县全年接待游客", 6, seed=3), run(" "),
                   *word_runs("286.5万人次，实现旅游收入23.1亿元，同比分别增长12.4%和10.8%。", 7, seed=4),
                   footnote_reference(1),
                   *word_runs("成功举办第三届油菜花文化旅游节，推出乡村旅游精品线路5条，"
                              "新评定省级乡村旅游重点村2个。", 8, seed=5)]),
        paragraph("文化遗产保护扎实推进", style=H2),
        paragraph("完成第四次全国文物普查田野调查，登记不可移动文物318处，馆藏文物2300余件,"
                  "新增县级非物质文化遗产代表性项目7项。", runs_every=10),
        paragraph("存在的问题和不足", style=H1),
        paragraph("一是公共文化设施使用效率不均衡，部分村级文化服务中心活动开展不经常；二是旅游产品同质化"
                  "问题仍然存在，过夜游客占比偏低；三是文物保护专业人员不足，基层文物安全巡查力量薄弱。",
                  runs_every=9),
        paragraph("2026年工作打算", style=H1),
        paragraph("提升公共文化服务效能", style=H2),
        paragraph("完善设施网络。推动文化馆、图书馆总分馆制建设提质增效，年内新建城市书房2个。", num=(1, 2)),
        paragraph("丰富惠民活动。持续开展“文化进万家”活动，全年送戏下乡不少于120场。", num=(1, 2)),
        paragraph("推动文旅深度融合", style=H2),
        paragraph("围绕油菜花节、古镇夜游等品牌，培育夜间文旅消费集聚区1个，力争全年接待游客突破300万人次。",
                  runs_every=8),
    ]
    notes = ["游客人数和旅游收入为县统计局快报数，年度数据以统计部门正式公布为准。"]
    return build_docx(body, title="县文化和旅游局2025年工作总结", footnotes=notes)


# ---------------------------------------------------------------- sample 2: task table

def task_table_sample() -> bytes:
    """县农业农村局 implementation plan with a task allocation table; headings typed in bold
    body paragraphs, as many drafts are, and no automatic numbering."""
    rows: list[list[str | list[str]]] = [
        ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "开展村庄清洁行动，全年组织集中整治不少于4次", "县农业农村局", "各乡镇人民政府",
         "2026年12月底前"],
        ["2", "新建改建农村卫生户厕*户，问题厕所动态清零", "县农业农村局", "县卫生健康局、各乡镇人民政府",
         "2026年10月底前"],
        ["3", "推进农村生活污水治理，行政村治理率达到45%以上", "市生态环境局县分局", "县住房和城乡建设局",
         "2026年11月底前"],
        ["4", [paragraph([run("完善农村生活垃圾收运处置体系。")]),
               paragraph([run("每季度开展一次督导检查")])],
         "县住房和城乡建设局", "县XX局", "每季度"],
        ["5", "建立村庄保洁长效管护机制，落实保洁人员和经费", "各乡镇人民政府", "县财政局", "2026年6月 底前"],
    ]
    body = [
        paragraph("县农业农村局2026年农村人居环境整治提升实施方案", style="a3"),
        paragraph("为深入学习运用“千万工程”经验，持续改善农村人居环境，建设宜居宜业和美乡村，"
                  "结合我县实际，制定本方案。", runs_every=9),
        paragraph([run("一、总体要求", bold=True)]),
        paragraph("以农村厕所革命、生活污水垃圾治理和村容村貌提升为主攻方向，到2026年底，"
                  "全县农村卫生厕所普及率稳步提高,生活垃圾得到有效处理的行政村保持全覆盖。", runs_every=8),
        paragraph([run("二、重点任务", bold=True)]),
        paragraph("各项任务分工如下表。各牵头单位要细化工作措施，按时报送进展情况。", runs_every=10),
        table(rows, widths=[700, 3300, 1800, 2000, 1300]),
        paragraph([run("三、保障措施", bold=True)]),
        paragraph("（一）加强组织领导。成立由分管副县长任组长的工作专班，每月召开一次调度会，"
                  "协调解决重点难点问题。", runs_every=9),
        paragraph("（二）强化督查考核。将整治工作纳入乡镇年度综合考核，考核结果与以奖代补资金挂钩。",
                  runs_every=9),
    ]
    return build_docx(body, title="县农业农村局2026年农村人居环境整治提升实施方案", numbering=None)


SAMPLES = {
    "word-numbered-headings.docx": numbered_headings_sample,
    "word-task-table.docx": task_table_sample,
}


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else HERE
    for name, make in SAMPLES.items():
        (out_dir / name).write_bytes(make())
        print(f"wrote {out_dir / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
