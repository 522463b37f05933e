import { addDays } from '../../platform/dates.js';
import { memberLabel, memberNumbers } from './composition.js';
import { count, ofType, outcome, type ReviewCase, type ReviewCheck, type ReviewEvent } from './review-check.js';

/** The assemblies held in the year: the day each opened (its last opening: a deserted first call is followed by the second). */
function assembliesHeld(history: readonly ReviewEvent[], year: { start: string; end: string }) {
  const opened = new Map<string, ReviewEvent>();
  for (const e of ofType(history, 'AssemblyOpened'))
    if (e.data.heldOn >= year.start && e.data.heldOn <= year.end) opened.set(e.data.assemblyId, e);
  return opened;
}

const admittedOn = (history: readonly ReviewEvent[]) =>
  new Map(ofType(history, 'MemberAdmitted').map((e) => [e.data.memberId as string, e.data.admittedOn as string]));

/** G2 (c.c. art. 2538 c. 1): only members entered in the register for at least 90 days vote. */
export const votingRightsCheck: ReviewCheck = (history, year) => {
  const numbers = memberNumbers(history);
  const admitted = admittedOn(history);
  const held = assembliesHeld(history, year);
  const cases: ReviewCase[] = [];
  const seen = new Set<string>();
  let checked = 0;
  for (const vote of ofType(history, 'VoteCast')) {
    const opening = held.get(vote.data.assemblyId);
    if (!opening) continue;
    checked++;
    const since = admitted.get(vote.data.memberId);
    const key = `${vote.data.assemblyId}/${vote.data.memberId}`;
    if ((since === undefined || addDays(since, 90) > opening.data.heldOn) && !seen.has(key)) {
      seen.add(key);
      cases.push({
        subject: `${memberLabel(numbers, vote.data.memberId)}, assemblea del ${opening.data.heldOn}`,
        detail: since
          ? `ha votato, iscritto a libro soci dal ${since} (meno di 90 giorni)`
          : 'ha votato senza essere iscritto a libro soci',
        evidence: [vote.id, opening.id],
      });
    }
  }
  return outcome(
    { code: 'G2', name: 'Diritto di voto', title: 'Diritto di voto in ciascuna assemblea', legalBasis: 'c.c. art. 2538 c. 1' },
    checked,
    cases,
    [...[...held.values()].map((e) => e.id), '/assemblies/reports/participation'],
    `${count(held.size, 'assemblea', 'assemblee')}, ${count(checked, 'voto espresso', 'voti espressi')}`,
  );
};

/** G3 (c.c. art. 2539 c. 1, art. 2372): at most 10 proxies a holder, never to a director. */
export const proxiesCheck: ReviewCheck = (history, year) => {
  const numbers = memberNumbers(history);
  const held = assembliesHeld(history, year);
  const boards = ofType(history, 'BoardElected');
  const directorsOn = (date: string) =>
    new Set(
      boards
        .filter((b) => b.data.electedOn <= date && date <= b.data.termEndsOn)
        .slice(-1)
        .flatMap((b) => b.data.directors.map((d: { memberId: string | null }) => d.memberId).filter(Boolean)),
    );
  const cases: ReviewCase[] = [];
  let checked = 0;
  for (const [assemblyId, opening] of held) {
    const proxies = ofType(history, 'ProxyGranted').filter((p) => p.data.assemblyId === assemblyId);
    const directors = directorsOn(opening.data.heldOn);
    const byHolder = new Map<string, ReviewEvent[]>();
    for (const proxy of proxies) {
      checked++;
      byHolder.set(proxy.data.holder, [...(byHolder.get(proxy.data.holder) ?? []), proxy]);
      if (directors.has(proxy.data.holder))
        cases.push({
          subject: `${memberLabel(numbers, proxy.data.holder)}, assemblea del ${opening.data.heldOn}`,
          detail: `delega ricevuta da ${memberLabel(numbers, proxy.data.grantor)} da un consigliere in carica`,
          evidence: [proxy.id],
        });
    }
    for (const [holder, given] of byHolder)
      if (given.length > 10)
        cases.push({
          subject: `${memberLabel(numbers, holder)}, assemblea del ${opening.data.heldOn}`,
          detail: `${given.length} deleghe, oltre il limite di 10`,
          evidence: given.map((g) => g.id),
        });
  }
  return outcome(
    {
      code: 'G3',
      name: 'Rappresentanza in assemblea',
      title: 'Deleghe entro i limiti',
      legalBasis: 'c.c. art. 2539 c. 1; art. 2372',
    },
    checked,
    cases,
    [],
    `${count(checked, 'delega', 'deleghe')} in ${count(held.size, 'assemblea', 'assemblee')}`,
  );
};

