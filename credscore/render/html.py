"""The audit's HTML report: one self-contained file (inline CSS and JS, no network).

What it shows: totals, a score histogram (inline SVG), findings by family and by rule, the
language mix, a sortable and filterable table of articles, failures, and a drill-down per article
with its text and every flagged span highlighted.

Memory: the collector never holds every text. It keeps bounded aggregates (the audit summary),
the ``max_articles`` lowest-scoring rows for the table (default 25,000; the page says when rows
were left out) and the findings of the ``max_texts`` lowest-scoring articles (default 100). Their
texts are read again from disk when the report is written (checked against the row's content
hash; an article that changed or vanished shows its findings without the text). Texts longer
than ``text_cap`` characters are cut, with a note.

Safety: every string from an article or a path reaches the page either through ``html.escape``
(static parts) or as JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&``
escaped, and the script puts it in the page with ``textContent`` only. A Content-Security-Policy
allows no network access and only the page's own script (by hash), so even a mistake in escaping
could not run an article's ``<script>``.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .htmlassets import CSS, SCRIPT
from .summary import GRADES, HIST_BINS, AuditSummary, _Inverted, push_smallest, top_ids
from .summary import display as _clean
from .words import plural

if TYPE_CHECKING:
    from ..audit.rows import RowInfo

GENERATOR_TAG = '<meta name="generator" content="credscore audit report">'
"""Marks the report so that a later audit of the same folder does not score it as an article."""


def is_audit_report(path: str) -> bool:
    """Does ``path`` (an .html/.htm file) start like a credscore audit report?"""
    if not path.lower().endswith((".html", ".htm")):
        return False
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False  # a FIFO or device: never read it
            head = os.read(fd, 512)
        finally:
            os.close(fd)
    except OSError:
        return False
    return GENERATOR_TAG.encode() in head


FAMILY_ORDER = ("spam", "promo", "attribution", "filler")
FAMILY_COLOURS = {"spam": "#c62828", "promo": "#ef6c00", "attribution": "#1565c0",
                  "filler": "#6a1b9a"}


def _points_summary(reasons: Any, n: int = 8) -> tuple[tuple[str, float], ...]:
    """The base and the ``n`` lines of a report's points table that moved its score most."""
    from .reasons import effect, label

    rows = [r for r in reasons if isinstance(r, dict) and "points" in r]
    base = [("base", round(float(r["points"]), 1)) for r in rows if r.get("kind") == "base"]
    moved = sorted((r for r in rows if r.get("kind") != "base"), key=lambda r: -abs(effect(r)))
    return tuple(base + [(_clean(label(r)), round(effect(r), 1)) for r in moved[:n]])


def _utf16_offsets(text: str) -> Any:
    """A function mapping code-point offsets to UTF-16 offsets (what JavaScript strings use)."""
    astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
    if not astral:
        return lambda i: i
    return lambda i: i + bisect.bisect_left(astral, i)


