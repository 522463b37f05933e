import { useState, type FormEvent } from 'react';
import { api, must, problemOf } from '../../api/client';
import { Link } from '../../app/router';
import { useSession } from '../../app/session';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/it';
import { Empty, Loading, SelectField, useLoad } from '../../ui/ui';
import { boardPaths, mayBoard, type MeetingView, type Problem } from './board-api';
import { BoardProblem, PersonName } from './board-ui';
import { ResolutionForm } from './ResolutionForm';
import '../../styles/board.css';

/** Riunione del consiglio: its agenda, who is present, interests declared, and its resolutions. */
export function Meeting({ meetingId }: { meetingId: string }) {
  const { t } = useI18n();
  const { person, after } = useSession();
  const { data, problem, loading } = useLoad(
    () => must(api.GET('/governance/board-meetings/{meetingId}', { params: { path: { meetingId }, query: { after } } })),
    [meetingId, after],
  );
  const canRecord = person ? mayBoard.record(person.role) : false;
  return (
    <main id="main" className="board">
      <p>
        <Link to={boardPaths.home}>← {t('board.back')}</Link>
      </p>
      {loading && !data && <Loading />}
      <BoardProblem problem={problem} />
      {data && (
        <>
          <h1>{t('board.meetingTitle', { date: formatDate(data.heldOn) })}</h1>
          <p className="subtitle">
            {t('board.meetingSubtitle', {
              place: data.place,
              convenedOn: formatDate(data.convenedOn),
              status: data.status === 'held' ? t('board.status.held') : t('board.status.convened'),
            })}
          </p>
          <div className="cards">
            <section className="card" aria-labelledby="agenda-title">
              <h2 id="agenda-title">{t('board.agendaTitle')}</h2>
              <ol className="agenda">
                {data.agenda.map((item, i) => (
                  <li key={i}>{item}</li>
                ))}
              </ol>
            </section>
            <Attendance meeting={data} canRecord={canRecord} />
          </div>
          <Conflicts meeting={data} canRecord={canRecord} />
          <section aria-labelledby="resolutions-title">
            <h2 id="resolutions-title">{t('board.resolutions')}</h2>
            {data.resolutions.length === 0 && <Empty>{t('board.noResolutions')}</Empty>}
            {data.resolutions.length > 0 && (
              <ul className="resolutions">
                {data.resolutions.map((r) => (
                  <li key={r.resolutionId}>
                    <Link to={boardPaths.resolution(r.resolutionId)}>{t('board.resolutionNumber', { id: r.resolutionId })}</Link>
                    {' — '}
                    {t('board.onItem', { item: r.item })}: {r.text}{' '}
                    <strong className={r.outcome === 'adopted' ? 'adopted' : 'rejected'}>
                      {t(`board.outcome.${r.outcome}` as MessageKey)}
                    </strong>{' '}
                    ({t('board.tally', { for: r.tally.for, against: r.tally.against, abstain: r.tally.abstain })})
                  </li>
                ))}
              </ul>
            )}
          </section>
          {canRecord && data.quorumReached && <ResolutionForm meeting={data} />}
          {canRecord && data.present && !data.quorumReached && <p className="notice">{t('board.noQuorum')}</p>}
        </>
      )}
    </main>
  );
}

