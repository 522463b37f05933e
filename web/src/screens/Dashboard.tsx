import { api, must } from '../api/client';
import type { Composition, Overdue, Readiness, RefundsDue, Warning } from '../api/reports';
import { useSession } from '../app/session';
import { formatDate, formatEuro, formatPercent } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/it';
import { Empty, Loading, ProblemMessage, useLoad } from '../ui/ui';

/** Cruscotto: the register's composition (M4), the open warnings (M8), overdue applications (M2), refunds due (M7b), lag. */
export function Dashboard() {
  const { t } = useI18n();
  const { after } = useSession();
  const query = { params: { query: { after } } };
  const { data, problem, loading } = useLoad(async () => {
    const [composition, warnings, overdue, refunds] = await Promise.all([
      must(api.GET('/membership/reports/composition', query)) as Promise<unknown> as Promise<Composition>,
      must(api.GET('/membership/reports/warnings', query)) as Promise<unknown> as Promise<{ warnings: Warning[] }>,
      must(api.GET('/membership/reports/overdue-applications', query)) as Promise<unknown> as Promise<Overdue>,
      must(api.GET('/membership/reports/refunds-due', query)) as Promise<unknown> as Promise<RefundsDue>,
    ]);
    return { composition, warnings: warnings.warnings, overdue, refunds };
  }, [after]);
  const readiness = useLoad(
    async () => (await fetch('/health/ready', { headers: { Accept: 'application/json' } }).then((r) => r.json())) as Readiness,
    [],
  );

  return (
    <main id="main">
      <h1>{t('dashboard.title')}</h1>
      {loading && <Loading />}
      <ProblemMessage problem={problem} />
      {data && (
        <div className="cards">
          <section className="card" aria-labelledby="members-title">
            <h2 id="members-title">{t('dashboard.members')}</h2>
            {!data.composition.current || data.composition.current.total === 0 ? (
              <Empty>{t('dashboard.noMembers')}</Empty>
            ) : (
              <dl className="pairs">
                <div className="pair total">
                  <dt>{t('dashboard.total')}</dt>
                  <dd>{data.composition.current.total}</dd>
                </div>
                {Object.entries(data.composition.current.byCategory)
                  .filter(([, n]) => n > 0)
                  .map(([category, n]) => (
                    <div key={category} className="pair">
                      <dt>{t(`category.${category}` as MessageKey)}</dt>
                      <dd>{n}</dd>
                    </div>
                  ))}
              </dl>
            )}
          </section>
          <section className="card" aria-labelledby="share-title">
            <h2 id="share-title">{t('dashboard.volunteerShare')}</h2>
            <meter
              id="volunteer-share"
              min={0}
              max={1}
              low={0.4}
              high={0.5}
              optimum={0}
              value={data.composition.volunteerShare}
              aria-labelledby="share-title"
            >
              {formatPercent(data.composition.volunteerShare)}
            </meter>
            <p>{t('dashboard.volunteerShareValue', { share: formatPercent(data.composition.volunteerShare) })}</p>
            <p className="hint">{t('dashboard.volunteerRule')}</p>
          </section>
          <section className="card" aria-labelledby="warnings-title">
            <h2 id="warnings-title">{t('dashboard.warnings')}</h2>
            {data.warnings.length === 0 ? (
              <Empty>{t('dashboard.noWarnings')}</Empty>
            ) : (
              <ul>
                {data.warnings.map((w) => (
                  <li key={w.rule} className="warning">
                    {w.rule === 'M8'
                      ? t('dashboard.M8', {
                          members: w.members,
                          minimum: w.minimum ?? '',
                          since: formatDate(w.since),
                          deadline: formatDate(w.deadline),
                        })
                      : t('dashboard.M4', { volunteers: w.volunteers ?? '', members: w.members, since: formatDate(w.since) })}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="overdue-title">
            <h2 id="overdue-title">{t('dashboard.overdue')}</h2>
            <p className="hint">{t('dashboard.overdueRule')}</p>
            {data.overdue.undecided.length === 0 ? (
              <Empty>{t('dashboard.noOverdue')}</Empty>
            ) : (
              <ul>
                {data.overdue.undecided.map((a) => (
                  <li key={a.applicationId}>
                    {t('dashboard.overdueItem', {
                      appliedOn: formatDate(a.appliedOn),
                      days: a.daysPending,
                      deadline: formatDate(a.deadline),
                    })}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="refunds-title">
            <h2 id="refunds-title">{t('dashboard.refunds')}</h2>
            <p className="hint">{t('dashboard.refundsRule')}</p>
            {data.refunds.refunds.length === 0 ? (
              <Empty>{t('dashboard.noRefunds')}</Empty>
            ) : (
              <ul>
                {data.refunds.refunds.map((r) => (
                  <li key={r.memberId}>
                    {t('dashboard.refundItem', {
                      number: r.memberNumber,
                      amount: formatEuro(r.amountCents),
                      dueBy: formatDate(r.dueBy),
                    })}
                    {r.overdue && <strong className="badge"> {t('dashboard.refundOverdue')}</strong>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="lag-title">
            <h2 id="lag-title">{t('dashboard.lag')}</h2>
            {readiness.loading && <Loading />}
            {readiness.data &&
              (readiness.data.checks.projections.every((p) => p.lag === '0') ? (
                <p>{t('dashboard.lagNone')}</p>
              ) : (
                <ul>
                  {readiness.data.checks.projections
                    .filter((p) => p.lag !== '0')
                    .map((p) => (
                      <li key={p.name}>{t('dashboard.lagItem', { name: p.name, state: p.state, lag: p.lag })}</li>
                    ))}
                </ul>
              ))}
          </section>
        </div>
      )}
    </main>
  );
}
