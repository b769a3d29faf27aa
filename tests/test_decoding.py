"""Encodings a draft is saved in are read as what they are; what cannot be told apart is refused.

Big5 bytes are almost always valid GB18030 too, and UTF-8 with one stray byte is often valid
GB18030: both used to pass as garbled text with "no findings". Texts written for the project.
"""

from __future__ import annotations

import codecs

import pytest
from click.testing import CliRunner

from rcheck.cli import main
from rcheck.errors import InputError
from rcheck.text.readers import decode, read_bytes

SIMPLIFIED_LINES = [
    "全年召开党组会议专题研究意识形态工作六次。",
    "下一步，我们将进一步压实责任，确保各项任务落地见效。",
    "县农业农村局牵头完成高标准农田建设二万亩。",
    "一、主要工作完成情况",
    "存在的问题和不足",
    "组织开展安全生产大检查，排查整改隐患一百余处。",
    "二是强化基层党组织建设，选优配强村级班子。",
    "深入开展调查研究，形成调研报告十二篇。",
    "持续优化营商环境，新增市场主体三千户。",
    "认真落实“第一议题”制度，全年学习二十四次。",
]

TRADITIONAL_LINES = [
    "全年召開黨組會議專題研究意識形態工作六次。",
    "下一步，我們將進一步壓實責任，確保各項任務落地見效。",
    "縣農業農村局牽頭完成高標準農田建設二萬畝。",
    "一、主要工作完成情況",
    "存在的問題和不足",
    "組織開展安全生產大檢查，排查整改隱患一百餘處。",
    "二是強化基層黨組織建設，選優配強村級班子。",
    "深入開展調查研究，形成調研報告十二篇。",
    "持續優化營商環境，新增市場主體三千戶。",
    "文化旅遊局聯合各區開展非遺展演活動八場。",
]

# Characters only Big5-HKSCS has (Cantonese words and variants used in Hong Kong).
HKSCS_LINES = [
    "呢份報告啲數字要再核對，冇問題先至交。",
    "區議會嘅工作總結已經整理好咗。",
]
# Plain Big5 can encode these, but HKSCS encodes ［ ］ 〇 differently: Big5 reads them as kana.
HKSCS_BRACKETS = [
    "完善“一網通辦”［3］平台建設。",
    "二〇二五年六月十一日",
]

DRAFT = ("關於2025年度文化旅遊工作的總結\n一、主要工作完成情況\n"
         "全年舉辦文化惠民演出一百二十場，接待遊客八十萬人次。\n"
         "二、存在的問題和不足\n基層文化設施利用率不高。\n")


@pytest.mark.parametrize("line", SIMPLIFIED_LINES)
@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_short_gbk_lines_read_as_gb18030(line, encoding):
    assert decode(line.encode(encoding), "x.txt") == (line, "gb18030")


@pytest.mark.parametrize("line", TRADITIONAL_LINES)
def test_short_big5_lines_read_as_big5(line):
    assert decode(line.encode("big5"), "x.txt") == (line, "big5")


@pytest.mark.parametrize("line", HKSCS_LINES)
def test_big5_hkscs_lines_read_as_big5_hkscs(line):
    with pytest.raises(UnicodeEncodeError):
        line.encode("big5")
    assert decode(line.encode("big5hkscs"), "x.txt") == (line, "big5hkscs")


@pytest.mark.parametrize("line", HKSCS_BRACKETS)
def test_big5_hkscs_brackets_and_zero_are_not_read_as_kana(line):
    assert decode(line.encode("big5hkscs"), "x.txt") == (line, "big5hkscs")


@pytest.mark.parametrize("line", TRADITIONAL_LINES[:4])
def test_traditional_text_saved_as_gbk_stays_gb18030(line):
    assert decode(line.encode("gbk"), "x.txt") == (line, "gb18030")


@pytest.mark.parametrize("line", SIMPLIFIED_LINES[:5] + TRADITIONAL_LINES[:5])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(line, codec):
    assert decode(line.encode(codec), "x.txt") == (line, codec.replace("-", "_"))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_with_ascii_and_newlines(codec):
    text = "2025年工作总结\r\n一、全年完成投资12.5亿元。\r\n"
    assert decode(text.encode(codec), "x.txt")[0] == text


@pytest.mark.parametrize("line", SIMPLIFIED_LINES[:3] + TRADITIONAL_LINES[:3])
def test_utf16_with_bom(line):
    assert decode(line.encode("utf-16"), "x.txt") == (line, "utf-16")


def test_whole_big5_draft_is_read_as_big5():
    doc = read_bytes(DRAFT.encode("big5"), "draft.txt")
    assert doc.text == DRAFT and doc.encoding == "big5"


def _with_stray(line: str, at: int, stray: bytes) -> bytes:
    data = line.encode("utf-8")
    return data[:at] + stray + data[at:]


