/** What an assertion needs from promptfoo's context, read in one place. */
import type { AssertionValueFunctionContext } from 'promptfoo';
import { UnassessedError } from './record.ts';

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
