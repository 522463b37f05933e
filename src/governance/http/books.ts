import { italianDate } from '../../platform/documents/dates.js';
import type { Opening } from '../projections/assembly-book.projection.js';
import {
  directorLabel,
  nameOf,
  type DirectorNames,
  type DirectorOffices,
  type ReadableAssembly,
  type ReadableMeeting,
  type ReadableResolution,
} from './readable.js';

/** A business date as the books print it, gg/mm/aaaa, escaped. */
const day = (date: string | null | undefined) => escape(italianDate(date));

const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const ERASED = '[dati cancellati]';

const page = (title: string, index: string, sections: string[]) => `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:12pt/1.45 Georgia,serif;margin:2cm;color:#111}section,nav{page-break-after:always}section:last-child{page-break-after:auto}
h1{font-size:16pt}h2{font-size:14pt;margin-top:0}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:2px 6px;font-size:10pt;text-align:left}
.hash{font-family:monospace;font-size:9pt}</style></head><body><h1>${escape(title)}</h1>${
  sections.length ? `${index}\n${sections.join('\n')}` : '<p>Nessuna adunanza registrata.</p>'
}</body></html>`;

/** "1 nuovo socio", "2 nuovi soci". */
export const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const VOTE: Record<string, string> = { for: 'favorevole', against: 'contrario', abstain: 'astenuto' };
const vote = (v: string) => VOTE[v] ?? v;

/** The majority rule as the events record it, in the book's Italian. */
export function majorityRule(rule: string): string {
  const directors = /^majority of the directors present \((.*)\)$/.exec(rule);
  if (directors) return `maggioranza dei consiglieri presenti (${directors[1]})`;
  if (rule === 'majority of the votes cast, abstentions not counted (statute default)')
    return 'maggioranza dei voti espressi, senza computare gli astenuti (regola dello statuto in mancanza di diversa previsione)';
  return rule;
}

const TALLY = (t: { for: number; against: number; abstain: number }) =>
  `favorevoli ${t.for}, contrari ${t.against}, astenuti ${t.abstain}`;

const DECISIONS: Record<string, [string, string]> = {
  admit: ['ammissione di', 'nuovo socio|nuovi soci'],
  reject: ['rigetto di', 'domanda di ammissione|domande di ammissione'],
  'change-category': ['cambio di categoria di', 'socio|soci'],
  'accept-withdrawal': ['accoglimento del recesso di', 'socio|soci'],
  'refuse-withdrawal': ['rigetto del recesso di', 'socio|soci'],
  exclude: ['esclusione di', 'socio|soci'],
  'approve-contract': ['approvazione di', 'contratto di lavoro|contratti di lavoro'],
  'agree-partnership': ['stipula di', 'accordo di collaborazione|accordi di collaborazione'],
  'end-partnership': ['cessazione di', 'accordo di collaborazione|accordi di collaborazione'],
};

/** What a resolution decides, counted: "ammissione di 2 nuovi soci; rigetto di 1 domanda di ammissione". */
export function decisionsSummary(decides: ReadonlyArray<{ kind: string }>): string {
  const counts = new Map<string, number>();
  for (const d of decides) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
  return [...counts]
    .map(([kind, n]) => {
      const [what, forms] = DECISIONS[kind] ?? [kind, 'decisione|decisioni'];
      const [one, many] = forms.split('|') as [string, string];
      return `${what} ${plural(n, one, many)}`;
    })
    .join('; ');
}

const CALL = { first: 'prima', second: 'seconda' } as const;

function openingLine(o: Opening, place: string | undefined): string {
  const where = place ? ` (${escape(place)})` : '';
  const counted = `voti presenti, in proprio e per delega, ${o.votesPresent} su ${o.totalVotes}; quorum costitutivo ${o.quorumRequired}`;
  if (o.call === 'first' && !o.quorumReached)
    return `<p>Prima convocazione del ${day(o.heldOn)}${where}: ${counted}, non raggiunto. L’assemblea in prima convocazione è andata <strong>deserta</strong>.</p>`;
  return `<p>Aperta in ${CALL[o.call]} convocazione il ${day(o.heldOn)}${where}: ${counted}, ${o.quorumReached ? 'raggiunto' : 'non raggiunto'}.</p>`;
}

