import { useEffect, useState, type InputHTMLAttributes } from 'react';
import { useI18n } from '../i18n/i18n';
import { parseDate, showDate } from './dates';
import { useFieldProblem } from './form-problem';

type DateFieldProps = {
  id: string;
  label: string;
  /** The business date (`YYYY-MM-DD`), or '' when none. */
  value: string;
  /**
   * The business date typed, '' when the field is emptied, or the text as typed when it is no
   * date (so a form that submits anyway gets the server's 400 on this field).
   */
  onChange: (value: string) => void;
  /** The server's message for this field (400 path or 422 rule beside it). */
  error?: string | undefined;
  hint?: string | undefined;
  /** The field's path in the request body when its id is not that path. */
  path?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'id'>;

/**
 * A date typed the Italian way, whatever the browser's language: a text field labelled with
 * its format (gg/mm/aaaa), numeric keyboard on a tablet, accepting 01/02/2026, 1/2/2026,
 * 01-02-2026 or a pasted 2026-02-01. A date that does not exist (31/02/2026) is the field's
 * error as soon as the person leaves it, before anything is sent.
 */
export function DateField({ id, label, value, onChange, error: given, hint, path, onBlur, ...input }: DateFieldProps) {
  const { t } = useI18n();
  const fromForm = useFieldProblem(path ?? id);
  const error = given ?? fromForm;
  const [text, setText] = useState(() => showDate(value));
  const [left, setLeft] = useState(false);
  const parsed = parseDate(text);
  const current = parsed.kind === 'date' ? parsed.iso : parsed.kind === 'empty' ? '' : text;
  // The form set another value (a reset, a date from the address): show it.
  useEffect(() => {
    if (value !== current) setText(showDate(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const own =
    left && (parsed.kind === 'invalid' || parsed.kind === 'format')
      ? t(parsed.kind === 'invalid' ? 'date.invalid' : 'date.notADate')
      : undefined;
  const shown = own ?? error;
  const described = [`${id}-hint`, shown && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={shown ? 'field invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {!label.includes(t('date.format')) && <span className="date-format"> ({t('date.format')})</span>}
      </label>
      <input
        id={id}
        name={id}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t('date.format')}
        maxLength={10}
        aria-invalid={shown ? true : undefined}
        aria-describedby={described}
        value={text}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          const p = parseDate(next);
          onChange(p.kind === 'date' ? p.iso : p.kind === 'empty' ? '' : next);
        }}
        onBlur={(event) => {
          setLeft(true);
          const p = parseDate(event.target.value);
          if (p.kind === 'date') setText(showDate(p.iso));
          onBlur?.(event);
        }}
        {...input}
      />
      <small id={`${id}-hint`} className="hint">
        {hint ?? t('date.hint')}
      </small>
      {shown && (
        <small id={`${id}-error`} className="field-error" role={own ? 'alert' : undefined}>
          {shown}
        </small>
      )}
    </div>
  );
}
