/**
 * The self-contained HTML report: no external resource (works offline), a heatmap of task ×
 * language coloured by how good each value is, the dimension summary, the weakest languages
 * and tasks, comparisons, gates, the manifest, and a drill-down from any cell to its items.
 *
 * Model text is untrusted. The data travels as JSON in a non-executed script element with
 * every character that could close it escaped; the page script renders it only through
 * textContent; a Content-Security-Policy allows no script but the page's own (by hash); and
 * bidirectional-override characters are shown as visible markers, inside isolated elements.
 */
import crypto from 'node:crypto';
import type { Report } from './build.ts';

/** JSON that can sit inside <script> without ending it or being read as HTML. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value, (k, v) => (k === 'units' ? undefined : v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const STYLE = `
:root { --bg:#fbfbfa; --fg:#1c1c1c; --muted:#6b6b6b; --line:#dedede; --accent:#24527a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; background: var(--bg); color: var(--fg); }
header { padding: 20px 28px 8px; border-bottom: 1px solid var(--line); }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 10px; }
main { padding: 0 28px 40px; }
.muted { color: var(--muted); }
.controls { margin: 12px 0; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
table { border-collapse: collapse; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f1f1ef; }
.heatmap td.cell { width: 62px; min-width: 62px; text-align: center; cursor: pointer; border: 1px solid #fff; font-variant-numeric: tabular-nums; }
.heatmap td.cell:hover, .heatmap td.cell:focus { outline: 2px solid var(--accent); }
.heatmap td.cell.na { background: #e9e9e9; color: var(--muted); }
.heatmap th.lang { writing-mode: vertical-rl; height: 120px; font-weight: 500; vertical-align: bottom; text-align: left; white-space: nowrap; }
.heatmap td.dim { font-weight: 600; color: var(--accent); padding-top: 10px; }
.badge { display: inline-block; font-size: 10px; background: #333; color: #fff; border-radius: 6px; padding: 0 4px; margin-left: 2px; }
.legend span { display: inline-block; width: 28px; height: 12px; margin-right: 1px; vertical-align: middle; }
.callouts { display: flex; gap: 28px; flex-wrap: wrap; }
.callouts div { background: #fff; border: 1px solid var(--line); padding: 10px 14px; border-radius: 6px; }
#drill { margin-top: 18px; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; display: none; }
#drill.open { display: block; }
.text { white-space: pre-wrap; unicode-bidi: isolate; max-width: 560px; overflow-wrap: anywhere; }
.ctrl { color: #b00; font-family: monospace; font-size: 11px; }
.pass { color: #1b6b2a; font-weight: 600; } .fail { color: #a11; font-weight: 600; }
.better { color: #1b6b2a; } .worse { color: #a11; }
details pre { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); padding: 10px; max-height: 420px; overflow: auto; }
`;

/* The page script: renders everything from the JSON data with DOM calls and textContent only. */
const SCRIPT = `
(function () {
  'use strict';
  var R = JSON.parse(document.getElementById('clinic-data').textContent);
  var BIDI = /[\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c]/g;
  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  /* Untrusted text: isolated, with direction-override characters shown as markers. */
  function untrusted(s) {
    var box = el('bdi', { class: 'text', dir: 'auto' });
    var str = String(s == null ? '' : s), last = 0, m;
    BIDI.lastIndex = 0;
    while ((m = BIDI.exec(str))) {
      box.appendChild(document.createTextNode(str.slice(last, m.index)));
      box.appendChild(el('span', { class: 'ctrl', text: '[U+' + m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0') + ']' }));
      last = m.index + m[0].length;
    }
    box.appendChild(document.createTextNode(str.slice(last)));
    return box;
  }
  function fmt(v) { return v === null || v === undefined ? '—' : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3); }
  function ci(m) { return m && m.ci ? '[' + fmt(m.ci[0]) + ', ' + fmt(m.ci[1]) + ']' : ''; }
  function goodness(v, metric) {
    if (v === null || v === undefined || metric.direction === 'none') return null;
    var sc = metric.scale || [0, 1], x = Math.min(1, Math.max(0, (v - sc[0]) / (sc[1] - sc[0])));
    return metric.direction === 'higher' ? x : 1 - x;
  }
  function colour(g) { return g === null ? '' : 'hsl(' + Math.round(g * 120) + ', 62%, ' + (78 - Math.round(g * 10)) + '%)'; }
  var taskById = {}; R.tasks.forEach(function (t) { taskById[t.id] = t; });
  var langByCode = {}; R.langs.forEach(function (l) { langByCode[l.code] = l; });
  var order = { high: 0, medium: 1, low: 2 };
  var langs = R.langs.slice().sort(function (a, b) { return (order[a.resource] - order[b.resource]) || a.code.localeCompare(b.code); });
  var dims = []; R.tasks.forEach(function (t) { if (dims.indexOf(t.dimension) < 0) dims.push(t.dimension); });
  var target = R.targets[0];

  function cellOf(task, lang) {
    for (var i = 0; i < R.cells.length; i++) { var c = R.cells[i]; if (c.target === target && c.task === task && c.lang === lang) return c; }
    return null;
  }

  function renderHeatmap() {
    var host = document.getElementById('heatmap'); host.textContent = '';
    var head = el('tr', null, [el('th', { text: 'task (headline metric)' })]);
    langs.forEach(function (l) { head.appendChild(el('th', { class: 'lang', title: l.name + ' · ' + l.resource + ' resource', text: l.code + ' · ' + l.name })); });
    var table = el('table', { class: 'heatmap' }, [el('thead', null, [head])]);
    var body = el('tbody');
    dims.forEach(function (d) {
      body.appendChild(el('tr', null, [el('td', { class: 'dim', colspan: String(langs.length + 1), text: d })]));
      R.tasks.filter(function (t) { return t.dimension === d; }).forEach(function (t) {
        var metric = t.metrics.filter(function (m) { return m.id === t.headline; })[0];
        var row = el('tr', null, [el('td', { text: t.id + ' (' + t.headline + (metric.direction === 'higher' ? ' ↑' : metric.direction === 'lower' ? ' ↓' : '') + ')' })]);
        langs.forEach(function (l) {
          var c = cellOf(t.id, l.code), m = c && c.metrics[t.headline], v = m ? m.value : null, g = goodness(v, metric);
          var td = el('td', { class: 'cell' + (v === null ? ' na' : ''), tabindex: '0', 'data-task': t.id, 'data-lang': l.code,
            title: t.id + ' · ' + l.name + ': ' + t.headline + ' ' + fmt(v) + ' ' + ci(m) + (c ? ' · n=' + (m ? m.n : 0) + ', unassessed ' + c.unassessed : '') });
          if (g !== null) td.style.background = colour(g);
          td.appendChild(document.createTextNode(fmt(v)));
          if (c && c.unassessed) td.appendChild(el('span', { class: 'badge', title: 'unassessed cases', text: String(c.unassessed) }));
          td.addEventListener('click', function () { drill(t.id, l.code); });
          td.addEventListener('keydown', function (e) { if (e.key === 'Enter') drill(t.id, l.code); });
          row.appendChild(td);
        });
        body.appendChild(row);
      });
    });
    table.appendChild(body);
    host.appendChild(table);
  }

  function drill(task, lang) {
    var box = document.getElementById('drill'); box.textContent = ''; box.className = 'open';
    var c = cellOf(task, lang), l = langByCode[lang] || { name: lang }, t = taskById[task];
    box.appendChild(el('h2', { text: task + ' · ' + l.name + ' · ' + target }));
    if (!c) { box.appendChild(el('p', { text: 'No results for this cell.' })); return; }
    var mt = el('table', null, [el('tr', null, [el('th', { text: 'metric' }), el('th', { text: 'value' }), el('th', { text: '95% interval' }), el('th', { text: 'n' }), el('th', { text: 'unassessed' })])]);
    t.metrics.forEach(function (m) {
      var v = c.metrics[m.id];
      mt.appendChild(el('tr', null, [el('td', { text: m.id, title: m.description }), el('td', { text: fmt(v && v.value) }), el('td', { text: ci(v) }), el('td', { text: String(v ? v.n : 0) }), el('td', { text: String(v ? v.unassessed : 0) })]));
    });
    box.appendChild(mt);
    var reasons = Object.keys(c.unassessed_reasons || {});
    if (reasons.length) box.appendChild(el('p', { class: 'muted', text: 'Unassessed: ' + reasons.map(function (r) { return r + ' (' + c.unassessed_reasons[r] + ')'; }).join('; ') }));
    var it = el('table', { class: 'items' }, [el('tr', null, ['item', 'result', 'values', 'question', 'response', 'judge rationale / reason'].map(function (h) { return el('th', { text: h }); }))]);
    R.items.filter(function (i) { return i.target === target && i.task === task && i.lang === lang; }).forEach(function (i) {
      var vals = Object.keys(i.values || {}).filter(function (k) { return k !== 'response'; }).map(function (k) { var v = i.values[k]; return k + '=' + (typeof v === 'number' ? fmt(v) : String(v)); }).join(' ');
      it.appendChild(el('tr', { class: 'item-row' }, [
        el('td', { text: i.item + (i.variant ? ' · ' + i.variant : '') }),
        el('td', { text: i.status === 'assessed' ? (i.label || 'assessed') : 'unassessed' }),
        el('td', { text: vals }),
        el('td', null, [untrusted(i.question)]),
        el('td', null, [untrusted(i.response)]),
        el('td', null, [untrusted(i.rationale || i.reason || '')])
      ]));
    });
    box.appendChild(it);
    box.scrollIntoView({ block: 'start' });
  }

  function renderSummary() {
    var host = document.getElementById('summary'); host.textContent = '';
    var t = el('table', null, [el('tr', null, [el('th', { text: 'dimension' })].concat(['all'].concat(langs.map(function (l) { return l.code; })).map(function (c) { return el('th', { text: c }); })))]);
    dims.forEach(function (d) {
      var row = el('tr', null, [el('td', { text: d })]);
      ['all'].concat(langs.map(function (l) { return l.code; })).forEach(function (code) {
        var s = R.dimensions.filter(function (x) { return x.target === target && x.dimension === d && x.lang === code; })[0];
        var td = el('td', { text: s && s.score !== null ? s.score.toFixed(2) : '—' });
        if (s && s.score !== null) td.style.background = colour(s.score);
        row.appendChild(td);
      });
      t.appendChild(row);
    });
    host.appendChild(t);
    var w = R.worst.filter(function (x) { return x.target === target; })[0];
    var call = document.getElementById('worst'); call.textContent = '';
    if (w) {
      call.appendChild(el('div', null, [el('strong', { text: 'Weakest languages: ' }), w.languages.map(function (x) { return (langByCode[x.lang] || { name: x.lang }).name + ' (' + x.score.toFixed(2) + ')'; }).join(', ') || '—']));
      call.appendChild(el('div', null, [el('strong', { text: 'Weakest tasks: ' }), w.tasks.map(function (x) { return x.task + ' (' + x.score.toFixed(2) + ')'; }).join(', ') || '—']));
    }
  }

  function renderTables() {
    var rg = document.getElementById('resource'); rg.textContent = '';
    var t = el('table', null, [el('tr', null, ['task', 'metric', 'high', 'medium', 'low'].map(function (h) { return el('th', { text: h }); }))]);
    R.tasks.forEach(function (task) {
      var row = el('tr', null, [el('td', { text: task.id }), el('td', { text: task.headline })]);
      ['high', 'medium', 'low'].forEach(function (res) {
        var g = R.resource_groups.filter(function (x) { return x.target === target && x.task === task.id && x.metric === task.headline && x.resource === res; })[0];
        row.appendChild(el('td', { text: g ? fmt(g.value) : '—' }));
      });
      t.appendChild(row);
    });
    rg.appendChild(t);
    var cmp = document.getElementById('comparisons'); cmp.textContent = '';
    var rows = R.comparisons.filter(function (c) { return c.verdict === 'better' || c.verdict === 'worse'; });
    if (!R.comparisons.length) cmp.appendChild(el('p', { class: 'muted', text: 'One target and no baseline: nothing to compare.' }));
    else {
      var counts = {}; R.comparisons.forEach(function (c) { counts[c.verdict] = (counts[c.verdict] || 0) + 1; });
      cmp.appendChild(el('p', { text: Object.keys(counts).map(function (k) { return k + ': ' + counts[k]; }).join(' · ') }));
      var ct = el('table', null, [el('tr', null, ['candidate', 'baseline', 'task', 'lang', 'metric', 'baseline', 'candidate', 'difference', 'test', 'verdict'].map(function (h) { return el('th', { text: h }); }))]);
      rows.forEach(function (c) {
        ct.appendChild(el('tr', null, [c.candidate, c.baseline, c.task, c.lang, c.metric, fmt(c.baseline_value), fmt(c.candidate_value), fmt(c.difference), c.test + (c.p_value !== undefined ? ' p=' + c.p_value.toFixed(3) : c.ci ? ' ' + ci(c) : ''), c.verdict].map(function (v, i) { return el('td', { text: String(v), class: i === 9 ? c.verdict : '' }); })));
      });
      cmp.appendChild(ct);
    }
    var gates = document.getElementById('gates'); gates.textContent = '';
    if (!R.gates) gates.appendChild(el('p', { class: 'muted', text: 'No gates file was given.' }));
    else {
      var gt = el('table', null, [el('tr', null, ['', 'gate', 'target', 'lang', 'value', 'threshold', 'why'].map(function (h) { return el('th', { text: h }); }))]);
      R.gates.forEach(function (g) {
        gt.appendChild(el('tr', null, [el('td', { class: g.pass ? 'pass' : 'fail', text: g.pass ? 'PASS' : 'FAIL' }), el('td', { text: g.gate }), el('td', { text: g.target }), el('td', { text: g.lang || (g.scope === 'pooled' ? 'all' : '') }), el('td', { text: fmt(g.value) }), el('td', { text: g.threshold }), el('td', { text: g.pass ? '' : g.reason })]));
      });
      gates.appendChild(gt);
    }
    var agreement = document.getElementById('agreement'); agreement.textContent = '';
    var js = R.judge_sample;
    if (!js) agreement.appendChild(el('p', { class: 'muted', text: 'No judge sample was taken (clinic report --judge-sample N, or CLINIC_JUDGE_SAMPLE).' }));
    else {
      agreement.appendChild(el('p', { text: js.sampled + ' of ' + js.eligible + ' offline-scored cases judged again by ' + (js.judge || 'the judge') + ' (seed ' + js.seed + ').' }));
      var at = el('table', null, [el('tr', null, ['scorer', 'lang', 'judged', 'agreement', '95% CI', 'kappa', 'unassessed'].map(function (h) { return el('th', { text: h }); }))]);
      js.agreement.forEach(function (a) {
        at.appendChild(el('tr', null, [a.scorer, a.lang, String(a.n), a.n ? a.rate.toFixed(3) : '—', a.interval ? '[' + a.interval[0].toFixed(2) + ', ' + a.interval[1].toFixed(2) + ']' : '', a.kappa === null ? '—' : a.kappa.toFixed(2), String(a.unassessed)].map(function (v) { return el('td', { text: v }); })));
      });
      agreement.appendChild(at);
      if (js.disagreements.length) {
        var dt = el('table', { class: 'items' }, [el('tr', null, ['task', 'lang', 'item', 'offline', 'judge', 'judge rationale', 'response'].map(function (h) { return el('th', { text: h }); }))]);
        js.disagreements.forEach(function (d) {
          dt.appendChild(el('tr', null, [d.task, d.lang, d.item + (d.variant ? ' ' + d.variant : ''), d.offline, d.judge, d.rationale || '', d.response].map(function (v) { return el('td', { text: v }); })));
        });
        agreement.appendChild(el('details', null, [el('summary', { text: js.disagreements.length + ' disagreements' }), dt]));
      }
    }
    document.getElementById('manifest').textContent = JSON.stringify(R.manifest, null, 2);
  }

  var sel = document.getElementById('target');
  R.targets.forEach(function (t) { sel.appendChild(el('option', { value: t, text: t })); });
  sel.addEventListener('change', function () { target = sel.value; document.getElementById('drill').className = ''; render(); });
  function render() { renderHeatmap(); renderSummary(); renderTables(); }
  render();
  document.body.setAttribute('data-ready', 'true');
})();
`;

