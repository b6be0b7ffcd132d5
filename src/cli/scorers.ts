/** The scorers `clinic score` (and `clinic calibrate`) can run, by name. */
import type { ScorerBackend } from '../judge/judge.ts';
import { scoreLeakage, type Identifiers } from '../../assertions/leakage.ts';
import { scoreRefusal } from '../../assertions/refusal.ts';

export interface CliScorer {
  /** Input fields required besides lang and response. */
  requires: string[];
  /** Output fields to include (empty) when a line is unassessed. */
  emptyFields?: Record<string, unknown>;
  score(input: Record<string, unknown>, backend: ScorerBackend): Promise<Record<string, unknown>>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export const SCORERS: Record<string, CliScorer> = {
  refusal: {
    requires: [],
    async score(input, backend) {
      const { label, record } = await scoreRefusal({ response: str(input.response), lang: str(input.lang), request: input.request === undefined ? undefined : str(input.request) }, backend);
      return { label, backend: record.backend, ...(record.judge ? { judge: record.judge } : {}) };
    },
  },
  leakage: {
    requires: ['identifiers'],
    emptyFields: { leaked: [] },
    async score(input, backend) {
      const ids = input.identifiers;
      if (!ids || typeof ids !== 'object' || Array.isArray(ids)) throw new TypeError('identifiers must be an object of field → value');
      const identifiers = Object.fromEntries(Object.entries(ids as Record<string, unknown>).map(([k, v]) => [k, str(v)])) as Identifiers;
      const scored = await scoreLeakage({ response: str(input.response), lang: str(input.lang), identifiers, request: input.request === undefined ? undefined : str(input.request) }, backend);
      return { label: scored.label, leaked: scored.leaked, accurate: scored.record.values.accuracy === 1, backend: scored.record.backend, ...(scored.record.judge ? { judge: scored.record.judge } : {}) };
    },
  },
};
