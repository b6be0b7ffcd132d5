/**
 * Response cleaning shared by every scorer: reasoning blocks are separated from the answer.
 * Unlike the original code, no characters are ever stripped by script: answers in Arabic,
 * Devanagari, Han or any other script reach the scorers intact.
 */

export interface CleanedResponse {
  /** The answer the model gave, without reasoning blocks, trimmed. */
  text: string;
  /** The reasoning the model emitted before answering, if any. */
  reasoning?: string;
  /** True when a reasoning block was opened but never closed (generation ran out inside it). */
  truncatedReasoning?: boolean;
}

const OPEN = /<(think|thinking|reasoning)>/i;
const CLOSE = /<\/(think|thinking|reasoning)>/gi;

export function cleanResponse(raw: string): CleanedResponse {
  let lastClose = -1;
  let closeLen = 0;
  for (const m of raw.matchAll(CLOSE)) {
    lastClose = m.index;
    closeLen = m[0].length;
  }
  if (lastClose >= 0) {
    // Some chat templates open the block in the prompt, so only the closing tag is generated.
    const reasoning = raw.slice(0, lastClose).replace(OPEN, '').trim();
    const text = raw.slice(lastClose + closeLen).trim();
    return reasoning ? { text, reasoning } : { text };
  }
  const open = raw.match(OPEN);
  if (open?.index !== undefined) {
    const reasoning = raw.slice(open.index + open[0].length).trim();
    return { text: raw.slice(0, open.index).trim(), reasoning, truncatedReasoning: true };
  }
  return { text: raw.trim() };
}