class HtmlCollector:
    """Collects what the report needs, row by row, in bounded memory; then writes the page."""

    def __init__(self, max_articles: int = 25_000, max_texts: int = 100,
                 max_failures: int = 1_000, text_cap: int = 300_000) -> None:
        self.max_articles = max_articles
        self.max_texts = max_texts
        self.max_failures = max_failures
        self.text_cap = text_cap
        self._articles: list[_Inverted] = []
        self._drill: list[_Inverted] = []
        self._failures: list[_Inverted] = []

    def add(self, info: RowInfo, line: str) -> None:
        if not info.failed and (not info.assessed or info.score is None):
            return  # not assessed: counted in the summary, no score to rank
        if info.failed:
            push_smallest(self._failures, self.max_failures, (info.path, info.error or ""))
            return
        key = (info.score, -len(info.rules), info.path)
        push_smallest(self._articles, self.max_articles,
                      (*key, info.grade or "", info.language or "", info.word_count,
                       top_ids(info), " ".join(sorted({r[0] for r in info.rules}))))
        if self.max_texts and (len(self._drill) < self.max_texts
                               or key < self._drill[0].item[:3]):
            try:
                row = json.loads(line)
            except ValueError:
                row = {}
            findings = row.get("findings", [])
            points = _points_summary(row.get("reasons", []))
            compact = tuple(
                (f["start"], f["end"], f.get("rule_id", ""), f.get("rule", ""),
                 f.get("family", ""), f.get("severity", ""), f.get("message", ""),
                 f.get("penalty", 0), bool(f.get("suppressed")))
                for f in findings if isinstance(f, dict) and "start" in f and "end" in f
            )
            push_smallest(self._drill, self.max_texts,
                          (*key, info.grade or "", info.language or "", info.word_count,
                           info.content_hash, compact, points))

    # ------------------------------------------------------------------ writing

    def _drill_entry(self, item: tuple[Any, ...], max_bytes: int | None) -> dict[str, Any]:
        from ..audit.rows import content_hash
        from ..errors import CredscoreError
        from ..load import format_for, parse_bytes, read_file

        score, _negf, path, grade, lang, words, digest, findings, points = item
        entry: dict[str, Any] = {"path": _clean(path), "score": score, "grade": grade,
                                 "language": lang, "words": words, "text": None, "note": "",
                                 "points": [list(p) for p in points]}
        text = None
        try:
            from ..names import unescape_path

            data = read_file(unescape_path(path), max_bytes)
            if digest and content_hash(data) != digest:
                entry["note"] = "the file changed after it was scored; its text is not shown"
            else:
                text = parse_bytes(data, format_for(path), path, max_bytes).text
        except CredscoreError as err:
            entry["note"] = f"text not available: {err}"
        kept = list(findings)
        if text is not None:
            if len(text) > self.text_cap:
                kept = [f for f in kept if f[1] <= self.text_cap]
                entry["note"] = (f"text cut at {self.text_cap:,} of {len(text):,} characters; "
                                 f"{plural(len(findings) - len(kept), 'finding')} beyond the "
                                 "cut are listed in the JSONL row only")
                text = text[: self.text_cap]
            to16 = _utf16_offsets(text)
            entry["text"] = text
            entry["findings"] = [[to16(f[0]), to16(f[1]), *f[2:]] for f in kept]
        else:
            entry["findings"] = [[-1, -1, *f[2:]] for f in kept]
        return entry

    def data(self, summary: AuditSummary, meta: dict[str, Any]) -> dict[str, Any]:
        drill_items = sorted(x.item for x in self._drill)
        drill_index = {item[2]: i for i, item in enumerate(drill_items)}
        articles = [
            [_clean(p), s, g, lang, w, -nf, top, drill_index.get(p, -1), every]
            for s, nf, p, g, lang, w, top, every in sorted(x.item for x in self._articles)
        ]
        max_bytes = meta.get("max_bytes")
        return {
            "meta": {k: v for k, v in meta.items() if k != "max_bytes"},
            "articles": articles,
            "articles_total": summary.scored,
            "drill": [self._drill_entry(item, max_bytes) for item in drill_items],
            "failures": [[_clean(p), _clean(e)] for p, e in
                         sorted(x.item for x in self._failures)],
            "failures_total": summary.failed,
        }

    def write(self, path: Path, summary: AuditSummary, meta: dict[str, Any]) -> None:
        from ..safeio import atomic_writer

        page = render_page(summary, self.data(summary, meta))
        with atomic_writer(path, newline=None) as fh:
            fh.write(page)


# ---------------------------------------------------------------------- the page


