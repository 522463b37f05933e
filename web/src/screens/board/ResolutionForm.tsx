import { useState, type FormEvent } from 'react';
import { api, must, problemOf, type RegisterEntry } from '../../api/client';
import { fieldErrors } from '../../api/fields';
import type { ApplicationsPage } from '../../api/reports';
import { navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/it';
import { Loading, SelectField, TextField, useLoad } from '../../ui/ui';
import { boardPaths, type Decision, type MeetingView, type Problem, type Vote, type Withdrawals } from './board-api';
import { BoardProblem, PersonName, ruleInWords } from './board-ui';
import { DateField } from '../../ui/DateField';
import { newDraft, toDecision, WorkDecisionFields, type PartnershipEntry, type WorkDecisionDraft } from './WorkDecisions';

const VOTES: Vote[] = ['for', 'against', 'abstain'];
const INTEREST = 'c.c. art. 2391 c. 2';
const CATEGORIES = ['worker', 'volunteer', 'user', 'financing'] as const;

type ApplicationChoice = { choice: '' | 'admit' | 'reject'; date: string; reasons: string };
type WithdrawalChoice = { choice: '' | 'accept' | 'refuse'; date: string; reasons: string };
type OtherDecision = { kind: 'exclude' | 'change-category'; memberId: string; text: string; to: string; date: string };

/**
 * What the board may decide on: pending applications and withdrawals and the members, as the
 * membership records them, and the partnerships, as the cooperation context does.
 */
function useMatters(after: string | undefined) {
  return useLoad(async () => {
    const [applications, withdrawals, register, partnerships] = await Promise.all([
      must(api.GET('/membership/applications', { params: { query: { status: 'pending', after, limit: 1_000 } } })),
      must(api.GET('/membership/reports/withdrawals', { params: { query: { after } } })),
      must(api.GET('/membership/register', { params: { query: { status: 'active', after, limit: 1_000 } } })),
      must(api.GET('/cooperation/partnerships', { params: { query: { after } } })),
    ]);
    return {
      applications: (applications as unknown as ApplicationsPage).items,
      withdrawals: (withdrawals as unknown as Withdrawals).requests,
      members: register.items as RegisterEntry[],
      partnerships: (partnerships as unknown as { partnerships: PartnershipEntry[] }).partnerships,
    };
  }, [after]);
}

/** Adopt a resolution: the item, its text, each present director's vote, the reasons, and what it decides. */
export function ResolutionForm({ meeting }: { meeting: MeetingView }) {
  const { t, has } = useI18n();
  const { wrote, after } = useSession();
  const matters = useMatters(after);
  const present = meeting.present ?? [];
  const [resolutionId, setResolutionId] = useState(`cda-${meeting.heldOn}-${meeting.resolutions.length + 1}`);
  const [item, setItem] = useState('1');
  const [text, setText] = useState('');
  const [reasons, setReasons] = useState('');
  const [votes, setVotes] = useState<Record<string, Vote>>({});
  const [applications, setApplications] = useState<Record<string, ApplicationChoice>>({});
  const [withdrawals, setWithdrawals] = useState<Record<string, WithdrawalChoice>>({});
  const [others, setOthers] = useState<OtherDecision[]>([]);
  const [works, setWorks] = useState<WorkDecisionDraft[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [decisionFields, setDecisionFields] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const interested = meeting.conflicts.filter((c) => c.item === Number(item));
  const errors = fieldErrors(problem);
  const reasonsRefused = problem?.status === 422 && problem.rule === 'G6' && problem.legalBasis === INTEREST;
  const reasonsError = reasonsRefused
    ? t('error.rule', { rule: 'G6', legalBasis: INTEREST, message: ruleInWords(t, has, 'G6', INTEREST) })
    : errors.reasons
      ? t('error.invalid')
      : undefined;
  const fieldError = (id: string) => {
    const index = decisionFields.indexOf(id.replace(/-(reasons|date|text)$/, ''));
    const field = /-(reasons|text)$/.test(id) ? ['reasons', 'grounds'] : ['admittedOn', 'communicatedOn', 'changedOn'];
    return index >= 0 && field.some((f) => errors[`decides.${index}.${f}`]) ? t('board.decisionFieldInvalid') : undefined;
  };
  /** The server's word on a field of a contract or partnership decision, by its path inside the decision. */
  const workFieldError = (i: number, path: string) => {
    const index = decisionFields.indexOf(`work-${i}`);
    const e = index >= 0 ? errors[`decides.${index}.${path}`] : undefined;
    if (!e) return undefined;
    return e.code === 'DATE_IN_FUTURE' ? t('error.DATE_IN_FUTURE') : t('board.decisionFieldInvalid');
  };
  const voteOf = (directorId: string): Vote => votes[directorId] ?? 'for';
  const appChoice = (id: string): ApplicationChoice => applications[id] ?? { choice: '', date: meeting.heldOn, reasons: '' };
  const wdChoice = (id: string): WithdrawalChoice => withdrawals[id] ?? { choice: '', date: meeting.heldOn, reasons: '' };
  const memberName = (memberId: string) => {
    const m = matters.data?.members.find((x) => x.memberId === memberId);
    return m
      ? `${t('board.memberNumber', { number: m.memberNumber })} ${m.personalDataErased ? t('register.erased') : (m.name ?? '')}`
      : memberId;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const decides: Decision[] = [];
    const fields: string[] = [];
    for (const [applicationId, c] of Object.entries(applications)) {
      if (c.choice === 'admit') decides.push({ kind: 'admit', applicationId, admittedOn: c.date });
      if (c.choice === 'reject') decides.push({ kind: 'reject', applicationId, reasons: c.reasons, communicatedOn: c.date });
      if (c.choice) fields.push(`app-${applicationId}`);
    }
    for (const [memberId, c] of Object.entries(withdrawals)) {
      if (c.choice === 'accept') decides.push({ kind: 'accept-withdrawal', memberId, communicatedOn: c.date });
      if (c.choice === 'refuse') decides.push({ kind: 'refuse-withdrawal', memberId, reasons: c.reasons });
      if (c.choice) fields.push(`wd-${memberId}`);
    }
    others.forEach((o, i) => {
      if (!o.memberId) return;
      if (o.kind === 'exclude') decides.push({ kind: 'exclude', memberId: o.memberId, grounds: o.text, communicatedOn: o.date });
      else decides.push({ kind: 'change-category', memberId: o.memberId, to: o.to as 'worker', changedOn: o.date });
      fields.push(`other-${i}`);
    });
    works.forEach((w, i) => {
      decides.push(toDecision(w));
      fields.push(`work-${i}`);
    });
    setDecisionFields(fields);
    setBusy(true);
    const body = {
      resolutionId,
      item: Number(item),
      text,
      votes: present.map((d) => ({ directorId: d.directorId, vote: voteOf(d.directorId) })),
      decides,
      ...(reasons.trim() ? { reasons } : {}),
    };
    const { data, error, response } = await api.POST('/governance/board-meetings/{meetingId}/resolutions', {
      params: { path: { meetingId: meeting.meetingId } },
      body: body as never,
    });
    setBusy(false);
    if (response.ok) {
      wrote((data as { position?: string } | undefined)?.position);
      navigate(boardPaths.resolution(resolutionId));
      return;
    }
    setProblem(problemOf(error, response));
  };

  return (
    <section aria-labelledby="resolve-title">
      <h2 id="resolve-title">{t('board.resolve')}</h2>
      <form onSubmit={submit} noValidate className="grid-form resolution-form">
        <SelectField
          id="item"
          label={t('board.item')}
          value={item}
          onChange={(e) => setItem(e.target.value)}
          error={errors.item ? t('error.invalid') : undefined}
          options={meeting.agenda.map((a, i): [string, string] => [String(i + 1), `${i + 1}. ${a}`])}
        />
        <TextField
          id="resolutionId"
          label={t('board.resolutionId')}
          required
          value={resolutionId}
          onChange={(e) => setResolutionId(e.target.value)}
          error={errors.resolutionId ? t('field.required') : undefined}
        />
        <div className={errors.text ? 'field span invalid' : 'field span'}>
          <label htmlFor="text">{t('board.text')}</label>
          <textarea
            id="text"
            rows={3}
            required
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={errors.text ? true : undefined}
            aria-describedby={errors.text ? 'text-error' : undefined}
          />
          {errors.text && (
            <small id="text-error" className="field-error">
              {t('field.required')}
            </small>
          )}
        </div>

        <fieldset className="span votes">
          <legend>{t('board.votes')}</legend>
          {present.map((d) => (
            <div className="vote" role="radiogroup" aria-labelledby={`vote-${d.directorId}-name`} key={d.directorId}>
              <span id={`vote-${d.directorId}-name`} className="voter">
                <PersonName person={d} />
              </span>
              {VOTES.map((v) => (
                <label key={v}>
                  <input
                    type="radio"
                    name={`vote-${d.directorId}`}
                    value={v}
                    checked={voteOf(d.directorId) === v}
                    onChange={() => setVotes({ ...votes, [d.directorId]: v })}
                  />{' '}
                  {t(`board.vote.${v}` as MessageKey)}
                </label>
              ))}
            </div>
          ))}
          <p className="hint">{t('board.majorityRule')}</p>
        </fieldset>

        <div className={reasonsError ? 'field span invalid' : 'field span'}>
          <label htmlFor="reasons">{t('board.reasons')}</label>
          <textarea
            id="reasons"
            rows={3}
            value={reasons}
            onChange={(e) => setReasons(e.target.value)}
            aria-invalid={reasonsError ? true : undefined}
            aria-describedby={
              [interested.length ? 'reasons-hint' : '', reasonsError ? 'reasons-error' : ''].filter(Boolean).join(' ') ||
              undefined
            }
          />
          {interested.length > 0 && (
            <small id="reasons-hint" className="hint">
              {t('board.reasonsRequired', { names: interested.map((c) => c.name ?? t('register.erased')).join(', ') })}
            </small>
          )}
          {reasonsError && (
            <small id="reasons-error" className="field-error">
              {reasonsError}
            </small>
          )}
        </div>

        <fieldset className="span decisions">
          <legend>{t('board.decides')}</legend>
          {matters.loading && <Loading />}
          <BoardProblem problem={matters.problem} />
          {matters.data && (
            <>
              <h3>{t('board.pendingApplications')}</h3>
              {matters.data.applications.length === 0 && <p className="empty">{t('applications.noPending')}</p>}
              {matters.data.applications.map((a) => {
                const c = appChoice(a.applicationId);
                const set = (next: Partial<ApplicationChoice>) =>
                  setApplications({ ...applications, [a.applicationId]: { ...c, ...next } });
                const id = `app-${a.applicationId}`;
                const who = a.personalDataErased ? t('register.erased') : (a.name ?? '');
                return (
                  <div className="decision" key={a.applicationId}>
                    <SelectField
                      id={id}
                      label={t('board.onApplication', { name: who, date: formatDate(a.appliedOn) })}
                      value={c.choice}
                      onChange={(e) => set({ choice: e.target.value as ApplicationChoice['choice'] })}
                      options={[
                        ['', t('board.noDecision')],
                        ['admit', t('board.admit')],
                        ['reject', t('board.reject')],
                      ]}
                    />
                    {c.choice && (
                      <DateField
                        id={`${id}-date`}
                        label={c.choice === 'admit' ? t('board.admittedOn') : t('board.communicatedOn')}
                        value={c.date}
                        onChange={(value) => set({ date: value })}
                        error={fieldError(`${id}-date`)}
                      />
                    )}
                    {c.choice === 'reject' && (
                      <TextField
                        id={`${id}-reasons`}
                        label={t('board.rejectReasons')}
                        value={c.reasons}
                        onChange={(e) => set({ reasons: e.target.value })}
                        error={fieldError(`${id}-reasons`)}
                      />
                    )}
                  </div>
                );
              })}

              <h3>{t('board.pendingWithdrawals')}</h3>
              {matters.data.withdrawals.length === 0 && <p className="empty">{t('board.noWithdrawals')}</p>}
              {matters.data.withdrawals.map((w) => {
                const c = wdChoice(w.memberId);
                const set = (next: Partial<WithdrawalChoice>) =>
                  setWithdrawals({ ...withdrawals, [w.memberId]: { ...c, ...next } });
                const id = `wd-${w.memberId}`;
                return (
                  <div className="decision" key={w.memberId}>
                    <SelectField
                      id={id}
                      label={t('board.onWithdrawal', { member: memberName(w.memberId), date: formatDate(w.requestedOn) })}
                      value={c.choice}
                      onChange={(e) => set({ choice: e.target.value as WithdrawalChoice['choice'] })}
                      options={[
                        ['', t('board.noDecision')],
                        ['accept', t('board.acceptWithdrawal')],
                        ['refuse', t('board.refuseWithdrawal')],
                      ]}
                    />
                    {c.choice === 'accept' && (
                      <DateField
                        id={`${id}-date`}
                        label={t('board.communicatedOn')}
                        value={c.date}
                        onChange={(value) => set({ date: value })}
                        error={fieldError(`${id}-date`)}
                      />
                    )}
                    {c.choice === 'refuse' && (
                      <TextField
                        id={`${id}-reasons`}
                        label={t('board.refuseReasons')}
                        value={c.reasons}
                        onChange={(e) => set({ reasons: e.target.value })}
                        error={fieldError(`${id}-reasons`)}
                      />
                    )}
                  </div>
                );
              })}

              <h3>{t('board.otherDecisions')}</h3>
              {others.map((o, i) => {
                const set = (next: Partial<OtherDecision>) => setOthers(others.map((x, j) => (j === i ? { ...x, ...next } : x)));
                const id = `other-${i}`;
                return (
                  <div className="decision" key={i}>
                    <SelectField
                      id={`${id}-kind`}
                      label={t('board.decisionKind')}
                      value={o.kind}
                      onChange={(e) => set({ kind: e.target.value as OtherDecision['kind'] })}
                      options={[
                        ['exclude', t('board.exclude')],
                        ['change-category', t('board.changeCategory')],
                      ]}
                    />
                    <SelectField
                      id={`${id}-member`}
                      label={t('board.whichMember')}
                      value={o.memberId}
                      onChange={(e) => set({ memberId: e.target.value })}
                      options={[
                        ['', t('board.chooseMember')],
                        ...matters.data!.members.map((m): [string, string] => [m.memberId, memberName(m.memberId)]),
                      ]}
                    />
                    {o.kind === 'exclude' ? (
                      <TextField
                        id={`${id}-text`}
                        label={t('board.grounds')}
                        value={o.text}
                        onChange={(e) => set({ text: e.target.value })}
                        error={fieldError(`${id}-text`)}
                      />
                    ) : (
                      <SelectField
                        id={`${id}-to`}
                        label={t('board.newCategory')}
                        value={o.to}
                        onChange={(e) => set({ to: e.target.value })}
                        options={CATEGORIES.map((c): [string, string] => [c, t(`category.${c}`)])}
                      />
                    )}
                    <DateField
                      id={`${id}-date`}
                      label={o.kind === 'exclude' ? t('board.communicatedOn') : t('board.changedOn')}
                      value={o.date}
                      onChange={(value) => set({ date: value })}
                      error={fieldError(`${id}-date`)}
                    />
                    <button type="button" className="secondary" onClick={() => setOthers(others.filter((_, j) => j !== i))}>
                      {t('board.removeDecision')}
                    </button>
                  </div>
                );
              })}
              <button
                type="button"
                className="secondary"
                onClick={() =>
                  setOthers([...others, { kind: 'exclude', memberId: '', text: '', to: 'worker', date: meeting.heldOn }])
                }
              >
                {t('board.addDecision')}
              </button>

              <h3>{t('board.workDecisions')}</h3>
              {works.map((w, i) => (
                <WorkDecisionFields
                  key={i}
                  id={`work-${i}`}
                  draft={w}
                  set={(next) => setWorks(works.map((x, j) => (j === i ? ({ ...x, ...next } as WorkDecisionDraft) : x)))}
                  remove={() => setWorks(works.filter((_, j) => j !== i))}
                  members={matters.data!.members}
                  memberName={memberName}
                  partnerships={matters.data!.partnerships}
                  error={(path) => workFieldError(i, path)}
                />
              ))}
              <div className="actions">
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setWorks([...works, newDraft('approve-contract', meeting.heldOn)])}
                >
                  {t('board.addContract')}
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => setWorks([...works, newDraft('agree-partnership', meeting.heldOn)])}
                >
                  {t('board.addPartnership')}
                </button>
                {matters.data.partnerships.some((p) => !p.endedOn) && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => setWorks([...works, newDraft('end-partnership', meeting.heldOn)])}
                  >
                    {t('board.addEndPartnership')}
                  </button>
                )}
              </div>
              <p className="hint">{t('board.decidesNote')}</p>
            </>
          )}
        </fieldset>

        <div className="actions span">
          <button type="submit" disabled={busy}>
            {t('board.adopt')}
          </button>
        </div>
      </form>
      {!reasonsRefused && <BoardProblem problem={problem} />}
    </section>
  );
}
