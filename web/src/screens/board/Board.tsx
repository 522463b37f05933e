import { useState, type FormEvent } from 'react';
import { api, must, problemOf } from '../../api/client';
import { fieldErrors } from '../../api/fields';
import { Link, navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { formatDate, todayInRome } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/it';
import { Empty, Loading, ProblemMessage, TextField, useLoad } from '../../ui/ui';
import { boardPaths, mayBoard, type BoardBook, type Problem } from './board-api';
import { BoardProblem, dateError, PersonName } from './board-ui';
import '../../styles/board.css';
import { DateField } from '../../ui/DateField';

/** Consiglio di amministrazione: the board in office, its meetings, and convening the next one. */
export function Board() {
  const { t } = useI18n();
  const { person, after } = useSession();
  const today = todayInRome();
  const board = useLoad(() => must(api.GET('/governance/board', { params: { query: { after } } })), [after]);
  const book = useLoad(
    async () =>
      (await must(api.GET('/governance/books/board', { params: { query: { format: 'json', after } } }))) as unknown as BoardBook,
    [after],
  );
  const term = board.data?.terms.filter((x) => x.electedOn <= today && today <= x.termEndsOn).at(-1) ?? null;
  const canRecord = person ? mayBoard.record(person.role) : false;

  return (
    <main id="main" className="board">
      <h1>{t('board.title')}</h1>
      <section aria-labelledby="office-title" className="card">
        <h2 id="office-title">{t('board.inOffice')}</h2>
        {board.loading && <Loading />}
        <ProblemMessage problem={board.problem} />
        {board.data && !term && <Empty>{t('board.noBoard')}</Empty>}
        {term && (
          <>
            <p>{t('board.term', { from: formatDate(term.electedOn), to: formatDate(term.termEndsOn) })}</p>
            <table className="directors">
              <caption>{t('board.directorsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('board.director')}</th>
                  <th scope="col">{t('board.role')}</th>
                  <th scope="col">{t('board.isMember')}</th>
                </tr>
              </thead>
              <tbody>
                {term.directors.map((d) => (
                  <tr key={d.directorId}>
                    <td>
                      <PersonName person={d} />
                    </td>
                    <td>{t(`board.role.${d.role}` as MessageKey)}</td>
                    <td>
                      {d.memberId ? <Link to={`/libro-soci/${d.memberId}`}>{t('board.member')}</Link> : t('board.nonMember')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section aria-labelledby="meetings-title">
        <h2 id="meetings-title">{t('board.meetings')}</h2>
        {book.loading && <Loading />}
        <ProblemMessage problem={book.problem} />
        {book.data && book.data.meetings.length === 0 && <Empty>{t('board.noMeetings')}</Empty>}
        {book.data && book.data.meetings.length > 0 && (
          <ul className="meetings" id="meetings-list">
            {[...book.data.meetings].reverse().map((m) => (
              <li key={m._id}>
                <Link to={boardPaths.meeting(m._id)}>{t('board.meetingOn', { date: formatDate(m.heldOn), place: m.place })}</Link>{' '}
                — {m.present ? t('board.status.held') : t('board.status.convened')}
                {', '}
                {t('board.resolutionsCount', { count: m.resolutions.length })}
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/governance/books/board?format=html">{t('board.printBook')}</a>
        </p>
      </section>
      {canRecord && term && <ConveneForm today={today} />}
      {!canRecord && <p className="notice">{t('board.readOnly')}</p>}
    </main>
  );
}

function ConveneForm({ today }: { today: string }) {
  const { t } = useI18n();
  const { wrote } = useSession();
  const [form, setForm] = useState({ convenedOn: today, heldOn: today, place: '', agenda: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(problem);
  const set = (name: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const meetingId = crypto.randomUUID();
    const agenda = form.agenda
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const { data, error, response } = await api.POST('/governance/board-meetings/{meetingId}', {
      params: { path: { meetingId } },
      body: { convenedOn: form.convenedOn, heldOn: form.heldOn, place: form.place, agenda },
    });
    setBusy(false);
    if (response.ok) {
      wrote((data as { position?: string } | undefined)?.position);
      navigate(boardPaths.meeting(meetingId));
      return;
    }
    setProblem(problemOf(error, response));
  };

  return (
    <section aria-labelledby="convene-title">
      <h2 id="convene-title">{t('board.convene')}</h2>
      <form onSubmit={submit} noValidate className="grid-form">
        <DateField
          id="convenedOn"
          label={t('board.convenedOn')}
          required
          value={form.convenedOn}
          onChange={(value) => set('convenedOn')({ target: { value } })}
          error={dateError(t, errors.convenedOn)}
        />
        <DateField
          id="heldOn"
          label={t('board.heldOn')}
          required
          value={form.heldOn}
          onChange={(value) => set('heldOn')({ target: { value } })}
          error={dateError(t, errors.heldOn)}
        />
        <TextField
          id="place"
          label={t('board.place')}
          required
          value={form.place}
          onChange={set('place')}
          error={errors.place ? t('field.required') : undefined}
        />
        <div className={errors.agenda ? 'field span invalid' : 'field span'}>
          <label htmlFor="agenda">{t('board.agenda')}</label>
          <textarea
            id="agenda"
            name="agenda"
            rows={4}
            required
            value={form.agenda}
            onChange={set('agenda')}
            aria-describedby={errors.agenda ? 'agenda-hint agenda-error' : 'agenda-hint'}
            aria-invalid={errors.agenda ? true : undefined}
          />
          <small id="agenda-hint" className="hint">
            {t('board.agendaHint')}
          </small>
          {errors.agenda && (
            <small id="agenda-error" className="field-error">
              {t('board.agendaRequired')}
            </small>
          )}
        </div>
        <div className="actions span">
          <button type="submit" disabled={busy}>
            {t('board.conveneSubmit')}
          </button>
        </div>
      </form>
      <BoardProblem problem={problem} />
    </section>
  );
}
