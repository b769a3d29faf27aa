"""`rcheck compare`: shared passages found through MinHash/LSH, the on-disk corpus index, CLI.

`samples/compare/` holds five short reports of five units. Exactly two paragraphs are planted:
the 网络阵地 paragraph of a-forestry.txt (line 7) is copied unchanged into c-justice.txt
(line 7), and the 理论学习 paragraph of b-statistics.txt (line 6) is copied into
e-archives.txt (line 6) with 党组 -> 党委 and 班子成员 -> 党委委员.
"""

from __future__ import annotations

import json
import os
import shutil
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import rcheck
import rcheck.compare as compare_module
from rcheck.cli import main
from rcheck.compare import DEFAULT_PARAMS, compare_documents, signatures, sketch
from rcheck.compare.index import INDEX_DIR, INDEX_FILE, CorpusIndex
from rcheck.text.document import Document

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FOLDER = SAMPLES / "compare"


def drafts() -> list[Document]:
    return [rcheck.load(p) for p in sorted(FOLDER.glob("*.txt"))]


def name(path: str) -> str:
    return Path(path).name


def test_sample_folder_finds_the_two_planted_pairs_only():
    result = compare_documents(drafts())
    got = {(name(p.a), name(p.b)) for p in result.pairs}
    assert got == {("a-forestry.txt", "c-justice.txt"), ("b-statistics.txt", "e-archives.txt")}
    for pair in result.pairs:
        passage, = pair.passages
        assert passage.similarity >= result.threshold
        a_text = Path(pair.a).read_text(encoding="utf-8")
        b_text = Path(pair.b).read_text(encoding="utf-8")
        assert a_text[passage.a_start:passage.a_end] == passage.text
        assert b_text[passage.b_start:passage.b_end] == passage.b_text
    forestry = next(p for p in result.pairs if name(p.a) == "a-forestry.txt").passages[0]
    assert (forestry.a_line, forestry.b_line, forestry.similarity) == (7, 7, 1.0)
    assert forestry.text.startswith("严格落实网络意识形态工作责任制")
    assert forestry.text.endswith("全年未发生导向错误和失泄密问题。")
    study = next(p for p in result.pairs if name(p.a) == "b-statistics.txt").passages[0]
    assert (study.a_line, study.b_line) == (6, 6) and 0.9 < study.similarity < 1.0
    assert study.text.startswith("坚持把学习贯彻") and study.text.endswith("往实里走。")
    assert "党委委员" in study.b_text


def test_similarity_matrix():
    result = compare_documents(drafts())
    paths = [name(f["path"]) for f in result.files]
    m = np.array(result.matrix)
    assert m.shape == (5, 5) and np.allclose(m, m.T) and np.all(np.diag(m) == 1.0)
    a, c = paths.index("a-forestry.txt"), paths.index("c-justice.txt")
    assert 0.1 < m[a, c] < 0.5
    off = m.copy()
    np.fill_diagonal(off, 0)
    assert np.count_nonzero(off) == 4  # two pairs, each twice


def test_threshold_and_length_are_floors():
    assert compare_documents(drafts(), min_chars=120).pairs == []
    strict = compare_documents(drafts(), threshold=0.99)
    assert {(name(p.a), name(p.b)) for p in strict.pairs} == {("a-forestry.txt", "c-justice.txt")}


def test_half_width_punctuation_does_not_hide_a_copy():
    a, b = drafts()[:2]
    copied = a.text.split("\n")[6].replace("，", ",").replace("“", '"').replace("”", '"')
    b2 = Document(b.text + copied + "\n", path="b2.txt")
    result = compare_documents([a, b2])
    passage, = result.pairs[0].passages
    assert passage.similarity == 1.0 and passage.b_text.rstrip() == copied


def test_signatures_equal_datasketch_minhash():
    from datasketch import MinHash

    sk = sketch(drafts()[0].text)
    sigs, _, rows, common = signatures([sk], DEFAULT_PARAMS, max_df=10)
    assert common == 0 and len(sigs) == len(rows) == len(sk.units)
    k = DEFAULT_PARAMS.shingle
    for r, (s, e) in enumerate(sk.units.tolist()):
        m = MinHash(num_perm=DEFAULT_PARAMS.num_perm, seed=DEFAULT_PARAMS.seed,
                    hashfunc=lambda x: x, scheme="affine32")
        m.update_batch(sk.hashes[s:e - k + 1].tolist())
        assert np.array_equal(m.hashvalues, sigs[r])


