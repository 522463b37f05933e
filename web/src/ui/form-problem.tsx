import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Problem } from '../api/client';
import { fieldErrors } from '../api/fields';
import { useI18n, type Translate } from '../i18n/i18n';

type FieldError = { code: string; message: string };

interface FormProblemValue {
  problem: Problem | null;
  /** The body paths a field of the form shows (so the form's message lists only the others). */
  claimed: Set<string>;
  describe: (path: string, error: FieldError) => string;
}

export const FormProblemContext = createContext<FormProblemValue | null>(null);

/** A field's server error in words, by its code first, then by what the path names. */
export function fieldMessage(t: Translate, path: string, error: FieldError): string {
  if (error.code === 'DATE_IN_FUTURE') return t('error.DATE_IN_FUTURE');
  if (error.code === 'DATE_ORDER') return t('error.DATE_ORDER');
  if (error.code === 'UNKNOWN_REFERENCE') return t('error.UNKNOWN_REFERENCE');
  if (/(On|Date|date)$/.test(path)) return t('error.date');
  if (error.code === 'too_small' || error.code === 'invalid_type') return t('field.required');
  return t('error.invalid');
}

/**
 * The problem of a form's last submission, for its fields: each TextField, SelectField or
 * DateField inside shows the server's 400 on its body path beside itself, and the form's
 * ProblemMessage lists what no field claimed.
 */
export function FormProblem({ problem, children }: { problem: Problem | null; children: ReactNode }) {
  const { t } = useI18n();
  const value = useMemo<FormProblemValue>(
    () => ({ problem, claimed: new Set(), describe: (path, error) => fieldMessage(t, path, error) }),
    [problem, t],
  );
  return <FormProblemContext.Provider value={value}>{children}</FormProblemContext.Provider>;
}

/** The server's message for the field at this body path, inside a {@link FormProblem}. */
export function useFieldProblem(path: string | undefined): string | undefined {
  const form = useContext(FormProblemContext);
  if (!form || !path) return undefined;
  form.claimed.add(path);
  const error = fieldErrors(form.problem)[path];
  return error ? form.describe(path, error) : undefined;
}
