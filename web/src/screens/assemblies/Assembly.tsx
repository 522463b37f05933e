import { useEffect, useState } from 'react';
import { api, must } from '../../api/client';
import { useSession } from '../../app/session';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/it';
import { Empty, Loading, ProblemMessage, SelectField, TextField, useLoad } from '../../ui/ui';
import '../../styles/assemblies.css';
import { may, Step } from './shared';
import type { AssemblyView, Motion, VoterLine, Voters } from './types';
import { DateField } from '../../ui/DateField';

const POLL_MS = 3_000;
const DEFAULT_MAJORITY = 'majority of the votes cast, abstentions not counted (statute default)';

/**
 * One assembly from convening to minutes. While the page is open it reads the assembly again
 * every few seconds (the SSE stream is for API keys' roles, not for a person's session), so
 * attendance and votes recorded at another desk appear here.
 */
export function Assembly({ assemblyId }: { assemblyId: string }) {
  const { t } = useI18n();
  const { after, person } = useSession();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  const path = { params: { path: { assemblyId }, query: { after } } };
  const { data, problem } = useLoad(() => must(api.GET('/governance/assemblies/{assemblyId}', path)), [assemblyId, after, tick]);
  const voters = useLoad(
    async () =>
      (await must(
        api.GET('/governance/assemblies/{assemblyId}/voters', { params: { path: { assemblyId }, query: { after } } }),
      )) as Voters,
    [assemblyId, after],
  );
  const writes = person ? may.runAssemblies(person.role) : false;
  if (!data)
    return (
      <main id="main">
        <h1>{t('assemblies.title')}</h1>
        {problem ? <ProblemMessage problem={problem} /> : <Loading />}
      </main>
    );
  const lines = voters.data?.voters ?? [];
  return (
    <main id="main" className="assembly">
      <h1>{t('assembly.title', { kind: t(`kind.${data.kind}`), date: formatDate(data.firstCall.date) })}</h1>
      <p className="subtitle" role="status" aria-live="polite">
        {t('assembly.status', { status: t(`assembly.status.${data.status}`) })}
      </p>
      <p className="hint">{t('assembly.live')}</p>
      <div className="assembly-grid">
        <Convening assembly={data} />
        <VotersList voters={lines} loading={voters.loading} />
        <Proxies assembly={data} voters={lines} writes={writes && data.status !== 'closed'} />
        <Attendance assembly={data} voters={lines} writes={writes && data.status !== 'closed'} />
        <Opening assembly={data} writes={writes} />
        <Motions assembly={data} voters={lines} writes={writes && data.status === 'opened'} />
        <Closing assembly={data} writes={writes} />
      </div>
    </main>
  );
}

function useNamed() {
  const { t } = useI18n();
  return (p: { name: string | null; personalDataErased?: true }) =>
    p.personalDataErased || p.name === null ? t('assembly.erased') : p.name;
}

function memberOptions(voters: VoterLine[], erased: string, onlyVoters = false): Array<[string, string]> {
  return [
    ['', '—'],
    ...voters
      .filter((v) => !onlyVoters || v.votes > 0)
      .map((v): [string, string] => [v.memberId, `n. ${v.memberNumber} — ${v.name ?? erased}`]),
  ];
}

function Convening({ assembly }: { assembly: AssemblyView }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="convening-title">
      <h2 id="convening-title">{t('assembly.convening')}</h2>
      <dl className="pairs">
        <div className="pair">
          <dt>{t('assembly.firstCall')}</dt>
          <dd>{t('assembly.callAt', { date: formatDate(assembly.firstCall.date), place: assembly.firstCall.place })}</dd>
        </div>
        <div className="pair">
          <dt>{t('assembly.secondCall')}</dt>
          <dd>
            {assembly.secondCall
              ? t('assembly.callAt', { date: formatDate(assembly.secondCall.date), place: assembly.secondCall.place })
              : t('assembly.noSecondCall')}
          </dd>
        </div>
        <div className="pair">
          <dt>{t('assembly.notice')}</dt>
          <dd>{formatDate(assembly.noticeSentOn)}</dd>
        </div>
      </dl>
      <h3>{t('assembly.agenda')}</h3>
      <ol>
        {assembly.agenda.map((item, n) => (
          <li key={n}>{item}</li>
        ))}
      </ol>
    </section>
  );
}

