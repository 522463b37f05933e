import { useState } from 'react';
import { api, must } from '../../api/client';
import { Link, navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { formatDate, todayInRome } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { Empty, Loading, ProblemMessage, SelectField, TextField, useLoad } from '../../ui/ui';
import '../../styles/assemblies.css';
import { may, Step } from './shared';
import type { AssemblyBook } from './types';
import { DateField } from '../../ui/DateField';

/** The assemblies, read from the assemblies' book's index (every assembly convened), and the convening form. */
export function Assemblies() {
  const { t } = useI18n();
  const { after, person } = useSession();
  const { data, problem, loading } = useLoad(
    async () => (await must(api.GET('/governance/books/assemblies', { params: { query: { after } } }))) as AssemblyBook,
    [after],
  );
  return (
    <main id="main">
      <h1>{t('assemblies.title')}</h1>
      {loading && <Loading />}
      <ProblemMessage problem={problem} />
      {data && data.index.length === 0 && <Empty>{t('assemblies.empty')}</Empty>}
      {data && data.index.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="assemblies-caption">
          <table>
            <caption id="assemblies-caption">{t('assemblies.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('assemblies.date')}</th>
                <th scope="col">{t('assemblies.kind')}</th>
                <th scope="col">{t('assembly.agenda')}</th>
              </tr>
            </thead>
            <tbody>
              {data.index.map((entry) => {
                const assembly = data.assemblies.find((a) => a._id === entry.assemblyId);
                return (
                  <tr key={entry.assemblyId}>
                    <td>
                      <Link to={`/assemblee/${entry.assemblyId}`}>{formatDate(entry.date)}</Link>
                    </td>
                    <td>{t(`kind.${entry.kind}`)}</td>
                    <td>{assembly?.agenda.join('; ')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {person && may.runAssemblies(person.role) && <Convene />}
    </main>
  );
}

function Convene() {
  const { t } = useI18n();
  const [assemblyId] = useState(() => crypto.randomUUID());
  const [form, setForm] = useState({
    kind: 'ordinary' as 'ordinary' | 'extraordinary',
    firstDate: '',
    firstPlace: '',
    secondDate: '',
    secondPlace: '',
    agenda: '',
    noticeSentOn: todayInRome(),
    motionTexts: '',
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const texts = form.motionTexts
    .split(/^---$/m)
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <section aria-labelledby="convene-title" className="card wide">
      <h2 id="convene-title">{t('convene.title')}</h2>
      <Step
        id="convene"
        rule={t('convene.noticeRule')}
        label={t('convene.submit')}
        onDone={() => navigate(`/assemblee/${assemblyId}`)}
        submit={() =>
          api.POST('/governance/assemblies/{assemblyId}', {
            params: { path: { assemblyId } },
            body: {
              kind: form.kind,
              firstCall: { date: form.firstDate, place: form.firstPlace },
              secondCall: form.secondDate ? { date: form.secondDate, place: form.secondPlace || form.firstPlace } : null,
              agenda: form.agenda
                .split('\n')
                .map((s) => s.trim())
                .filter(Boolean),
              noticeSentOn: form.noticeSentOn,
              motionTexts: texts.length ? texts : null,
            },
          })
        }
      >
        <SelectField
          id="kind"
          label={t('convene.kind')}
          value={form.kind}
          onChange={set('kind')}
          options={[
            ['ordinary', t('kind.ordinary')],
            ['extraordinary', t('kind.extraordinary')],
          ]}
        />
        <DateField
          id="firstCall.date"
          label={t('convene.firstDate')}
          required
          value={form.firstDate}
          onChange={(value) => set('firstDate')({ target: { value } })}
        />
        <TextField
          id="firstCall.place"
          label={t('convene.firstPlace')}
          required
          value={form.firstPlace}
          onChange={set('firstPlace')}
        />
        <DateField
          id="secondCall.date"
          label={t('convene.secondDate')}
          value={form.secondDate}
          onChange={(value) => set('secondDate')({ target: { value } })}
        />
        <TextField
          id="secondCall.place"
          label={t('convene.secondPlace')}
          value={form.secondPlace}
          onChange={set('secondPlace')}
        />
        <DateField
          id="noticeSentOn"
          label={t('convene.notice')}
          required
          value={form.noticeSentOn}
          onChange={(value) => set('noticeSentOn')({ target: { value } })}
        />
        <div className="field span">
          <label htmlFor="agenda">{t('convene.agenda')}</label>
          <textarea id="agenda" name="agenda" rows={3} required value={form.agenda} onChange={set('agenda')} />
        </div>
        <div className="field span">
          <label htmlFor="motionTexts">{t('convene.motionTexts')}</label>
          <textarea id="motionTexts" name="motionTexts" rows={3} value={form.motionTexts} onChange={set('motionTexts')} />
        </div>
      </Step>
    </section>
  );
}
