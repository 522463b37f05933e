import { api, must, type RegisterEntry } from '../api/client';
import { Link } from '../app/router';
import { useSession } from '../app/session';
import { formatEuro } from '../i18n/format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/it';
import { Loading, ProblemMessage, useLoad } from '../ui/ui';
import { ResolutionLink } from './board/ResolutionLink';
import { Timeline } from './membership/Timeline';

/** The member endpoint declares no response schema: its entry is the register's, plus these. */
type MemberView = RegisterEntry & {
  status: 'active' | 'ended';
  categories: Array<{ category: RegisterEntry['category']; from: string; to: string | null }>;
};

export function Member({ memberId }: { memberId: string }) {
  const { t } = useI18n();
  const { after } = useSession();
  const { data, problem, loading } = useLoad(
    async () =>
      (await must(
        api.GET('/membership/members/{memberId}', {
          params: { path: { memberId }, header: after ? { 'Coop-After-Position': after } : {} },
        }),
      )) as unknown as MemberView,
    [memberId, after],
  );
  const erased = <em>{t('register.erased')}</em>;
  return (
    <main id="main">
      <p>
        <Link to="/libro-soci">← {t('member.back')}</Link>
      </p>
      {loading && <Loading />}
      <ProblemMessage problem={problem} />
      {data && (
        <>
          <h1>
            {t('member.title', { number: data.memberNumber })}: {data.personalDataErased ? erased : data.name}
          </h1>
          <div className="cards">
            <section className="card" aria-labelledby="entry-title">
              <h2 id="entry-title">{t('register.title')}</h2>
              <dl className="pairs">
                <div className="pair">
                  <dt>{t('register.fiscalCode')}</dt>
                  <dd>{data.personalDataErased ? erased : data.fiscalCode}</dd>
                </div>
                <div className="pair">
                  <dt>{t('member.residence')}</dt>
                  <dd>{data.personalDataErased ? erased : data.residence}</dd>
                </div>
                <div className="pair">
                  <dt>{t('register.category')}</dt>
                  <dd>
                    {t(`category.${data.category}` as MessageKey)} — {t(`section.${data.section}` as MessageKey)}
                  </dd>
                </div>
                <div className="pair">
                  <dt>{t('member.status')}</dt>
                  <dd>{t(`member.status.${data.status}` as MessageKey)}</dd>
                </div>
              </dl>
            </section>
            <section className="card" aria-labelledby="shares-title">
              <h2 id="shares-title">{t('member.shares')}</h2>
              <dl className="pairs">
                <div className="pair">
                  <dt>{t('member.count')}</dt>
                  <dd>{data.shares.count}</dd>
                </div>
                <div className="pair">
                  <dt>{t('member.subscribed')}</dt>
                  <dd>{formatEuro(data.shares.subscribedCents)}</dd>
                </div>
                <div className="pair">
                  <dt>{t('member.paid')}</dt>
                  <dd>{formatEuro(data.shares.paidCents)}</dd>
                </div>
                <div className="pair">
                  <dt>{t('member.refunded')}</dt>
                  <dd>{formatEuro(data.shares.refundedCents)}</dd>
                </div>
              </dl>
            </section>
            <Timeline memberId={memberId} after={after} />
            <ResolutionLink resolutionId={data.boardResolutionId} />
          </div>
        </>
      )}
    </main>
  );
}
