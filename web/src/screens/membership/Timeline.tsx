import { api, must } from '../../api/client';
import { Link } from '../../app/router';
import { formatDate, formatEuro } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/it';
import { Empty, Loading, ProblemMessage, useLoad } from '../../ui/ui';
import '../../styles/services.css';

/** Every recorded fact about a member, as `/membership/members/{id}/timeline` lists them, each resolution linked to its trail. */
export function Timeline({ memberId, after }: { memberId: string; after: string | undefined }) {
  const { t, has } = useI18n();
  const { data, problem, loading } = useLoad(
    () =>
      must(
        api.GET('/membership/members/{memberId}/timeline', {
          params: { path: { memberId }, query: after ? { after } : {} },
        }),
      ),
    [memberId, after],
  );
  const detail = (details: Record<string, string | number | null>) => {
    const parts: string[] = [];
    if (typeof details.category === 'string' && has(`category.${details.category}`))
      parts.push(t(`category.${details.category}` as MessageKey));
    if (typeof details.to === 'string' && has(`category.${details.to}`))
      parts.push(`→ ${t(`category.${details.to}` as MessageKey)}`);
    if (typeof details.count === 'number') parts.push(`${details.count} ${t('member.count').toLowerCase()}`);
    if (typeof details.amountCents === 'number') parts.push(formatEuro(details.amountCents));
    if (typeof details.cause === 'string' && has(`exit.${details.cause}`)) parts.push(t(`exit.${details.cause}` as MessageKey));
    return parts.join(' · ');
  };
  return (
    <section className="card wide" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timeline.title')}</h2>
      {loading && <Loading />}
      <ProblemMessage problem={problem} />
      {data && data.entries.length === 0 && <Empty>{t('timeline.empty')}</Empty>}
      {data && data.entries.length > 0 && (
        <ol className="timeline-entries">
          {data.entries.map((entry) => {
            const label = has(`timeline.${entry.type}`) ? t(`timeline.${entry.type}` as MessageKey) : entry.type;
            const more = detail(entry.details);
            return (
              <li key={entry.eventId}>
                <strong>{formatDate(entry.businessDate)}</strong> — {label}
                {more && `: ${more}`}
                {entry.resolutionId && (
                  <>
                    {' · '}
                    <Link to={`/consiglio/delibere/${encodeURIComponent(entry.resolutionId)}`}>
                      {t('timeline.resolution', { id: entry.resolutionId })}
                    </Link>
                  </>
                )}
                <span className="meta">
                  {t('timeline.recordedAt', { date: formatDate(entry.recordedAt) })}{' '}
                  {t('timeline.by', {
                    role: has(`role.${entry.actor.role}`) ? t(`role.${entry.actor.role}` as MessageKey) : entry.actor.role,
                    key: entry.actor.keyId,
                  })}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
