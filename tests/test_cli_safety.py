"""Output safety and input handling of the command line: what a hostile or careless call must not do."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcheck.cli import main
from rcheck.output import is_stdout, write_atomic

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_error_line(result, *names: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("rcheck: error: ") and "Traceback" not in result.stderr
    for name in names:
        assert name in result.stderr, (name, result.stderr)


@pytest.fixture
def draft(tmp_path, samples) -> Path:
    path = tmp_path / "draft.txt"
    shutil.copy(samples / "flawed-placeholders.txt", path)
    return path


@pytest.fixture
def pair(tmp_path, samples) -> tuple[Path, Path]:
    old, new = tmp_path / "v1.txt", tmp_path / "v2.txt"
    shutil.copy(samples / "flawed-placeholders.txt", old)
    shutil.copy(samples / "clean-report.txt", new)
    return old, new


def _commands(draft: Path, pair: tuple[Path, Path]) -> dict[str, list[str]]:
    old, new = pair
    return {
        "lint": ["lint", str(draft)],
        "lint-json": ["lint", str(draft), "--format", "json"],
        "extract": ["extract", str(draft)],
        "graph": ["graph", str(draft)],
        "diff": ["diff", str(old), str(new)],
        "diff-template": ["diff", "--template", "auto", str(draft)],
        "compare": ["compare", str(old), str(new)],
        "follow-up": ["compare", str(old), str(new), "--follow-up"],
    }


COMMANDS = ["lint", "lint-json", "extract", "graph", "diff", "diff-template", "compare", "follow-up"]


# ---------------------------------------------------------------- -o onto an input


@pytest.mark.parametrize("name", COMMANDS)
def test_output_onto_the_input_is_refused(name, draft, pair):
    args = _commands(draft, pair)[name]
    target = Path(args[1]) if name != "diff-template" else draft
    if name in ("diff", "compare", "follow-up"):
        target = pair[1]
    before = digest(target)
    result = run(*args, "-o", str(target))
    one_error_line(result, str(target))
    assert digest(target) == before


@pytest.mark.parametrize("how", ["dot-slash", "symlink", "hardlink", "absolute"])
def test_output_that_is_the_input_by_another_path(how, draft, monkeypatch):
    monkeypatch.chdir(draft.parent)
    if how == "dot-slash":
        out = "./" + draft.name
    elif how == "symlink":
        os.symlink(draft.name, draft.parent / "link.txt")
        out = "link.txt"
    elif how == "hardlink":
        os.link(draft, draft.parent / "hard.json")
        out = "hard.json"
    else:
        out = str(draft.resolve())
    before = digest(draft)
    result = run("lint", draft.name, "--format", "json", "-o", out)
    one_error_line(result, out)
    assert digest(draft) == before


def test_output_inside_a_scanned_directory_that_is_one_of_its_drafts(tmp_path, samples):
    folder = tmp_path / "drafts"
    folder.mkdir()
    shutil.copy(samples / "flawed-placeholders.txt", folder / "a.txt")
    before = digest(folder / "a.txt")
    one_error_line(run("lint", str(folder), "-o", str(folder / "a.txt")), "a.txt")
    assert digest(folder / "a.txt") == before


def test_stdin_redirected_from_the_output_file(draft):
    before = digest(draft)
    code = ("import sys; from rcheck.cli import main; sys.argv = ['rcheck', 'lint', '-', '-o', "
            f"{str(draft)!r}]; main()")
    with draft.open("rb") as fh:
        proc = subprocess.run([sys.executable, "-c", code], stdin=fh, capture_output=True,
                              env={**os.environ, "PYTHONPATH": str(REPO / "toolkit")})
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1, proc.stderr
    assert digest(draft) == before


def test_stdout_appended_to_the_input_is_refused(draft):
    before = digest(draft)
    code = ("import sys; from rcheck.cli import main; sys.argv = ['rcheck', 'lint', "
            f"{str(draft)!r}]; main()")
    with draft.open("ab") as fh:
        proc = subprocess.run([sys.executable, "-c", code], stdout=fh, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(REPO / "toolkit")})
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1, proc.stderr
    assert digest(draft) == before


def test_annotate_and_output_the_same_file(tmp_path, samples):
    src = tmp_path / "d.docx"
    shutil.copy(samples / "word-task-table.docx", src)
    out = tmp_path / "same.docx"
    result = run("lint", str(src), "--annotate", str(out), "-o", str(out))
    one_error_line(result, "same.docx")
    assert not out.exists()
    shutil.copy(src, out)
    before = digest(out)
    one_error_line(run("lint", str(src), "--annotate", str(out), "-o", "./" + os.path.relpath(out)),
                   "same.docx")
    assert digest(out) == before


def test_annotate_onto_the_input_by_a_link(tmp_path, samples):
    src = tmp_path / "d.docx"
    shutil.copy(samples / "word-task-table.docx", src)
    os.symlink(src, tmp_path / "link.docx")
    before = digest(src)
    one_error_line(run("lint", str(src), "--annotate", str(tmp_path / "link.docx")), "link.docx")
    assert digest(src) == before


# ---------------------------------------------------------------- -o onto what is not a regular file


def test_output_onto_a_fifo_is_refused(tmp_path, draft):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    one_error_line(run("lint", str(draft), "-o", str(fifo)), "pipe")
    assert fifo.is_fifo()


def test_output_onto_a_device_is_refused(tmp_path, draft):
    # A device node of the test's own, never /dev/null: without the fix, root would replace it.
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    one_error_line(run("lint", str(draft), "-o", str(node)), "null")
    assert node.is_char_device()


def test_output_onto_a_directory_is_refused(tmp_path, draft):
    folder = tmp_path / "out"
    folder.mkdir()
    one_error_line(run("lint", str(draft), "-o", str(folder)), "out")
    assert folder.is_dir() and not list(folder.iterdir())


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_mean_standard_output(name, draft):
    assert is_stdout(name)  # without the fix this stops here, before /dev/stdout is replaced
    result = run("lint", str(draft), "--format", "json", "-o", name)
    assert result.exit_code == 1 and result.stdout.startswith("{")


def test_output_through_a_symlink_writes_the_file_it_names(tmp_path, draft):
    real = tmp_path / "report.json"
    real.write_text("old", encoding="utf-8")
    os.symlink(real, tmp_path / "latest.json")
    assert run("lint", str(draft), "--format", "json", "-o", str(tmp_path / "latest.json")).exit_code == 1
    assert (tmp_path / "latest.json").is_symlink() and real.read_text(encoding="utf-8").startswith("{")


# ---------------------------------------------------------------- outputs that cannot be written


@pytest.mark.parametrize("where", ["missing", "proc", "file-as-folder", "too-long", "empty"])
def test_unwritable_output_is_one_line(where, tmp_path, draft):
    out = {
        "empty": "",
        "missing": str(tmp_path / "nowhere" / "r.json"),
        "proc": "/proc/rcheck-report.json",
        "file-as-folder": str(draft / "r.json"),
        "too-long": str(tmp_path / ("长" * 100 + ".json")),
    }[where]
    before = digest(draft)
    result = run("lint", str(draft), "--format", "json", "-o", out)
    one_error_line(result, out[:40])
    assert digest(draft) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_one_line(tmp_path, draft):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        one_error_line(run("lint", str(draft), "-o", str(folder / "r.txt")), "r.txt")
    finally:
        folder.chmod(0o700)


def test_read_only_filesystem_is_one_line(tmp_path, draft, monkeypatch):
    import errno

    import rcheck.output as output

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(output, "_open_temp", refuse)
    one_error_line(run("lint", str(draft), "-o", str(tmp_path / "r.txt")), "r.txt")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [["lint"], ["lint", "--format", "json"], ["extract"],
                                  ["rules"]])
def test_full_device_on_stdout_is_one_line(args, draft):
    cmd = [*args, str(draft)] if args[0] != "rules" else args
    code = f"import sys; from rcheck.cli import main; sys.argv = ['rcheck', *{cmd!r}]; main()"
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-c", code], stdout=full, stderr=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(REPO / "toolkit")})
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "stdout" in err or "标准输出" in err


def test_non_utf8_file_name_with_json_output(tmp_path, samples):
    name = os.fsdecode(b"\xff\xfe-draft.txt")
    shutil.copy(samples / "flawed-placeholders.txt", tmp_path / name)
    shutil.copy(samples / "clean-report.txt", tmp_path / "ok.txt")
    out = tmp_path / "r.json"
    result = run("lint", str(tmp_path / name), str(tmp_path / "ok.txt"), "--format", "json",
                 "-o", str(out))
    # Read by its real name, reported with the undecodable bytes escaped: JSON can hold it.
    assert result.exit_code == 1 and "Traceback" not in result.output
    import json

    files = json.loads(out.read_text(encoding="utf-8"))["files"]
    assert [f["path"] for f in files] == [str(tmp_path / "\\xff\\xfe-draft.txt"), str(tmp_path / "ok.txt")]
    assert files[0]["findings"]


def test_symlink_loop_named_directly(tmp_path, draft):
    os.symlink("loop.txt", tmp_path / "loop.txt")
    result = run("lint", str(tmp_path / "loop.txt"), str(draft))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.count("\n") == 1 and "loop.txt" in result.stderr
    assert "draft.txt:" in result.stdout  # the good file is still checked


def test_input_name_over_name_max(tmp_path, draft):
    long = str(tmp_path / ("a" * 300 + ".txt"))
    result = run("lint", long, str(draft))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "文件名太长" in result.stderr and "draft.txt:" in result.stdout


@pytest.mark.parametrize("cmd", [["extract"], ["graph"], ["compare"]])
def test_symlink_loop_in_other_commands(cmd, tmp_path):
    os.symlink("loop.txt", tmp_path / "loop.txt")
    result = run(*cmd, str(tmp_path / "loop.txt"))
    one_error_line(result, "loop.txt")


# ---------------------------------------------------------------- temporary files


def _kill_during_write(folder: Path) -> None:
    code = ("import os, signal, sys; from rcheck import output\n"
            "real = os.replace\n"
            "def die(*a): os.kill(os.getpid(), signal.SIGKILL)\n"
            "output.os.replace = die\n"
            f"output.write_atomic({str(folder / 'r.txt')!r}, 'x' * 1000)\n")
    proc = subprocess.run([sys.executable, "-c", code],
                          env={**os.environ, "PYTHONPATH": str(REPO / "toolkit")})
    assert proc.returncode == -9


def test_a_killed_write_leaves_a_temp_file_the_next_write_removes(tmp_path):
    _kill_during_write(tmp_path)
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".r.txt.rcheck-") and left[0].endswith(".tmp")
    (tmp_path / "keep.tmp").write_text("not ours", encoding="utf-8")
    (tmp_path / ".other.txt.abcd1234.tmp").write_text("not ours", encoding="utf-8")
    write_atomic(tmp_path / "other.json", "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.txt.abcd1234.tmp", "keep.tmp",
                                                           "other.json"]


def test_a_live_writers_temp_file_is_kept_unless_very_old(tmp_path):
    from rcheck.output import temp_name

    live = tmp_path / temp_name("r.txt", os.getpid())
    live.write_text("partial", encoding="utf-8")
    write_atomic(tmp_path / "a.txt", "a")
    assert live.exists()
    old = time.time() - 7200
    os.utime(live, (old, old))
    write_atomic(tmp_path / "a.txt", "b")
    assert not live.exists()


def test_temp_name_fits_a_long_file_name(tmp_path):
    name = "长" * 80 + ".txt"  # 244 bytes: the name fits, its temp name would not without care
    write_atomic(tmp_path / name, "正文")
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_failed_write_leaves_nothing(tmp_path, monkeypatch):
    import rcheck.output as output

    def boom(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "r.txt", "x")
    assert list(tmp_path.iterdir()) == []


def test_normal_runs_leave_no_temp_files(tmp_path, draft, pair):
    out = tmp_path / "out"
    out.mkdir()
    for i, args in enumerate(_commands(draft, pair).values()):
        run(*args, "-o", str(out / f"r{i}.txt"))
    assert all(not p.name.startswith(".") for p in out.iterdir())
    assert len(list(out.iterdir())) == len(COMMANDS)


# ---------------------------------------------------------------- usage errors


@pytest.mark.parametrize("args, hint", [
    (["lint", "x.txt", "--frmat", "json"], "rcheck lint --help"),
    (["lint"], "rcheck lint --help"),
    (["lnt", "x.txt"], "rcheck --help"),
    (["lint", "x.txt", "--format", "yaml"], "rcheck lint --help"),
    (["diff", "x.txt"], "rcheck diff --help"),
    (["compare", "a", "b", "--threshold", "2"], "rcheck compare --help"),
])
def test_usage_errors_are_one_line_with_the_hint(args, hint):
    result = run(*args)
    one_error_line(result, hint)


def test_bare_rcheck_still_shows_the_help():
    result = run()
    assert result.exit_code == 2 and "Commands:" in result.output and "lint" in result.output
    assert "rcheck: error" not in result.output


def test_help_and_version_still_exit_0():
    assert run("--help").exit_code == 0 and run("lint", "--help").exit_code == 0
    assert run("--version").exit_code == 0


# ---------------------------------------------------------------- inputs


def test_empty_stdin_is_exit_2_like_an_empty_file():
    for data in (b"", b"  \n\n"):
        result = run("lint", "-", input=data)
        one_error_line(result, "<stdin>", "标准输入为空 (empty standard input)")
        assert "未发现问题" not in result.stdout


def test_old_doc_and_encrypted_file_on_stdin_get_the_path_message(tmp_path):
    from rcheck.docx.safety import OLE_MAGIC

    doc = OLE_MAGIC + b"\x00" * 600
    encrypted = OLE_MAGIC + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 400
    for data in (doc, encrypted):
        by_stdin = run("lint", "-", input=data)
        one_error_line(by_stdin, "<stdin>")
        for name in ("d.docx", "d.doc"):
            path = tmp_path / name
            path.write_bytes(data)
            by_path = run("lint", str(path)).stderr.split(": ", 3)[-1]
            assert by_stdin.stderr.split(": ", 3)[-1] == by_path, name
    rtf = b"{\\rtf1\\ansi hello}"
    one_error_line(run("lint", "-", input=rtf), "<stdin>", "RTF")


def test_a_directory_named_like_a_draft_is_scanned_and_empty_is_an_error(tmp_path, samples):
    folder = tmp_path / "x.txt"
    folder.mkdir()
    result = run("lint", str(folder))
    one_error_line(result, "x.txt")
    assert "未发现问题" not in result.stdout
    shutil.copy(samples / "flawed-placeholders.txt", folder / "a.txt")
    assert run("lint", str(folder)).exit_code == 1


def test_fifo_named_as_an_input_is_refused_without_blocking(tmp_path, draft):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code = ("import sys; from rcheck.cli import main; sys.argv = ['rcheck', 'lint', "
            f"{str(fifo)!r}, {str(draft)!r}]; main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=20,
                          env={**os.environ, "PYTHONPATH": str(REPO / "toolkit")})
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1 and "pipe.txt" in err, err
    assert "draft.txt:" in proc.stdout.decode()


def test_device_named_as_an_input_is_refused():
    one_error_line(run("lint", "/dev/zero"), "/dev/zero")


def test_dangling_links_and_unreadable_folders_in_a_scan_are_reported(tmp_path, samples, monkeypatch):
    folder = tmp_path / "drafts"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(samples / "flawed-placeholders.txt", folder / "a.txt")
    os.symlink(tmp_path / "gone.txt", folder / "b.txt")
    os.symlink("c.md", folder / "c.md")
    real_scandir = os.scandir

    def scandir(path):  # root reads every folder: deny this one the way the kernel would
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("lint", str(folder), "--format", "json")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and "b.txt" in lines[0] and "locked" in lines[2], lines
    assert "c.md" in lines[1] and "符号链接循环" in lines[1]
    import json

    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [str(folder / "a.txt")]


def test_a_scan_names_each_file_it_cannot_check_and_the_summary_counts_them(tmp_path, samples):
    folder = tmp_path / "drafts"
    folder.mkdir()
    shutil.copy(samples / "clean-report.txt", folder / "a.txt")
    for name in ("old.doc", "final.pdf", "memo.wps", "note.rtf"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")
    result = run("lint", str(folder))
    warnings = result.stderr.splitlines()
    named = [w.split(": ")[2].rsplit("/", 1)[-1] for w in warnings]
    assert named == ["final.pdf", "memo.wps", "note.rtf", "old.doc"], warnings
    assert all(w.startswith("rcheck: warning: ") and "另存为 .docx" in w for w in warnings)
    assert result.exit_code == 0  # skipped files warn; the drafts that were read decide
    assert "4 个文件未检查" in result.stdout.splitlines()[-1]


def test_after_an_input_error_the_summary_counts_the_unread_files(tmp_path, samples):
    shutil.copy(samples / "clean-report.txt", tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"")
    result = run("lint", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "c.txt"))
    assert result.exit_code == 2
    last = result.stdout.splitlines()[-1]
    assert "未发现问题" not in result.stdout and "2 个文件无法读取" in last and "1 个文件" in last
    compare = run("compare", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert compare.exit_code == 2 and "1 个文件无法读取" in compare.stdout.splitlines()[-1]


@pytest.mark.parametrize("how", ["discovered", "named", "lexicon"])
def test_output_onto_a_settings_file_is_refused(how, tmp_path, draft, monkeypatch):
    monkeypatch.chdir(tmp_path)
    if how == "lexicon":
        (tmp_path / "lex").mkdir()
        target = tmp_path / "lex" / "words.toml"
        target.write_text('words = ["网格党支部"]\n', encoding="utf-8")
        args = ["lint", str(draft), "--lexicon", "lex", "-o", "lex/words.toml"]
    else:
        target = tmp_path / ("rcheck.toml" if how == "discovered" else "mine.toml")
        target.write_text('ignore = ["T102"]\n', encoding="utf-8")
        args = ["lint", str(draft), "-o", target.name]
        if how == "named":
            args += ["--config", target.name]
    before = digest(target)
    one_error_line(run(*args), target.name)
    assert digest(target) == before


def test_an_unexpected_failure_is_one_line_not_a_traceback(draft, monkeypatch):
    import rcheck.linter

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(rcheck.linter, "check_document", broken)
    result = run("lint", str(draft))
    one_error_line(result, "internal error", "boom")


def _writer_held_in_fsync(tmp_path, draft) -> tuple[subprocess.Popen, Path]:
    """A child whose lint blocks inside the report's write, its temp file open in the folder."""
    deaths = []
    for attempt in range(2):  # a child that died before writing is started again once, reported
        out = tmp_path / f"out{attempt}"
        out.mkdir()
        code = ("import os, sys, time; from rcheck.cli import main\n"
                "os.fsync = lambda fd: time.sleep(30)\n"
                f"sys.argv = ['rcheck', 'lint', {str(draft)!r}, '-o', {str(out / 'r.txt')!r}]\n"
                "main()\n")
        proc = subprocess.Popen([sys.executable, "-X", "faulthandler", "-c", code],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env={**os.environ, "PYTHONPATH": str(REPO / "toolkit")})
        deadline = time.time() + 90  # a loaded CI machine can take long to start the process
        while not list(out.iterdir()) and time.time() < deadline and proc.poll() is None:
            time.sleep(0.05)
        if list(out.iterdir()):
            return proc, out
        alive = proc.poll() is None
        proc.kill()
        got, err = proc.communicate()
        deaths.append((proc.returncode, got[-300:], err[-600:]))
        if alive:  # still starting after 90 s: no second try
            break
    raise AssertionError(f"the write never started: {deaths!r}")