def _synthetic(n: int, seed: int = 1) -> list[Document]:
    """`n` drafts of unrelated random text (Han characters), so no pair should be aligned."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        paras = ["".join(chr(c) for c in rng.integers(0x4E00, 0x9FA5, 120)) + "。" for _ in range(6)]
        out.append(Document("\n".join(paras) + "\n", path=f"d{i:03d}.txt"))
    return out


def test_not_all_pairs(monkeypatch):
    """60 unrelated drafts and one planted copy: only the copy's pair is ever aligned."""
    docs = _synthetic(60)
    planted = docs[3].text.split("\n")[2]
    docs[41] = Document(docs[41].text + planted + "\n", path=docs[41].path)
    aligned: list[tuple[str, str]] = []
    real = compare_module._passages

    def spy(a, b, *args, **kwargs):
        aligned.append((a.doc.path, b.doc.path))
        return real(a, b, *args, **kwargs)

    monkeypatch.setattr(compare_module, "_passages", spy)
    result = compare_documents(docs)
    assert aligned == [("d003.txt", "d041.txt")]
    assert [(p.a, p.b) for p in result.pairs] == aligned
    assert len(list(combinations(docs, 2))) == 1770


def test_boilerplate_shared_by_many_drafts_is_not_a_copy():
    """A paragraph in every draft is boilerplate once it is in more than `max_df` drafts."""
    docs = _synthetic(12, seed=2)
    common = drafts()[0].text.split("\n")[6]
    docs = [Document(d.text + common + "\n", path=d.path) for d in docs]
    assert compare_documents(docs, max_df=5).pairs == []
    assert len(compare_documents(docs).pairs) == 66  # 12 drafts, default max_df 50: every pair


def test_json_shape():
    payload = json.loads(json.dumps(compare_documents(drafts()).to_dict()))
    assert payload["version"] == 1
    assert set(payload) >= {"files", "pairs", "matrix"}
    assert set(payload["pairs"][0]) >= {"a", "b", "similarity", "passages"}
    assert set(payload["pairs"][0]["passages"][0]) >= {"a_start", "a_end", "b_start", "b_end",
                                                       "text"}
    assert payload["matrix"]["paths"] == [f["path"] for f in payload["files"]]


# --- corpus index -------------------------------------------------------------------------------


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in FOLDER.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    return folder


def test_index_built_once_and_reused(corpus):
    first = CorpusIndex.open(corpus)
    assert (first.indexed, first.reused) == (5, 0)
    stored = corpus / INDEX_DIR / INDEX_FILE
    assert first.location == stored and stored.is_file()
    mtime = stored.stat().st_mtime_ns
    again = CorpusIndex.open(corpus)
    assert (again.indexed, again.reused, again.touched) == (0, 5, 0)
    assert stored.stat().st_mtime_ns == mtime  # nothing changed: not rewritten
    for a, b in zip(first.entries, again.entries, strict=True):
        assert a.path == b.path and np.array_equal(a.hashes, b.hashes)


def test_index_invalidated_per_file(corpus):
    CorpusIndex.open(corpus)
    os.utime(corpus / "a-forestry.txt", ns=(1, 1))  # touched, same bytes: hash decides
    edited = corpus / "d-audit.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "补充说明。\n", encoding="utf-8")
    (corpus / "e-archives.txt").unlink()
    index = CorpusIndex.open(corpus)
    assert (index.indexed, index.reused, index.touched, index.removed) == (1, 3, 1, 1)
    assert CorpusIndex.open(corpus).indexed == 0


def test_bad_index_file_is_rebuilt_not_trusted(corpus):
    stored = corpus / INDEX_DIR / INDEX_FILE
    stored.parent.mkdir()
    stored.write_bytes(b"not an index")
    index = CorpusIndex.open(corpus)
    assert index.indexed == 5
    with np.load(stored, allow_pickle=False) as data:
        assert set(data.files) == {"meta", "units", "hashes"}