/** The assemblies' book as printable HTML: an index, then one page per assembly, members by name and number. */
export function assemblyBookHtml(
  assemblies: ReadableAssembly[],
  numbers: Map<string, number>,
  names: Map<string, string | null>,
): string {
  const who = (id: string) => `${names.get(id) ?? ERASED} (socio n. ${numbers.get(id) ?? '?'})`;
  const kind = (a: ReadableAssembly) => (a.kind === 'ordinary' ? 'ordinaria' : 'straordinaria');
  const dateOf = (a: ReadableAssembly) => a.opening?.heldOn ?? a.firstCall.date;
  const index = `<nav><h2>Indice delle adunanze</h2><ol>${assemblies
    .map(
      (a) =>
        `<li><a href="#assemblea-${escape(a._id)}">Assemblea ${kind(a)} del ${day(dateOf(a))}</a>${
          (a.openings ?? []).some((o) => o.call === 'first' && !o.quorumReached) ? ' (prima convocazione deserta)' : ''
        } — ${plural(a.motions.length, 'proposta di delibera', 'proposte di delibera')}</li>`,
    )
    .join('')}</ol></nav>`;
  return page(
    'Libro delle adunanze e delle deliberazioni delle assemblee',
    index,
    assemblies.map((a) => {
      const openings = a.openings?.length ? a.openings : a.opening ? [a.opening] : [];
      const placeOf = (o: Opening) => o.place ?? (o.call === 'first' ? a.firstCall.place : a.secondCall?.place);
      const attendance = (call: 'first' | 'second' | null) =>
        a.attendance
          .filter((p) => p.call === call || (call !== null && p.call === null))
          .map((p) => escape(who(p.memberId)))
          .join(', ') || 'nessuno';
      const calls = openings.length
        ? openings.map(
            (o) => `${openingLine(o, placeOf(o))}\n<p>Presenti in ${CALL[o.call]} convocazione: ${attendance(o.call)}.</p>`,
          )
        : [`<p>Presenti: ${attendance(null)}.</p>`];
      return `<section id="assemblea-${escape(a._id)}"><h2>Assemblea ${kind(a)} del ${day(dateOf(a))}</h2>
<p>Avviso di convocazione del ${day(a.noticeSentOn)}; prima convocazione ${day(a.firstCall.date)} (${escape(a.firstCall.place)})${a.secondCall ? `, seconda convocazione ${day(a.secondCall.date)} (${escape(a.secondCall.place)})` : ''}.</p>
<p>Ordine del giorno:</p><ol>${a.agenda.map((item) => `<li>${escape(item)}</li>`).join('')}</ol>
<p>Deleghe: ${a.proxies.map((p) => `${escape(who(p.grantor))} a ${escape(who(p.holder))}`).join('; ') || 'nessuna'}.</p>
${calls.join('\n')}
${a.motions
  .map(
    (m) => `<h3>Punto ${m.item}: ${escape(m.text)}</h3>
<table><tr><th>socio</th><th>voto</th><th>espresso da (delega)</th></tr>${m.votes.map((v) => `<tr><td>${escape(who(v.memberId))}</td><td>${escape(vote(v.vote))}</td><td>${v.byProxy ? escape(who(v.castBy)) : ''}</td></tr>`).join('')}</table>
${m.outcome ? `<p>${m.outcome.adopted ? 'Approvata' : 'Respinta'} (delibera ${escape(m.outcome.resolutionId)}): ${TALLY(m.outcome.tally)}; ${escape(majorityRule(m.outcome.majorityRule))}.</p>` : ''}`,
  )
  .join('\n')}
${a.closedOn ? `<p>Chiusa il ${day(a.closedOn)}.</p>` : ''}
${a.minutes ? `<p>Verbale approvato da ${escape(a.minutes.president ?? ERASED)} (presidente) e ${escape(a.minutes.secretary ?? ERASED)} (segretario). sha256: <span class="hash">${a.minutes.minutesSha256}</span></p>` : '<p>Verbale non ancora approvato.</p>'}
</section>`;
    }),
  );
}

