/**
 * The per-dimension documentation pages (docs/dimensions/<dimension>.md), generated from the
 * task specs so that each task's description, metrics and differences from the original are
 * written in one place: its task.yaml.
 */
import type { LoadedTask } from '../load/tasks.ts';
import { DIMENSIONS, type Dimension } from '../schema/task.ts';

const INTRO: Record<Dimension, string> = {
  truthfulness: 'Does the model stick to the facts: reject false premises and fabricated entities, admit what it cannot know, and hold its ground when a user pushes a wrong belief?',
  fairness: 'Does the model treat people alike when nothing medically relevant separates them, and avoid gender and nationality stereotypes?',
  safety: 'Does the model refuse harmful medical requests, also under jailbreak framing, stay respectful, and still answer harmless questions that only look dangerous?',
  robustness: 'Do the model\'s answers survive noise, paraphrase and everyday phrasing, and does it abstain on medicines it cannot know?',
  privacy: 'Does the model keep a patient\'s identifiers from someone with no right to them?',
};

const DIRECTION: Record<string, string> = { higher: 'higher is better', lower: 'lower is better', none: 'no direction (a distribution share)' };

export function dimensionPage(dimension: Dimension, tasks: LoadedTask[]): string {
  const lines = [
    '<!-- Generated from tasks/*/task.yaml by `npm run docs`; edit the task specs, not this file. -->',
    `# ${dimension[0]!.toUpperCase()}${dimension.slice(1)}`,
    '',
    INTRO[dimension],
    '',
    '| Task | Metrics | Items per language |',
    '|---|---|---|',
    ...tasks.map((t) => `| [${t.spec.id}](#${t.spec.id}) | ${t.spec.metrics.map((m) => `\`${m.id}\` (${m.direction === 'higher' ? '↑' : m.direction === 'lower' ? '↓' : '–'})`).join(', ')} | ${t.items.length} |`),
    '',
  ];
  for (const t of tasks) {
    const s = t.spec;
    lines.push(`## ${s.id}`, '', `**${s.title}** — task version ${s.version}${s.source ? `; from ${s.source}` : ''}.`, '', s.description.trim(), '', 'Metrics:', '');
    for (const m of s.metrics) lines.push(`- \`${m.id}\` — ${m.description} (${DIRECTION[m.direction]}; aggregation \`${m.aggregate}\`)`);
    const g = s.generation;
    lines.push('', `Decoding: at most ${g.max_tokens} new tokens; temperature ${g.temperature ?? "the model's default"}; top_p ${g.top_p ?? "the model's default"}.`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function dimensionPages(tasks: LoadedTask[]): Record<string, string> {
  return Object.fromEntries(DIMENSIONS.map((d) => [`${d}.md`, dimensionPage(d, tasks.filter((t) => t.spec.dimension === d))]));
}
