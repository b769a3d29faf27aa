"""Build W105's n-gram table from public official text: Chinese laws, regulations and judicial
interpretations as collected by the GitHub repository LawRefBook/Laws (Markdown), and the
government work reports (政府工作报告) of the State Council and of the provincial governments.

    git clone https://github.com/LawRefBook/Laws /path/to/Laws    # once; any later commit works too
    git clone https://github.com/aldohemsn/chinese-political-corpora /path/to/reports
    git clone https://github.com/alexzhu0/Jina_Embeddings_v4_RAG /path/to/provinces
    python tools/build_wrongchar_ngrams.py /path/to/Laws --reports /path/to/reports \
        --provinces /path/to/provinces

Reproducible: the same checkout gives the same files, byte for byte (the two collections of work
reports are read from the pinned commits REPORTS_COMMIT and PROVINCES_COMMIT with `git show`, so
a later checkout of them builds the same table). The network is never used; rcheck never reads the
corpus, only the table written here.

What is read, and the licence: laws, regulations, resolutions and decisions of state organs and
other documents of a legislative, administrative or judicial nature, and their official
translations, are not protected by copyright in China (Copyright Law of the PRC, Article 5).
- LawRefBook/Laws: only the folders of laws, regulations and interpretations (FOLDERS); the
  repository's typical cases (案例), guides (其他), templates and scripts are left out. The
  repository itself carries no licence file.
- aldohemsn/chinese-political-corpora, `government_work_reports.jsonl`: the reports on the work of
  the government that the Premier delivers for the State Council to the National People's Congress
  (from 1978 on, the year the file has no traditional-character text) and the Congress's resolutions
  on them, as transcribed by Wikisource, which marks every one of them as outside copyright under
  Article 5. Wikisource's own page text (the licence notice at the end) is cut off. The 2020 report is
  not in the file; the Communist Party's congress reports of the repository (not documents of a state
  organ) are not read.
- alexzhu0/Jina_Embeddings_v4_RAG, `docs/31省区市政府工作报告.zip`: the 2025 government work reports
  of the 31 provincial governments to their people's congresses (one .docx each; the paragraphs of
  `word/document.xml`), documents of an administrative nature of state organs as above. The
  repository's MIT licence covers its code; the reports are not its work. Neither collection is one
  of those kept apart for evaluation (../shared/realdocs/clean/SOURCES.md: the 2026 provincial
  reports, the 2020 national transcript, the State Council documents of ZhouYNF/platform-1).
The text is not shipped: only the counts of strings of 2 to 4 characters.

How it is counted: every distinct line of all the sources once (the law collection keeps several
versions of a law, whose unchanged articles would otherwise count many times; work reports repeat
set phrases of a year's policy word for word); in each line every run of Han characters
(U+4E00–U+9FFF), every string of 2, 3 and 4 characters in it. Strings seen at least MIN_COUNT times
are kept, keyed and quantised as `rcheck.wrongchar_table` reads them.

Outputs in toolkit/rcheck/data/: wrongchar_ngram_keys.npy, wrongchar_ngram_counts.npy and
wrongchar_ngrams.json (where the text came from and what was counted).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "toolkit"))

from rcheck.wrongchar_table import COUNTS, DATA, KEYS, codes, grams, quantise  # noqa: E402

MIN_COUNT = 2  # a string seen once may be the corpus's own slip
FOLDERS = ("宪法", "宪法相关法", "民法典", "民法商法", "行政法", "行政法规", "经济法", "社会法", "刑法",
           "诉讼与非诉讼程序法", "司法解释", "部门规章", "DLC")  # laws, regulations, interpretations
REPORTS = "https://github.com/aldohemsn/chinese-political-corpora"
REPORTS_COMMIT = "99bc4b01d11c2b884a83ecc8f966d97e17cd450e"  # 2026-01-11
REPORTS_FILE = "government_work_reports.jsonl"
REPORTS_FROM = 1978  # the earlier reports are partly in traditional characters
# Wikisource's licence notice that ends every page (本作品是……/本作品来自……属于公有领域).
WIKISOURCE_NOTICE = re.compile(r"\n本作品(?:是|来自)中华人民共和国")
PROVINCES = "https://github.com/alexzhu0/Jina_Embeddings_v4_RAG"
PROVINCES_COMMIT = "eb78fd31e32476d5a30e55c0d447b9386b77b4b7"  # 2025-08-25
PROVINCES_FILE = "docs/31省区市政府工作报告.zip"
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_RUN_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def corpus_files(checkout: Path) -> list[Path]:
    files = [p for folder in FOLDERS for p in (checkout / folder).rglob("*.md") if p.name != "_index.md"]
    return sorted(files, key=lambda p: p.relative_to(checkout).as_posix())


def law_texts(files: list[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in files]


def _blob(repo: Path, commit: str, path: str) -> bytes:
    """One file of `repo` (a checkout or a bare git directory) as it is at `commit`."""
    return subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{path}"], capture_output=True,
                          check=True).stdout


def report_texts(repo: Path) -> tuple[list[str], list[str]]:
    """The national work reports from REPORTS_FROM on and the NPC's resolutions on them (titles, texts)."""
    titles, texts = [], []
    for row in _blob(repo, REPORTS_COMMIT, REPORTS_FILE).decode("utf-8").splitlines():
        if not row.strip():
            continue
        doc = json.loads(row)
        title, year = doc["title"], doc.get("year")
        resolution = "关于政府工作报告的决议" in title
        if not resolution and not (year and int(year) >= REPORTS_FROM):
            continue
        titles.append(title)
        texts.append(WIKISOURCE_NOTICE.split(doc["content"])[0])
    return titles, texts