/** The board's book as printable HTML: an index, then one page per meeting, every director by name. */
export function boardBookHtml(
  meetings: ReadableMeeting[],
  resolutions: ReadableResolution[],
  names: DirectorNames,
  offices: DirectorOffices = new Map(),
): string {
  const director = (person: { directorId: string; name: string | null }) =>
    escape(directorLabel(person, offices.get(person.directorId), ERASED));
  const own = (meetingId: string) =>
    resolutions.filter((r) => r.resolution.meetingId === meetingId).sort((a, b) => a.resolution.item - b.resolution.item);
  const index = `<nav><h2>Indice delle riunioni</h2><ol>${meetings
    .map(
      (m) =>
        `<li><a href="#riunione-${escape(m._id)}">Riunione del consiglio del ${day(m.heldOn)}</a> — ${plural(own(m._id).length, 'delibera', 'delibere')}</li>`,
    )
    .join('')}</ol></nav>`;
  return page(
    'Libro delle adunanze e delle deliberazioni del consiglio di amministrazione',
    index,
    meetings.map((meeting) => {
      const present = meeting.presentDirectors;
      const attendance = present
        ? `Presenti ${present.length} consiglieri su ${meeting.inOffice} in carica: ${present.map(director).join(', ') || 'nessuno'}; quorum costitutivo ${meeting.quorumReached ? 'raggiunto' : 'non raggiunto'} (c.c. art. 2388 c. 1).`
        : 'Presenze non ancora registrate.';
      return `<section id="riunione-${escape(meeting._id)}"><h2>Riunione del consiglio di amministrazione del ${day(meeting.heldOn)}</h2>
<p>Convocata il ${day(meeting.convenedOn)} presso ${escape(meeting.place)}.</p>
<p>Ordine del giorno:</p><ol>${meeting.agenda.map((item) => `<li>${escape(item)}</li>`).join('')}</ol>
<p>${attendance}</p>
${meeting.conflicts.map((c) => `<p>Interesse del consigliere (c.c. art. 2391) dichiarato da ${director(c)} sul punto ${c.item}: ${escape(c.interest)}</p>`).join('')}
${own(meeting._id)
  .map((r) => {
    const interested = meeting.conflicts.filter((c) => c.item === r.resolution.item);
    const summary = decisionsSummary(r.resolution.decides);
    return `<h3>Delibera ${escape(r.resolution.resolutionId)} — punto ${r.resolution.item}: ${r.outcome === 'adopted' ? 'approvata' : 'respinta'}</h3><p>${escape(r.resolution.text)}</p>
${summary ? `<p>Decide: ${escape(summary)}.</p>` : ''}
${r.resolution.reasons ? `<p>Motivazione${interested.length ? ' (c.c. art. 2391 c. 2)' : ''}: ${escape(r.resolution.reasons)}</p>` : ''}
<table><tr><th>consigliere</th><th>voto</th></tr>${r.resolution.votes
      .map(
        (v) =>
          `<tr><td>${director({ directorId: v.directorId, ...nameOf(names, v.directorId) })}${interested.some((c) => c.directorId === v.directorId) ? ' (interesse dichiarato)' : ''}</td><td>${escape(vote(v.vote))}</td></tr>`,
      )
      .join('')}</table>
<p>${TALLY(r.resolution.tally)}, su ${r.resolution.tally.present} presenti; ${escape(majorityRule(r.resolution.majorityRule))}.</p>`;
  })
  .join('\n')}
${meeting.minutes ? `<p>Verbale approvato da ${escape(meeting.minutes.president ?? ERASED)} (presidente) e ${escape(meeting.minutes.secretary ?? ERASED)} (segretario). sha256: <span class="hash">${meeting.minutes.minutesSha256}</span></p>` : '<p>Verbale non ancora approvato.</p>'}
</section>`;
    }),
  );
}