def test_unwritable_corpus_uses_user_cache(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (corpus / INDEX_DIR).write_text("a file where the index folder would go", encoding="utf-8")
    index = CorpusIndex.open(corpus)
    assert index.location is not None and index.location.is_relative_to(tmp_path / "cache")
    again = CorpusIndex.open(corpus)
    assert (again.reused, again.indexed) == (5, 0)


def test_drafts_against_corpus(corpus):
    index = CorpusIndex.open(corpus)
    draft = rcheck.load(FOLDER / "a-forestry.txt")
    result = compare_documents([draft], index)
    got = {(name(p.a), name(p.b), p.b_in_corpus) for p in result.pairs}
    # Its own copy in the corpus, and the corpus draft that reused its paragraph; the corpus
    # files are not compared with each other (b-statistics/e-archives is not reported).
    assert got == {("a-forestry.txt", "a-forestry.txt", True), ("a-forestry.txt", "c-justice.txt", True)}
    assert result.corpus["files"] == 5 and result.matrix == [[1.0]]


def test_draft_inside_corpus_is_not_its_own_copy(corpus):
    index = CorpusIndex.open(corpus)
    draft = rcheck.load(corpus / "a-forestry.txt")
    assert {name(p.b) for p in compare_documents([draft], index).pairs} == {"c-justice.txt"}


# --- CLI -----------------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_folder_text_and_exit_code():
    result = run("compare", str(FOLDER))
    assert result.exit_code == 1, result.output
    assert "a-forestry.txt ↔" in result.output and "相似度矩阵" in result.output
    assert result.stderr == ""
    lone = run("compare", str(FOLDER / "d-audit.txt"), str(FOLDER / "a-forestry.txt"))
    assert lone.exit_code == 0 and "未发现相同段落" in lone.output


def test_cli_json_and_html(tmp_path):
    payload = json.loads(run("compare", str(FOLDER), "--format", "json").output)
    assert payload["version"] == 1 and payload["summary"]["pairs"] == 2
    out = tmp_path / "compare.html"
    assert run("compare", str(FOLDER), "--format", "html", "-o", str(out)).exit_code == 1
    assert "相似度矩阵" in out.read_text(encoding="utf-8")


def test_cli_corpus(corpus):
    draft = rcheck.load(FOLDER / "b-statistics.txt").text
    (corpus.parent / "new.txt").write_text(draft, encoding="utf-8")
    result = run("compare", str(corpus.parent / "new.txt"), "--corpus", str(corpus),
                 "--format", "json")
    payload = json.loads(result.stdout)
    assert {name(p["b"]) for p in payload["pairs"]} == {"b-statistics.txt", "e-archives.txt"}
    assert payload["corpus"]["indexed"] == 5
    again = json.loads(run("compare", str(corpus.parent / "new.txt"), "--corpus", str(corpus),
                           "--format", "json").stdout)
    assert again["corpus"]["reused"] == 5 and again["corpus"]["indexed"] == 0


def test_cli_bad_input(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    shutil.copy(FOLDER / "a-forestry.txt", tmp_path / "a.txt")
    shutil.copy(FOLDER / "c-justice.txt", tmp_path / "c.txt")
    result = run("compare", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "bad.txt" in result.stderr
    assert "a.txt ↔" in result.stdout  # the readable drafts are still compared
    missing = run("compare", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and "nope.txt" in missing.stderr


def test_progress_bar_only_on_a_terminal(monkeypatch):
    import rcheck.cli.diff as cli_diff

    monkeypatch.setattr(cli_diff, "_PROGRESS_MIN", 1)
    piped = run("compare", str(FOLDER))
    assert piped.stderr == ""
    monkeypatch.setattr(cli_diff, "_stderr_is_tty", lambda: True)
    shown = run("compare", str(FOLDER))
    assert "读取文稿 sketching" in shown.stderr
    assert shown.stdout == piped.stdout


def test_cli_standard_input_named_twice():
    """The second `-` read an exhausted stream and was reported as an empty file."""
    draft = (FOLDER / "a-forestry.txt").read_bytes()
    for args in (["compare", "-", "-"], ["compare", "-", "-", "--follow-up"]):
        result = CliRunner().invoke(main, args, input=draft)
        assert result.exit_code == 2
        assert "standard input" in result.stderr and "empty" not in result.stderr


def test_corpus_file_gone_after_indexing_sinks_only_its_pair(corpus):
    """A corpus file deleted between indexing and alignment (a shared folder being tidied)
    raised InputError out of `compare_documents`, losing every other result."""
    index = CorpusIndex.open(corpus)
    (corpus / "e-archives.txt").unlink()
    draft = rcheck.load(FOLDER / "b-statistics.txt")
    result = compare_documents([draft], index)
    assert {name(p.b) for p in result.pairs} == {"b-statistics.txt"}
    error, = result.errors
    assert error.path.endswith("e-archives.txt")


def test_cli_corpus_file_gone_after_indexing(corpus, monkeypatch):
    from rcheck.compare.index import CorpusEntry

    real = CorpusEntry.loader

    def vanishing(self, max_bytes):
        if self.path.endswith("e-archives.txt"):
            Path(self.path).unlink(missing_ok=True)
        return real(self, max_bytes)
    monkeypatch.setattr(CorpusEntry, "loader", vanishing)
    result = run("compare", str(FOLDER / "b-statistics.txt"), "--corpus", str(corpus))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "e-archives.txt" in result.stderr
    assert "b-statistics.txt ↔" in result.stdout


def test_a_draft_repeating_itself_is_not_aligned_all_against_all():
    """Every window of a self-repeating draft shares every LSH bucket: each was aligned with
    every window of the other draft, so a 120 KB repetitive draft took seconds and 1 MB
    minutes. Past a few units a draft from each side, units pair along the diagonal."""
    for text in ("的" * 12000, "开展学习教育活动。" * 1500):
        result = compare_documents([Document(text, path="a.txt"),
                                    Document(text + "补充。", path="b.txt")])
        pair, = result.pairs
        assert [(p.a_start, p.a_end, p.b_start, p.b_end) for p in pair.passages] == [
            (0, len(text), 0, len(text))]
        assert result.candidates < 4000  # all against all: 39,800


def test_similarity_of_drafts_that_repeat_a_passage_stays_within_one():
    """Each copy of a repeated passage matches each copy in the other draft; summing those
    overlapping passages gave a similarity of 39.2 for a report repeated eight times."""
    text = rcheck.load(FOLDER / "a-forestry.txt").text.replace("\n", "") * 8
    result = compare_documents([Document(text, path="a.txt"), Document(text, path="b.txt")])
    pair, = result.pairs
    assert 0.5 < pair.similarity <= 1.0
    assert all(v <= 1.0 for row in result.matrix for v in row)
