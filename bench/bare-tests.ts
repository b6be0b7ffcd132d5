/** The suite's cases for the bare-engine run: same prompts and metadata, a trivial assertion. */
import { generateTests } from '../src/promptfoo/tests.ts';

export async function bareTests() {
  return (await generateTests()).map((t) => ({ ...t, assert: [{ type: 'javascript' as const, value: 'output.length > 0' }] }));
}
