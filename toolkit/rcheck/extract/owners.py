"""Who is responsible: unit names and the words that assign a lead or co-operating role.

Three ways drafts name owners, all read here: in the sentence (`县委宣传部联合纪委监委、
组织部`, `由县委办牵头`, `各乡镇按职责分工负责`), in lines under a plan item (`牵头单位：…`,
`配合单位：…`), and in a trailing parenthesis (`（县发改局牵头，各乡镇按职责分工负责）`).
Names are returned as written; the graph normalises them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rcheck.lexicon import Lexicon
from rcheck.text import regex as re

# A unit name: Chinese characters, with a bracketed part such as 乡镇（街道）/党委（党组）.
_NAME_CHARS = r"(?:[\u4e00-\u9fff]|[（(][\u4e00-\u9fff、]{1,6}[）)])"
_ET_CETERA = re.compile(r"等(?:[\u4e00-\u9fff]{0,4}(?:部门|单位|科室|股室|机构|乡镇))?$")
_ROLE_TAIL = re.compile(r"(?:按照?职责分工|分别|共同|具体)?(?:牵头负责|负责|落实|牵头|配合|参与)$")
_INVITED = ("鼓励", "引导", "支持", "吸引", "动员", "带动", "邀请")
_LEADING = ("主要由", "分别由", "统一由", "由", "请", "要求", "并", "同时", "其中", "牵头", "并由", "按照",
            "各自")


# Suffixes that end an office's name (not a place's: 县, 区, 镇 end places too).
_OFFICE_SUFFIXES = ("局", "委", "办", "部", "中心", "政府", "集团", "公司", "院", "所", "站", "队", "会",
                    "馆", "社", "行", "室", "股", "科", "处", "厅", "组", "党组", "党委", "支部", "专班")


def _split_outside_brackets(text: str, separators: str, keep: bool = False) -> list[str]:
    """Split at `separators` except inside （…）: 各县（市、区）市场监管局 is one name."""
    out: list[str] = []
    depth = 0
    current = ""
    for c in text:
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and c in separators:
            out.append(current)
            if keep:
                out.append(c)
            current = ""
        else:
            current += c
    out.append(current)
    return out


@dataclass
class Owners:
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)

    def add(self, role: str, names: list[str]) -> None:
        target = self.lead if role == "lead" else self.co
        for name in names:
            if name and name not in self.lead and name not in self.co:
                target.append(name)

    def __bool__(self) -> bool:
        return bool(self.lead or self.co)


class OwnerFinder:
    def __init__(self, lexicon: Lexicon) -> None:
        suffixes = lexicon.strings("organisations", "name_suffixes")
        self.suffixes = tuple(sorted(suffixes, key=len, reverse=True))
        self.known = set(lexicon.strings("organisations", "known_units"))
        self.prefixes = tuple(lexicon.strings("organisations", "collective_prefixes"))
        self.starts = tuple(lexicon.strings("organisations", "name_starts"))
        self.openers = tuple(lexicon.strings("organisations", "not_name_openers"))
        lead = lexicon.strings("organisations", "lead_words")
        joint = lexicon.strings("organisations", "joint_words")
        co = lexicon.strings("organisations", "co_words")
        share = lexicon.strings("organisations", "share_words")
        words = ([(w, "lead") for w in lead] + [(w, "joint") for w in joint] + [(w, "co") for w in co]
                 + [(w, "share") for w in share])
        words.sort(key=lambda p: len(p[0]), reverse=True)
        self.roles = dict(words)
        self.assign = re.compile("|".join(re.escape(w) for w, _ in words))
        labels = lexicon.get("commitments").get("owner_labels", {})
        self.label_roles = {w: role for role in ("lead", "co", "deadline") for w in labels.get(role, [])}
        alt = "|".join(re.escape(w) for w in sorted(self.label_roles, key=len, reverse=True))
        self.label_line = re.compile(
            rf"^[ \t\u3000]*(?P<label>{alt})[ \t\u3000]*[：:][ \t\u3000]*(?P<value>.*)$")
        self.name_run = re.compile(rf"{_NAME_CHARS}+(?:[、和及与]{_NAME_CHARS}+)*$")

    # -- names ------------------------------------------------------------------------

    def is_unit(self, name: str) -> bool:
        if name in self.known:
            return True
        if not 3 <= len(name) <= 20:
            return False  # two characters ending in 处/部 are words (查处, 全部), not units
        plain = _TRAILING_PAREN.sub("", name)
        return plain.endswith(self.suffixes) and not plain.endswith(("工作", "社会", "领导小组办"))

    def split_names(self, text: str) -> list[str]:
        out = []
        text = text.strip(" \t\u3000。；;").replace("以及", "及")
        pieces = [p for chunk in _split_outside_brackets(text, "，,；;/") for p in self._parts(chunk)]
        for part in pieces:
            # 省市场监管局按职责分工负责 in an owner line: the role words are not the name.
            part = _ET_CETERA.sub("", _ROLE_TAIL.sub("", part.strip()))
            if part in self.known:
                out.append(part)  # 牵头单位, 各牵头县领导: a role named as the owner, kept whole
                continue
            for lead_in in (*_LEADING, *self.openers):
                if part.startswith(lead_in) and len(part) > len(lead_in) + 1:
                    part = part[len(lead_in):]  # 支持县融媒体中心 -> 县融媒体中心
            if self.is_unit(part):
                out.append(part)
        return out

    def _parts(self, chunk: str) -> list[str]:
        """Split a list of names at 、和及与, but keep 职业与成人教育股 whole."""
        pieces = _split_outside_brackets(chunk, "、和及与", keep=True)
        out: list[str] = []
        carry = ""
        for k in range(0, len(pieces), 2):
            piece = carry + pieces[k]
            sep = pieces[k + 1] if k + 1 < len(pieces) else ""
            if sep and sep != "、" and not self.is_unit(_ET_CETERA.sub("", piece)):
                carry = piece + sep
                continue
            out.append(piece)
            carry = ""
        if carry:
            out.append(carry)
        return out

    def name_before(self, text: str, end: int) -> list[str]:
        """Unit names that end at `end`: the subject of 牵头/负责/联合."""
        m = self.name_run.search(text[max(0, end - 40):end])
        if not m:
            return []
        # Only the words after the last assigning word: 县财政局会同县商务局统筹 -> 县商务局.
        chunk = self.assign.split(m.group())[-1]
        if chunk.startswith(_INVITED):
            return []  # 鼓励高等院校等第三方机构参与: those invited to take part own nothing
        listed = bool(_ET_CETERA.search(chunk))  # "发展改革、财政等部门": every item is a unit
        names = []
        for part in self._parts(chunk):
            part = _ET_CETERA.sub("", part)
            if listed and 2 <= len(part) <= 12 and not part.startswith(_LEADING):
                names.append(part)
                continue
            best = ""
            whole = part
            for lead_in in _LEADING:
                if whole.startswith(lead_in):
                    whole = whole[len(lead_in):]
                    break
            if len(whole) <= 14 and self.is_unit(whole) and not whole.startswith(self.openers):
                names.append(whole)  # 国网枫川县供电公司: a whole name, kept as written
                continue
            # The longest tail that is a known unit, else the tail after a leading word.
            for i in range(len(part)):
                tail = part[i:]
                if tail in self.known or (tail.startswith(self.prefixes + self.starts)
                                          and self.is_unit(tail)):
                    best = tail
                    break
            if not best:
                for lead_in in _LEADING:
                    if part.startswith(lead_in):
                        part = part[len(lead_in):]
                        break
                best = part if self.is_unit(part) and len(part) <= 12 else ""
            if best:
                names.append(best)
        return names

    def names_after(self, text: str, start: int) -> list[str]:
        """Unit names from `start` up to the end of the clause (after 联合/会同)."""
        stop = re.compile(r"[，,。；;：:（(]").search(text, start)
        chunk = text[start:stop.start() if stop else len(text)]
        out = []
        for part in _split_outside_brackets(chunk, "、和及与"):
            part = _ET_CETERA.sub("", part)
            if part in self.known:
                out.append(part)
                continue
            # The unit ends where an office's suffix does: 县财政局制定实施细则 -> 县财政局,
            # 市住房城乡建设局加强历史文化街区 -> 市住房城乡建设局 (a place's 区 ends no office).
            cut = ""
            for i in range(min(len(part), 16), 2, -1):
                head = part[:i]
                if head in self.known or (head.endswith(_OFFICE_SUFFIXES) and self.is_unit(head)):
                    cut = head
                    break
            if not cut and self.is_unit(part) and len(part) <= 12:
                cut = part
            if cut:
                out.append(cut)
            break_after = cut != part
            if break_after:
                break
        return out

    # -- where owners are written -------------------------------------------------------

    def label(self, line: str) -> tuple[str, str] | None:
        """(role, value) of an owner line such as 牵头单位：县发改局; role may be `deadline`."""
        m = self.label_line.match(line)
        if not m:
            return None
        return self.label_roles[m.group("label")], m.group("value").strip()

    def in_text(self, text: str) -> Owners:
        """Owners assigned by words inside a sentence or a parenthesis."""
        owners = Owners()
        shared: list[str] = []
        joint_at: int | None = None
        for m in self.assign.finditer(text):
            role = self.roles[m.group()]
            if text.startswith(("同志", "人"), m.end()):
                continue  # 负责同志, 负责人: a person's title, not an assignment
            before = self.name_before(text, m.start())
            if role == "lead":
                if joint_at is not None and not re.search(r"[，,。；;]", text[joint_at:m.start()]):
                    continue  # 市财政局会同市发展改革委统筹安排: roles set by 会同; 统筹 is the verb
                owners.add("lead", before)
            elif role == "co":
                owners.add("co", before)
            elif role == "share":
                shared += before
            else:  # joint: 甲联合乙、丙 -- 甲 leads
                joint_at = m.end()
                owners.add("lead", before)
                owners.add("co", self.names_after(text, m.end()))
        # "各乡镇按职责分工负责" with no lead named: those units are the ones responsible.
        owners.add("co" if owners.lead else "lead", shared)
        return owners

    def sentence_subject(self, text: str) -> list[str]:
        """A unit that opens a sentence before 要/将/负责: 县委组织部要…， 各乡镇要…"""
        m = _SENTENCE_SUBJECT.match(text)
        if not m:
            return []
        return self.split_names(m.group(1))


# Compiled once: sentence_subject runs on every clause of every commitment.
_SENTENCE_SUBJECT = re.compile(
    rf"[ \t\u3000]*(?:\d{{1,2}}[.．、]|[（(]\d{{1,2}}[）)]|[①-⑳])?"
    rf"(?:[一二三四五六七八九十]是|第[一二三四五六七八九十]|首先|其次|同时|此外)?[，,]?"
    rf"(?:请)?((?:{_NAME_CHARS}|、){{2,30}}?)"
    r"(?:的(?:主要)?负责同志)?(?:也|还|都|均)?"
    r"(?:要|将|应|须|必须|务必|负责|牵头(?!单位|部门|领导|县领导|责任)|抓好|每|定期|会同|联合)")


_TRAILING_PAREN = re.compile(r"[（(][^）)]*[）)]$")


@lru_cache(maxsize=8)
def finder_for(lexicon: Lexicon) -> OwnerFinder:
    return OwnerFinder(lexicon)
