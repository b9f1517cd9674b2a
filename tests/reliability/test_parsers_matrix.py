"""Bad input for the parsers and the user packs (issue 19's matrix; the output, path, FIFO and
regex-bound cases are in the other files of this folder).

Each case: no traceback, at most one line naming the file and the problem, the rest of the batch
still scored, exit code 2 when a file could not be read.
"""

from __future__ import annotations

import codecs
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from credscore.api import Checker
from credscore.cli import app
from credscore.config import Config
from credscore.errors import InputError
from credscore.load import load_path, parse_bytes, parse_text
from credscore.packs import default_policy, default_rules
from credscore.regex import patterncache
from credscore.report import Failure
from credscore.userpacks import PackErrors, load_user_packs

from ..conftest import SLOTS_SEED

runner = CliRunner()
ARTICLE = SLOTS_SEED.read_text(encoding="utf-8")
FORMATS = {"txt": ARTICLE, "md": "# Title\n\n" + ARTICLE,
           "html": f"<html><body><article><p>{ARTICLE}</p></article></body></html>"}

BAD_BYTES = {
    "empty": b"",
    "whitespace": b" \n\t\r\n   \n",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x10",
    "nul": b"Some text\x00 with a NUL byte in the middle.",
    "bad-utf8": "Le caf\u00e9 est tr\u00e8s bon.".encode("latin-1"),
    "bad-utf16": codecs.BOM_UTF16_LE + b"\x00\xd8",  # a lone surrogate after the BOM
}
GOOD_BYTES = {
    "utf8-bom": codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    "utf16-le": codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
    "utf16-be": codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
}


def _one_line(message: str, name: str) -> None:
    assert "\n" not in message and "Traceback" not in message, message
    assert name in message, message


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("case", sorted(BAD_BYTES))
def test_bad_bytes_are_one_line_errors_or_empty_reports(fmt: str, case: str) -> None:
    name = f"{case}.{fmt}"
    try:
        doc = parse_bytes(BAD_BYTES[case], fmt, name)
    except InputError as err:
        _one_line(str(err), name)
        return
    assert case in ("empty", "whitespace")  # only "nothing to read" may get this far
    assert not doc.text.strip() or doc.word_count == 0


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("case", sorted(GOOD_BYTES))
def test_boms_and_utf16_decode_to_the_same_text(fmt: str, case: str) -> None:
    encoded = GOOD_BYTES[case].replace(ARTICLE.encode("utf-8"),
                                       FORMATS[fmt].encode("utf-8")) if case == "utf8-bom" \
        else GOOD_BYTES[case][:2] + FORMATS[fmt].encode(
            "utf-16-le" if case == "utf16-le" else "utf-16-be")
    doc = parse_bytes(encoded, fmt, f"{case}.{fmt}")
    assert doc.text == parse_text(FORMATS[fmt], fmt).text
    assert not doc.text.startswith("\ufeff")


