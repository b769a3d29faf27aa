"""Which encoding a text draft was saved in, told from its bytes, or a refusal.

Order: a BOM; strict UTF-8; UTF-16 without a BOM (its text must be plausible Chinese or
ASCII); then GB18030 against Big5. Nearly every Big5 byte string is valid GB18030, and a
short UTF-8 text with one stray byte often is too, so a strict decode proves nothing: UTF-8
whose multi-byte sequences are almost all valid is refused as damaged UTF-8, and GB18030 and
Big5 are scored by how common the decoded characters are (a wrong decoding gives kana,
private-use and rare characters). When neither wins clearly the bytes are refused: a wrong
guess would lint garbled text and report nothing.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

from rcheck.errors import InputError
from rcheck.text import regex as re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Big5 as saved by Taiwan's Windows (cp950) and Hong Kong's (HKSCS): supersets of plain Big5
# that differ in a few places.
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")
_SAMPLE = 20000  # characters scored: enough to decide, bounded for a 20 MB draft
_MIN_SCORE = 0.6
_MIN_MARGIN = 0.2

# The most frequent Han characters of the project's own drafts (samples/, official reports),
# with common function words, and their Traditional forms (OpenCC s2t, s2tw, s2hk).
_FREQUENT_SIMPLIFIED = (
    "全年县局一工党建作展业的人开次实成个村市组中和务改不学责题理新化项部政发农二整生管完三月"
    "位安合单镇是办设头任动会持进度行保体于治强问公民品时法到专牵前员底查场制城区推目委主食以"
    "配在习社对少乡导服每上教提落点要下万加商监级织育资分态为报校文由重现检力关四心产入基期率"
    "情增各宣坚大督面领达施企群职干事平培深传众等定计元训能经水好小结造家升集道况内活有案共意"
    "室环形严日网就地格限总解抓件班机论用营调境告同十负效处议标户层高通清股识书研名精记长收把"
    "与将立方特本评执流规审更存五余街思系续质金住园排国向队稳举支覆盖季察旅统线障房求子参范风"
    "核性带物确第足数域按优创讲站出所老色明师自及量投步府近代想引技比神两指联护普备准游压健做"
    "划召信应打纪至防险医策条运电源里居考类程交巡还难届伍示置待选后律义贯如其决接放善综措急济"
    "约枫究均课算档费路争彻革阵取已批围廉布过门够轮间财抽亿属得验快青茶反超川送具号涉促节销然"
    "林根逐未订控堂卫气司污来装述舆络惠科台此我广劳康走养消隐突帮百据贸便积岗绕守正回修周患较"
    "者院助供低补半从招六受口访履纠利照知果先筑常固份测转见多历例聘车势依聚短式矛盾谈融河协馈"
    "旧绿并纳首息别础占千庭扶零仍破纷了他这们说可也你而那着之种么去都当没起看天些样她但因只无"
    "它使又外很最手美相被什或己身"
)
_FREQUENT_TRADITIONAL = (
    "並佔來個們備傳億優內兩別創劃動務勞勢區協參員問單嚴國圍園執堅報場壓夠學實審將專對導屆層屬"
    "崗師帶幫幹廣強後從徹態應戶據數於時書會條楓業標樣機檔檢歷氣決沒況測準濟為無營爭爲牽現環產"
    "當發監確礎種積穩節範築糾紀約納級紛組結絡統經綜綠網線縣總織繞續群羣義習聯職臺與舉舊萬蓋處"
    "號衆衛補裝見規訂計訓記訪設評說課調談論講識議護負財貫責費貿資質車較輪輿轉辦農這進遊運過達"
    "選還鄉醫銷鎮長門開間關陣隊險隱難電項領頭題類風養餘饋驗體麼點黨眾"
)
_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—·　％．／－～〇")

# Characters a UTF-16 Chinese draft is made of; anything else means the bytes are not UTF-16.
_NOT_DRAFT_TEXT = re.compile(
    "[^\t\n\r\f -~\u00a0-\u00ff\u2000-\u206f\u2100-\u27ff\u3000-\u303f\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
# One well-formed UTF-8 multi-byte sequence (RFC 3629: no overlongs, no surrogates).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")  # all but \t \n \f \r ESC


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(4, len(sample) // 50)


@lru_cache(maxsize=1)
def _common() -> tuple[frozenset[str], frozenset[str]]:
    """(frequent characters, first-level characters of GB2312 and Big5): two tiers of common."""
    level1: set[str] = set()
    for codec, leads, trails in (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),                     # 3755 常用字
        ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),  # 常用字
    ):
        for lead in leads:
            for trail in trails:
                try:
                    level1.add(bytes((lead, trail)).decode(codec))
                except UnicodeDecodeError:
                    continue
    frequent = frozenset(_FREQUENT_SIMPLIFIED + _FREQUENT_TRADITIONAL) | _PUNCTUATION
    return frequent, frozenset(level1)


def _score(text: str) -> float:
    """How much the non-ASCII characters look like real Chinese: 1 frequent, 0.5 common, 0 rare."""
    frequent, level1 = _common()
    chars = [c for c in text[:_SAMPLE] if c >= "\x80"]
    if not chars:
        return 1.0
    total = sum(1.0 if c in frequent or "\uff01" <= c <= "\uff5e" else 0.5 if c in level1 else 0.0
                for c in chars)
    return total / len(chars)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 whose characters are all plausible in a draft and mostly common ones.

    Any even run of bytes is valid UTF-16 and many pairs land among the Han characters, so
    Big5 with digits or damaged ASCII would pass on the character ranges alone."""
    if len(data) < 4 or len(data) % 2:
        return None
    # ASCII in UTF-16 is a NUL in every other byte: evidence enough for the rarer characters.
    least = 0.0 if b"\x00" in data[:8192] else _MIN_SCORE
    best: tuple[float, str, str] | None = None
    for codec in ("utf_16_le", "utf_16_be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:_SAMPLE]
        if len(_NOT_DRAFT_TEXT.findall(sample)) > 0.05 * len(sample):
            continue
        score = _score(sample)
        if score >= least and (best is None or score > best[0]):
            best = (score, codec, text)
    return (best[2], best[1]) if best else None


def _mostly_utf8(data: bytes) -> bool:
    """Almost every byte above 0x7F sits in a valid UTF-8 sequence: damaged UTF-8, not GBK."""
    sample = data[:65536]
    high = len(sample) - len(sample.translate(None, _HIGH_BYTES))
    covered = sum(len(m) for m in _UTF8_SEQUENCE.findall(sample))
    return covered >= 6 and covered >= 0.8 * high


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decoded text and the encoding's name; `InputError` naming `path` when not confident."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError as exc:
                raise InputError(path, f"invalid {encoding} at byte {exc.start} "
                                       f"（{encoding} 编码在第 {exc.start} 字节处出错）") from None
    utf8_error: int | None = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    else:
        # UTF-16 of Han characters whose bytes are all below 0x80 (三 is 4E 09, 。 is 30 02) is
        # valid UTF-8 too; control characters other than layout ones give it away.
        if not _CONTROLS.search(text, 0, 8192):
            return text, "utf-8"
    wide = _utf16_without_bom(data)
    if wide is not None:
        return wide
    if _looks_binary(data):
        raise InputError(path, "binary file, not a text draft （二进制文件，不是文本稿）")
    if utf8_error is None:  # a few stray controls (Word's \x0b line break) in UTF-8 text
        return text, "utf-8"
    if _mostly_utf8(data):
        raise InputError(path, f"invalid UTF-8 at byte {utf8_error}: a damaged or stray byte, "
                               f"the rest is UTF-8 （UTF-8 文本第 {utf8_error} 字节有误，"
                               "文件可能损坏，请检查后另存为 UTF-8）")
    scored: list[tuple[float, str, str]] = []
    gb_error: int | None = None
    try:
        gb = data.decode("gb18030")
        scored.append((_score(gb), "gb18030", gb))
    except UnicodeDecodeError as exc:
        gb_error = exc.start
    family: list[tuple[float, str, str]] = []
    for codec in _BIG5_FAMILY:
        try:
            big5 = data.decode(codec)
        except UnicodeDecodeError:
            continue
        family.append((_score(big5), codec, big5))
    if family:
        # HKSCS puts ［ ］ 〇 where plain Big5 has kana: the best reading of the family, and on
        # a tie the plainest name.
        scored.append(max(family, key=lambda s: s[0]))
    scored.sort(key=lambda s: -s[0])
    if scored and scored[0][0] >= _MIN_SCORE and all(scored[0][0] - s[0] >= _MIN_MARGIN
                                                    for s in scored[1:]):
        return scored[0][2], scored[0][1]
    if len(scored) > 1 and scored[0][0] >= _MIN_SCORE:
        raise InputError(path, "cannot decode confidently: it may be GB18030/GBK or Big5; "
                               "save it as UTF-8 （无法可靠识别编码，可能是 GBK 也可能是 Big5，"
                               "请另存为 UTF-8）")
    where = f"GB18030/GBK (bad byte at {gb_error})" if gb_error is not None else "GB18030/GBK"
    raise InputError(path, f"cannot decode: not UTF-8 (bad byte at {utf8_error}), {where} "
                           "nor Big5; save it as UTF-8 （无法识别编码，请另存为 UTF-8）")
