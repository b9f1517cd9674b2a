"""The audit HTML page's stylesheet and script (``credscore.render.html`` inlines both; the
Content-Security-Policy allows the script by its hash). The script reads the page's JSON data
block and builds the table, the filters and the per-article drill-down with ``textContent`` only.
"""

CSS = """
:root{--fg:#1d2330;--muted:#6b7280;--bg:#f6f7f9;--panel:#fff;--line:#e3e6ea}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,
sans-serif;color:var(--fg);background:var(--bg)}header{padding:16px 24px 4px}h1{margin:0;
font-size:22px}h2{font-size:15px;margin:4px 0 10px}main{padding:8px 24px 40px}
.muted{color:var(--muted)}.cards{display:flex;gap:12px;flex-wrap:wrap;margin-bottom:14px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 16px;
min-width:120px}.card span{display:block;color:var(--muted);font-size:12px}.card b{font-size:20px}
.row{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:14px}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:14px 16px;
margin-bottom:14px}.hist{width:100%;height:auto}.hist .n{font-size:10px;text-anchor:middle;
fill:#444}.hist .tick{font-size:11px;text-anchor:middle;fill:#666}.hist .axis{stroke:#999}
.grades{display:flex;gap:8px;margin-top:6px}.grade{flex:1;text-align:center;border-radius:6px;
padding:4px;color:#fff}.grade b{display:block;font-size:16px}.gA{background:#2e7d32}
.gB{background:#689f38}.gC{background:#f9a825}.gD{background:#ef6c00}.gF{background:#c62828}
table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;border-bottom:1px solid var(--line);
text-align:left;vertical-align:top}.num{text-align:right}.bars .barcell{width:35%}
.bars .label{white-space:nowrap}.bar{display:inline-block;height:10px;border-radius:3px;
background:var(--c,#888)}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;
background:var(--c,#888)}.langs{columns:3;margin:0;padding-left:18px}
.tools{display:flex;gap:8px;align-items:center;margin-bottom:8px}#filter{flex:1;padding:6px;
border:1px solid var(--line);border-radius:6px}#articles th button{all:unset;cursor:pointer;
font-weight:600}#articles th[aria-sort=ascending] button::after{content:" ▲"}
#articles th[aria-sort=descending] button::after{content:" ▼"}#articles td.path{
word-break:break-all}button.link{all:unset;cursor:pointer;color:#1a56b0}
button.link:hover{text-decoration:underline}.gradecell{font-weight:700}
dialog{width:min(1100px,94vw);max-height:90vh;border:1px solid var(--line);border-radius:10px;
padding:14px 18px}dialog::backdrop{background:rgba(0,0,0,.35)}.dhead{display:flex;
justify-content:space-between;gap:12px}.dhead h2{word-break:break-all}#drill-close{font-size:20px;
border:0;background:none;cursor:pointer}.dbody{display:grid;grid-template-columns:minmax(0,2fr)
minmax(0,3fr);gap:14px}#drill-findings{margin:0;padding-left:30px;max-height:70vh;overflow:auto}
#drill-findings li{margin-bottom:8px;cursor:pointer}#drill-text{white-space:pre-wrap;
word-wrap:break-word;max-height:70vh;overflow:auto;font:13px/1.5 ui-monospace,monospace;
background:#fafafa;border:1px solid var(--line);border-radius:6px;padding:10px;margin:0}
mark{background:color-mix(in srgb,var(--c,#888) 22%,white);border-bottom:2px solid var(--c,#888);
color:inherit}mark.focus{outline:2px solid var(--c,#888)}.sev{font-size:11px;padding:0 5px;
border-radius:4px;background:#eee;margin-right:4px}.sev.error{background:#fde0e0}
.sev.warning{background:#fff1cc}.note{color:#8a5a00}.note:empty{display:none}
.fam-other{--c:#546e7a}@media (max-width:900px){.row,.dbody{grid-template-columns:1fr}}
"""

