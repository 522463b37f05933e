import { api, must } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { formatDate, formatEuro } from '../../i18n/format';
import { useI18n, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/it';
import { Empty, Loading, useLoad } from '../../ui/ui';
import { boardPaths, romeDate, type Decision, type Trail } from './board-api';
import { BoardProblem, eventInWords, PersonName, ruleInWords } from './board-ui';
import '../../styles/board.css';

/** The decision trail of a resolution (G7), read after the position its command returned. */
export function ResolutionTrail({ resolutionId }: { resolutionId: string }) {
  const { after } = useSession();
  const { data, problem, loading } = useLoad(
    async () =>
      (await must(
        api.GET('/governance/resolutions/{resolutionId}', { params: { path: { resolutionId }, query: { after } } }),
      )) as unknown as Trail,
    [resolutionId, after],
  );
  return (
    <main id="main" className="board">
      <BackToBoard />
      {loading && !data && <Loading />}
      <BoardProblem problem={problem} />
      {data && <TrailView trail={data} />}
    </main>
  );
}

/** The way back: from an event (a member's admission, say) to the resolution that caused it. */
export function EventCause({ eventId }: { eventId: string }) {
  const { t, has } = useI18n();
  const { after } = useSession();
  const { data, problem, loading } = useLoad(
    async () =>
      (await must(
        api.GET('/governance/trail/events/{eventId}', { params: { path: { eventId }, query: { after } } }),
      )) as unknown as Trail,
    [eventId, after],
  );
  const event = data?.caused.find((e) => e.id === eventId);
  return (
    <main id="main" className="board">
      <BackToBoard />
      {loading && !data && <Loading />}
      {problem?.status === 404 ? <p className="notice">{t('board.eventNoCause')}</p> : <BoardProblem problem={problem} />}
      {data && (
        <>
          <h1>{t('board.eventTitle', { type: event ? eventInWords(t, has, event.type) : eventId })}</h1>
          <p className="notice" id="event-cause">
            {t('board.eventCausedBy', {
              date: event ? formatDate(romeDate(event.recordedAt)) : '',
              stream: event?.stream ?? '',
            })}{' '}
            <Link to={boardPaths.resolution(data.resolutionId)}>{t('board.resolutionNumber', { id: data.resolutionId })}</Link>
          </p>
        </>
      )}
    </main>
  );
}

function BackToBoard() {
  const { t } = useI18n();
  return (
    <p>
      <Link to={boardPaths.home}>← {t('board.back')}</Link>
    </p>
  );
}

const HOURS = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 });

interface ContractDecision {
  worker: { kind: 'member' | 'non_member'; memberId?: string; name?: string | null };
  terms?: { form: string; weeklyHours: number; grossMonthlyPayCents: number; startsOn: string; unit: string };
}
interface PartnershipDecision {
  terms?: { partner: { name: string }; form: string; scope: string; startsOn: string };
}

/** A decision in words: what it is about, as the resolution records it . */
function decisionInWords(t: Translate, d: Decision): string {
  const v = d as Record<string, string>;
  switch (d.kind) {
    case 'admit':
      return t('board.decision.admit', { date: formatDate(v.admittedOn) });
    case 'reject':
      return t('board.decision.reject', { reasons: v.reasons ?? '', date: formatDate(v.communicatedOn) });
    case 'accept-withdrawal':
      return t('board.decision.accept-withdrawal', { date: formatDate(v.communicatedOn) });
    case 'refuse-withdrawal':
      return t('board.decision.refuse-withdrawal', { reasons: v.reasons ?? '' });
    case 'exclude':
      return t('board.decision.exclude', { grounds: v.grounds ?? '', date: formatDate(v.communicatedOn) });
    case 'change-category':
      return t('board.decision.change-category', {
        category: t(`category.${v.to}` as MessageKey),
        date: formatDate(v.changedOn),
      });
    case 'approve-contract': {
      const c = d as unknown as ContractDecision;
      if (!c.terms) return t('board.decision.approve-contract');
      const name = c.worker.name ?? t('register.erased');
      return t('board.decision.contractTerms', {
        form: t(`services.form.${c.terms.form}` as MessageKey),
        hours: HOURS.format(c.terms.weeklyHours),
        pay: formatEuro(c.terms.grossMonthlyPayCents),
        date: formatDate(c.terms.startsOn),
        unit: c.terms.unit,
        worker: t(c.worker.kind === 'member' ? 'board.worker.member' : 'board.worker.nonMember', { name }),
      });
    }
    case 'agree-partnership': {
      const p = d as unknown as PartnershipDecision;
      if (!p.terms) return t('board.decision.agree-partnership');
      return t('board.decision.partnershipTerms', {
        partner: p.terms.partner.name,
        form: t(`board.partnershipForm.${p.terms.form}` as MessageKey),
        scope: t(`board.scope.${p.terms.scope}` as MessageKey),
        date: formatDate(p.terms.startsOn),
      });
    }
    case 'end-partnership':
      return t('board.decision.endPartnershipReason', {
        date: formatDate(v.endedOn),
        reason: t(`board.endReason.${v.reason}` as MessageKey),
      });
    default:
      return d.kind;
  }
}

