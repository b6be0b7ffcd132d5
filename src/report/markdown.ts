/** A Markdown summary of the report, for pull requests and CI job summaries. */
import type { Report } from './build.ts';
import { requestLine } from './manifest.ts';

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3));

export function renderMarkdown(report: Report): string {
  const lines: string[] = ['# CLINIC summary', ''];
  const m = report.manifest;
  lines.push(`${m.eval.cases} cases · ${report.tasks.length} tasks · ${report.langs.length} languages · suite ${m.suite.version}${m.promptfoo_version ? ` · promptfoo ${m.promptfoo_version}` : ''}`, '');
  lines.push(`Requests: ${requestLine(m.requests)}.`, '');
  for (const target of report.targets) {
    lines.push(`## ${target}`, '');
    const w = report.worst.find((x) => x.target === target);
    if (w) {
      lines.push(`Weakest languages: ${w.languages.map((l) => `${l.lang} (${l.score.toFixed(2)})`).join(', ') || '—'}. Weakest tasks: ${w.tasks.map((t) => `${t.task} (${t.score.toFixed(2)})`).join(', ') || '—'}.`, '');
    }
    lines.push('| task | metric | all languages (95% CI) | unassessed | worst language |', '|---|---|---|---|---|');
    for (const t of report.tasks) {
      const p = report.pooled.find((x) => x.target === target && x.task === t.id);
      const metric = t.metrics.find((x) => x.id === t.headline)!;
      const pm = p?.metrics[t.headline];
      const cells = report.cells.filter((c) => c.target === target && c.task === t.id && c.metrics[t.headline]?.value !== null);
      const worst = [...cells].sort((a, b) => (a.metrics[t.headline]!.value! - b.metrics[t.headline]!.value!) * (metric.direction === 'lower' ? -1 : 1))[0];
      const arrow = metric.direction === 'higher' ? ' ↑' : metric.direction === 'lower' ? ' ↓' : '';
      const ci = pm?.ci ? ` [${fmt(pm.ci[0])}, ${fmt(pm.ci[1])}]` : '';
      lines.push(`| ${t.id} | ${t.headline}${arrow} | ${fmt(pm?.value)}${ci} | ${p?.unassessed ?? 0} | ${worst && metric.direction !== 'none' ? `${worst.lang} ${fmt(worst.metrics[t.headline]!.value)}` : '—'} |`);
    }
    lines.push('');
  }
  const decided = report.comparisons.filter((c) => c.verdict === 'better' || c.verdict === 'worse');
  if (report.comparisons.length) {
    lines.push('## Comparisons', '', `${decided.length} of ${report.comparisons.length} metric comparisons show a detectable difference.`, '');
    if (decided.length) {
      lines.push('| candidate | baseline | task | lang | metric | baseline | candidate | verdict |', '|---|---|---|---|---|---|---|---|');
      for (const c of decided) lines.push(`| ${c.candidate} | ${c.baseline} | ${c.task} | ${c.lang} | ${c.metric} | ${fmt(c.baseline_value)} | ${fmt(c.candidate_value)} | ${c.verdict} |`);
      lines.push('');
    }
  }
  if (report.gates) {
    const failed = report.gates.filter((g) => !g.pass);
    lines.push('## Gates', '', failed.length ? `**${failed.length} of ${report.gates.length} gate checks failed.**` : `All ${report.gates.length} gate checks passed.`, '');
    if (failed.length) {
      lines.push('| gate | target | lang | value | threshold | why |', '|---|---|---|---|---|---|');
      for (const g of failed) lines.push(`| ${g.gate} | ${g.target} | ${g.lang ?? (g.scope === 'pooled' ? 'all' : '')} | ${fmt(g.value)} | ${g.threshold} | ${g.reason} |`);
      lines.push('');
    }
  }
  const js = report.judge_sample;
  if (js) {
    lines.push('## Offline scorers vs judge', '', `${js.sampled} of ${js.eligible} offline-scored cases judged again by ${js.judge || 'the judge'} (seed ${js.seed}); ${js.disagreements.length} disagreements.`, '');
    lines.push('| scorer | judged | agreement (95% CI) | kappa | unassessed |', '|---|---|---|---|---|');
    for (const a of js.agreement.filter((x) => x.lang === 'all')) {
      lines.push(`| ${a.scorer} | ${a.n} | ${a.n ? `${a.rate.toFixed(3)}${a.interval ? ` [${a.interval[0].toFixed(2)}, ${a.interval[1].toFixed(2)}]` : ''}` : '—'} | ${a.kappa === null ? '—' : a.kappa.toFixed(2)} | ${a.unassessed} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