SCRIPT = """
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("credscore-data").textContent);
  var FAMS = {spam: 1, promo: 1, attribution: 1, filler: 1};
  var PAGE = 100, page = 0, sortCol = 1, sortDir = 1;
  var rows = D.articles.slice(), view = rows;
  var tbody = document.querySelector("#articles tbody");
  var heads = document.querySelectorAll("#articles th");
  var filter = document.getElementById("filter");
  var dialog = document.getElementById("drill");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function famClass(f) { return FAMS[f] ? "fam-" + f : "fam-other"; }
  function compare(a, b) {
    var x = a[sortCol], y = b[sortCol], c;
    if (typeof x === "number" && typeof y === "number") { c = x - y; }
    else { c = String(x).localeCompare(String(y)); }
    if (c === 0) { c = a[1] - b[1] || String(a[0]).localeCompare(String(b[0])); }
    return c * sortDir;
  }
  function refresh() {
    var q = filter.value.trim().toLowerCase();
    view = !q ? rows.slice() : rows.filter(function (r) {
      // r[8]: every rule the article has (r[6] shows only its top three)
      return (r[0] + " " + r[2] + " " + r[3] + " " + r[8]).toLowerCase().indexOf(q) >= 0;
    });
    view.sort(compare);
    draw();
  }
  function draw() {
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    if (page >= pages) { page = pages - 1; }
    var start = page * PAGE, frag = document.createDocumentFragment();
    view.slice(start, start + PAGE).forEach(function (r) {
      var tr = el("tr"), td = el("td", "path"), b = el("button", "link", r[0]);
      b.type = "button";
      b.addEventListener("click", function () { openArticle(r); });
      td.appendChild(b); tr.appendChild(td);
      tr.appendChild(el("td", "num", r[1]));
      tr.appendChild(el("td", "gradecell", r[2]));
      tr.appendChild(el("td", null, r[3]));
      tr.appendChild(el("td", "num", r[4].toLocaleString("en")));
      tr.appendChild(el("td", "num", r[5]));
      tr.appendChild(el("td", null, r[6]));
      frag.appendChild(tr);
    });
    tbody.replaceChildren(frag);
    document.getElementById("count").textContent = view.length ?
      (start + 1) + "–" + Math.min(start + PAGE, view.length) + " of " + view.length : "0 rows";
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = page >= pages - 1;
  }
  heads.forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var col = Number(th.dataset.col);
      if (col === sortCol) { sortDir = -sortDir; }
      else { sortCol = col; sortDir = th.dataset.type === "n" && col !== 1 ? -1 : 1; }
      heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", sortDir === 1 ? "ascending" : "descending");
      page = 0; refresh();
    });
  });
  filter.addEventListener("input", function () { page = 0; refresh(); });
  document.getElementById("prev").addEventListener("click", function () { page--; draw(); });
  document.getElementById("next").addEventListener("click", function () { page++; draw(); });

  function renderText(pre, text, findings) {
    var pts = [0, text.length], frag = document.createDocumentFragment();
    findings.forEach(function (f) { if (f[0] >= 0) { pts.push(f[0], f[1]); } });
    pts = pts.filter(function (v, i, a) { return a.indexOf(v) === i; })
      .sort(function (a, b) { return a - b; });
    for (var j = 0; j + 1 < pts.length; j++) {
      var a = pts[j], b = pts[j + 1], seg = text.slice(a, b), on = [];
      findings.forEach(function (f, i) {
        if (f[0] >= 0 && f[0] <= a && f[1] >= b) { on.push(i); }
      });
      if (!on.length) { frag.appendChild(document.createTextNode(seg)); continue; }
      var m = el("mark", famClass(findings[on[0]][4]), seg);
      m.title = on.map(function (i) {
        var f = findings[i]; return f[2] + " " + f[3] + ": " + f[6];
      }).join("\\n");
      m.dataset.f = on.join(" ");
      frag.appendChild(m);
    }
    pre.replaceChildren(frag);
  }
  function openArticle(r) {
    var d = r[7] >= 0 ? D.drill[r[7]] : null;
    document.getElementById("drill-title").textContent = r[0];
    document.getElementById("drill-facts").textContent = "score " + r[1] + " · grade " + r[2] +
      " · language " + r[3] + " · " + r[4].toLocaleString("en") + " words · " + r[5] +
      " findings" + (r[6] ? " · top rules " + r[6] : "");
    document.getElementById("drill-points").textContent = d && d.points.length ?
      "why this score: " + d.points.map(function (p) {
        return p[0] + " " + (p[0] === "base" ? p[1] : (p[1] > 0 ? "+" : "") + p[1]);
      }).join(" · ") : "";
    var list = document.getElementById("drill-findings");
    var pre = document.getElementById("drill-text");
    list.replaceChildren(); pre.replaceChildren();
    var note = "";
    if (!d) {
      note = "Text not embedded: only the lowest-scoring articles carry their text in this " +
        "report; the JSONL row of this file lists every finding.";
    } else {
      note = d.note || "";
      d.findings.forEach(function (f, i) {
        var li = el("li", famClass(f[4]));
        li.appendChild(el("span", "sev " + (f[5] === "error" || f[5] === "warning" ? f[5] : "info"),
          f[5]));
        li.appendChild(el("b", null, f[2] + " " + f[3]));
        li.appendChild(document.createTextNode(" — " + f[6] + " "));
        var pts = f[8] ? "(suppressed)" : (f[7] ? "−" + f[7] : "0") + " pts";
        li.appendChild(el("span", "muted", pts));
        li.addEventListener("click", function () {
          var m = pre.querySelector('mark[data-f~="' + i + '"]');
          pre.querySelectorAll("mark.focus").forEach(function (x) { x.classList.remove("focus"); });
          if (m) { m.classList.add("focus"); m.scrollIntoView({block: "center"}); }
        });
        list.appendChild(li);
      });
      if (!d.findings.length) { list.appendChild(el("li", "muted", "no findings")); }
      if (d.text !== null) { renderText(pre, d.text, d.findings); }
    }
    document.getElementById("drill-note").textContent = note;
    if (!dialog.open) { dialog.showModal(); }
  }
  document.getElementById("drill-close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (e) { if (e.target === dialog) { dialog.close(); } });

  var fl = document.getElementById("failures");
  D.failures.forEach(function (f) { fl.appendChild(el("li", null, f[1])); });
  if (D.failures_total > D.failures.length) {
    fl.appendChild(el("li", "muted", "… and " + (D.failures_total - D.failures.length) +
      " more (every failure is a row in the JSONL output)"));
  }
  refresh();
  var m = /^#drill=(\\d+)$/.exec(location.hash);
  if (m) {
    var hit = rows.filter(function (r) { return r[7] === Number(m[1]); })[0];
    if (hit) { openArticle(hit); }
  }
}());
"""
