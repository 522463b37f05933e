import { addDays, daysBetween } from '../../platform/dates.js';
import { compositionByDay, memberLabel, memberNumbers, minimumMembersOn, runsOf } from './composition.js';
import { ofType, outcome, type ReviewCase, type ReviewCheck, type ReviewEvent } from './review-check.js';

/**
 * M4 (L. 381/1991 art. 2 c. 2): the volunteers never above half of the members on any day
 * of the year; a failure names each run of days and how many they were.
 */
export const volunteerShareCheck: ReviewCheck = (history, year) => {
  const days = compositionByDay(history, year).filter((day) => day.total > 0);
  const runs = runsOf(days, (day) => day.volunteers * 2 > day.total);
  const cases: ReviewCase[] = runs.map((run) => {
    const worst = run.days.reduce((a, b) => (b.volunteers / b.total > a.volunteers / a.total ? b : a));
    return {
      subject: `dal ${run.from} al ${run.to} (${run.days.length} giorni)`,
      detail: `soci volontari ${worst.volunteers} su ${worst.total} soci, oltre la metà`,
      evidence: run.days.flatMap((day) => day.changedBy),
    };
  });
  const peak = days.reduce((max, day) => Math.max(max, day.total ? day.volunteers / day.total : 0), 0);
  return outcome(
    {
      code: 'M4',
      name: 'Soci volontari',
      title: 'Quota dei soci volontari non superiore alla metà dei soci',
      legalBasis: 'L. 381/1991 art. 2 c. 2',
    },
    days.length,
    cases,
    ['/members/reports/composition'],
    `${days.length} giorni esaminati; quota massima dei volontari ${(peak * 100).toFixed(1).replace('.', ',')} %; ${cases.reduce((n, c) => n + Number(/\((\d+) giorni\)/.exec(c.subject)![1]), 0)} giorni oltre la metà`,
  );
};

/** M8 (c.c. art. 2522): the members never below the statute's minimum during the year. */
export const minimumMembersCheck: ReviewCheck = (history, year) => {
  const days = compositionByDay(history, year).filter((day) => day.total > 0);
  const runs = runsOf(days, (day) => day.total < minimumMembersOn(history, day.date));
  const cases = runs.map((run) => ({
    subject: `dal ${run.from} al ${run.to} (${run.days.length} giorni)`,
    detail: `${Math.min(...run.days.map((d) => d.total))} soci, sotto il minimo di ${minimumMembersOn(history, run.from)}; da ricostituire entro un anno`,
    evidence: run.days.flatMap((day) => day.changedBy),
  }));
  return outcome(
    { code: 'M8', name: 'Numero minimo dei soci', title: 'Numero minimo dei soci', legalBasis: 'c.c. art. 2522 c. 1 e 3' },
    days.length,
    cases,
    ['/members/reports/warnings'],
    days.length
      ? `da ${Math.min(...days.map((d) => d.total))} a ${Math.max(...days.map((d) => d.total))} soci nell’anno`
      : 'nessun socio',
  );
};

/**
 * M2 (c.c. art. 2528 c. 2): each application decided within 60 days, a rejection also
 * communicated within them; applications still undecided at the year's end past 60 days fail.
 */
export const admissionDeadlineCheck: ReviewCheck = (history, year) => {
  const applied = new Map(ofType(history, 'MembershipApplied').map((e) => [e.data.applicationId as string, e]));
  const decided = new Set<string>();
  const cases: ReviewCase[] = [];
  let checked = 0;
  const evidence: string[] = [];
  for (const event of ofType(history, 'MemberAdmitted', 'AdmissionRejected')) {
    const application = applied.get(event.data.applicationId);
    const on: string = event.type === 'MemberAdmitted' ? event.data.admittedOn : event.data.communicatedOn;
    if (on <= year.end) decided.add(event.data.applicationId);
    if (!application || on < year.start || on > year.end) continue;
    checked++;
    evidence.push(event.id);
    const days = daysBetween(application.data.appliedOn, on);
    if (days > 60)
      cases.push({
        subject: `domanda ${event.data.applicationId}`,
        detail: `${event.type === 'MemberAdmitted' ? 'ammissione' : 'rigetto comunicato'} il ${on}, ${days} giorni dopo la domanda del ${application.data.appliedOn}`,
        evidence: [application.id, event.id],
      });
  }
  for (const [applicationId, application] of applied) {
    if (decided.has(applicationId) || application.data.appliedOn > year.end) continue;
    const deadline = addDays(application.data.appliedOn, 60);
    if (deadline > year.end) continue;
    checked++;
    cases.push({
      subject: `domanda ${applicationId}`,
      detail: `presentata il ${application.data.appliedOn}, senza decisione al ${year.end} (termine ${deadline})`,
      evidence: [application.id],
    });
  }
  return outcome(
    {
      code: 'M2',
      name: 'Ammissione dei soci',
      title: 'Ammissioni e rigetti entro 60 giorni dalla domanda',
      legalBasis: 'c.c. art. 2528 c. 2',
    },
    checked,
    cases,
    [...evidence, '/members/reports/admissions', '/members/reports/overdue-applications'],
    `${checked} domande decise o scadute nell’anno`,
  );
};