def test_a_batch_of_bad_files_finishes_and_names_each(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for case, data in BAD_BYTES.items():
        for fmt in FORMATS:
            (folder / f"{case}.{fmt}").write_bytes(data)
    for fmt, text in FORMATS.items():
        (folder / f"good.{fmt}").write_text(text, encoding="utf-8")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    items = list(Checker(Config()).check_paths([folder]))
    assert len(items) == len(BAD_BYTES) * len(FORMATS) + len(FORMATS) + 1
    scored = {Path(i.path).name for i in items if not isinstance(i, Failure)}
    assert {"good.txt", "good.md", "good.html"} <= scored
    for item in items:
        if isinstance(item, Failure):
            _one_line(item.error, Path(item.path).name)
    result = runner.invoke(app, ["check", "--format", "json", str(folder)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_unreadable_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(ARTICLE)
    import os

    real = os.open

    def refuse(file, flags, *args):  # type: ignore[no-untyped-def]
        if str(file).endswith("secret.txt"):
            raise PermissionError(13, "Permission denied")
        return real(file, flags, *args)

    monkeypatch.setattr(os, "open", refuse)  # root reads a chmod-000 file anyway
    with pytest.raises(InputError) as err:
        load_path(path)
    _one_line(str(err.value), "secret.txt")
    assert "permission denied" in str(err.value)


@pytest.mark.parametrize("name", ["with space.txt", "-leading-dash.md", "ünïcødé ✓.html",
                                  "quote'\"and;semi.txt", "very." + "long" * 50 + ".txt"])
def test_odd_file_names_are_read(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    fmt = path.suffix[1:]
    path.write_text(FORMATS[fmt], encoding="utf-8")
    (item,) = Checker(Config()).check_paths([path])
    assert not isinstance(item, Failure) and item.path == str(path)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # 50 MB, sparse: the size is checked before reading
        fh.truncate(50 * 1024 * 1024)
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        load_path(path)
    assert time.perf_counter() - start < 1.0
    _one_line(str(err.value), "huge.txt")
    assert "too large (52,428,800 bytes; the limit is 10,485,760, see --max-bytes)" in \
        str(err.value)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_ten_thousand_nested_tags(fmt: str) -> None:
    text = {"html": "<div>" * 10_000 + "<p>" + ARTICLE + "</p>" + "</div>" * 10_000,
            "md": "> " * 10_000 + "Deep quote.\n\n" + "[" * 10_000 + "\n\n" + "*" * 10_000
                  + "\n\n" + ARTICLE}[fmt]
    start = time.process_time()
    doc = parse_text(text, fmt, f"nested.{fmt}")
    assert time.process_time() - start < 20  # linear: about a second
    assert "Anthropic" in doc.lint_text
    report = Checker(Config()).check_document(doc)
    for f in report.findings:
        assert report.text[f.start : f.end] == f.evidence


@pytest.mark.parametrize("front", [
    "---\ntitle: [unclosed\n---\n", "---\n: : :\n---\n", "+++\ntitle = \n+++\n",
    "---\n!!python/object:os.system 'echo hi'\n---\n", "---\n" + "a: b\n" * 5000 + "---\n",
    "---\ntitle: no closing delimiter\n",
])
def test_malformed_front_matter(front: str) -> None:
    doc = parse_text(front + ARTICLE, "md", "fm.md")
    if "no closing" in front:  # not front matter: a thematic break and text
        assert "front_matter_error" not in doc.metadata
    elif "a: b" in front:
        assert doc.metadata == {"a": "b"}
    else:
        assert "front_matter_error" in doc.metadata
        assert "\n" not in doc.metadata["front_matter_error"]
    assert "Anthropic" in doc.lint_text


def test_unclosed_title_recovers_the_body() -> None:
    for page in ("<html><head><title>Budget day</head><body><p>" + ARTICLE + "</p></body></html>",
                 "<title>Budget day<article><p>" + ARTICLE + "</p></article>",
                 "<html><head><title>Budget day<meta name='author' content='Desk'></head>"
                 "<body><main><p>" + ARTICLE + "</p></main></body></html>"):
        doc = parse_text(page, "html", "t.html")
        assert doc.metadata["title"] == "Budget day"
        assert doc.word_count > 300 and "Anthropic" in doc.text


# --------------------------------------------------------------------------- user packs

PACK_RULE = '''family = "newsroom"
[[rule]]
id = "NR101"
name = "pattern-rule"
kind = "pattern"
severity = "warning"
message = "m"
what = "w."
why = "y."
examples.bad = ["aaaa"]
examples.good = ["b"]
[rule.params]
patterns = ['PATTERN']
'''


def _pack(tmp_path: Path, body: bytes | str, name: str = "house.toml") -> Path:
    folder = tmp_path / "pack"
    folder.mkdir(exist_ok=True)
    data = body.encode("utf-8") if isinstance(body, str) else body
    (folder / name).write_bytes(data)
    (folder / "scoring.toml").write_text("[weights]\nNR101 = 1\n[families.newsroom]\ncap = 5\n")
    return folder


@pytest.mark.parametrize(("body", "expected"), [
    (b"family = \"newsroom\"\n\xff\xfe\n", "not UTF-8"),
    ("family = 'newsroom'\nrule = 'not a table'\n", "a pack needs at least one [[rule]]"),
    ("family = 'newsroom'\nrule = [1, 2]\n", "must be a table"),
    ("", "must name the pack's family"),
    ("family = 'newsroom'\n[[rule]]\n", "key 'id': missing"),
])
def test_malformed_user_packs(tmp_path: Path, body: bytes | str, expected: str) -> None:
    folder = _pack(tmp_path, body)
    with pytest.raises(PackErrors) as err:
        load_user_packs([folder], default_rules(), default_policy())
    assert any(expected in p for p in err.value.problems), err.value.problems
    assert all("\n" not in p and p.startswith(str(folder)) for p in err.value.problems)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    result = runner.invoke(app, ["check", "--rules", str(folder), str(article)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_an_empty_pack_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackErrors, match="no rule pack"):
        load_user_packs([tmp_path / "empty"], default_rules(), default_policy())


def test_user_patterns_are_compiled_by_the_shared_compiler(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """A catastrophic user regex such as (a+)+$ goes through credscore.regex.patterncache, where the
    pattern-safety checks and time bound (issue 20) apply to built-in and user packs alike."""
    seen: list[str] = []
    real = patterncache.compile

    def spy(pattern, flags=0):  # type: ignore[no-untyped-def]
        seen.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(patterncache, "compile", spy)
    folder = _pack(tmp_path, PACK_RULE.replace("PATTERN", "(a+)+$"))
    try:
        load_user_packs([folder], default_rules(), default_policy())
    except PackErrors as err:  # refused at load time by the pattern-safety checks
        assert any("NR101" in p and "params.patterns" in p for p in err.value.problems)
    assert "(a+)+$" in seen
    assert os.path.isdir(folder)