function TrailView({ trail }: { trail: Trail }) {
  const { t, has } = useI18n();
  const r = trail.resolution;
  const meeting = trail.meeting;
  const votes = trail.votes ?? [];
  const byVote = (vote: string) => votes.filter((v) => v.vote === vote);
  return (
    <>
      <h1>
        {t('board.resolutionNumber', { id: trail.resolutionId })}:{' '}
        <span className={trail.outcome === 'adopted' ? 'adopted' : 'rejected'}>
          {t(`board.outcome.${trail.outcome}` as MessageKey)}
        </span>
      </h1>
      <p className="subtitle">
        {t('board.decidedOn', { date: formatDate(r.decidedOn) })}
        {r.item !== undefined && <> — {t('board.onItem', { item: r.item })}</>}
      </p>
      {r.text && <blockquote className="resolution-text">{r.text}</blockquote>}
      <div className="cards">
        <section className="card" aria-labelledby="meeting-title">
          <h2 id="meeting-title">{t('board.trailMeeting')}</h2>
          {meeting ? (
            <dl className="pairs">
              <div className="pair">
                <dt>{t('board.meeting')}</dt>
                <dd>
                  <Link to={boardPaths.meeting(meeting.meetingId)}>
                    {t('board.meetingOn', { date: formatDate(meeting.heldOn), place: meeting.place })}
                  </Link>
                </dd>
              </div>
              <div className="pair">
                <dt>{t('board.quorum')}</dt>
                <dd>
                  {t(meeting.quorumReached ? 'board.quorumReached' : 'board.quorumMissing', {
                    present: meeting.presentDirectors?.length ?? 0,
                    inOffice: meeting.inOffice ?? '—',
                  })}
                </dd>
              </div>
              <div className="pair">
                <dt>{t('board.minutes')}</dt>
                <dd>
                  {meeting.minutes
                    ? t('board.minutesApproved', { sha: meeting.minutes.minutesSha256.slice(0, 12) })
                    : t('board.noMinutes')}
                </dd>
              </div>
            </dl>
          ) : (
            <Empty>{t('board.assemblyResolution')}</Empty>
          )}
        </section>
        <section className="card" aria-labelledby="votes-title">
          <h2 id="votes-title">{t('board.votesTitle')}</h2>
          <p>
            {t('board.tally', { for: r.tally.for, against: r.tally.against, abstain: r.tally.abstain })}
            {r.tally.present !== undefined && <> — {t('board.presentCount', { present: r.tally.present })}</>}
          </p>
          <dl className="pairs">
            {VOTE_KEYS.map(([vote, key]) => (
              <div className="pair" key={vote}>
                <dt>{t(key)}</dt>
                <dd>
                  {byVote(vote).length === 0
                    ? '—'
                    : byVote(vote).map((v, i) => (
                        <span key={v.directorId}>
                          {i > 0 && ', '}
                          <PersonName person={v} />
                        </span>
                      ))}
                </dd>
              </div>
            ))}
          </dl>
          <p className="hint">{trail.body === 'board' ? t('board.majorityRule') : r.majorityRule}</p>
        </section>
      </div>

      <section aria-labelledby="interests-title">
        <h2 id="interests-title">{t('board.conflicts')}</h2>
        {!meeting || meeting.conflicts.length === 0 ? (
          <Empty>{t('board.noConflictsOnItem')}</Empty>
        ) : (
          <ul>
            {meeting.conflicts.map((c, i) => (
              <li key={i}>
                <strong>
                  <PersonName person={c} />
                </strong>
                : {c.interest}
              </li>
            ))}
          </ul>
        )}
        <h3>{t('board.reasons')}</h3>
        {r.reasons ? <p className="resolution-text">{r.reasons}</p> : <Empty>{t('board.noReasons')}</Empty>}
      </section>

      <section aria-labelledby="decisions-title">
        <h2 id="decisions-title">{t('board.decisionsTitle')}</h2>
        {r.decides.length === 0 && <Empty>{t('board.decidesNothing')}</Empty>}
        {r.decides.length > 0 && (
          <ol className="decisions-list">
            {r.decides.map((d, index) => {
              const outcome = trail.decisions.find((o) => o.index === index);
              return (
                <li key={index}>
                  {decisionInWords(t, d)}{' '}
                  {!outcome ? (
                    <span className="pending-outcome">
                      {t(trail.outcome === 'adopted' ? 'board.outcomePending' : 'board.outcomeNotCarried')}
                    </span>
                  ) : outcome.status === 'done' ? (
                    <strong className="adopted">{t('board.outcomeDone')}</strong>
                  ) : (
                    <strong className="rejected">
                      {t('board.outcomeRefused', {
                        rule: outcome.rule ?? '—',
                        words: outcome.rule ? ruleInWords(t, has, outcome.rule, null, outcome.detail) : (outcome.detail ?? ''),
                      })}
                    </strong>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>

      <section aria-labelledby="caused-title">
        <h2 id="caused-title">{t('board.caused')}</h2>
        {trail.caused.length === 0 ? (
          <Empty>{t('board.causedNothing')}</Empty>
        ) : (
          <div className="table-wrap">
            <table id="caused-events">
              <caption>{t('board.causedCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('board.eventType')}</th>
                  <th scope="col">{t('board.eventDate')}</th>
                  <th scope="col">{t('board.eventStream')}</th>
                </tr>
              </thead>
              <tbody>
                {trail.caused.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <Link to={boardPaths.event(e.id)}>{eventInWords(t, has, e.type)}</Link> <code>{e.type}</code>
                    </td>
                    <td>{formatDate(romeDate(e.recordedAt))}</td>
                    <td>
                      <code>{e.stream}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

const VOTE_KEYS: Array<[string, MessageKey]> = [
  ['for', 'board.favour'],
  ['against', 'board.against'],
  ['abstain', 'board.abstained'],
];
