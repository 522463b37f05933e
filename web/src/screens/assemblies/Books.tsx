import { useState, type FormEvent } from 'react';
import { api, must } from '../../api/client';
import { navigate, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import { formatDate, todayInRome } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/it';
import { Empty, Loading, ProblemMessage, SelectField, TextField, useLoad } from '../../ui/ui';
import '../../styles/assemblies.css';
import { may } from './shared';
import type { AssemblyBook, BoardBook, Seal, VolunteerRegister } from './types';
import { DateField } from '../../ui/DateField';

type Book = 'assemblee' | 'consiglio' | 'volontari';
const DEFAULT_MAJORITY = 'majority of the votes cast, abstentions not counted (statute default)';

/**
 * The books (`/libri?libro=assemblee&anno=2026`, or `&data=` for as of a date), printable from
 * the browser: one meeting per page, numbered pages, the latest seal's root in the footer
 * when the role may read the seals.
 */
export function Books() {
  const { t } = useI18n();
  const { after, person } = useSession();
  const params = useLocation().searchParams;
  const role = person?.role ?? 'auditor';
  const books: Book[] = [
    ...(may.readBooks(role) ? (['assemblee', 'consiglio'] as const) : []),
    ...(may.readVolunteers(role) ? (['volontari'] as const) : []),
  ];
  const book = (books.includes(params.get('libro') as Book) ? params.get('libro') : books[0]) as Book | undefined;
  const year = params.get('anno') ?? '';
  const asOf = params.get('data') ?? '';
  const [draft, setDraft] = useState({ book: book ?? '', year, asOf });

  const { data, problem, loading } = useLoad(async () => {
    const query = { after, ...(year ? { year: Number(year) } : {}), ...(asOf ? { asOf } : {}) };
    if (book === 'assemblee')
      return { book, assemblies: (await must(api.GET('/governance/books/assemblies', { params: { query } }))) as AssemblyBook };
    if (book === 'consiglio')
      return { book, board: (await must(api.GET('/governance/books/board', { params: { query } }))) as BoardBook };
    if (book === 'volontari') {
      const date = asOf || (year ? `${year}-12-31` : todayInRome());
      return {
        book,
        volunteers: (await must(
          api.GET('/work/volunteer-register', { params: { query: { asOf: date, after } } }),
        )) as VolunteerRegister,
      };
    }
    return null;
  }, [book, year, asOf, after]);
  const seal = useLoad(async () => {
    const { data: seals, response } = await api.GET('/audit/seals');
    return response.ok && Array.isArray(seals) && seals.length ? (seals[seals.length - 1] as Seal) : null;
  }, [after]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = new URLSearchParams();
    if (draft.book) q.set('libro', draft.book);
    if (draft.year) q.set('anno', draft.year);
    if (draft.asOf) q.set('data', draft.asOf);
    navigate(`/libri${q.size ? `?${q}` : ''}`);
  };
  const titleKey: Record<Book, MessageKey> = {
    assemblee: 'books.assemblies',
    consiglio: 'books.board',
    volontari: 'books.volunteers',
  };
  const period = asOf
    ? t('books.period.asOf', { date: formatDate(asOf) })
    : year
      ? t('books.period.year', { year })
      : t('books.period.all');

  return (
    <main id="main" className="books">
      <h1 className="screen-only">{t('books.title')}</h1>
      <form className="filters screen-only" onSubmit={submit} aria-label={t('books.title')}>
        <SelectField
          id="book"
          label={t('books.which')}
          value={draft.book}
          onChange={(e) => setDraft({ ...draft, book: e.target.value as Book })}
          options={books.map((b): [string, string] => [b, t(titleKey[b])])}
        />
        <TextField
          id="year"
          label={t('books.year')}
          type="number"
          min={1900}
          max={9999}
          inputMode="numeric"
          value={draft.year}
          onChange={(e) => setDraft({ ...draft, year: e.target.value })}
        />
        <DateField
          id="asOf"
          label={t('books.asOf')}
          value={draft.asOf}
          onChange={(value) => setDraft({ ...draft, asOf: value })}
        />
        <div className="actions">
          <button type="submit">{t('books.show')}</button>
          <button type="button" className="secondary" onClick={() => window.print()}>
            {t('books.print')}
          </button>
        </div>
      </form>
      <p className="hint screen-only">
        {t('books.printNote')} {!seal.loading && !seal.data && t('books.noSeal')}
      </p>
      {loading && !data && <Loading />}
      <ProblemMessage problem={problem} />
      {book && data && (
        <article className="book" aria-labelledby="book-title">
          <header className="book-cover">
            <h2 id="book-title">{t(titleKey[book])}</h2>
            <p>
              {book === 'volontari' && data.volunteers
                ? t('books.period.asOf', { date: formatDate(data.volunteers.asOf) })
                : period}
            </p>
          </header>
          {data.assemblies && <AssembliesBook book={data.assemblies} />}
          {data.board && <BoardBookView book={data.board} />}
          {data.volunteers && <VolunteersBook register={data.volunteers} />}
        </article>
      )}
      {seal.data && (
        <footer className="print-footer">
          {t('books.seal', {
            n: seal.data.revision,
            root: seal.data.logRoot ?? seal.data.merkleRoot ?? '',
            size: seal.data.treeSize ?? '?',
          })}
        </footer>
      )}
    </main>
  );
}

function AssembliesBook({ book }: { book: AssemblyBook }) {
  const { t } = useI18n();
  if (book.assemblies.length === 0) return <Empty>{t('books.empty')}</Empty>;
  const erased = t('assembly.erased');
  const dateOf = (a: AssemblyBook['assemblies'][number]) => a.opening?.heldOn ?? a.firstCall.date;
  return (
    <>
      <nav className="book-index" aria-labelledby="index-title">
        <h3 id="index-title">{t('books.index')}</h3>
        <ol>
          {book.assemblies.map((a) => (
            <li key={a._id}>
              <a href={`#m-${a._id}`}>{t('books.meetingAssembly', { kind: t(`kind.${a.kind}`), date: formatDate(dateOf(a)) })}</a>
            </li>
          ))}
        </ol>
      </nav>
      {book.assemblies.map((a) => (
        <section key={a._id} id={`m-${a._id}`} className="book-meeting" aria-labelledby={`t-${a._id}`}>
          <h3 id={`t-${a._id}`}>{t('books.meetingAssembly', { kind: t(`kind.${a.kind}`), date: formatDate(dateOf(a)) })}</h3>
          <dl className="pairs">
            <div className="pair">
              <dt>{t('assembly.notice')}</dt>
              <dd>{formatDate(a.noticeSentOn)}</dd>
            </div>
            <div className="pair">
              <dt>{t('assembly.firstCall')}</dt>
              <dd>{t('assembly.callAt', { date: formatDate(a.firstCall.date), place: a.firstCall.place })}</dd>
            </div>
            {a.secondCall && (
              <div className="pair">
                <dt>{t('assembly.secondCall')}</dt>
                <dd>{t('assembly.callAt', { date: formatDate(a.secondCall.date), place: a.secondCall.place })}</dd>
              </div>
            )}
          </dl>
          <h4>{t('assembly.agenda')}</h4>
          <ol>
            {a.agenda.map((item, n) => (
              <li key={n}>{item}</li>
            ))}
          </ol>
          <ul>
            {(a.openings?.length ? a.openings : a.opening ? [a.opening] : []).map((o) => (
              <li key={o.call}>
                {t('opening.call', {
                  call: t(`call.${o.call}`),
                  date: formatDate(o.heldOn),
                  present: o.votesPresent,
                  total: o.totalVotes,
                  required: o.quorumRequired,
                  reached: o.quorumReached ? t('opening.reached') : t('opening.notReached'),
                })}
              </li>
            ))}
          </ul>
          <h4>{t('books.resolutions')}</h4>
          {a.motions.map((m) => (
            <div key={m.motionId} className="book-motion">
              <p>
                <strong>
                  {t('motions.heading', { id: m.motionId, item: m.item })}
                  {m.outcome ? `: ${t(m.outcome.adopted ? 'motions.state.adopted' : 'motions.state.rejected')}` : ''}
                </strong>
              </p>
              <p>{m.text}</p>
              {m.outcome && (
                <p>
                  {t('tally.value', {
                    for: m.outcome.tally.for,
                    against: m.outcome.tally.against,
                    abstain: m.outcome.tally.abstain,
                  })}
                  .{' '}
                  {t('results.majority', {
                    rule: m.outcome.majorityRule === DEFAULT_MAJORITY ? t('results.majorityDefault') : m.outcome.majorityRule,
                  })}
                  . {t('results.resolutionId', { id: m.outcome.resolutionId })}
                </p>
              )}
              <Voters
                votes={m.votes.map((v) => ({
                  key: v.memberId,
                  vote: v.vote,
                  name: `${v.name ?? erased}${v.memberNumber ? ` (${t('books.memberNumber', { n: v.memberNumber })})` : ''}${
                    v.byProxy ? `, ${t('books.byProxy', { holder: v.castByName ?? erased })}` : ''
                  }${v.weight > 1 ? `, ${t('books.weight', { n: v.weight })}` : ''}`,
                }))}
              />
            </div>
          ))}
          {a.closedOn && <p>{t('closing.closedOn', { date: formatDate(a.closedOn) })}</p>}
          {a.minutes && <Minutes minutes={a.minutes} />}
        </section>
      ))}
    </>
  );
}

const VOTE_KEYS: Array<[string, MessageKey]> = [
  ['for', 'books.votedFor'],
  ['against', 'books.votedAgainst'],
  ['abstain', 'books.abstained'],
];

/** Who voted how, by name (c.c. art. 2375): the favorevoli, contrari and astenuti of one motion or resolution. */
function Voters({ votes }: { votes: Array<{ key: string; vote: string; name: string }> }) {
  const { t } = useI18n();
  return (
    <dl className="pairs voters">
      {VOTE_KEYS.map(([vote, label]) => {
        const these = votes.filter((v) => v.vote === vote);
        return (
          <div className="pair" key={vote}>
            <dt>
              {t(label)} ({these.length})
            </dt>
            <dd>{these.length ? these.map((v) => v.name).join('; ') : '—'}</dd>
          </div>
        );
      })}
    </dl>
  );
}

function Minutes({ minutes }: { minutes: NonNullable<AssemblyBook['assemblies'][number]['minutes']> }) {
  const { t } = useI18n();
  const erased = t('assembly.erased');
  return (
    <p className="book-minutes">
      {t('minutes.signed', { president: minutes.president ?? erased, secretary: minutes.secretary ?? erased })}
      <br />
      {t('minutes.sha')}: <code className="sha">{minutes.minutesSha256}</code>
    </p>
  );
}

function BoardBookView({ book }: { book: BoardBook }) {
  const { t } = useI18n();
  if (book.meetings.length === 0) return <Empty>{t('books.empty')}</Empty>;
  const erased = t('assembly.erased');
  return (
    <>
      <nav className="book-index" aria-labelledby="index-title">
        <h3 id="index-title">{t('books.index')}</h3>
        <ol>
          {book.meetings.map((m) => (
            <li key={m._id}>
              <a href={`#m-${m._id}`}>{t('books.meetingBoard', { date: formatDate(m.heldOn) })}</a>
            </li>
          ))}
        </ol>
      </nav>
      {book.meetings.map((m) => (
        <section key={m._id} id={`m-${m._id}`} className="book-meeting" aria-labelledby={`t-${m._id}`}>
          <h3 id={`t-${m._id}`}>{t('books.meetingBoard', { date: formatDate(m.heldOn) })}</h3>
          <p>
            {t('books.place')}: {m.place}
          </p>
          <h4>{t('assembly.agenda')}</h4>
          <ol>
            {m.agenda.map((item, n) => (
              <li key={n}>{item}</li>
            ))}
          </ol>
          {m.presentDirectors && (
            <p>
              {t('books.present')}: {m.presentDirectors.map((d) => d.name ?? erased).join(', ')}
            </p>
          )}
          <h4>{t('books.resolutions')}</h4>
          {m.resolutions.map(({ resolution: r }) => {
            const count = (v: string) => r.votes.filter((x) => x.vote === v).length;
            return (
              <div key={r.resolutionId} className="book-motion">
                <p>
                  <strong>{t('results.resolutionId', { id: r.resolutionId })}</strong>
                </p>
                <p>{r.text}</p>
                <p>{t('tally.value', { for: count('for'), against: count('against'), abstain: count('abstain') })}</p>
                <Voters votes={r.votes.map((v) => ({ key: v.directorId, vote: v.vote, name: v.name ?? erased }))} />
              </div>
            );
          })}
          {m.minutes && <Minutes minutes={m.minutes} />}
        </section>
      ))}
    </>
  );
}

function VolunteersBook({ register }: { register: VolunteerRegister }) {
  const { t } = useI18n();
  if (register.volunteers.length === 0) return <Empty>{t('books.volunteersEmpty')}</Empty>;
  const erased = t('assembly.erased');
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="volunteers-caption">
      <table>
        <caption id="volunteers-caption">{t('volunteers.caption', { date: formatDate(register.asOf) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('volunteers.number')}</th>
            <th scope="col">{t('volunteers.name')}</th>
            <th scope="col">{t('volunteers.kind')}</th>
            <th scope="col">{t('volunteers.enrolled')}</th>
            <th scope="col">{t('volunteers.left')}</th>
            <th scope="col">{t('volunteers.activity')}</th>
            <th scope="col">{t('volunteers.insured')}</th>
          </tr>
        </thead>
        <tbody>
          {register.volunteers.map((v) => (
            <tr key={v.volunteerId}>
              <td>{v.number}</td>
              <td>{v.personalDataErased ? <em>{erased}</em> : `${v.familyName ?? ''} ${v.givenName ?? ''}`}</td>
              <td>{v.kind === 'member' ? t('yes') : t('no')}</td>
              <td>{formatDate(v.enrolledOn)}</td>
              <td>{v.leftOn ? formatDate(v.leftOn) : '—'}</td>
              <td>{[v.unit, v.activity].filter(Boolean).join(': ')}</td>
              <td>{v.insuredOn ? t('yes') : t('no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
