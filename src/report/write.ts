/** Writing a report's outputs: HTML, Markdown, JSON (full model), the original-shape results and JUnit gates. */
import fs from 'node:fs';
import path from 'node:path';
import { gatesJUnit } from '../gates/gates.ts';
import type { Report } from './build.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';

export interface ReportOutputs {
  html?: string | undefined;
  md?: string | undefined;
  json?: string | undefined;
  original?: string | undefined;
  junit?: string | undefined;
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Writes the requested outputs; returns the files written. */
export function writeReport(report: Report, out: ReportOutputs): string[] {
  const written: string[] = [];
  if (out.html) {
    write(out.html, renderHtml(report));
    written.push(out.html);
  }
  if (out.md) {
    write(out.md, renderMarkdown(report));
    written.push(out.md);
  }
  if (out.json) {
    const { items: _items, ...rest } = report;
    write(out.json, `${JSON.stringify(rest, (k, v) => (k === 'units' ? undefined : v), 2)}\n`);
    written.push(out.json);
  }
  if (out.original) {
    write(out.original, `${JSON.stringify(report.original, null, 2)}\n`);
    written.push(out.original);
  }
  if (out.junit && report.gates) {
    write(out.junit, gatesJUnit(report.gates));
    written.push(out.junit);
  }
  return written;
}

/** results.json → results.report.html, results.summary.md, results.report.json, results.clinic-results.json. */
export function defaultOutputs(resultsFile: string): ReportOutputs {
  const p = path.parse(path.resolve(resultsFile));
  const stem = path.join(p.dir, p.name);
  return { html: `${stem}.report.html`, md: `${stem}.summary.md`, json: `${stem}.report.json`, original: `${stem}.clinic-results.json` };
}
