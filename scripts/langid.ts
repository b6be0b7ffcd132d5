/** Prints, per language, the share of item texts cld3 identifies as that language. */
import { identifyTexts } from '../src/langid.ts';
import { loadTasks } from '../src/load/tasks.ts';

const langs = process.argv.slice(2);
if (langs.length === 0) {
  process.stderr.write('usage: npx node scripts/langid.ts <lang> [<lang> ...]\n');
  process.exit(2);
}
const results = await identifyTexts(loadTasks(), langs);
for (const r of results) {
  const share = r.checked ? r.matched / r.checked : 0;
  process.stdout.write(`${r.lang}: ${r.matched}/${r.checked} identified (${(share * 100).toFixed(1)}%)\n`);
  for (const m of r.mismatches) process.stdout.write(`  ${m.task} ${m.item}: detected ${m.detected}: ${m.text}\n`);
}
