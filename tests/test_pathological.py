"""Hang guards: inputs built to trigger quadratic regex backtracking finish in linear time.

Each input is about 100,000 characters; the checker handles that much ordinary text in well
under a second here, while the quadratic forms these guard against took minutes. The limit is
generous on purpose: these are not speed measurements (see bench/), only a check that nothing
re-scans the text from every position.
"""

from __future__ import annotations

import time

import pytest

from credscore.api import Checker

N = 100_000
LEAD = "The council approved the budget on Monday, the finance chief said.\n\n"
INPUTS = {
    "dot leaders": ("txt", "." * N),
    "blank lines": ("txt", "x" + "\n" * N + "y."),
    "one long token": ("txt", "a" * N),
    "a long path-like token": ("txt", "a-b/" * (N // 4)),
    "a long hyphenated token": ("txt", "a-" * (N // 2)),
    "exclamation marks": ("txt", "!" * N),
    "capitalised words": ("txt", "Aaa Bbb " * (N // 8)),
    "unbalanced quotes": ("txt", '"x ' * (N // 3)),
    "markdown backticks": ("md", "`" * N),
    "markdown brackets": ("md", "[" * N),
    "markdown unclosed comments": ("md", "<!--" * (N // 4)),
    "markdown unclosed autolinks": ("md", "<http://a" * (N // 9)),
    "markdown blank lines": ("md", "x" + "\n" * N + "y."),
    "html nesting": ("html", "<div>" * (N // 5) + "Text."),
}


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_pathological_input_is_checked_in_linear_time(checker: Checker, name: str) -> None:
    fmt, body = INPUTS[name]
    text = LEAD + body if fmt != "html" else f"<html><body><p>{LEAD}</p>{body}</body></html>"
    start = time.process_time()
    report = checker.check_text(text, fmt)
    seconds = time.process_time() - start
    # a text this odd may be too short or not English: then no score ("not assessed")
    assert (report.score is None) == (report.not_assessed is not None)
    assert report.score is None or 0 <= report.score <= 100
    assert seconds < 20, f"{name}: {seconds:.1f} s of CPU for {len(text):,} characters"