def _json_for_html(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _histogram_svg(summary: AuditSummary) -> str:
    width, height, pad = 640, 170, 28
    top = max(summary.histogram) or 1
    bar_w = (width - 2 * pad) / HIST_BINS
    parts = [f'<svg class="hist" viewBox="0 0 {width} {height + 30}" role="img" '
             f'aria-label="score histogram">']
    for i, n in enumerate(summary.histogram):
        h = (height - pad) * n / top
        x = pad + i * bar_w
        hue = round(i * 120 / (HIST_BINS - 1))
        lo, hi = i * 5, (100 if i == HIST_BINS - 1 else i * 5 + 4)
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{height - h:.1f}" width="{bar_w - 2:.1f}" '
            f'height="{h:.1f}" fill="hsl({hue},60%,45%)"><title>score {lo}–{hi}: {n:,} '
            f'article{"s" if n != 1 else ""}</title></rect>'
        )
        if n:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - h - 4:.1f}" '
                         f'class="n">{n:,}</text>')
    for tick in (0, 25, 50, 75, 100):
        x = pad + (tick / 100) * (width - 2 * pad)
        parts.append(f'<text x="{x:.1f}" y="{height + 18}" class="tick">{tick}</text>')
    parts.append(f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" '
                 'class="axis"/></svg>')
    return "".join(parts)


