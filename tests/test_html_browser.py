"""The HTML report in headless Chromium (Debian's /usr/bin/chromium driven by Playwright).

Skipped, with the reason, when Chromium or the ``playwright`` package is missing. Playwright's
own browser download is never used (no ``playwright install``): the system Chromium is launched
through ``executable_path``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from credscore.audit.runner import AuditOptions, run_audit
from credscore.config import Config

from .conftest import CRYPTO_SEED, SLOTS_SEED

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright; the "
                                  "dev extra has it)")
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).is_file(),
    reason="chromium is not installed (Debian: apt-get install -y chromium chromium-driver)")

HOSTILE = ("Breaking news\n\nThe <script>window.__pwned = 1</script> tag and "
           "<img src=x onerror=\"window.__pwned = 2\"> are quoted here. Experts say it is "
           "dangerous. Click here to buy cheap pills now.\n")
CLEAN = ("The central bank raised its main interest rate to 5.25% on Thursday, the ninth rise in "
         "a row. Governor Andrew Bailey said inflation remained too high. \"We will do what is "
         "necessary,\" he told reporters in London.\n")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    folder = base / "in"
    folder.mkdir()
    (folder / "<script>alert(1)<\\script>.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "slots.txt").write_bytes(SLOTS_SEED.read_bytes())
    (folder / "crypto.txt").write_bytes(CRYPTO_SEED.read_bytes())
    for i in range(130):  # more than one page of the table (100 rows per page)
        (folder / f"clean{i:03d}.txt").write_text(CLEAN + f"Item {i}.\n" * (i % 7 + 1),
                                                  encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02")
    html = base / "report.html"
    run_audit([str(folder)], Config(), AuditOptions(jobs=1, html=html, html_texts=10))
    return html


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, report: Path):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    pg = context.new_page()
    pg.problems = []  # type: ignore[attr-defined]
    pg.on("console", lambda m: m.type in ("error", "warning") and
          pg.problems.append(f"console {m.type}: {m.text}"))  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))  # type: ignore[attr-defined]

    def no_network(route):  # type: ignore[no-untyped-def]
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            pg.problems.append(f"network request: {route.request.url}")  # type: ignore[attr-defined]
            route.abort()

    pg.route("**/*", no_network)
    pg.goto(report.as_uri())
    yield pg
    context.close()


def scores(pg) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(x) for x in pg.locator("#articles tbody tr td:nth-child(2)").all_inner_texts()]


def test_loads_without_console_errors_or_network(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#articles tbody tr")
    assert page.problems == []
    assert page.locator("svg.hist rect").count() == 20
    assert page.locator("#articles tbody tr").count() == 100  # first page
    assert "1–100 of 133" in page.inner_text("#count")
    assert "binary" in page.inner_text("#failures")


def test_table_sorts(page) -> None:  # type: ignore[no-untyped-def]
    first = scores(page)
    assert first == sorted(first)  # default: lowest score first
    page.click("#articles th[data-col='1'] button")
    assert page.get_attribute("#articles th[data-col='1']", "aria-sort") == "descending"
    desc = scores(page)
    assert desc == sorted(desc, reverse=True) and desc[0] > first[0]
    page.click("#articles th[data-col='0'] button")
    paths = page.locator("#articles tbody tr td:nth-child(1)").all_inner_texts()
    assert page.get_attribute("#articles th[data-col='0']", "aria-sort") == "ascending"
    by_locale = page.evaluate("(a) => a.slice().sort((x, y) => x.localeCompare(y))", paths)
    assert paths == by_locale and paths[0] != paths[-1]
    page.fill("#filter", "slots")
    assert page.locator("#articles tbody tr").count() == 1
    page.fill("#filter", "")
    page.click("#next")
    assert page.locator("#articles tbody tr").count() == 33
    assert page.problems == []


def test_drill_down_opens_with_highlighted_spans(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#articles tbody tr:has-text('slots.txt') button.link")
    page.wait_for_selector("dialog#drill[open]")
    assert "slots.txt" in page.inner_text("#drill-title")
    marks = page.locator("#drill-text mark")
    assert marks.count() >= 3
    assert page.locator("#drill-findings li").count() >= 3
    text = page.inner_text("#drill-text")
    assert all(m in text for m in marks.all_inner_texts()[:5])
    page.locator("#drill-findings li").first.click()
    assert page.locator("#drill-text mark.focus").count() >= 1
    page.click("#drill-close")
    assert page.locator("dialog#drill[open]").count() == 0
    assert page.problems == []


def test_script_in_an_article_stays_text(page) -> None:  # type: ignore[no-untyped-def]
    row = page.locator("#articles tbody tr", has_text="<script>alert(1)")
    assert row.count() == 1  # the hostile file name is shown as text
    row.locator("button.link").click()
    page.wait_for_selector("dialog#drill[open]")
    text = page.inner_text("#drill-text")
    assert "<script>window.__pwned = 1</script>" in text
    assert "<img src=x" in text
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#drill-text script, #drill-text img").count() == 0
    assert page.locator("script").count() == 2
    assert page.problems == []