function Attendance({ meeting, canRecord }: { meeting: MeetingView; canRecord: boolean }) {
  const { t } = useI18n();
  const { wrote } = useSession();
  const [present, setPresent] = useState<string[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const { data, error, response } = await api.POST('/governance/board-meetings/{meetingId}/attendance', {
      params: { path: { meetingId: meeting.meetingId } },
      body: { present },
    });
    setBusy(false);
    if (response.ok) wrote((data as { position?: string } | undefined)?.position);
    else setProblem(problemOf(error, response));
  };
  const inOffice = meeting.directorsInOffice.length;
  return (
    <section className="card" aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('board.attendance')}</h2>
      {meeting.present ? (
        <>
          <ul>
            {meeting.present.map((d) => (
              <li key={d.directorId}>
                <PersonName person={d} />
              </li>
            ))}
          </ul>
          <p className={meeting.quorumReached ? 'quorum ok' : 'quorum missing'}>
            {t(meeting.quorumReached ? 'board.quorumReached' : 'board.quorumMissing', {
              present: meeting.present.length,
              inOffice,
            })}
          </p>
        </>
      ) : canRecord ? (
        <form onSubmit={submit} noValidate>
          <fieldset>
            <legend>{t('board.whoIsPresent', { inOffice })}</legend>
            {meeting.directorsInOffice.map((d) => (
              <div className="check" key={d.directorId}>
                <input
                  type="checkbox"
                  id={`present-${d.directorId}`}
                  checked={present.includes(d.directorId)}
                  onChange={(e) =>
                    setPresent(e.target.checked ? [...present, d.directorId] : present.filter((x) => x !== d.directorId))
                  }
                />
                <label htmlFor={`present-${d.directorId}`}>
                  <PersonName person={d} /> ({t(`board.role.${d.role}` as MessageKey)})
                </label>
              </div>
            ))}
          </fieldset>
          <p className="hint">{t('board.quorumRule')}</p>
          <button type="submit" disabled={busy}>
            {t('board.recordAttendance')}
          </button>
          <BoardProblem problem={problem} />
        </form>
      ) : (
        <Empty>{t('board.noAttendance')}</Empty>
      )}
    </section>
  );
}

function Conflicts({ meeting, canRecord }: { meeting: MeetingView; canRecord: boolean }) {
  const { t } = useI18n();
  const { wrote } = useSession();
  const present = meeting.present ?? [];
  const [form, setForm] = useState({ item: '1', directorId: '', interest: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const directorId = form.directorId || present[0]?.directorId || '';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const { data, error, response } = await api.POST('/governance/board-meetings/{meetingId}/conflicts', {
      params: { path: { meetingId: meeting.meetingId } },
      body: { item: Number(form.item), directorId, interest: form.interest },
    });
    setBusy(false);
    if (response.ok) {
      setProblem(null);
      setForm({ ...form, interest: '' });
      wrote((data as { position?: string } | undefined)?.position);
    } else setProblem(problemOf(error, response));
  };
  const invalidInterest = problem?.status === 400 && problem.errors?.some((e) => e.path === 'body.interest');
  return (
    <section aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">{t('board.conflicts')}</h2>
      {meeting.conflicts.length === 0 && <Empty>{t('board.noConflicts')}</Empty>}
      {meeting.conflicts.length > 0 && (
        <ul className="conflicts">
          {meeting.conflicts.map((c, i) => (
            <li key={i}>
              <strong>
                <PersonName person={c} />
              </strong>
              , {t('board.onItem', { item: c.item })}: {c.interest}
            </li>
          ))}
        </ul>
      )}
      {canRecord && present.length > 0 && (
        <form onSubmit={submit} noValidate className="grid-form">
          <SelectField
            id="conflict-item"
            label={t('board.item')}
            value={form.item}
            onChange={(e) => setForm({ ...form, item: e.target.value })}
            options={meeting.agenda.map((a, i): [string, string] => [String(i + 1), `${i + 1}. ${a}`])}
          />
          <SelectField
            id="conflict-director"
            label={t('board.interestedDirector')}
            value={directorId}
            onChange={(e) => setForm({ ...form, directorId: e.target.value })}
            options={present.map((d): [string, string] => [d.directorId, d.name ?? t('register.erased')])}
          />
          <div className={invalidInterest ? 'field span invalid' : 'field span'}>
            <label htmlFor="conflict-interest">{t('board.interest')}</label>
            <textarea
              id="conflict-interest"
              rows={2}
              value={form.interest}
              onChange={(e) => setForm({ ...form, interest: e.target.value })}
              aria-invalid={invalidInterest ? true : undefined}
              aria-describedby={invalidInterest ? 'conflict-interest-error' : undefined}
            />
            {invalidInterest && (
              <small id="conflict-interest-error" className="field-error">
                {t('field.required')}
              </small>
            )}
          </div>
          <div className="actions span">
            <button type="submit" disabled={busy}>
              {t('board.declare')}
            </button>
          </div>
        </form>
      )}
      <BoardProblem problem={problem} />
    </section>
  );
}
