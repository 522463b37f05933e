import { useState, type FormEvent } from 'react';
import { api, must, type RegisterEntry } from '../api/client';
import { Link, navigate, useLocation } from '../app/router';
import { useSession } from '../app/session';
import { formatDate, formatEuro } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/it';
import { Empty, Loading, ProblemMessage, SelectField, TextField, useLoad } from '../ui/ui';
import { DateField } from '../ui/DateField';

const PAGE = 25;
const CATEGORIES = ['worker', 'volunteer', 'user', 'financing', 'legal_person', 'special'] as const;
type Category = (typeof CATEGORIES)[number];

/** The filters live in the address (`/libro-soci?data=2025-12-31&sezione=volunteers`), so a link shares the view. */
export function Register() {
  const { t } = useI18n();
  const { after } = useSession();
  const location = useLocation();
  const params = location.searchParams;
  const asOf = params.get('data') ?? '';
  const section = (params.get('sezione') ?? '') as '' | 'ordinary' | 'volunteers';
  const category = (params.get('categoria') ?? '') as '' | Category;
  const status = (params.get('stato') ?? 'all') as 'all' | 'active' | 'ended';
  const search = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('pagina') ?? '1') || 1);
  const [draft, setDraft] = useState({ asOf, section, category, status, search });

  // The search runs on the server, over the whole register (names are sealed: only it can open them).
  const { data, problem, loading } = useLoad(async () => {
    const query = {
      ...(asOf ? { asOf } : {}),
      ...(section ? { section } : {}),
      ...(category ? { category } : {}),
      ...(search.trim() ? { q: search.trim() } : {}),
      status,
      after,
      limit: PAGE,
      offset: (page - 1) * PAGE,
    };
    const result = await must(api.GET('/membership/register', { params: { query } }));
    return { total: result.total, items: result.items };
  }, [asOf, section, category, status, search, page, after]);

  const go = (next: Partial<typeof draft> & { page?: number }) => {
    const merged = { ...draft, ...next };
    const q = new URLSearchParams();
    if (merged.asOf) q.set('data', merged.asOf);
    if (merged.section) q.set('sezione', merged.section);
    if (merged.category) q.set('categoria', merged.category);
    if (merged.status !== 'all') q.set('stato', merged.status);
    if (merged.search) q.set('q', merged.search);
    if (next.page && next.page > 1) q.set('pagina', String(next.page));
    navigate(`/libro-soci${q.size ? `?${q}` : ''}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go({});
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1;
  const exportHref = `/membership/register/export?format=csv${asOf ? `&asOf=${asOf}` : ''}`;

  return (
    <main id="main">
      <h1>{t('register.title')}</h1>
      <p className="subtitle" id="register-as-of">
        {asOf ? t('register.asOfDate', { date: formatDate(asOf) }) : t('register.asOfNow')}
      </p>
      <form className="filters" onSubmit={submit} aria-label={t('register.title')}>
        <DateField
          id="asOf"
          label={t('register.asOf')}
          value={draft.asOf}
          onChange={(value) => setDraft({ ...draft, asOf: value })}
        />
        <SelectField
          id="section"
          label={t('register.section')}
          value={draft.section}
          onChange={(e) => setDraft({ ...draft, section: e.target.value as typeof section })}
          options={[
            ['', t('register.any')],
            ['ordinary', t('section.ordinary')],
            ['volunteers', t('section.volunteers')],
          ]}
        />
        <SelectField
          id="category"
          label={t('register.category')}
          value={draft.category}
          onChange={(e) => setDraft({ ...draft, category: e.target.value as typeof category })}
          options={[['', t('register.any')], ...CATEGORIES.map((c): [string, string] => [c, t(`category.${c}`)])]}
        />
        <SelectField
          id="status"
          label={t('register.status')}
          value={draft.status}
          onChange={(e) => setDraft({ ...draft, status: e.target.value as typeof status })}
          options={[
            ['all', t('register.status.all')],
            ['active', t('register.status.active')],
            ['ended', t('register.status.ended')],
          ]}
        />
        <TextField
          id="search"
          label={t('register.search')}
          type="search"
          value={draft.search}
          onChange={(e) => setDraft({ ...draft, search: e.target.value })}
        />
        <div className="actions">
          <button type="submit">{t('register.apply')}</button>
          <a className="button secondary" href={exportHref} download>
            {t('register.export')}
          </a>
        </div>
      </form>
      {loading && <Loading />}
      <ProblemMessage problem={problem} />
      {data && data.total === 0 && <Empty>{t('register.empty')}</Empty>}
      {data && data.total > 0 && (
        <>
          <p role="status">{data.total === 1 ? t('register.countOne') : t('register.count', { total: data.total })}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="register-caption">
            <table>
              <caption id="register-caption">{t('register.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('register.number')}</th>
                  <th scope="col">{t('register.name')}</th>
                  <th scope="col">{t('register.fiscalCode')}</th>
                  <th scope="col">{t('register.category')}</th>
                  <th scope="col">{t('register.admission')}</th>
                  <th scope="col">{t('register.shares')}</th>
                  <th scope="col">{t('register.exit')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((entry) => (
                  <Row key={entry.memberId} entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t('register.page', { page, pages })}>
            <button type="button" disabled={page <= 1} onClick={() => go({ page: page - 1 })}>
              {t('register.previous')}
            </button>
            <span>{t('register.page', { page, pages })}</span>
            <button type="button" disabled={page >= pages} onClick={() => go({ page: page + 1 })}>
              {t('register.next')}
            </button>
          </nav>
        </>
      )}
    </main>
  );
}

function Row({ entry }: { entry: RegisterEntry }) {
  const { t } = useI18n();
  return (
    <tr>
      <td>{entry.memberNumber}</td>
      <td>
        <Link to={`/libro-soci/${entry.memberId}`}>
          {entry.personalDataErased ? <em>{t('register.erased')}</em> : entry.name}
        </Link>
      </td>
      <td>{entry.personalDataErased ? <em>{t('register.erased')}</em> : entry.fiscalCode}</td>
      <td>
        {t(`category.${entry.category}` as MessageKey)}
        <br />
        <small>{t(`section.${entry.section}` as MessageKey)}</small>
      </td>
      <td>{t('register.admittedBy', { date: formatDate(entry.admittedOn), resolution: entry.boardResolutionId })}</td>
      <td>
        {t(entry.shares.count === 1 ? 'register.sharesValueOne' : 'register.sharesValue', {
          count: entry.shares.count,
          subscribed: formatEuro(entry.shares.subscribedCents),
          paid: formatEuro(entry.shares.paidCents),
        })}
      </td>
      <td>{entry.exit ? `${t(`exit.${entry.exit.cause}` as MessageKey)}, ${formatDate(entry.exit.date)}` : '—'}</td>
    </tr>
  );
}
