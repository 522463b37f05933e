import { useContext, useEffect, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { ApiProblem, type Problem } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { FormProblemContext, useFieldProblem } from './form-problem';

export { FormProblem, useFieldProblem } from './form-problem';

/** Loads on mount and whenever `deps` change; the screen shows loading, the data, or the problem. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: unknown[],
): { data: T | null; problem: Problem | null; loading: boolean } {
  const [state, setState] = useState<{ data: T | null; problem: Problem | null; loading: boolean }>({
    data: null,
    problem: null,
    loading: true,
  });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, problem: null, loading: false }),
      (error: unknown) =>
        live &&
        setState({
          data: null,
          loading: false,
          problem: error instanceof ApiProblem ? error.problem : { type: 'about:blank', title: String(error), status: 0 },
        }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A refusal in words: a rule's message with its legal basis, a conflict, a role refused. */
export function ProblemMessage({ problem }: { problem: Problem | null }) {
  const { t, has } = useI18n();
  const form = useContext(FormProblemContext);
  if (!problem) return null;
  let text: string;
  if (problem.status === 422 && problem.rule) {
    const key = `rule.${problem.rule}`;
    text = t('error.rule', {
      rule: problem.rule,
      legalBasis: problem.legalBasis ?? '',
      message: has(key) ? t(key) : (problem.detail ?? problem.title),
    });
  } else if (problem.status === 400) text = t('error.form');
  else if (problem.status === 401) text = t('error.unauthenticated');
  else if (problem.status === 403) text = t('error.forbidden');
  else if (problem.status === 409) text = t('error.conflict', { detail: problem.detail ?? problem.title });
  else text = t('error.server', { status: problem.status || '—' });
  // A 400 whose path no field of the form shows is listed here, so no error goes unsaid.
  const unclaimed =
    problem.status === 400 && form ? (problem.errors ?? []).filter((e) => !form.claimed.has(e.path.replace(/^body\./, ''))) : [];
  return (
    <div className="problem" role="alert">
      {text}
      {unclaimed.length > 0 && (
        <ul>
          {unclaimed.map((e) => (
            <li key={e.path}>{form!.describe(e.path.replace(/^body\./, ''), e)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * `path`: the field's path in the request body (`firstCall.date`), when its id is not that path;
 * inside a {@link FormProblem}, the server's 400 on that path is shown beside the field.
 */
type FieldProps = { id: string; label: string; error?: string | undefined; hint?: string | undefined; path?: string };

export function TextField({ id, label, error: given, hint, path, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const fromForm = useFieldProblem(path ?? id);
  const error = given ?? fromForm;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

export function SelectField({
  id,
  label,
  error: given,
  options,
  path,
  ...select
}: FieldProps & { options: Array<[string, string]> } & SelectHTMLAttributes<HTMLSelectElement>) {
  const fromForm = useFieldProblem(path ?? id);
  const error = given ?? fromForm;
  return (
    <div className={error ? 'field invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...select}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}