@pytest.mark.parametrize("line", SIMPLIFIED_LINES[:6] + TRADITIONAL_LINES[:3])
@pytest.mark.parametrize("where", [0, 0.3, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("stray", [b"\xff", b"\x80", b"\xb0", b"\xe4", b"\xc3"])
def test_utf8_with_one_stray_byte_is_refused_with_its_offset(line, where, stray):
    data = _with_stray(line, round(len(line.encode("utf-8")) * where), stray)
    with pytest.raises(UnicodeDecodeError) as strict:
        data.decode("utf-8")
    with pytest.raises(InputError) as info:
        decode(data, "draft.txt")
    message = str(info.value)
    assert message.startswith("draft.txt: ") and "\n" not in message
    assert "UTF-8" in message and f"{strict.value.start}" in message


def test_utf8_with_one_byte_cut_is_refused():
    data = "一、主要工作完成情况\n全年开展专题学习二十次。".encode()
    cut = data[:20] + data[21:]
    with pytest.raises(InputError, match="UTF-8"):
        decode(cut, "draft.txt")


@pytest.mark.parametrize("data", [
    bytes(range(0x81, 0xFF)),                          # every lead byte once: no language
    "正文".encode("gbk") + b"\xff\xfe\xfd\x80" * 3,    # GBK with bytes that are nothing
    "测试".encode("gbk") + b"\x81\x30",                # a GB18030 four-byte sequence cut short
])
def test_undecodable_bytes_are_refused(data):
    with pytest.raises(InputError) as info:
        decode(data, "bad.txt")
    assert str(info.value).startswith("bad.txt: ") and "\n" not in str(info.value)


def test_bytes_that_read_as_chinese_both_ways_are_refused():
    data = "村办".encode("gbk")
    assert data.decode("big5") == "游域"  # as common in Big5 as 村办 is in GBK
    with pytest.raises(InputError, match="confidently"):
        decode(data, "x.txt")
    text = "村办企业全年完成产值一千二百万元。"  # a line of context settles it
    assert decode(text.encode("gbk"), "x.txt") == (text, "gb18030")


def test_gbk_draft_from_samples_unchanged(samples):
    data = (samples / "gbk-report.txt").read_bytes()
    text, encoding = decode(data, "gbk-report.txt")
    assert encoding == "gb18030" and text == data.decode("gb18030")


def test_utf8_draft_is_utf8():
    for line in SIMPLIFIED_LINES + TRADITIONAL_LINES:
        assert decode(line.encode("utf-8"), "x.txt") == (line, "utf-8")
    assert decode(codecs.BOM_UTF8 + b"abc", "x.txt") == ("abc", "utf-8-sig")


def test_utf8_with_a_few_control_characters_is_still_utf8():
    text = "一、主要做法\x0b全年开展专题学习二十次\x07。"  # Word's line break and cell mark
    assert decode(text.encode("utf-8"), "x.txt") == (text, "utf-8")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_whose_bytes_are_all_ascii_is_not_read_as_utf8(codec):
    text = "三小“业态”。三是智慧"  # every byte below 0x80 in UTF-16: valid UTF-8 as well
    data = text.encode(codec)
    assert max(data) < 0x80
    assert decode(data, "x.txt") == (text, codec.replace("-", "_"))


def test_ascii_with_nul_bytes_is_still_binary():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x00\x01\x02\x03ELF" + bytes(200), "x.bin")


CLI_LINE = "全年召開黨組會議某某次，研究部署意識形態工作。"


def test_cli_lints_a_big5_draft(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes(CLI_LINE.encode("big5"))
    result = CliRunner().invoke(main, ["lint", "--isolated", "--select", "P", str(path)])
    assert result.exit_code == 1 and "P101" in result.output and "某某" in result.output


@pytest.mark.parametrize("command", [["lint"], ["extract"], ["graph"], ["diff", "--template", "auto"]])
def test_cli_refuses_utf8_with_a_stray_byte(tmp_path, command):
    path = tmp_path / "draft.txt"
    path.write_bytes(_with_stray(CLI_LINE, 6, b"\xff"))
    result = CliRunner().invoke(main, [*command, "--isolated", str(path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr and "UTF-8" in result.stderr


def _slices(samples_dir, step: int = 7) -> list[str]:
    """10-30 character pieces of every line of the samples: short one-line drafts."""
    out = []
    for path in sorted(samples_dir.glob("*.txt")):
        text = path.read_bytes().decode("utf-8", errors="ignore")
        for line in text.splitlines():
            line = line.strip()
            for start in range(0, max(1, len(line) - 10), step * 5):
                piece = line[start:start + 10 + (start % 21)]
                if sum(c >= "\u4e00" for c in piece) >= 5:
                    out.append(piece)
    return out


def test_one_line_pieces_of_the_samples_are_never_misread(samples):
    """Every short piece in GBK, Big5 (its Traditional form) and UTF-16 is read right or refused."""
    import opencc

    to_traditional = opencc.OpenCC("s2t")
    pieces = _slices(samples)
    assert len(pieces) > 300
    refused = wrong = 0
    for piece in pieces:
        traditional = to_traditional.convert(piece)
        cases = [(piece, "gbk"), (traditional, "big5"), (piece, "utf-16-le"), (traditional, "utf-16-be")]
        for text, codec in cases:
            try:
                data = text.encode(codec)
            except UnicodeEncodeError:
                continue
            try:
                got, _ = decode(data, "x.txt")
            except InputError:
                refused += 1
                continue
            wrong += got != text
    assert wrong == 0
    assert refused <= len(pieces) * 4 // 100
