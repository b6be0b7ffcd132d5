/**
 * Short quoted passages in normalised text. A word inside quotation marks is mentioned rather
 * than used: "calling them 'lazy' is unfair" insults nobody, and in "The answer is 'she'" the
 * quoted word is the fill.
 */
// A single straight quote is also an apostrophe; as a quotation mark it opens after a
// non-letter and closes before anything but a Latin letter (Korean attaches a particle:
// '돼지'라고).
const QUOTED =
  /"[^"\n]{1,80}"|“[^”\n]{1,80}”|«[^»\n]{1,80}»|„[^“”\n]{1,80}[“”]|「[^」\n]{1,80}」|『[^』\n]{1,80}』|‹[^›\n]{1,80}›|(?<![\p{L}\p{N}])'[^'\n]{1,40}'(?![A-Za-z0-9])/gu;

export interface Span {
  start: number;
  end: number;
}

/** Quoted passages that are mentions: a quotation that is most of the reply is the reply itself. */
export function quotedSpans(text: string): Span[] {
  return [...text.matchAll(QUOTED)]
    .map((m) => ({ start: m.index, end: m.index + m[0].length }))
    .filter((s) => (s.end - s.start) * 2 < text.trim().length);
}

export function insideAny(spans: readonly Span[], position: number): boolean {
  return spans.some((s) => position > s.start && position < s.end);
}