/** M7 (c.c. art. 2532 c. 2): each withdrawal request examined by the board within 60 days. */
export const withdrawalDeadlineCheck: ReviewCheck = (history, year) => {
  const numbers = memberNumbers(history);
  const decisions = ofType(history, 'WithdrawalAccepted', 'WithdrawalRefused');
  const cases: ReviewCase[] = [];
  let checked = 0;
  const evidence: string[] = [];
  for (const request of ofType(history, 'WithdrawalRequested')) {
    const { memberId, requestedOn } = request.data;
    const deadline = addDays(requestedOn, 60);
    const decision = decisions.find((d) => d.data.memberId === memberId && d.data.decidedOn >= requestedOn);
    const decidedOn: string | undefined = decision?.data.decidedOn;
    const concerns =
      (decidedOn ?? '9999') >= year.start && requestedOn <= year.end && (decidedOn !== undefined || deadline <= year.end);
    if (!concerns || (decidedOn !== undefined && decidedOn > year.end && deadline > year.end)) continue;
    checked++;
    evidence.push(request.id, ...(decision ? [decision.id] : []));
    if (decidedOn === undefined || decidedOn > year.end)
      cases.push({
        subject: memberLabel(numbers, memberId),
        detail: `recesso chiesto il ${requestedOn}, non esaminato al ${year.end} (termine ${deadline})`,
        evidence: [request.id],
      });
    else if (decidedOn > deadline)
      cases.push({
        subject: memberLabel(numbers, memberId),
        detail: `recesso chiesto il ${requestedOn}, esaminato il ${decidedOn}: ${daysBetween(requestedOn, decidedOn)} giorni`,
        evidence: [request.id, decision!.id],
      });
  }
  return outcome(
    {
      code: 'M7',
      name: 'Recesso dei soci',
      title: 'Domande di recesso esaminate entro 60 giorni',
      legalBasis: 'c.c. art. 2532 c. 2',
    },
    checked,
    cases,
    [...evidence, '/members/reports/withdrawals'],
    `${checked} domande di recesso esaminate o scadute nell’anno`,
  );
};

/**
 * M7b (c.c. art. 2535 c. 3): shares refunded within 180 days of the approval of the
 * financial statements of the year membership ended; the approval is taken at the latest
 * ordinary term, 120 days after that year's close (c.c. art. 2364 c. 2), as the register's
 * report of refunds due takes it. A refund due by a day of this year and not made by it fails.
 */
export const refundDeadlineCheck: ReviewCheck = (history, year) => {
  const numbers = memberNumbers(history);
  const cases: ReviewCase[] = [];
  let checked = 0;
  const evidence: string[] = [];
  const byMember = (type: string) => {
    const events = new Map<string, ReviewEvent[]>();
    for (const e of ofType(history, type)) events.set(e.data.memberId, [...(events.get(e.data.memberId) ?? []), e]);
    return events;
  };
  const paidBy = byMember('SharesPaid');
  const refundedTo = byMember('SharesRefunded');
  for (const ended of ofType(history, 'MembershipEnded')) {
    const { memberId, endedOn } = ended.data as { memberId: string; endedOn: string };
    const dueBy = addDays(addDays(`${endedOn.slice(0, 4)}-12-31`, 120), 180);
    if (dueBy > year.end) continue;
    const paid = paidBy.get(memberId) ?? [];
    const refunds = refundedTo.get(memberId) ?? [];
    const paidCents = paid.reduce((sum, e) => sum + (e.data.amountCents as number), 0);
    if (paidCents === 0) continue;
    const refundedBy = (date: string) =>
      refunds.filter((e) => e.data.refundedOn <= date).reduce((sum, e) => sum + (e.data.amountCents as number), 0);
    const lastRefund = refunds
      .map((e) => e.data.refundedOn as string)
      .sort()
      .at(-1);
    // Settled within its term before this year: nothing for this year's review.
    if (refundedBy(dueBy) >= paidCents && (lastRefund === undefined || lastRefund < year.start) && dueBy < year.start) continue;
    // Settled late, before this year: reported by the year it fell due.
    if (dueBy < year.start && refundedBy(addDays(year.start, -1)) >= paidCents) continue;
    checked++;
    evidence.push(ended.id, ...refunds.map((e) => e.id));
    const owed = paidCents - refundedBy(dueBy);
    if (owed > 0)
      cases.push({
        subject: memberLabel(numbers, memberId),
        detail:
          `cessato il ${endedOn}; rimborso di € ${(owed / 100).toFixed(2).replace('.', ',')} dovuto entro il ${dueBy}, ` +
          (refundedBy(year.end) >= paidCents ? `eseguito il ${lastRefund}` : `non eseguito al ${year.end}`),
        evidence: [ended.id, ...paid.map((e) => e.id), ...refunds.map((e) => e.id)],
      });
  }
  return outcome(
    {
      code: 'M7b',
      name: 'Rimborso delle quote',
      title: 'Rimborso delle quote entro 180 giorni dall’approvazione del bilancio',
      legalBasis: 'c.c. art. 2535 c. 3',
    },
    checked,
    cases,
    [...evidence, '/members/reports/refunds-due'],
    `${checked} rimborsi dovuti nell’anno o ancora aperti`,
  );
};
