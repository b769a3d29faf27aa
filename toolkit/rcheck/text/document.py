"""`Document`: a draft's text with its line index, paragraphs, sentences and Section tree."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from rcheck.text import regex as re
from rcheck.text.structure import (
    ENUM_RE,
    TITLE_TAIL,
    cn_to_int,
    heading_title_end,
    is_title_like,
    match_marker,
)

_SENTENCE_END = re.compile(r"[。!?\uff01\uff1f]+[”’」』)\uff09]*|(?:……)+[”’]?")
_INDENT = re.compile(r"[ \t\u3000\u00a0]*")
# An inline enumeration counts only at a clause boundary: "统一是" is not "一是".
_ENUM_BOUNDARY = set("。；\uff1b,\uff0c:\uff1a!?\uff01\uff1f“‘（\uff08 \t\u3000") | {""}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph(Span):
    index: int
    indent: int  # characters of leading indentation before `start`


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading. `start` is where its marker begins; `title_*` bound its words."""

    style: str
    rank: int
    number: int
    start: int
    marker_end: int
    title_end: int
    run_in: bool
    paragraph: int
    text: str


@dataclass(frozen=True, slots=True)
class Enumeration:
    """An inline list item: 一是/二是…， 第一、/第二、…， 其一/其二."""

    kind: str
    number: int
    start: int
    end: int
    paragraph: int


@dataclass
class Section:
    heading: Heading | None
    start: int
    end: int
    parent: Section | None = field(default=None, repr=False)
    children: list[Section] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.heading.text if self.heading else ""

    @property
    def body_start(self) -> int:
        return self.heading.title_end if self.heading else self.start

    @property
    def body_end(self) -> int:
        return self.children[0].start if self.children else self.end

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Document:
    """Decoded text (LF line ends, no BOM) and where it came from."""

    text: str
    path: str = "<string>"
    encoding: str | None = None
    source_format: str = "text"
    # Where the text came from, for writers that go back to the file (a .docx's run map).
    source: object | None = field(default=None, repr=False, compare=False)

    @property
    def is_markdown(self) -> bool:
        """Read from a Markdown file: `**bold**`, `# ` and `- ` there are markup, not faults."""
        return str(self.path or "").lower().endswith((".md", ".markdown"))

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in re.finditer("\n", self.text))
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count code points."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    @cached_property
    def simplified(self) -> str:
        """The text with Traditional characters made Simplified, offsets unchanged (the text
        itself when it is Simplified): what lexicon matching reads."""
        from rcheck.text.script import simplified_text

        return simplified_text(self.text)

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Each non-blank line is a paragraph, as drafts are typed one paragraph a line."""
        out: list[Paragraph] = []
        pos = 0
        for raw in self.text.split("\n"):
            indent = _INDENT.match(raw).end()
            content = raw.rstrip()
            if len(content) > indent:
                out.append(Paragraph(pos + indent, pos + len(content), len(out), indent))
            pos += len(raw) + 1
        return out

    @cached_property
    def sentences(self) -> list[Span]:
        out: list[Span] = []
        for para in self.paragraphs:
            begin = para.start
            for m in _SENTENCE_END.finditer(self.text, para.start, para.end):
                if m.end() > begin:
                    out.append(Span(begin, m.end()))
                begin = m.end()
                while begin < para.end and self.text[begin] in " \t\u3000":
                    begin += 1
            if begin < para.end:
                out.append(Span(begin, para.end))
        return out

    @cached_property
    def paragraph_starts(self) -> list[int]:
        """Where each paragraph begins, for bisecting a position to its paragraph."""
        return [p.start for p in self.paragraphs]

    @cached_property
    def sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def heading_starts(self) -> list[int]:
        return [h.start for h in self.headings]

    @cached_property
    def title(self) -> Span | None:
        """The first paragraph when it reads as a title (short, unnumbered, no full stop)."""
        if not self.paragraphs:
            return None
        first = self.paragraphs[0]
        text = self.text[first.start:first.end]
        if match_marker(text) is None and is_title_like(text):
            return Span(first.start, first.end)
        return None

    @cached_property
    def headings(self) -> list[Heading]:
        return self._headings()

    def _headings(self) -> list[Heading]:
        """The headings by their markers; a reader that knows more (Word styles) extends this."""
        out: list[Heading] = []
        for para in self.paragraphs:
            text = self.text[para.start:para.end]
            marker = match_marker(text)
            if marker is None:
                continue
            title_end, run_in = heading_title_end(text, marker.end)
            words = TITLE_TAIL.sub("", text[marker.end:title_end])
            out.append(Heading(marker.style, marker.rank, marker.number, para.start,
                               para.start + marker.end, para.start + title_end, run_in,
                               para.index, words))
        return out

    @cached_property
    def sections(self) -> Section:
        """The Section tree; the root holds the title and preamble."""
        return self._sections()

    def _sections(self) -> Section:
        root = Section(None, 0, len(self.text))
        stack = [root]
        for heading in self.headings:
            while len(stack) > 1 and stack[-1].heading.rank >= heading.rank:
                stack.pop().end = heading.start
            section = Section(heading, heading.start, len(self.text), parent=stack[-1])
            stack[-1].children.append(section)
            stack.append(section)
        return root

    @cached_property
    def enumerations(self) -> list[Enumeration]:
        out: list[Enumeration] = []

        for para in self.paragraphs:
            for m in ENUM_RE.finditer(self.text, para.start, para.end):
                before = self.text[m.start() - 1] if m.start() > para.start else ""
                if before not in _ENUM_BOUNDARY:
                    continue
                kind = "shi" if m.group("shi") else "di" if m.group("di") else "qi"
                number = cn_to_int(m.group("n1") or m.group("n2") or m.group("n3"))
                if number:
                    out.append(Enumeration(kind, number, m.start(), m.end(), para.index))
        return out