def _bar_rows(rows: list[tuple[str, str, int, int]], total_articles: int) -> str:
    """rows of (label html, css class, findings, articles) as a table with inline bars."""
    if not rows:
        return '<p class="muted">no findings</p>'
    peak = max(r[2] for r in rows) or 1
    out = ['<table class="bars"><thead><tr><th></th><th class="num">findings</th>'
           '<th class="num">articles</th><th class="num">share</th><th></th></tr></thead><tbody>']
    for label, cls, findings, articles in rows:
        pct = 100 * findings / peak
        share = articles / total_articles if total_articles else 0.0
        out.append(f'<tr><td class="label">{label}</td><td class="num">{findings:,}</td>'
                   f'<td class="num">{articles:,}</td><td class="num">{share:.1%}</td>'
                   f'<td class="barcell"><span class="bar {cls}" style="width:{pct:.1f}%">'
                   '</span></td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


TABLE_COLUMNS = (("path", "s"), ("score", "n"), ("grade", "s"), ("language", "s"),
                 ("words", "n"), ("findings", "n"), ("top rules", "s"))


def _table_heads() -> str:
    cells = []
    for i, (label, kind) in enumerate(TABLE_COLUMNS):
        sort = "ascending" if i == 1 else "none"
        num = ' class="num"' if kind == "n" else ""
        cells.append(f'<th data-col="{i}" data-type="{kind}" aria-sort="{sort}"{num}>'
                     f'<button type="button">{label}</button></th>')
    return "\n".join(cells)


def _family_class(family: str) -> str:
    return "fam-" + family if family in FAMILY_COLOURS else "fam-other"


def render_page(summary: AuditSummary, data: dict[str, Any]) -> str:
    meta = data["meta"]
    mean = summary.mean_score
    median = summary.median_score()
    cards = [
        ("articles", f"{summary.total:,}"),
        ("scored", f"{summary.scored:,}"),
        ("not assessed", f"{summary.not_assessed:,}"),
        ("failed", f"{summary.failed:,}"),
        ("mean score", f"{mean:.1f}" if mean is not None else "–"),
        ("median (±2.5)", f"{median:.1f}" if median is not None else "–"),
        ("words", f"{summary.words:,}"),
    ]
    grade_cells = "".join(
        f'<div class="grade g{g}"><b>{g}</b><span>{summary.grades.get(g, 0):,}</span></div>'
        for g in GRADES
    )
    fam_rows = [
        (f'<span class="dot {_family_class(f)}"></span>{escape(f)}', _family_class(f), v[0], v[1])
        for f, v in sorted(summary.families.items(),
                           key=lambda kv: (FAMILY_ORDER.index(kv[0])
                                           if kv[0] in FAMILY_ORDER else 99, kv[0]))
    ]
    rule_rows = [
        (f'<code>{escape(rid)}</code> {escape(stat.rule)} <span class="muted">'
         f'{escape(stat.family)}</span>', _family_class(stat.family), stat.findings,
         stat.articles)
        for rid, stat in summary.top_rules(len(summary.rules))
    ]
    langs = "".join(
        f'<li><code>{escape(code)}</code> {n:,} <span class="muted">'
        f'({n / max(1, summary.scored):.1%})</span></li>'
        for code, n in sorted(summary.languages.items(), key=lambda kv: (-kv[1], kv[0]))
    ) or '<li class="muted">none</li>'
    kinds = ", ".join(f"{escape(k)} {n:,}" for k, n in
                      sorted(summary.failure_kinds.items(), key=lambda kv: (-kv[1], kv[0])))
    shown = len(data["articles"])
    table_note = (f"Showing the {shown:,} lowest-scoring of {summary.scored:,} articles."
                  if shown < summary.scored else f"All {summary.scored:,} articles.")
    texts = len(data["drill"])
    table_note += (f" The {texts:,} lowest-scoring open with their text and highlighted spans; "
                   "the others show their facts and top rules." if texts else "")
    inputs = ", ".join(escape(str(p)) for p in meta.get("inputs", []))
    fam_css = "".join(
        f".fam-{f}{{--c:{c}}}" for f, c in FAMILY_COLOURS.items()
    )
    css = CSS + fam_css
    script = SCRIPT
    csp = (f"default-src 'none'; script-src {_csp_hash(script)}; style-src 'unsafe-inline'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
{GENERATOR_TAG}
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>credscore audit: {summary.total:,} articles</title>
<style>{css}</style></head>
<body>
<header><h1>credscore audit</h1>
<p class="muted">{summary.total:,} files from {inputs or "–"} · credscore
{escape(str(meta.get("credscore_version", "")))} · rules {escape(str(meta.get("rules_hash", "")))}
</p></header>
<main>
<section class="cards">{"".join(f'<div class="card"><span>{k}</span><b>{v}</b></div>'
                                 for k, v in cards)}</section>
<section class="row">
<div class="panel"><h2>Score histogram</h2>{_histogram_svg(summary)}
<div class="grades">{grade_cells}</div></div>
<div class="panel"><h2>Findings by family</h2>{_bar_rows(fam_rows, summary.scored)}
<h2>Languages</h2><ul class="langs">{langs}</ul></div>
</section>
<section class="panel"><h2>Findings by rule</h2>{_bar_rows(rule_rows, summary.scored)}</section>
<section class="panel" id="articles-panel"><h2>Articles</h2>
<p class="muted">{table_note} Click a column to sort, a path to open the article.</p>
<div class="tools"><input id="filter" type="search"
 placeholder="filter: path, grade, language, rule" aria-label="filter articles">
<span id="count"></span>
<button id="prev" type="button">‹ prev</button><button id="next" type="button">next ›</button></div>
<table id="articles"><thead><tr>
{_table_heads()}
</tr></thead><tbody></tbody></table>
<noscript><p>The article table and drill-down need JavaScript; the JSONL rows hold the same
facts.</p></noscript>
</section>
<section class="panel" id="failures-panel"><h2>Failures ({summary.failed:,})</h2>
<p class="muted">{kinds or "none"}</p><ul id="failures"></ul></section>
</main>
<dialog id="drill" aria-labelledby="drill-title"><div class="dhead">
<h2 id="drill-title"></h2><button type="button" id="drill-close" aria-label="close">×</button></div>
<p id="drill-facts" class="muted"></p><p id="drill-points" class="muted"></p>
<p id="drill-note" class="note"></p>
<div class="dbody"><ol id="drill-findings"></ol><pre id="drill-text"></pre></div></dialog>
<script type="application/json" id="credscore-data">{_json_for_html(data)}</script>
<script>{script}</script>
</body></html>
"""