export function renderHtml(report: Report): string {
  const hash = crypto.createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const legend = Array.from({ length: 11 }, (_, i) => `<span style="background:hsl(${i * 12}, 62%, ${78 - i}%)"></span>`).join('');
  const m = report.manifest;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CLINIC report</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>CLINIC report</h1>
<div class="muted">${m.eval.cases} cases · ${report.tasks.length} tasks · ${report.langs.length} languages · ${report.targets.length} target${report.targets.length > 1 ? 's' : ''} · suite ${m.suite.version}${m.promptfoo_version ? ` · promptfoo ${m.promptfoo_version}` : ''} · ${m.report_created.slice(0, 10)}</div>
</header>
<main>
<div class="controls"><label>Target <select id="target"></select></label><span class="legend">worse ${legend} better</span><span class="muted">Click a cell for its items. Numbers in black badges are unassessed cases.</span></div>
<h2>Task × language</h2>
<div id="heatmap"></div>
<div id="drill"></div>
<h2>Dimensions</h2>
<p class="muted">Mean over each dimension's tasks of the headline metric, scaled so that 1 is the best end (a summary for orientation, not a CLINIC metric).</p>
<div id="summary"></div>
<div class="callouts" id="worst"></div>
<h2>Resource levels</h2>
<div id="resource"></div>
<h2>Comparisons</h2>
<div id="comparisons"></div>
<h2>Gates</h2>
<div id="gates"></div>
<h2>Offline scorers vs judge</h2>
<div id="agreement"></div>
<h2>Run manifest</h2>
<details><summary>Data hashes, versions, decoding, targets and judges</summary><pre id="manifest"></pre></details>
</main>
<script type="application/json" id="clinic-data">${scriptSafeJson(report)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
