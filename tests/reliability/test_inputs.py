"""Hostile and careless input: one clear line, never a traceback, never a hang, and every other
file still scored. Exit codes as in the README's table (0 ok, 1 gate, 2 unreadable input or
usage, 3 nothing could be assessed)."""

from __future__ import annotations

import codecs
import json
import os
import socket
from pathlib import Path

import pytest

from credscore.api import Checker
from credscore.report import Failure, Report

from .conftest import ARTICLE, credscore


def one_line_naming(stderr: bytes, name: str) -> str:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text
    lines = [line for line in text.splitlines() if name in line]
    assert lines, text
    return lines[0]


CASES = {
    # name: (bytes, expected exit code, expected word in the error or in not_assessed.code)
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 2, "binary"),
    "nul.txt": (ARTICLE[:200].encode() + b"\x00" + ARTICLE[200:400].encode(), 2, "binary"),
    "latin1.txt": ("Le caf\u00e9 est tr\u00e8s bon.".encode("latin-1"), 2, "not UTF-8"),
    "bad-utf16.txt": (codecs.BOM_UTF16_LE + b"\x00\xd8", 2, "utf-16"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_unreadable_content_is_one_line_and_exit_2(tmp_path: Path, name: str) -> None:
    data, code, word = CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = credscore("check", path)
    assert result.returncode == code
    assert word in one_line_naming(result.stderr, name)
    assert path.read_bytes() == data  # nothing a user gave is changed


@pytest.mark.parametrize(("name", "data", "code"), [
    ("empty.txt", b"", "no-text"),
    ("blank.txt", b"  \n\n\t \r\n", "no-text"),
    ("short.txt", b"Experts say so.", "too-short"),
    ("spanish.txt", ("El gobierno present\u00f3 el mi\u00e9rcoles un nuevo proyecto de presupuesto "
                     "que prev\u00e9 recortes profundos en el gasto en defensa y en bienestar "
                     "social para el pr\u00f3ximo a\u00f1o fiscal, seg\u00fan el ministro."
                     ).encode(),
     "language"),
    ("front-matter.md", b"---\ntitle: A title\nauthor: Someone\n---\n\n```\ncode only\n```\n",
     "no-text"),
    ("no-text.html", b"<html><head><title>A page</title><script>var x = 1;</script></head>"
                     b"<body><nav><a href='/'>Home</a></nav></body></html>", "no-text"),
])
def test_no_assessable_text_is_not_assessed_never_100(tmp_path: Path, name: str, data: bytes,
                                                     code: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = credscore("check", "--format", "json", path)
    assert result.returncode == 3, result.stderr  # nothing could be assessed
    [report] = json.loads(result.stdout)["reports"]
    assert report["score"] is None and report["grade"] is None and report["assessed"] is False
    assert report["not_assessed"]["code"] == code and report["not_assessed"]["reason"]
    text = credscore("check", "--no-color", path)
    assert text.returncode == 3 and b"not assessed" in text.stdout and b"100/100" not in text.stdout


def test_not_assessed_is_consistent_across_formats(tmp_path: Path, article: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"---\ntitle: x\n---\n")
    for fmt, needle in (("csv", b"no words to assess"), ("github", b"not assessed"),
                        ("markdown", b"not assessed"), ("sarif", b'"assessed": false'),
                        ("jsonl", b'"assessed":false')):
        result = credscore("check", "--format", fmt, article, empty)
        assert result.returncode == 0, (fmt, result.stderr)  # one article was assessed
        assert needle in result.stdout, fmt
        result.stdout.decode("utf-8")
    audit = credscore("audit", empty, "--out", tmp_path / "rows.jsonl")
    assert audit.returncode == 3 and b"1 not assessed" in audit.stdout + audit.stderr
    row = json.loads((tmp_path / "rows.jsonl").read_text(encoding="utf-8"))
    assert row["score"] is None and row["not_assessed"]["code"] == "no-text"


def test_a_gate_judges_assessed_articles_only(tmp_path: Path, article: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("Experts say so.", encoding="utf-8")
    assert credscore("check", "--fail-under", "10", short).returncode == 3
    assert credscore("check", "--fail-under", "60", short, article).returncode == 1


def test_bom_and_utf16_are_read_and_spans_index_the_text(tmp_path: Path) -> None:
    for name, data in (("bom.txt", codecs.BOM_UTF8 + ARTICLE.encode()),
                       ("utf16.txt", codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"))):
        path = tmp_path / name
        path.write_bytes(data)
        report = Checker().check_path(path)
        assert report.assessed and report.text == ARTICLE and report.findings
        for f in report.findings:
            assert report.text[f.start:f.end] == f.evidence


def test_ten_thousand_nested_tags(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * 10_000 + "<p>" + ARTICLE + "</p>"
                    + "</div>" * 10_000 + "</body></html>", encoding="utf-8")
    result = credscore("check", "--format", "json", path, timeout=120)
    assert result.returncode in (0, 1, 3), result.stderr
    assert b"Traceback" not in result.stderr


def test_symlink_loops_and_broken_links_are_rows(tmp_path: Path, article: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("nowhere.txt", folder / "broken.txt")
    os.symlink(".", folder / "self")  # a folder loop: never followed
    result = credscore("check", "--format", "jsonl", folder)
    assert result.returncode == 2
    rows = {Path(r["path"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert set(rows) == {"good.txt", "loop.txt", "broken.txt"}
    assert "symbolic link loop" in rows["loop.txt"]["error"]
    assert "broken symbolic link" in rows["broken.txt"]["error"]
    assert rows["good.txt"]["score"] is not None
    assert "symbolic link loop" in one_line_naming(credscore("check", folder / "loop.txt").stderr,
                                                   "loop.txt")


def test_a_fifo_socket_or_device_is_a_row_not_a_hang(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(folder / "fifo.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.txt"))
    try:
        for command in (("check", "--format", "jsonl", folder),
                        ("audit", folder, "--jobs", "1", "--out", "-")):
            result = credscore(*command, timeout=60)
            assert result.returncode == 2, result.stderr
            rows = {Path(r["path"]).name: r for r in map(json.loads, result.stdout.splitlines())
                    if r.get("path")}
            assert "not a regular file (a named pipe)" in rows["fifo.txt"]["error"]
            assert "not a regular file (a socket)" in rows["sock.txt"]["error"]
            assert rows["good.txt"].get("score") is not None
        device = credscore("check", "/dev/zero", timeout=60)
        assert device.returncode == 2
        assert "character device" in one_line_naming(device.stderr, "/dev/zero")
        fifo = credscore("check", folder / "fifo.txt", timeout=60)
        assert fifo.returncode == 2 and b"named pipe" in fifo.stderr
    finally:
        sock.close()


def test_an_unreadable_folder_is_a_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # root can read anything: simulate chmod 000
        if os.fspath(path).endswith("locked"):  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(Checker().check_paths([folder]))
    failures = [i for i in items if isinstance(i, Failure)]
    assert [Path(f.path).name for f in failures] == ["locked"]
    assert "cannot read folder (permission denied)" in failures[0].error
    assert [Path(r.path).name for r in items if isinstance(r, Report)] == ["ok.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway")
def test_a_chmod_000_folder_is_a_row(tmp_path: Path) -> None:  # pragma: no cover - not root
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "ok.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "locked").chmod(0)
    try:
        result = credscore("audit", folder, "--out", "-")
        assert result.returncode == 2 and b"cannot read folder" in result.stdout
    finally:
        (folder / "locked").chmod(0o755)


def test_empty_inputs_have_the_same_exit_code_for_check_and_audit(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    check, audit = credscore("check", empty), credscore("audit", empty)
    assert check.returncode == audit.returncode == 2
    assert b"no articles found" in check.stderr
    assert b"no files to audit" in audit.stdout + audit.stderr


ODD_NAMES = [b"with space.txt", b"-dash.txt", b"[bold]red.txt", b"new\nline.txt",
             b"esc\x1b]0;pwned\x07.txt", b"\xe9\xff.txt", b"back\\slash.txt",
             b"\xe2\x80\xaeevil.txt"]


def test_odd_file_names_in_every_format(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for raw in ODD_NAMES:
        (Path(os.fsdecode(folder)) / os.fsdecode(raw)).write_text(ARTICLE, encoding="utf-8")
    for fmt in ("json", "jsonl", "csv", "sarif", "github", "markdown", "text"):
        result = credscore("check", "--format", fmt, "--no-color", folder)
        assert result.returncode in (0, 1), (fmt, result.stderr)
        out = result.stdout.decode("utf-8")  # valid UTF-8 in every format
        assert "\x1b" not in out and "\u202e" not in out, fmt  # nothing reaches a terminal raw
    rows = [json.loads(line) for line in
            credscore("check", "--format", "jsonl", folder).stdout.splitlines()]
    shown = sorted(r["path"].rsplit("/", 1)[1] for r in rows)
    assert "\\xe9\\xff.txt" in shown and "esc\\x1b]0;pwned\\x07.txt" in shown
    assert "back\\\\slash.txt" in shown and "new\\x0aline.txt" in shown
    sarif = json.loads(credscore("check", "--format", "sarif", folder).stdout)
    uris = {a["location"]["uri"].rsplit("/", 1)[1] for a in sarif["runs"][0]["artifacts"]}
    assert "%E9%FF.txt" in uris and "esc%1B%5D0%3Bpwned%07.txt" in uris
    audit = credscore("audit", folder, "--out", tmp_path / "rows.jsonl", "--csv",
                      tmp_path / "rows.csv", "--html", tmp_path / "r.html")
    assert audit.returncode == 0, audit.stderr
    assert len((tmp_path / "rows.jsonl").read_text(encoding="utf-8").splitlines()) == len(
        ODD_NAMES)


def test_stdin(tmp_path: Path) -> None:
    result = credscore("check", "-", "--format", "json", "--stdin-name", "draft.txt",
                       input=ARTICLE.encode())
    assert result.returncode == 0
    assert json.loads(result.stdout)["reports"][0]["path"] == "draft.txt"
    empty = credscore("check", "-", input=b"")
    assert empty.returncode == 3 and b"not assessed" in empty.stdout
    binary = credscore("check", "-", input=b"\x00\x01\x02")
    assert binary.returncode == 2 and b"<stdin>: binary" in binary.stderr


def test_terminal_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile\x1b]0;pwned\x07.txt"
    hostile.write_text(ARTICLE.replace("slots", "slots\x1b]0;pwned\x07\x1b[2J"),
                       encoding="utf-8")
    for env in ({}, {"FORCE_COLOR": "1", "TERM": "xterm-256color"}):
        for extra in ((), ("--no-color",)):
            out = credscore("check", *extra, hostile, env=env).stdout.decode("utf-8")
            assert "\x1b]0;" not in out and "\x1b[2J" not in out and "\x07" not in out
            assert "hostile\\x1b]0;pwned\\x07.txt" in out  # the name shown, visibly escaped


def test_config_errors_name_the_file(tmp_path: Path, article: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    (first / ".credscore.toml").write_bytes(b'select = ["sp\xe9m"]\n')
    (first / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = credscore("check", first / "a.txt")
    assert result.returncode == 2
    assert "not UTF-8" in one_line_naming(result.stderr, ".credscore.toml")
    other = tmp_path / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text("[tool.black\nline-length = \n", encoding="utf-8")
    (other / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert credscore("check", other / "a.txt").returncode in (0, 1)  # not ours: ignored
    (other / "pyproject.toml").write_text("[tool.credscore\nselect = 1\n", encoding="utf-8")
    broken = credscore("check", other / "a.txt")
    assert broken.returncode == 2 and "invalid TOML" in one_line_naming(broken.stderr,
                                                                       "pyproject.toml")


def test_unclosed_title_recovers_the_body() -> None:
    page = "<html><head><title>Budget day</head><body><p>" + ARTICLE + "</p></body></html>"
    report = Checker().check_text(page, "html")
    assert report.assessed and report.word_count > 300


def test_unclosed_title_is_never_100_a() -> None:
    page = "<html><head><title>Budget day</head><body><p>" + ARTICLE + "</p></body></html>"
    report = Checker().check_text(page, "html")
    assert report.grade != "A" or report.word_count > 300
