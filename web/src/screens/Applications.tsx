import { useState, type FormEvent } from 'react';
import { isValidPersonFiscalCode } from '../../../src/shared-kernel/fiscal-code';
import { api, must, problemOf, type ApplyBody, type Problem } from '../api/client';
import { fieldErrors } from '../api/fields';
import type { ApplicationsPage } from '../api/reports';
import { may, useSession } from '../app/session';
import { daysBetween, formatDate, todayInRome } from '../i18n/format';
import { useI18n, type Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/it';
import { Empty, Loading, ProblemMessage, SelectField, TextField, useLoad } from '../ui/ui';
import { DateField } from '../ui/DateField';

const CATEGORIES = ['worker', 'volunteer', 'user', 'financing', 'special'] as const;
const M2_DAYS = 60;

/** Domande: record an application (domanda di ammissione), and the pending ones against M2's 60 days. */
export function Applications() {
  const { t } = useI18n();
  const { person, after } = useSession();
  const canRecord = person ? may.recordApplication(person.role) : false;
  const pending = useLoad(
    async () =>
      (await must(
        api.GET('/membership/applications', { params: { query: { status: 'pending', after, limit: 1_000 } } }),
      )) as unknown as ApplicationsPage,
    [after],
  );
  const today = todayInRome();

  return (
    <main id="main">
      <h1>{t('applications.title')}</h1>
      {canRecord ? <ApplicationForm /> : <p className="notice">{t('applications.readOnly')}</p>}
      <section aria-labelledby="pending-title">
        <h2 id="pending-title">{t('applications.pending')}</h2>
        {pending.loading && <Loading />}
        <ProblemMessage problem={pending.problem} />
        {pending.data && pending.data.items.length === 0 && <Empty>{t('applications.noPending')}</Empty>}
        {pending.data && pending.data.items.length > 0 && (
          <ul className="pending" id="pending-list">
            {pending.data.items.map((a) => {
              const days = daysBetween(a.appliedOn, today);
              return (
                <li key={a.applicationId} className={days > M2_DAYS ? 'overdue' : undefined}>
                  <strong>{a.personalDataErased ? <em>{t('register.erased')}</em> : a.name}</strong> —{' '}
                  {t(`category.${a.category}` as MessageKey)}
                  <br />
                  <span>{t('applications.appliedOn', { date: formatDate(a.appliedOn) })}</span>{' '}
                  <progress max={M2_DAYS} value={Math.min(days, M2_DAYS)} aria-label={t('applications.days', { days })} />{' '}
                  <span>{t('applications.days', { days })}</span>
                  {days > M2_DAYS && <strong className="badge"> {t('applications.overdue')}</strong>}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </main>
  );
}

const empty = {
  givenName: '',
  familyName: '',
  fiscalCode: '',
  birthDate: '',
  street: '',
  city: '',
  postalCode: '',
  province: '',
  email: '',
  category: 'worker' as (typeof CATEGORIES)[number],
  requestedShares: '1',
  appliedOn: '',
};

/** A field's server error in words; the form's field ids are the body's paths. */
function messageFor(t: Translate, path: string, error: { code: string; message: string }): string {
  if (error.code === 'DATE_IN_FUTURE') return t('error.DATE_IN_FUTURE');
  if (path === 'applicant.fiscalCode') return t('error.fiscalCode');
  if (path.endsWith('postalCode')) return t('error.postalCode');
  if (path.endsWith('province')) return t('error.province');
  if (/(On|Date)$/.test(path)) return t('error.date');
  if (error.code === 'too_small' || error.code === 'invalid_type') return t('field.required');
  return t('error.invalid');
}

function ApplicationForm() {
  const { t } = useI18n();
  const { wrote } = useSession();
  const [form, setForm] = useState(empty);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [recorded, setRecorded] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const error = (path: string) => (errors[path] ? messageFor(t, path, errors[path]) : undefined);
  const set = (name: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });

  // The check character is verified here as the secretary types (no layout shift on leaving the
  // field, which would move the button under the pointer); the server checks it again.
  const code = form.fiscalCode.trim().toUpperCase();
  const hint = code.length === 16 && !isValidPersonFiscalCode(code) ? t('error.fiscalCodeCheck') : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setRecorded(false);
    const body: ApplyBody = {
      applicant: {
        kind: 'natural',
        givenName: form.givenName,
        familyName: form.familyName,
        fiscalCode: form.fiscalCode,
        birthDate: form.birthDate,
        residence: { street: form.street, city: form.city, postalCode: form.postalCode, province: form.province.toUpperCase() },
        contact: form.email ? { email: form.email } : {},
      },
      category: form.category,
      requestedShares: Number(form.requestedShares),
      ...(form.appliedOn ? { appliedOn: form.appliedOn } : {}),
    };
    const { data, error, response } = await api.POST('/membership/applications', { body });
    setBusy(false);
    if (data) {
      setProblem(null);
      setForm(empty);
      setRecorded(true);
      wrote(data.position);
      return;
    }
    setProblem(problemOf(error, response));
  };

  return (
    <section aria-labelledby="new-title">
      <h2 id="new-title">{t('applications.new')}</h2>
      <form onSubmit={submit} noValidate className="grid-form">
        <TextField
          id="applicant.givenName"
          label={t('field.givenName')}
          required
          value={form.givenName}
          onChange={set('givenName')}
          error={error('applicant.givenName')}
        />
        <TextField
          id="applicant.familyName"
          label={t('field.familyName')}
          required
          value={form.familyName}
          onChange={set('familyName')}
          error={error('applicant.familyName')}
        />
        <TextField
          id="applicant.fiscalCode"
          label={t('field.fiscalCode')}
          required
          maxLength={16}
          autoCapitalize="characters"
          spellCheck={false}
          value={form.fiscalCode}
          onChange={set('fiscalCode')}
          hint={hint}
          error={error('applicant.fiscalCode')}
        />
        <DateField
          id="applicant.birthDate"
          label={t('field.birthDate')}
          required
          value={form.birthDate}
          onChange={(value) => set('birthDate')({ target: { value } })}
          error={error('applicant.birthDate')}
        />
        <TextField
          id="applicant.residence.street"
          label={t('field.street')}
          required
          value={form.street}
          onChange={set('street')}
          error={error('applicant.residence.street')}
        />
        <TextField
          id="applicant.residence.city"
          label={t('field.city')}
          required
          value={form.city}
          onChange={set('city')}
          error={error('applicant.residence.city')}
        />
        <TextField
          id="applicant.residence.postalCode"
          label={t('field.postalCode')}
          required
          inputMode="numeric"
          maxLength={5}
          value={form.postalCode}
          onChange={set('postalCode')}
          error={error('applicant.residence.postalCode')}
        />
        <TextField
          id="applicant.residence.province"
          label={t('field.province')}
          required
          maxLength={2}
          value={form.province}
          onChange={set('province')}
          error={error('applicant.residence.province')}
        />
        <TextField
          id="applicant.contact.email"
          label={t('field.email')}
          type="email"
          value={form.email}
          onChange={set('email')}
          error={error('applicant.contact.email')}
        />
        <SelectField
          id="category"
          label={t('field.category')}
          value={form.category}
          onChange={set('category')}
          error={error('category')}
          options={CATEGORIES.map((c): [string, string] => [c, t(`category.${c}`)])}
        />
        <TextField
          id="requestedShares"
          label={t('field.requestedShares')}
          type="number"
          min={1}
          required
          value={form.requestedShares}
          onChange={set('requestedShares')}
          error={error('requestedShares')}
        />
        <DateField
          id="appliedOn"
          label={t('field.appliedOn')}
          value={form.appliedOn}
          onChange={(value) => set('appliedOn')({ target: { value } })}
          error={error('appliedOn')}
        />
        <div className="actions span">
          <button type="submit" disabled={busy}>
            {t('field.submit')}
          </button>
        </div>
      </form>
      <ProblemMessage problem={problem} />
      {recorded && (
        <p className="success" role="status">
          {t('applications.recorded')}
        </p>
      )}
    </section>
  );
}
