import { useState } from 'react';
import { api, ApiProblem, must, type Problem, type Role } from '../../api/client';
import { useSession } from '../../app/session';
import { formatDate, todayInRome } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { Empty, Loading, ProblemMessage, useLoad } from '../../ui/ui';
import '../../styles/services.css';

/** The auditors' screen: `/audit/*` answers auditors (and admins) only. */
export const mayAudit = (role: Role) => ['admin', 'auditor'].includes(role);

/** `/audit/verify` and `/audit/seals` declare no response schema: their answers, as `verify.ts` and the controller build them. */
interface VerifyReport {
  ok: boolean;
  head: string | null;
  events: number;
  streams: number;
  seals: number;
  breaks: number;
  firstBreak?: { stream: string; revision: string; position: string; reason: string; expected: string; actual: string };
}
interface Seal {
  revision: string;
  position: string;
  recordedAt: string;
  /** Seals of version 2: the log tree's size (events sealed) and root; `merkleRoot` is the stream heads' root. */
  treeSize?: number;
  logRoot?: string;
  /** Seals of version 1 only. */
  events?: number;
  streams: number;
  merkleRoot: string;
}

export function Audit() {
  const { t } = useI18n();
  const { after } = useSession();
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const seals = useLoad(
    async () => (await must(api.GET('/audit/seals', { params: { query: after ? { after } : {} } }))) as unknown as Seal[],
    [after],
  );
  // The verification reads the whole history, so it runs when asked (a read: nothing is written).
  const verify = async () => {
    setRunning(true);
    setProblem(null);
    try {
      setReport((await must(api.GET('/audit/verify', {}))) as unknown as VerifyReport);
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error.problem : { type: 'about:blank', title: String(error), status: 0 });
    } finally {
      setRunning(false);
    }
  };
  const today = todayInRome();
  const books: Array<[string, string]> = [
    ['/membership/register/export?format=csv', t('audit.book.register')],
    ['/governance/books/assemblies', t('audit.book.assemblies')],
    ['/governance/books/board', t('audit.book.board')],
    [`/work/volunteer-register/export?format=csv&asOf=${today}`, t('audit.book.volunteers')],
    [`/audit/replay/register?asOf=${today}`, t('audit.book.replay')],
  ];
  return (
    <main id="main">
      <h1>{t('audit.title')}</h1>
      <p className="subtitle">{t('audit.intro')}</p>

      <section className="services-section" aria-labelledby="verification-title">
        <h2 id="verification-title">{t('audit.verification')}</h2>
        <div className="actions">
          <button type="button" onClick={() => void verify()} disabled={running}>
            {t('audit.run')}
          </button>
        </div>
        <div aria-live="polite">
          {running && <p role="status">{t('audit.running')}</p>}
          <ProblemMessage problem={problem} />
          {report && (
            <>
              <p className={report.ok ? 'verification-ok' : 'verification-broken'} role="status">
                {report.ok
                  ? t('audit.ok', { events: report.events })
                  : t('audit.broken', {
                      detail: report.firstBreak
                        ? `${report.firstBreak.reason} — ${report.firstBreak.stream} #${report.firstBreak.revision}: ${report.firstBreak.expected} ≠ ${report.firstBreak.actual}`
                        : String(report.breaks),
                    })}
              </p>
              <dl className="pairs">
                {(
                  [
                    ['head', report.head ?? '—'],
                    ['events', report.events],
                    ['streams', report.streams],
                    ['seals', report.seals],
                    ['breaks', report.breaks],
                  ] as const
                ).map(([field, value]) => (
                  <div className="pair" key={field}>
                    <dt>{t(`audit.report.${field}`)}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </div>
      </section>

      <section className="services-section" aria-labelledby="seals-title">
        <h2 id="seals-title">{t('audit.seals')}</h2>
        {seals.loading && <Loading />}
        <ProblemMessage problem={seals.problem} />
        {seals.data && seals.data.length === 0 && <Empty>{t('audit.noSeals')}</Empty>}
        {seals.data && seals.data.length > 0 && (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="seals-caption">
            <table>
              <caption id="seals-caption">{t('audit.seals')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.sealRecordedAt')}</th>
                  <th scope="col">{t('audit.sealPosition')}</th>
                  <th scope="col">{t('audit.sealCount')}</th>
                  <th scope="col">{t('audit.sealRoot')}</th>
                </tr>
              </thead>
              <tbody>
                {seals.data.map((s) => (
                  <tr key={s.revision}>
                    <td>{formatDate(s.recordedAt)}</td>
                    <td>{s.position}</td>
                    <td>{s.treeSize ?? s.events}</td>
                    <td className="mono">{s.logRoot ?? s.merkleRoot}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="services-section" aria-labelledby="books-title">
        <h2 id="books-title">{t('audit.books')}</h2>
        <ul className="book-links">
          {books.map(([href, label]) => (
            <li key={href}>
              <a href={href}>{label}</a>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
