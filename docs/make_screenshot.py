"""Make docs/audit-report.png and docs/audit-drilldown.png (the README's screenshots).

Run: ``.venv/bin/python docs/make_screenshot.py`` (needs ../shared/corpus, Debian's chromium
and the ``playwright`` package; never runs ``playwright install``).

It writes 400 news articles (bbc_news, reuters21578), 60 crypto pages (crypto_news_cryptorank,
crypto_news_rss) and the two seed articles as files into a temporary folder, audits them with
``credscore audit --html``, and photographs the report: the overview, and the drill-down of the
seed article ai-security-slots-insertion.txt (a text that is in this repository). Corpus texts
stay in the temporary folder; the overview shows only file names, scores and rule counts.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
TAKE = {"bbc_news": 250, "reuters21578": 150, "crypto_news_cryptorank": 40, "crypto_news_rss": 20}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    base = Path(tempfile.mkdtemp(prefix="credscore-shot-"))
    try:
        articles = base / "articles"
        for ds, n in TAKE.items():
            folder = articles / ds
            folder.mkdir(parents=True)
            with open(CORPUS / ds / "dev.jsonl", encoding="utf-8") as fh:
                for i, line in enumerate(fh):
                    if i >= n:
                        break
                    rec = json.loads(line)
                    title = (rec.get("title") or "").strip()
                    text = (title + "\n\n" if title else "") + rec["text"]
                    (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        seeds = articles / "seeds"
        seeds.mkdir()
        for name in ("ai-security-slots-insertion.txt", "crypto-news-distillation.txt"):
            shutil.copyfile(ROOT / "seeds" / name, seeds / name)
        (articles / "broken.txt").write_bytes(b"\x00\x01binary")
        report = base / "report.html"
        exe = Path(sys.executable).parent / "credscore"
        subprocess.run([str(exe), "audit", "articles", "--html", "report.html", "--jobs", "2"],
                       cwd=base, stdout=subprocess.DEVNULL, check=False)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1500})
            page.goto(report.as_uri())
            page.wait_for_selector("#articles tbody tr")
            page.screenshot(path=str(ROOT / "docs" / "audit-report.png"))
            page.fill("#filter", "slots")
            page.click("#articles tbody tr button.link")
            page.wait_for_selector("dialog#drill[open]")
            page.locator("#drill-findings li").nth(1).click()
            page.set_viewport_size({"width": 1280, "height": 900})
            page.screenshot(path=str(ROOT / "docs" / "audit-drilldown.png"))
            browser.close()
        print("wrote docs/audit-report.png and docs/audit-drilldown.png")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
