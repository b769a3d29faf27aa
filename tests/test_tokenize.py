"""rjieba (default) and jieba (reference) must cut the same words at HMM off."""

from __future__ import annotations

import pytest

from rcheck.text.readers import load
from rcheck.text.tokenize import get_tokenizer


def test_engines_agree_on_samples(samples):
    fast, ref = get_tokenizer("rjieba"), get_tokenizer("jieba")
    for path in sorted(samples.glob("*.txt")):
        text = load(path).text
        assert [(t.word, t.start, t.end) for t in fast.tokenize(text)] == [
            (t.word, t.start, t.end) for t in ref.tokenize(text)], path.name


def test_project_words_stay_whole():
    words = [t.word for t in get_tokenizer().tokenize("严格落实第一议题制度和意识形态工作责任制")]
    assert "第一议题" in words and ("意识形态工作责任制" in words or "意识形态" in words)


def test_offsets_cover_the_text():
    text = "县委宣传部联合纪委监委、组织部等部门,每半年开展一次专项督查。"
    tokens = get_tokenizer().tokenize(text)
    assert "".join(t.word for t in tokens) == text
    assert all(text[t.start:t.end] == t.word for t in tokens)


def test_unknown_engine():
    with pytest.raises(ValueError):
        get_tokenizer("nltk")


def test_rjieba_dictionary_built_once():
    """rcheck's tokenizer does not make `import rjieba` build its unused default dictionary,
    and a later `import rjieba` by anyone else still works, with the same class."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from rcheck.text.tokenize import get_tokenizer\n"
        "tokens = get_tokenizer('rjieba', ('总书记',)).tokenize('总书记总书记')\n"
        "assert [t.word for t in tokens] == ['总书记', '总书记'], tokens\n"
        "assert 'rjieba' not in sys.modules\n"
        "import rjieba\n"
        "assert rjieba.cut('总书记总书记') == ['总书记', '总书记']\n"
        "assert type(get_tokenizer('rjieba', ('总书记',)).load()) is rjieba.Jieba\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
