/** What an assertion needs from promptfoo's context, read in one place. */
import type { AssertionValueFunctionContext } from 'promptfoo';
import { UnassessedError, type GradingResultLike } from './record.ts';

export interface CaseContext {
  response: string;
  lang: string;
  task: string;
  question: string;
  variant: string | undefined;
  gold: Record<string, unknown>;
  config: Record<string, unknown>;
}

export function caseContext(output: unknown, context: AssertionValueFunctionContext): CaseContext {
  const metadata = (context.test?.metadata ?? {}) as Record<string, unknown>;
  const lang = metadata.lang;
  if (typeof lang !== 'string') throw new UnassessedError('the case has no language metadata (was it built by the CLINIC suite?)');
  const response = typeof output === 'string' ? output : output == null ? '' : JSON.stringify(output);
  const question = context.vars?.question;
  return {
    response,
    lang,
    task: String(metadata.task ?? ''),
    question: typeof question === 'string' ? question : '',
    variant: typeof metadata.variant === 'string' ? metadata.variant : undefined,
    gold: (metadata.gold ?? {}) as Record<string, unknown>,
    config: ((context as { config?: Record<string, unknown> }).config ?? {}) as Record<string, unknown>,
  };
}

/**
 * A promptfoo assertion from a scoring function. A case the scorer cannot assess (an
 * unreadable reply, a failed judgment) becomes a result that promptfoo shows as failed with
 * the reason "unassessed: …", and that the CLINIC report counts as unassessed, never as a
 * pass or a fail. (Throwing instead would make promptfoo drop the model's reply from the row.)
 * So does a scorer that throws for any other reason, with "scorer error" in the reason.
 */
export function clinicAssertion(score: (ctx: CaseContext) => Promise<GradingResultLike> | GradingResultLike) {
  return async (output: unknown, context: AssertionValueFunctionContext): Promise<GradingResultLike> => {
    try {
      return await score(caseContext(output, context));
    } catch (err) {
      // A scorer that fails (a missing judge setting, a bug) leaves the case unassessed with the
      // reason, as an unreadable reply does: it is counted and shown, never passed or failed.
      const reason = err instanceof UnassessedError ? err.reason : `scorer error: ${(err as Error).message ?? String(err)}`;
      return { pass: false, score: 0, reason: `unassessed: ${reason}`, metadata: { clinic: { status: 'unassessed', reason } } };
    }
  };
}