/**
 * G4 and G6 (c.c. art. 2369, 2388): each assembly and board meeting that adopted a
 * resolution had its quorum, and each resolution adopted had its majority (more votes for
 * than against in an assembly; the majority of the directors present on the board).
 */
export const quorumCheck: ReviewCheck = (history, year) => {
  const inYear = (date: string) => date >= year.start && date <= year.end;
  const opened = assembliesHeld(history, year);
  const meetings = new Map(ofType(history, 'BoardMeetingHeld').map((e) => [e.data.meetingId as string, e]));
  const cases: ReviewCase[] = [];
  let checked = 0;
  for (const resolution of ofType(history, 'ResolutionAdopted')) {
    if (!inYear(resolution.data.decidedOn)) continue;
    checked++;
    const opening = opened.get(resolution.data.assemblyId);
    const { for: pro, against } = resolution.data.tally;
    if (!opening?.data.quorumReached)
      cases.push({
        subject: `delibera ${resolution.data.resolutionId} dell’assemblea del ${resolution.data.decidedOn}`,
        detail: 'approvata senza il quorum costitutivo',
        evidence: [resolution.id, ...(opening ? [opening.id] : [])],
      });
    else if (pro <= against)
      cases.push({
        subject: `delibera ${resolution.data.resolutionId} dell’assemblea del ${resolution.data.decidedOn}`,
        detail: `approvata con ${pro} favorevoli e ${against} contrari`,
        evidence: [resolution.id],
      });
  }
  const meetingsOfYear = new Set<string>();
  for (const resolution of ofType(history, 'BoardResolutionAdopted')) {
    if (!inYear(resolution.data.decidedOn)) continue;
    checked++;
    meetingsOfYear.add(resolution.data.meetingId);
    const meeting = meetings.get(resolution.data.meetingId);
    const { for: pro, present } = resolution.data.tally;
    const quorum = meeting ? meeting.data.present.length * 2 > meeting.data.inOffice : false;
    if (!quorum)
      cases.push({
        subject: `delibera ${resolution.data.resolutionId} del consiglio del ${resolution.data.decidedOn}`,
        detail: meeting
          ? `${meeting.data.present.length} consiglieri presenti su ${meeting.data.inOffice} in carica: manca la maggioranza`
          : 'riunione del consiglio non registrata',
        evidence: [resolution.id, ...(meeting ? [meeting.id] : [])],
      });
    else if (pro * 2 <= present)
      cases.push({
        subject: `delibera ${resolution.data.resolutionId} del consiglio del ${resolution.data.decidedOn}`,
        detail: `${pro} favorevoli su ${present} presenti: manca la maggioranza dei presenti`,
        evidence: [resolution.id],
      });
  }
  return outcome(
    {
      code: 'G4',
      name: 'Quorum e maggioranze',
      title: 'Quorum e maggioranze di assemblee e consigli',
      legalBasis: 'c.c. art. 2369, 2375, 2388',
    },
    checked,
    cases,
    ['/assemblies', '/board/meetings'],
    `${count(opened.size, 'assemblea', 'assemblee')} e ${count(meetingsOfYear.size, 'riunione', 'riunioni')} del consiglio con delibere approvate nell’anno; ${count(checked, 'delibera approvata', 'delibere approvate')}`,
  );
};
