import { decisionsSummary, directorLabel, majorityRule, nameOf, plural } from '../../governance/public.js';
import { italianDate as day, type Block } from '../../platform/documents/index.js';
import type { AssemblyBookEntries, BoardBookEntries } from './book-sources.js';
import { ERASED } from './register-blocks.js';

const VOTE: Record<string, string> = { for: 'favorevole', against: 'contrario', abstain: 'astenuto' };
const CALL = { first: 'prima', second: 'seconda' } as const;
const TALLY = (t: { for: number; against: number; abstain: number }) =>
  `favorevoli ${t.for}, contrari ${t.against}, astenuti ${t.abstain}`;
const p = (text: string): Block => ({ kind: 'paragraph', text });
const list = (items: string[]) => items.map((item, i) => `${i + 1}. ${item}`).join('\n');
const minutesLine = (m: { president: string | null; secretary: string | null; minutesSha256: string } | null) =>
  m
    ? `Verbale approvato da ${m.president ?? ERASED} (presidente) e ${m.secretary ?? ERASED} (segretario); sha256 del verbale ${m.minutesSha256}.`
    : 'Verbale non ancora approvato.';

/** Each meeting from a new page: what `between` puts before every meeting but the first. */
const eachOnItsPage = (meetings: Block[][]): Block[] =>
  meetings.flatMap((blocks, i) => (i ? [{ kind: 'pageBreak' } as Block] : []).concat(blocks));

/**
 * The libro delle adunanze e delle deliberazioni dell’assemblea of a year (c.c. art. 2421 c. 1
 * n. 3), as `GET /governance/books/assemblies` gives it: each assembly from a new page, its
 * notice, agenda, proxies, attendance and every motion with who voted how (c.c. art. 2375).
 */
export function assemblyBlocks({ assemblies, numbers, names }: AssemblyBookEntries, year: number): Block[] {
  const title = `Libro delle adunanze e delle deliberazioni dell’assemblea, anno ${year}`;
  if (assemblies.length === 0) return [{ kind: 'heading', level: 1, text: title }, p('Nessuna adunanza registrata nell’anno.')];
  const who = (id: string) => `${names.get(id) ?? ERASED} (socio n. ${numbers.get(id) ?? '?'})`;
  return eachOnItsPage(
    assemblies.map((a, i) => {
      const date = a.opening?.heldOn ?? a.firstCall.date;
      const openings = a.openings?.length ? a.openings : a.opening ? [a.opening] : [];
      const attendance = (call: 'first' | 'second' | null) =>
        a.attendance
          .filter((x) => x.call === call || (call !== null && x.call === null))
          .map((x) => who(x.memberId))
          .join(', ') || 'nessuno';
      const blocks: Block[] = [
        ...(i === 0 ? [{ kind: 'heading', level: 1, text: title } as Block] : []),
        {
          kind: 'heading',
          level: 2,
          text: `Assemblea ${a.kind === 'ordinary' ? 'ordinaria' : 'straordinaria'} del ${day(date)}`,
        },
        p(
          `Avviso di convocazione del ${day(a.noticeSentOn)}; prima convocazione ${day(a.firstCall.date)} (${a.firstCall.place})` +
            (a.secondCall ? `, seconda convocazione ${day(a.secondCall.date)} (${a.secondCall.place})` : '') +
            '.',
        ),
        p(`Ordine del giorno:\n${list(a.agenda)}`),
        p(`Deleghe: ${a.proxies.map((x) => `${who(x.grantor)} a ${who(x.holder)}`).join('; ') || 'nessuna'}.`),
        ...(openings.length
          ? openings.flatMap((o) => [
              p(
                `${o.call === 'first' && !o.quorumReached ? 'Prima convocazione' : `Aperta in ${CALL[o.call]} convocazione`} il ${day(o.heldOn)}: ` +
                  `voti presenti, in proprio e per delega, ${o.votesPresent} su ${o.totalVotes}; quorum costitutivo ${o.quorumRequired}, ` +
                  `${o.quorumReached ? 'raggiunto' : 'non raggiunto'}${o.call === 'first' && !o.quorumReached ? ': assemblea deserta' : ''}.`,
              ),
              p(`Presenti in ${CALL[o.call]} convocazione: ${attendance(o.call)}.`),
            ])
          : [p(`Presenti: ${attendance(null)}.`)]),
      ];
      for (const m of a.motions) {
        blocks.push(
          { kind: 'heading', level: 3, text: `Punto ${m.item}: ${m.text}` },
          {
            kind: 'table',
            columns: [{ title: 'Socio', width: 3 }, { title: 'Voto' }, { title: 'Espresso da (delega)', width: 3 }],
            rows: m.votes.map((v) => [who(v.memberId), VOTE[v.vote] ?? v.vote, v.byProxy ? who(v.castBy) : '']),
          },
        );
        if (m.outcome)
          blocks.push(
            p(
              `${m.outcome.adopted ? 'Approvata' : 'Respinta'} (delibera ${m.outcome.resolutionId}): ${TALLY(m.outcome.tally)}; ${majorityRule(m.outcome.majorityRule)}.`,
            ),
          );
      }
      if (a.closedOn) blocks.push(p(`Chiusa il ${day(a.closedOn)}.`));
      blocks.push(p(minutesLine(a.minutes)));
      return blocks;
    }),
  );
}