def province_texts(repo: Path) -> tuple[list[str], list[str]]:
    """The provincial work reports of 2025: each .docx's paragraphs, one a line (names, texts)."""
    names, texts = [], []
    outer = zipfile.ZipFile(io.BytesIO(_blob(repo, PROVINCES_COMMIT, PROVINCES_FILE)))
    for info in sorted(outer.infolist(), key=lambda i: i.filename):
        if not info.filename.endswith(".docx"):
            continue
        # The archive stores the names in GBK without saying so (no UTF-8 flag).
        name = info.filename if info.flag_bits & 0x800 else info.filename.encode("cp437").decode("gbk")
        xml = zipfile.ZipFile(io.BytesIO(outer.read(info))).read("word/document.xml").decode("utf-8")
        paragraphs = ("".join(_RUN_TEXT.findall(p)) for p in _PARAGRAPH.findall(xml))
        names.append(name)
        texts.append("\n".join(paragraphs))
    return names, texts


def distinct_lines(texts: list[str]) -> list[str]:
    lines: set[str] = set()
    for text in texts:
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("<!--"):
                lines.add(line)
    return sorted(lines)


def han_chars(texts: list[str]) -> int:
    """Han characters of the distinct lines of `texts` (what is counted)."""
    return int((codes("\n".join(distinct_lines(texts))) > 0).sum())


def count(text: str) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Sorted keys of the strings seen at least MIN_COUNT times, their counts, and how many of each length."""
    c = codes(text)
    keys, counts, sizes = [], [], {}
    for n in (2, 3, 4):
        k, ok = grams(c, n)
        unique, seen = np.unique(k[ok], return_counts=True)
        keep = seen >= MIN_COUNT
        keys.append(unique[keep])
        counts.append(seen[keep])
        sizes[str(n)] = int(keep.sum())
    key = np.concatenate(keys)
    order = np.argsort(key, kind="stable")
    return key[order], np.concatenate(counts)[order], sizes


def _commit(checkout: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True,
                             text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("checkout", type=Path, help="a local checkout of github.com/LawRefBook/Laws")
    ap.add_argument("--reports", type=Path, help=f"a clone of {REPORTS} (commit {REPORTS_COMMIT[:7]})")
    ap.add_argument("--provinces", type=Path, help=f"a clone of {PROVINCES} (commit {PROVINCES_COMMIT[:7]})")
    args = ap.parse_args(argv)
    files = corpus_files(args.checkout)
    if not files:
        print(f"{args.checkout}: no Markdown files in {', '.join(FOLDERS)}", file=sys.stderr)
        return 2
    laws = law_texts(files)
    sources = [{
        "source": "https://github.com/LawRefBook/Laws", "commit": _commit(args.checkout),
        "folders": list(FOLDERS), "files": len(files), "distinct_lines": len(distinct_lines(laws)),
        "han_chars": han_chars(laws),
        "licence": "not protected by copyright: Copyright Law of the PRC, Article 5",
    }]
    texts = list(laws)
    if args.reports is not None:
        titles, reports = report_texts(args.reports)
        texts += reports
        sources.append({
            "source": REPORTS, "commit": REPORTS_COMMIT, "file": REPORTS_FILE,
            "what": f"国务院政府工作报告 {REPORTS_FROM}– and the NPC's resolutions on them (Wikisource)",
            "documents": len(titles), "distinct_lines": len(distinct_lines(reports)),
            "han_chars": han_chars(reports),
            "licence": "not protected by copyright: Copyright Law of the PRC, Article 5 (PD-PRC-exempt)",
        })
    if args.provinces is not None:
        names, provinces = province_texts(args.provinces)
        texts += provinces
        sources.append({
            "source": PROVINCES, "commit": PROVINCES_COMMIT, "file": PROVINCES_FILE,
            "what": "2025年31省区市政府工作报告 (.docx)", "documents": len(names),
            "distinct_lines": len(distinct_lines(provinces)), "han_chars": han_chars(provinces),
            "licence": "not protected by copyright: Copyright Law of the PRC, Article 5",
        })
    lines = distinct_lines(texts)
    text = "\n".join(lines)
    keys, counts, sizes = count(text)
    np.save(DATA / KEYS, keys, allow_pickle=False)
    np.save(DATA / COUNTS, quantise(counts), allow_pickle=False)
    meta = {
        "sources": sources, "distinct_lines": len(lines),
        "han_chars": int((codes(text) > 0).sum()), "min_count": MIN_COUNT, "entries": sizes,
    }
    (DATA / "wrongchar_ngrams.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    print(json.dumps(meta, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