function VotersList({ voters, loading }: { voters: VoterLine[]; loading: boolean }) {
  const { t } = useI18n();
  // The server words the reason in English; the G2 reason is read back into Italian with its dates.
  const reasonText = (reason: string) => {
    const g2 = /since (\d{4}-\d{2}-\d{2}): votes from (\d{4}-\d{2}-\d{2}) \(G2, ([^)]+)\)/.exec(reason);
    return g2 ? t('voters.reasonG2', { since: formatDate(g2[1]), from: formatDate(g2[2]), legalBasis: g2[3]! }) : reason;
  };
  return (
    <section className="card wide" aria-labelledby="voters-title">
      <h2 id="voters-title">{t('voters.title')}</h2>
      {loading && voters.length === 0 && <Loading />}
      {!loading && voters.length === 0 && <Empty>{t('voters.empty')}</Empty>}
      {voters.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="voters-caption">
          <table>
            <caption id="voters-caption">{t('voters.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('voters.number')}</th>
                <th scope="col">{t('voters.name')}</th>
                <th scope="col">{t('voters.votes')}</th>
                <th scope="col">{t('voters.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {voters.map((v) => (
                <tr key={v.memberId}>
                  <td>{v.memberNumber}</td>
                  <td>{v.name ?? <em>{t('assembly.erased')}</em>}</td>
                  <td>{v.votes}</td>
                  <td>{v.reason ? reasonText(v.reason) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Proxies({ assembly, voters, writes }: { assembly: AssemblyView; voters: VoterLine[]; writes: boolean }) {
  const { t } = useI18n();
  const named = (id: string) => {
    const v = voters.find((x) => x.memberId === id);
    return v ? `n. ${v.memberNumber} — ${v.name ?? t('assembly.erased')}` : id;
  };
  const [form, setForm] = useState({ grantor: '', holder: '' });
  const { assemblyId } = assembly;
  return (
    <section className="card" aria-labelledby="proxies-title">
      <h2 id="proxies-title">{t('proxies.title')}</h2>
      {assembly.proxies.length === 0 ? (
        <Empty>{t('proxies.none')}</Empty>
      ) : (
        <ul>
          {assembly.proxies.map((p) => (
            <li key={p.grantor}>{t('proxies.item', { grantor: named(p.grantor), holder: named(p.holder) })}</li>
          ))}
        </ul>
      )}
      {writes && (
        <Step
          id="proxy"
          label={t('proxies.submit')}
          rule={t('proxies.rule')}
          onDone={() => setForm({ grantor: '', holder: '' })}
          submit={() => api.POST('/governance/assemblies/{assemblyId}/proxies', { params: { path: { assemblyId } }, body: form })}
        >
          <SelectField
            id="proxy-grantor"
            path="grantor"
            label={t('proxies.grantor')}
            value={form.grantor}
            onChange={(e) => setForm({ ...form, grantor: e.target.value })}
            options={memberOptions(voters, t('assembly.erased'), true)}
          />
          <SelectField
            id="proxy-holder"
            path="holder"
            label={t('proxies.holder')}
            value={form.holder}
            onChange={(e) => setForm({ ...form, holder: e.target.value })}
            options={memberOptions(voters, t('assembly.erased'))}
          />
        </Step>
      )}
    </section>
  );
}

function Attendance({ assembly, voters, writes }: { assembly: AssemblyView; voters: VoterLine[]; writes: boolean }) {
  const { t } = useI18n();
  const named = useNamed();
  const [memberId, setMemberId] = useState('');
  const { assemblyId } = assembly;
  return (
    <section className="card wide" aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('attendance.title')}</h2>
      {assembly.attendance.length === 0 ? (
        <Empty>{t('attendance.none')}</Empty>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="attendance-caption">
          <table>
            <caption id="attendance-caption">{t('attendance.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('voters.name')}</th>
                <th scope="col">{t('attendance.call')}</th>
                <th scope="col">{t('attendance.inPerson')}</th>
                <th scope="col">{t('attendance.byProxy')}</th>
                <th scope="col">{t('attendance.held')}</th>
              </tr>
            </thead>
            <tbody>
              {assembly.attendance.map((p) => (
                <tr key={`${p.memberId}-${p.call ?? 'next'}`}>
                  <td>{named(p)}</td>
                  <td>{p.call ? t(`call.${p.call}`) : t('attendance.nextCall')}</td>
                  <td>{p.hasVote ? p.votesInPerson : t('attendance.noVote')}</td>
                  <td>{p.proxies.length ? p.proxies.map((x) => `${named(x)} (${x.votes})`).join(', ') : '—'}</td>
                  <td>{p.votesHeld}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {assembly.status === 'deserted' && <p className="rule">{t('attendance.anew')}</p>}
      {writes && (
        <Step
          id="attendance"
          label={t('attendance.submit')}
          onDone={() => setMemberId('')}
          submit={() =>
            api.POST('/governance/assemblies/{assemblyId}/attendance', { params: { path: { assemblyId } }, body: { memberId } })
          }
        >
          <SelectField
            id="attendance-member"
            path="memberId"
            label={t('attendance.member')}
            value={memberId}
            onChange={(e) => setMemberId(e.target.value)}
            options={memberOptions(voters, t('assembly.erased'))}
          />
        </Step>
      )}
    </section>
  );
}

function Opening({ assembly, writes }: { assembly: AssemblyView; writes: boolean }) {
  const { t } = useI18n();
  const { assemblyId } = assembly;
  const call = assembly.status === 'convened' ? 'first' : assembly.status === 'deserted' && assembly.secondCall ? 'second' : null;
  return (
    <section className="card" aria-labelledby="opening-title">
      <h2 id="opening-title">{t('opening.title')}</h2>
      <ul className="calls">
        {assembly.calls.map((c) => (
          <li key={c.call} className={c.quorumReached ? 'reached' : 'deserted'}>
            {t('opening.call', {
              call: t(`call.${c.call}`),
              date: formatDate(c.heldOn),
              present: c.votesPresent,
              total: c.totalVotes,
              required: c.quorumRequired,
              reached: c.quorumReached ? t('opening.reached') : t('opening.notReached'),
            })}
          </li>
        ))}
      </ul>
      {writes && call && (
        <Step
          id="opening"
          rule={t('opening.rule')}
          label={t(call === 'first' ? 'opening.first' : 'opening.second')}
          submit={() =>
            api.POST('/governance/assemblies/{assemblyId}/opening', { params: { path: { assemblyId } }, body: { call } })
          }
        />
      )}
    </section>
  );
}

function Motions({ assembly, voters, writes }: { assembly: AssemblyView; voters: VoterLine[]; writes: boolean }) {
  const { t } = useI18n();
  const { assemblyId } = assembly;
  const [form, setForm] = useState({ item: '1', text: '' });
  const motionId = `m${assembly.motions.length + 1}`;
  return (
    <section className="card wide" aria-labelledby="motions-title">
      <h2 id="motions-title">{t('motions.title')}</h2>
      {assembly.motions.length === 0 && <Empty>{t('motions.none')}</Empty>}
      {assembly.motions.map((m) => (
        <MotionCard key={m.motionId} assembly={assembly} motion={m} voters={voters} writes={writes} />
      ))}
      {writes && (
        <Step
          id="motion"
          rule={t('motions.rule')}
          label={t('motions.submit')}
          onDone={() => setForm({ item: '1', text: '' })}
          submit={() =>
            api.POST('/governance/assemblies/{assemblyId}/motions', {
              params: { path: { assemblyId } },
              body: { motionId, item: Number(form.item), text: form.text },
            })
          }
        >
          <SelectField
            id="motion-item"
            path="item"
            label={t('motions.item')}
            value={form.item}
            onChange={(e) => setForm({ ...form, item: e.target.value })}
            options={assembly.agenda.map((item, n): [string, string] => [String(n + 1), `${n + 1}. ${item}`])}
          />
          <div className="field span">
            <label htmlFor="motion-text">{t('motions.text')}</label>
            <textarea id="motion-text" rows={2} value={form.text} onChange={(e) => setForm({ ...form, text: e.target.value })} />
          </div>
        </Step>
      )}
    </section>
  );
}

function MotionCard({
  assembly,
  motion,
  voters,
  writes,
}: {
  assembly: AssemblyView;
  motion: Motion;
  voters: VoterLine[];
  writes: boolean;
}) {
  const { t } = useI18n();
  const named = useNamed();
  const { assemblyId } = assembly;
  const [vote, setVote] = useState({ memberId: '', vote: 'for' as 'for' | 'against' | 'abstain' });
  const [resolutionId, setResolutionId] = useState(
    `ass-${assembly.calls.find((c) => c.quorumReached)?.heldOn ?? assembly.firstCall.date}-${motion.item}`,
  );
  const holderName = (id: string) => {
    const v = voters.find((x) => x.memberId === id);
    return v?.name ?? t('assembly.erased');
  };
  const open = motion.state === 'open';
  const id = `motion-${motion.motionId}`;
  return (
    <article className={`motion ${motion.state}`} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {t('motions.heading', { id: motion.motionId, item: motion.item })}: {t(`motions.state.${motion.state}`)}
      </h3>
      <p className="motion-text">{motion.text}</p>
      <p className="tally">
        <strong>
          {t('tally.value', { for: motion.tally.for, against: motion.tally.against, abstain: motion.tally.abstain })}
        </strong>
        {motion.majorityRule && (
          <>
            <br />
            {t('results.majority', {
              rule: motion.majorityRule === DEFAULT_MAJORITY ? t('results.majorityDefault') : motion.majorityRule,
            })}
          </>
        )}
        {motion.resolutionId && (
          <>
            <br />
            {t('results.resolutionId', { id: motion.resolutionId })}
          </>
        )}
      </p>
      {motion.votes.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
          <table>
            <caption id={`${id}-caption`}>{t('votes.caption', { id: motion.motionId })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('voters.name')}</th>
                <th scope="col">{t('votes.vote')}</th>
                <th scope="col">{t('voters.votes')}</th>
              </tr>
            </thead>
            <tbody>
              {motion.votes.map((v) => (
                <tr key={v.memberId}>
                  <td>
                    {named(v)}
                    {v.byProxy && <small> ({t('votes.byProxy', { holder: holderName(v.castBy) })})</small>}
                  </td>
                  <td>{t(`vote.${v.vote}` as MessageKey)}</td>
                  <td>{v.weight}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {writes && open && (
        <div className="motion-steps">
          <Step
            id={`${id}-vote`}
            label={t('votes.submit')}
            rule={t('votes.rule')}
            onDone={() => setVote({ ...vote, memberId: '' })}
            submit={() =>
              api.POST('/governance/assemblies/{assemblyId}/votes', {
                params: { path: { assemblyId } },
                body: { motionId: motion.motionId, memberId: vote.memberId, vote: vote.vote, remote: false },
              })
            }
          >
            <SelectField
              id={`${id}-vote-member`}
              path="memberId"
              label={t('votes.member')}
              value={vote.memberId}
              onChange={(e) => setVote({ ...vote, memberId: e.target.value })}
              options={memberOptions(voters, t('assembly.erased'))}
            />
            <SelectField
              id={`${id}-vote-value`}
              path="vote"
              label={t('votes.vote')}
              value={vote.vote}
              onChange={(e) => setVote({ ...vote, vote: e.target.value as typeof vote.vote })}
              options={[
                ['for', t('vote.for')],
                ['against', t('vote.against')],
                ['abstain', t('vote.abstain')],
              ]}
            />
          </Step>
          <Step
            id={`${id}-result`}
            label={t('results.submit')}
            submit={() =>
              api.POST('/governance/assemblies/{assemblyId}/results', {
                params: { path: { assemblyId } },
                body: { motionId: motion.motionId, resolutionId },
              })
            }
          >
            <TextField
              id={`${id}-resolution`}
              path="resolutionId"
              label={t('results.resolution')}
              value={resolutionId}
              onChange={(e) => setResolutionId(e.target.value)}
            />
          </Step>
        </div>
      )}
    </article>
  );
}

function Closing({ assembly, writes }: { assembly: AssemblyView; writes: boolean }) {
  const { t } = useI18n();
  const { assemblyId } = assembly;
  const held = assembly.calls.find((c) => c.quorumReached)?.heldOn ?? assembly.firstCall.date;
  const [closedOn, setClosedOn] = useState(held);
  const [minutes, setMinutes] = useState({ president: '', secretary: '', minutesText: '' });
  return (
    <section className="card wide" aria-labelledby="closing-title">
      <h2 id="closing-title">{t('closing.title')}</h2>
      {assembly.closedOn && <p>{t('closing.closedOn', { date: formatDate(assembly.closedOn) })}</p>}
      {writes && assembly.status === 'opened' && (
        <Step
          id="closing"
          label={t('closing.submit')}
          submit={() =>
            api.POST('/governance/assemblies/{assemblyId}/closing', { params: { path: { assemblyId } }, body: { closedOn } })
          }
        >
          <DateField id="closedOn" label={t('closing.date')} value={closedOn} onChange={(value) => setClosedOn(value)} />
        </Step>
      )}
      <h3>{t('minutes.title')}</h3>
      {assembly.minutes ? (
        <dl className="pairs">
          <div className="pair">
            <dt>{t('minutes.president')}</dt>
            <dd>{assembly.minutes.president ?? <em>{t('assembly.erased')}</em>}</dd>
          </div>
          <div className="pair">
            <dt>{t('minutes.secretary')}</dt>
            <dd>{assembly.minutes.secretary ?? <em>{t('assembly.erased')}</em>}</dd>
          </div>
          <div className="pair">
            <dt>{t('minutes.sha')}</dt>
            <dd>
              <code className="sha">{assembly.minutes.minutesSha256}</code>
            </dd>
          </div>
        </dl>
      ) : (
        writes &&
        assembly.status === 'closed' && (
          <Step
            id="minutes"
            label={t('minutes.submit')}
            rule={t('minutes.rule')}
            submit={() =>
              api.POST('/governance/assemblies/{assemblyId}/minutes', { params: { path: { assemblyId } }, body: minutes })
            }
          >
            <TextField
              id="minutes-president"
              path="president"
              label={t('minutes.president')}
              value={minutes.president}
              onChange={(e) => setMinutes({ ...minutes, president: e.target.value })}
            />
            <TextField
              id="minutes-secretary"
              path="secretary"
              label={t('minutes.secretary')}
              value={minutes.secretary}
              onChange={(e) => setMinutes({ ...minutes, secretary: e.target.value })}
            />
            <div className="field span">
              <label htmlFor="minutes-text">{t('minutes.text')}</label>
              <textarea
                id="minutes-text"
                rows={4}
                value={minutes.minutesText}
                onChange={(e) => setMinutes({ ...minutes, minutesText: e.target.value })}
              />
            </div>
          </Step>
        )
      )}
    </section>
  );
}
