import type { Problem } from './client';

/**
 * The server's 400 lists each invalid field by its path in the request (`body.applicant.fiscalCode`);
 * a form names its fields by the same path without `body.`, so each error lands beside its field.
 */
export function fieldErrors(problem: Problem | null): Record<string, { code: string; message: string }> {
  const out: Record<string, { code: string; message: string }> = {};
  for (const error of problem?.status === 400 ? (problem.errors ?? []) : [])
    out[error.path.replace(/^body\./, '')] ??= { code: error.code, message: error.message };
  return out;
}
