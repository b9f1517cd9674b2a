"""The HTML report as a file: self-contained, escaped, bounded, and faithful to the rows."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from credscore.audit.rows import RowInfo
from credscore.audit.runner import AuditOptions, run_audit
from credscore.config import Config
from credscore.render.html import HtmlCollector, render_page
from credscore.render.summary import AuditSummary

from .conftest import CRYPTO_SEED, SLOTS_SEED

HOSTILE = ("Breaking news\n\nThe <script>window.__pwned = 1</script> tag and "
           "<img src=x onerror=\"window.__pwned = 2\"> and </script><script>alert(1)</script> "
           "are quoted here. Experts say it is dangerous. Click here to buy cheap pills now.\n")


def audit_folder(tmp_path: Path, **kw) -> tuple[Path, object]:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile <b>&amp;.txt").write_text(HOSTILE, encoding="utf-8")
    (folder / "slots.txt").write_bytes(SLOTS_SEED.read_bytes())
    (folder / "crypto.txt").write_bytes(CRYPTO_SEED.read_bytes())
    (folder / "emoji.txt").write_text("Fans \U0001F600 cheered in the square on Saturday night. "
                                      "Experts say the club will win. Sources said so.\n",
                                      encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    html = tmp_path / "report.html"
    result = run_audit([str(folder)], Config(), AuditOptions(jobs=1, html=html, **kw))
    return html, result


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="credscore-data">(.*?)</script>', page,
                  re.S)
    assert m
    return json.loads(m.group(1))


def test_article_text_never_becomes_markup(tmp_path: Path) -> None:
    html, _ = audit_folder(tmp_path)
    page = html.read_text(encoding="utf-8")
    assert "__pwned" in page  # the text is in the report...
    assert "<script>window.__pwned" not in page  # ...but never as markup
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "hostile <b>" not in page  # paths are escaped too
    assert page.count("<script") == 2  # the data block and the page's own script, nothing else
    data = page_data(page)
    hostile = next(d for d in data["drill"] if "hostile" in d["path"])
    assert "<script>window.__pwned = 1</script>" in hostile["text"]


def test_self_contained_with_a_strict_policy(tmp_path: Path) -> None:
    html, _ = audit_folder(tmp_path)
    page = html.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp  # only this exact script may run


def test_report_matches_the_rows(tmp_path: Path) -> None:
    html, result = audit_folder(tmp_path)
    page = html.read_text(encoding="utf-8")
    data = page_data(page)
    summary = result.summary  # type: ignore[attr-defined]
    assert data["articles_total"] == summary.scored == 4
    assert data["failures_total"] == summary.failed == 0
    assert summary.not_assessed == 1 and "not assessed" in page  # empty.txt: counted, no score
    assert [a[1] for a in data["articles"]] == sorted(a[1] for a in data["articles"])
    assert sum(summary.histogram) == summary.scored
    for rid in summary.rules:
        assert rid in page  # findings by rule
    for fam in summary.families:
        assert fam in page  # findings by family
    # drill-down spans point at the evidence (UTF-16 offsets, as JavaScript counts)
    for d in data["drill"]:
        text16 = d["text"].encode("utf-16-le")
        for f in d["findings"]:
            start, end = f[0], f[1]
            span = text16[2 * start : 2 * end].decode("utf-16-le")
            assert span.strip(), (d["path"], f)
    emoji = next(d for d in data["drill"] if d["path"].endswith("emoji.txt"))
    assert emoji["findings"], "the emoji article should have an attribution finding"
    f = emoji["findings"][0]
    utf16 = emoji["text"].encode("utf-16-le")
    assert utf16[2 * f[0] : 2 * f[1]].decode("utf-16-le") in emoji["text"]


def test_changed_file_keeps_findings_but_not_text(tmp_path: Path) -> None:
    collector = HtmlCollector(max_texts=5)
    path = tmp_path / "a.txt"
    path.write_text("Experts say so.\n", encoding="utf-8")
    line = json.dumps({"path": str(path), "score": 90, "findings": [
        {"start": 0, "end": 11, "rule_id": "AT101", "rule": "vague", "family": "attribution",
         "severity": "warning", "message": "m", "penalty": 3}]})
    info = RowInfo(str(path), 90, "A", "en", 3, (("AT101", "vague", "attribution"),), None,
                   "0" * 32)
    summary = AuditSummary()
    summary.add(info)
    collector.add(info, line)
    data = collector.data(summary, {})
    (entry,) = data["drill"]
    assert entry["text"] is None and "changed" in entry["note"]
    assert entry["findings"][0][2] == "AT101"


def test_memory_bounds_articles_and_texts() -> None:
    collector = HtmlCollector(max_articles=50, max_texts=3)
    summary = AuditSummary()
    for i in range(2000):
        info = RowInfo(f"/nowhere/{i:05d}.txt", (i * 37) % 101, "A", "en", 10, (), None, None)
        summary.add(info)
        collector.add(info, json.dumps({"findings": []}))
    data = collector.data(summary, {})
    assert len(data["articles"]) == 50 and len(data["drill"]) == 3
    assert max(a[1] for a in data["articles"]) <= 2  # the lowest scores are the ones kept
    assert all(d["score"] == 0 for d in data["drill"])
    page = render_page(summary, data)
    assert "Showing the 50 lowest-scoring of 2,000 articles" in page


def test_html_texts_option_limits_embedded_texts(tmp_path: Path) -> None:
    html, _ = audit_folder(tmp_path, html_texts=1)
    data = page_data(html.read_text(encoding="utf-8"))
    assert len(data["drill"]) == 1 and len(data["articles"]) == 4
    assert sum(1 for a in data["articles"] if a[7] >= 0) == 1