def test_sigterm_during_a_write_removes_the_temp_file(tmp_path, draft):
    import signal

    proc, out = _writer_held_in_fsync(tmp_path, draft)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 128 + signal.SIGTERM and b"Traceback" not in err, err
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("prefix", ["/proc/self/fd", "/dev/fd"])
def test_output_through_a_descriptor_path_is_refused(prefix, tmp_path, draft):
    # /dev/stderr is such a path: through it, a redirected stream's file would be replaced.
    log = tmp_path / "log.txt"
    log.write_text("kept\n", encoding="utf-8")
    with log.open("rb") as fh:
        target = f"{prefix}/{fh.fileno()}"
        if not os.path.exists(target):
            pytest.skip(f"no {prefix}")
        one_error_line(run("lint", str(draft), "-o", target), target)
    assert log.read_text(encoding="utf-8") == "kept\n"


@pytest.mark.parametrize("command", ["lint", "extract", "graph"])
def test_a_draft_that_breaks_a_check_does_not_sink_the_others(command, tmp_path, samples,
                                                               monkeypatch):
    import rcheck.extract
    import rcheck.extract.commitments
    import rcheck.linter

    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    shutil.copy(samples / "flawed-placeholders.txt", good)
    bad.write_text("一、" * 50 + "正文。\n", encoding="utf-8")
    targets = {"lint": (rcheck.linter, "check_document"), "extract": (rcheck.extract, "extract"),
               "graph": (rcheck.extract, "extract_commitments")}
    module, name = targets[command]
    real = getattr(module, name)

    def sometimes(doc, *args, **kwargs):
        if doc.path.endswith("bad.txt"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(module, name, sometimes)
    result = run(command, str(bad), str(good), "--format", "json")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "bad.txt" in result.stderr, result.stderr
    assert "good.txt" in result.stdout


def test_config_that_is_a_fifo_is_refused_without_blocking(tmp_path, draft):
    fifo = tmp_path / "rcheck.toml"
    os.mkfifo(fifo)
    code = ("import sys; from rcheck.cli import main; sys.argv = ['rcheck', 'lint', "
            f"{str(draft)!r}, '--config', {str(fifo)!r}]; main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=20,
                          env={**os.environ, "PYTHONPATH": str(REPO / "toolkit")})
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1 and "rcheck.toml" in err, err


def test_printable_shows_any_undecodable_name():
    from rcheck.output import printable

    assert printable(os.fsdecode(b"a\xffb")) == "a\\xffb"
    assert printable("a\ud800b") == "a\\ud800b"
    assert printable("草稿.txt") == "草稿.txt"
