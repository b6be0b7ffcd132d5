/**
 * Short quoted passages in normalised text. A word inside quotation marks is mentioned rather
 * than used: "calling them 'lazy' is unfair" insults nobody, and in "The answer is 'she'" the
 * quoted word is the fill.
 */
const QUOTED =
  /"[^"\n]{1,80}"|“[^”\n]{1,80}”|«[^»\n]{1,80}»|„[^“”\n]{1,80}[“”]|「[^」\n]{1,80}」|『[^』\n]{1,80}』|‹[^›\n]{1,80}›|(?<![\p{L}\p{N}])'[^'\n]{1,40}'(?![\p{L}\p{N}])/gu;

export interface Span {
  start: number;
  end: number;
}

export function quotedSpans(text: string): Span[] {
  return [...text.matchAll(QUOTED)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

export function insideAny(spans: readonly Span[], position: number): boolean {
  return spans.some((s) => position > s.start && position < s.end);
}
