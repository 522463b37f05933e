import type { AssemblyDoc } from '../projections/assembly-book.projection.js';
import type { BoardResolutionDoc, MeetingDoc } from '../projections/decision-trail.projection.js';

const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const page = (title: string, sections: string[]) => `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:12pt/1.45 Georgia,serif;margin:2cm;color:#111}section{page-break-after:always}section:last-child{page-break-after:auto}
h1{font-size:16pt}h2{font-size:14pt;margin-top:0}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:2px 6px;font-size:10pt;text-align:left}
.hash{font-family:monospace;font-size:9pt}</style></head><body><h1>${escape(title)}</h1>${sections.join('\n') || '<p>Nessuna adunanza registrata.</p>'}</body></html>`;

/** The assemblies' book as printable HTML, one page per assembly, members by name and number. */
export function assemblyBookHtml(
  assemblies: AssemblyDoc[],
  numbers: Map<string, number>,
  names: Map<string, string | null>,
): string {
  const who = (id: string) => `${names.get(id) ?? '[dati cancellati]'} (socio n. ${numbers.get(id) ?? '?'})`;
  return page(
    'Libro delle adunanze e delle deliberazioni delle assemblee',
    assemblies.map(
      (
        a,
      ) => `<section><h2>Assemblea ${a.kind === 'ordinary' ? 'ordinaria' : 'straordinaria'} del ${escape(a.opening?.heldOn ?? a.firstCall.date)}</h2>
<p>Convocata il ${escape(a.noticeSentOn)}; prima convocazione ${escape(a.firstCall.date)} (${escape(a.firstCall.place)})${a.secondCall ? `, seconda ${escape(a.secondCall.date)} (${escape(a.secondCall.place)})` : ''}.</p>
<p>Ordine del giorno:</p><ol>${a.agenda.map((item) => `<li>${escape(item)}</li>`).join('')}</ol>
<p>Presenti: ${a.attendance.map((p) => escape(who(p.memberId))).join(', ') || 'nessuno'}. Deleghe: ${a.proxies.map((p) => `${escape(who(p.grantor))} a ${escape(who(p.holder))}`).join('; ') || 'nessuna'}.</p>
${a.opening ? `<p>Aperta in ${a.opening.call === 'first' ? 'prima' : 'seconda'} convocazione: voti presenti ${a.opening.votesPresent} su ${a.opening.totalVotes}, quorum ${a.opening.quorumRequired}: ${a.opening.quorumReached ? 'raggiunto' : 'non raggiunto'}.</p>` : ''}
${a.motions
  .map(
    (m) => `<h3>Punto ${m.item}: ${escape(m.text)}</h3>
<table><tr><th>socio</th><th>voto</th><th>per delega di</th></tr>${m.votes.map((v) => `<tr><td>${escape(who(v.memberId))}</td><td>${escape(v.vote)}</td><td>${v.byProxy ? escape(who(v.castBy)) : ''}</td></tr>`).join('')}</table>
${m.outcome ? `<p>${m.outcome.adopted ? 'Approvata' : 'Respinta'} (delibera ${escape(m.outcome.resolutionId)}): favorevoli ${m.outcome.tally.for}, contrari ${m.outcome.tally.against}, astenuti ${m.outcome.tally.abstain}; ${escape(m.outcome.majorityRule)}.</p>` : ''}`,
  )
  .join('\n')}
${a.minutes ? `<p>Verbale approvato da ${escape(a.minutes.president)} (presidente) e ${escape(a.minutes.secretary)} (segretario). sha256: <span class="hash">${a.minutes.minutesSha256}</span></p>` : '<p>Verbale non ancora approvato.</p>'}
</section>`,
    ),
  );
}

/** The board's book as printable HTML, one page per meeting. */
export function boardBookHtml(meetings: MeetingDoc[], resolutions: BoardResolutionDoc[]): string {
  return page(
    'Libro delle adunanze e delle deliberazioni del consiglio di amministrazione',
    meetings.map((meeting) => {
      const own = resolutions
        .filter((r) => r.resolution.meetingId === meeting._id)
        .sort((a, b) => a.resolution.item - b.resolution.item);
      return `<section><h2>Consiglio di amministrazione del ${escape(meeting.heldOn)}</h2>
<p>Convocato il ${escape(meeting.convenedOn)} presso ${escape(meeting.place)}. Presenti: ${escape((meeting.present ?? []).join(', ') || 'non registrati')} su ${meeting.inOffice ?? '?'} in carica; quorum ${meeting.quorumReached ? 'raggiunto' : 'non raggiunto'}.</p>
${meeting.conflicts.map((c) => `<p>Interesse dichiarato (art. 2391 c.c.) da ${escape(c.directorId)} sul punto ${c.item}: ${escape(c.interest)}</p>`).join('')}
${own
  .map(
    (
      r,
    ) => `<h3>Delibera ${escape(r.resolution.resolutionId)} — punto ${r.resolution.item}: ${r.outcome === 'adopted' ? 'approvata' : 'respinta'}</h3><p>${escape(r.resolution.text)}</p>
<table><tr><th>consigliere</th><th>voto</th></tr>${r.resolution.votes.map((v) => `<tr><td>${escape(v.directorId)}</td><td>${escape(v.vote)}</td></tr>`).join('')}</table>
<p>Favorevoli ${r.resolution.tally.for}, contrari ${r.resolution.tally.against}, astenuti ${r.resolution.tally.abstain}; ${escape(r.resolution.majorityRule)}.</p>`,
  )
  .join('\n')}
${meeting.minutes ? `<p>Verbale approvato da ${escape(meeting.minutes.president)} e ${escape(meeting.minutes.secretary)}. sha256: <span class="hash">${meeting.minutes.minutesSha256}</span></p>` : '<p>Verbale non ancora approvato.</p>'}
</section>`;
    }),
  );
}
