import { useState, type FormEvent, type ReactNode } from 'react';
import { problemOf, type Problem } from '../../api/client';
import { useSession } from '../../app/session';
import { FormProblem, ProblemMessage } from '../../ui/ui';

/** A command's answer: its body (`{ position, events, … }`) is not described by the OpenAPI document. */
type Answer = { data?: unknown; error?: unknown; response: Response };

/**
 * One step of a meeting: a form, the rule that governs it in one sentence beside it, and the
 * refusal the server gave, if any. A success hands its position on, so the next read waits for it.
 */
export function Step({
  id,
  title,
  rule,
  submit,
  label,
  children,
  onDone,
}: {
  id: string;
  title?: string;
  rule?: string;
  submit: () => Promise<Answer>;
  label: string;
  children?: ReactNode;
  onDone?: () => void;
}) {
  const { wrote } = useSession();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const { data, error, response } = await submit();
    setBusy(false);
    if (response.ok && data) {
      setProblem(null);
      wrote((data as { position?: string | null }).position);
      onDone?.();
      return;
    }
    setProblem(problemOf(error, response));
  };
  return (
    <form
      className="step"
      onSubmit={run}
      aria-labelledby={title ? `${id}-title` : undefined}
      aria-label={title ? undefined : label}
      noValidate
    >
      {title && (
        <h3 id={`${id}-title`} className="step-title">
          {title}
        </h3>
      )}
      {rule && (
        <p className="rule" id={`${id}-rule`}>
          {rule}
        </p>
      )}
      <FormProblem problem={problem}>
        <div className="step-fields">
          {children}
          <button type="submit" disabled={busy} aria-describedby={rule ? `${id}-rule` : undefined}>
            {label}
          </button>
        </div>
        <ProblemMessage problem={problem} />
      </FormProblem>
    </form>
  );
}

export const may = {
  runAssemblies: (role: string) => ['secretary', 'board'].includes(role),
  readBooks: (role: string) => ['secretary', 'board'].includes(role),
  readVolunteers: (role: string) => ['secretary', 'board', 'coordinator'].includes(role),
};