/**
 * The libro delle adunanze e delle deliberazioni del consiglio di amministrazione of a year
 * (c.c. art. 2421 c. 1 n. 4), as `GET /governance/books/board` gives it: each meeting from a new
 * page, attendance and quorum (c.c. art. 2388), declared interests (art. 2391), each resolution
 * with every director's vote.
 */
export function boardBlocks({ meetings, resolutions, names, offices }: BoardBookEntries, year: number): Block[] {
  const title = `Libro delle adunanze e delle deliberazioni del consiglio di amministrazione, anno ${year}`;
  if (meetings.length === 0) return [{ kind: 'heading', level: 1, text: title }, p('Nessuna riunione registrata nell’anno.')];
  const named = (person: { directorId: string; name: string | null }) =>
    directorLabel(person, offices.get(person.directorId), ERASED);
  return eachOnItsPage(
    meetings.map((meeting, i) => {
      const own = resolutions
        .filter((r) => r.resolution.meetingId === meeting._id)
        .sort((a, b) => a.resolution.item - b.resolution.item);
      const present = meeting.presentDirectors;
      const blocks: Block[] = [
        ...(i === 0 ? [{ kind: 'heading', level: 1, text: title } as Block] : []),
        { kind: 'heading', level: 2, text: `Riunione del consiglio di amministrazione del ${day(meeting.heldOn)}` },
        p(`Convocata il ${day(meeting.convenedOn)} presso ${meeting.place}; ${plural(own.length, 'delibera', 'delibere')}.`),
        p(`Ordine del giorno:\n${list(meeting.agenda)}`),
        p(
          present
            ? `Presenti ${present.length} consiglieri su ${meeting.inOffice} in carica: ${present.map(named).join(', ') || 'nessuno'}; ` +
                `quorum costitutivo ${meeting.quorumReached ? 'raggiunto' : 'non raggiunto'} (c.c. art. 2388 c. 1).`
            : 'Presenze non ancora registrate.',
        ),
        ...meeting.conflicts.map((c) =>
          p(`Interesse del consigliere (c.c. art. 2391) dichiarato da ${named(c)} sul punto ${c.item}: ${c.interest}`),
        ),
      ];
      for (const r of own) {
        const interested = meeting.conflicts.filter((c) => c.item === r.resolution.item);
        const summary = decisionsSummary(r.resolution.decides);
        blocks.push(
          {
            kind: 'heading',
            level: 3,
            text: `Delibera ${r.resolution.resolutionId}, punto ${r.resolution.item}: ${r.outcome === 'adopted' ? 'approvata' : 'respinta'}`,
          },
          p(r.resolution.text),
          ...(summary ? [p(`Decide: ${summary}.`)] : []),
          ...(r.resolution.reasons
            ? [p(`Motivazione${interested.length ? ' (c.c. art. 2391 c. 2)' : ''}: ${r.resolution.reasons}`)]
            : []),
          {
            kind: 'table',
            columns: [{ title: 'Consigliere', width: 3 }, { title: 'Voto' }],
            rows: r.resolution.votes.map((v) => [
              `${named({ directorId: v.directorId, ...nameOf(names, v.directorId) })}${interested.some((c) => c.directorId === v.directorId) ? ' (interesse dichiarato)' : ''}`,
              VOTE[v.vote] ?? v.vote,
            ]),
          },
          p(
            `${TALLY(r.resolution.tally)}, su ${r.resolution.tally.present} presenti; ${majorityRule(r.resolution.majorityRule)}.`,
          ),
        );
      }
      blocks.push(p(minutesLine(meeting.minutes)));
      return blocks;
    }),
  );
}
