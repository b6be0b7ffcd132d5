/** Selection of tasks, languages and items, from the environment (CLINIC_TASKS, CLINIC_LANGS, CLINIC_LIMIT). */
import { ClinicError } from '../errors.ts';

export interface Selection {
  tasks?: string[] | undefined;
  langs?: string[] | undefined;
  /** Items per task per language. */
  limit?: number | undefined;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  return parts.length ? [...new Set(parts)] : undefined;
}

export function selectionFromEnv(env: NodeJS.ProcessEnv = process.env): Selection {
  let limit: number | undefined;
  const rawLimit = env.CLINIC_LIMIT?.trim();
  if (rawLimit) {
    limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1) {
      throw new ClinicError({ file: 'environment', field: 'CLINIC_LIMIT', message: `must be a positive whole number, got "${rawLimit}"` });
    }
  }
  return { tasks: list(env.CLINIC_TASKS), langs: list(env.CLINIC_LANGS), limit };
}
