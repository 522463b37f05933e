import { memberLabel, memberNumbers } from './composition.js';
import { ofType, outcome, overlapsYear, type ReviewCase, type ReviewCheck, type ReviewEvent } from './review-check.js';

interface ContractView {
  event: ReviewEvent;
  contractId: string;
  personId: string;
  memberId: string | null;
  terms: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  endsOn: string | null;
}

const contractViews = new WeakMap<readonly ReviewEvent[], ContractView[]>();

/** The contracts as signed, amended (latest terms) and ended, by contract id; read once per history. */
function contracts(history: readonly ReviewEvent[]): readonly ContractView[] {
  let views = contractViews.get(history);
  if (!views) contractViews.set(history, (views = contractsOf(history)));
  return views;
}

function contractsOf(history: readonly ReviewEvent[]): ContractView[] {
  const byId = new Map<string, ContractView>();
  for (const event of ofType(history, 'ContractSigned', 'ContractAmended', 'ContractEnded')) {
    if (event.type === 'ContractSigned') {
      const worker = event.data.worker;
      byId.set(event.data.contractId, {
        event,
        contractId: event.data.contractId,
        personId: worker.kind === 'member' ? worker.memberId : worker.personId,
        memberId: worker.kind === 'member' ? worker.memberId : null,
        terms: { ...event.data },
        endsOn: event.data.endsOn,
      });
    } else if (event.type === 'ContractAmended') {
      const contract = byId.get(event.data.contractId);
      if (contract) {
        Object.assign(contract.terms, event.data.changes);
        if ('endsOn' in event.data.changes) contract.endsOn = event.data.changes.endsOn;
      }
    } else if (event.type === 'ContractEnded') {
      const contract = byId.get(event.data.contractId);
      if (contract) contract.endsOn = event.data.endedOn;
    }
  }
  return [...byId.values()];
}

const workerLabel = (numbers: Map<string, number>, contract: ContractView) =>
  contract.memberId ? memberLabel(numbers, contract.memberId) : `lavoratore ${contract.personId}`;

const euro = (cents: number) => `€ ${(cents / 100).toFixed(2).replace('.', ',')}`;

/**
 * W3b (D.P.R. 313/2002 art. 25-bis): everyone working in direct and regular contact with
 * minors, staff and volunteers alike, had the criminal-record certificate checked before
 * starting. Contracts and enrolments in force during the year are examined.
 */
export const criminalRecordCheck: ReviewCheck = (history, year) => {
  const numbers = memberNumbers(history);
  const cases: ReviewCase[] = [];
  let checked = 0;
  for (const contract of contracts(history)) {
    const { contactWithMinors, criminalRecordCheckedOn, startsOn } = contract.terms;
    if (!contactWithMinors || !overlapsYear(startsOn, contract.endsOn, year)) continue;
    checked++;
    if (criminalRecordCheckedOn === null || criminalRecordCheckedOn > startsOn)
      cases.push({
        subject: `${workerLabel(numbers, contract)}, contratto ${contract.contractId}`,
        detail:
          criminalRecordCheckedOn === null
            ? `lavoro con minori dal ${startsOn} senza verifica del certificato del casellario giudiziale`
            : `lavoro con minori dal ${startsOn}, certificato verificato solo il ${criminalRecordCheckedOn}`,
        evidence: [contract.event.id],
      });
  }
  const left = new Map(ofType(history, 'VolunteerLeft').map((e) => [e.data.volunteerId as string, e.data.leftOn as string]));
  for (const enrolled of ofType(history, 'VolunteerEnrolled')) {
    const { volunteerId, contactWithMinors, criminalRecordCheckedOn, enrolledOn } = enrolled.data;
    if (!contactWithMinors || !overlapsYear(enrolledOn, left.get(volunteerId) ?? null, year)) continue;
    checked++;
    if (criminalRecordCheckedOn === null || criminalRecordCheckedOn > enrolledOn)
      cases.push({
        subject: `volontario ${volunteerId}`,
        detail: `attività con minori dal ${enrolledOn} ${criminalRecordCheckedOn === null ? 'senza verifica del certificato' : `con certificato verificato il ${criminalRecordCheckedOn}`}`,
        evidence: [enrolled.id],
      });
  }
  return outcome(
    {
      code: 'W3b',
      name: 'Certificato del casellario giudiziale',
      title: 'Certificato del casellario per chi lavora con minori',
      legalBasis: 'D.P.R. 313/2002 art. 25-bis',
    },
    checked,
    cases,
    cases.flatMap((c) => c.evidence),
    `${checked} persone a contatto con minori nell’anno`,
  );
};

/**
 * W4 (L. 381/1991 art. 2 c. 3–4; CTS art. 18): volunteers insured on every day of activity,
 * and never paid: a volunteer with a paid contract in force during the year fails.
 */
export const volunteerInsuranceCheck: ReviewCheck = (history, year) => {
  const numbers = memberNumbers(history);
  const cover = new Map<string, Array<{ from: string; until: string }>>();
  for (const e of ofType(history, 'VolunteerInsured'))
    cover.set(e.data.volunteerId, [
      ...(cover.get(e.data.volunteerId) ?? []),
      { from: e.data.coveredFrom, until: e.data.coveredUntil },
    ]);
  const cases: ReviewCase[] = [];
  const uninsured = new Map<string, ReviewEvent[]>();
  let checked = 0;
  for (const activity of ofType(history, 'VolunteerActivityLogged')) {
    const { volunteerId, date } = activity.data;
    if (date < year.start || date > year.end) continue;
    checked++;
    if (!(cover.get(volunteerId) ?? []).some((c) => c.from <= date && date <= c.until))
      uninsured.set(volunteerId, [...(uninsured.get(volunteerId) ?? []), activity]);
  }
  for (const [volunteerId, activities] of uninsured)
    cases.push({
      subject: `volontario ${volunteerId}`,
      detail: `${activities.length} attività senza copertura assicurativa (la prima il ${activities[0]!.data.date})`,
      evidence: activities.map((a) => a.id),
    });
  const volunteerPeople = new Map<string, ReviewEvent>();
  for (const e of ofType(history, 'VolunteerEnrolled')) {
    const person = e.data.volunteer;
    volunteerPeople.set(person.kind === 'member' ? person.memberId : person.personId, e);
  }
  for (const e of ofType(history, 'MemberAdmitted', 'MemberCategoryChanged'))
    if ((e.type === 'MemberAdmitted' ? e.data.category : e.data.to) === 'volunteer') volunteerPeople.set(e.data.memberId, e);
  for (const contract of contracts(history)) {
    const volunteer = volunteerPeople.get(contract.personId);
    if (!volunteer || !overlapsYear(contract.terms.startsOn, contract.endsOn, year)) continue;
    checked++;
    cases.push({
      subject: workerLabel(numbers, contract),
      detail: `volontario con un contratto retribuito (${euro(contract.terms.grossMonthlyPayCents)} lordi al mese dal ${contract.terms.startsOn})`,
      evidence: [volunteer.id, contract.event.id],
    });
  }
  return outcome(
    {
      code: 'W4',
      name: 'Volontari assicurati e non retribuiti',
      title: 'Volontari assicurati e mai retribuiti',
      legalBasis: 'L. 381/1991 art. 2 c. 3–4; CTS art. 18',
    },
    checked,
    cases,
    ['/volunteers/reports/year'],
    `${checked} attività e contratti esaminati`,
  );
};

/** W2 (L. 142/2001 art. 3 c. 1): pay not below the collective agreement's minimum for the level. */
export const collectiveMinimumCheck: ReviewCheck = (history, year) => {
  const numbers = memberNumbers(history);
  const tables = ofType(history, 'PayTableRecorded').sort((a, b) => a.data.effectiveFrom.localeCompare(b.data.effectiveFrom));
  const cases: ReviewCase[] = [];
  let checked = 0;
  for (const contract of contracts(history)) {
    const { level, weeklyHours, grossMonthlyPayCents, startsOn, form } = contract.terms;
    if (form !== 'subordinate' || level === null || !overlapsYear(startsOn, contract.endsOn, year)) continue;
    const on = startsOn > year.start ? startsOn : year.start;
    const table = tables
      .filter((t) => t.data.effectiveFrom <= on && (!contract.terms.agreement || t.data.agreement === contract.terms.agreement))
      .at(-1);
    const fullTime = table?.data.minimumMonthlyPayCents?.[level];
    if (!table || fullTime === undefined) continue;
    checked++;
    const minimum = Math.ceil(
      (fullTime * Math.min(weeklyHours, table.data.fullTimeWeeklyHours)) / table.data.fullTimeWeeklyHours,
    );
    if (grossMonthlyPayCents < minimum)
      cases.push({
        subject: `${workerLabel(numbers, contract)}, contratto ${contract.contractId}`,
        detail: `livello ${level}, ${weeklyHours} ore: ${euro(grossMonthlyPayCents)} lordi al mese, sotto il minimo di ${euro(minimum)}`,
        evidence: [contract.event.id, table.id],
      });
  }
  return outcome(
    {
      code: 'W2',
      name: 'Trattamento economico minimo',
      title: 'Contratti e minimi del contratto collettivo',
      legalBasis: 'L. 142/2001 art. 3 c. 1',
    },
    checked,
    cases,
    ['/contracts/reports/below-minimum'],
    `${checked} contratti di lavoro subordinato in vigore nell’anno`,
  );
};

/**
 * W3 (D.Lgs. 112/2017 art. 13 c. 1): highest to lowest gross annual pay at most 8 to 1, on
 * full-time equivalents (as the work context's report computes it), over the contracts in
 * force on the last day of each month.
 */
export const payRatioCheck: ReviewCheck = (history, year) => {
  const all = contracts(history).filter((c) => c.terms.form === 'subordinate');
  const tables = ofType(history, 'PayTableRecorded');
  const fullTimeOn = (date: string) =>
    (tables.filter((t) => t.data.effectiveFrom <= date).at(-1)?.data.fullTimeWeeklyHours as number) ?? 38;
  const cases: ReviewCase[] = [];
  let worst = 0;
  let checked = 0;
  for (let month = 1; month <= 12; month++) {
    const date = new Date(Date.UTC(year.year, month, 0)).toISOString().slice(0, 10);
    const fullTime = fullTimeOn(date);
    const annual = all
      .filter((c) => c.terms.startsOn <= date && (c.endsOn === null || c.endsOn >= date))
      .map((c) => ({ c, cents: Math.round((c.terms.grossMonthlyPayCents * 12 * fullTime) / c.terms.weeklyHours) }));
    if (annual.length === 0) continue;
    checked++;
    const high = annual.reduce((a, b) => (b.cents > a.cents ? b : a));
    const low = annual.reduce((a, b) => (b.cents < a.cents ? b : a));
    const ratio = high.cents / low.cents;
    worst = Math.max(worst, ratio);
    if (ratio > 8)
      cases.push({
        subject: `al ${date}`,
        detail: `rapporto ${ratio.toFixed(2).replace('.', ',')} a 1 (${euro(high.cents)} contro ${euro(low.cents)} annui)`,
        evidence: [high.c.event.id, low.c.event.id],
      });
  }
  return outcome(
    {
      code: 'W3',
      name: 'Differenze retributive',
      title: 'Rapporto tra retribuzione massima e minima non oltre 8 a 1',
      legalBasis: 'D.Lgs. 112/2017 art. 13 c. 1',
    },
    checked,
    cases,
    ['/contracts/reports/pay-ratio'],
    checked ? `rapporto massimo ${worst.toFixed(2).replace('.', ',')} a 1` : 'nessun lavoratore subordinato',
  );
};

/**
 * W5 (c.c. art. 2512–2513): mutual prevalence, member labour cost over the total. Social
 * cooperatives are prevalent by law (disp. att. c.c. art. 111-septies): the check passes
 * whenever costs are recorded and reports the figure; not applicable without them.
 */
export const mutualPrevalenceCheck: ReviewCheck = (history, year) => {
  // The latest record of each period stands (a correction replaces the figure it corrects).
  const byPeriod = new Map<string, ReviewEvent>();
  for (const e of ofType(history, 'LabourCostRecorded'))
    if (String(e.data.period).startsWith(`${year.year}`)) byPeriod.set(e.data.period, e);
  const costs = [...byPeriod.values()];
  const member = costs.reduce((sum, e) => sum + (e.data.memberCostCents as number), 0);
  const total = costs.reduce((sum, e) => sum + (e.data.memberCostCents as number) + (e.data.nonMemberCostCents as number), 0);
  return outcome(
    {
      code: 'W5',
      name: 'Prevalenza mutualistica',
      title: 'Prevalenza mutualistica (costo del lavoro dei soci)',
      legalBasis: 'c.c. art. 2512–2513; disp. att. c.c. art. 111-septies',
    },
    total > 0 ? 1 : 0,
    [],
    [...costs.map((e) => e.id), '/workplace/reports/mutual-prevalence'],
    total > 0
      ? `costo del lavoro dei soci ${((member / total) * 100).toFixed(1).replace('.', ',')}% del totale (${euro(member)} su ${euro(total)}); cooperativa sociale prevalente di diritto`
      : 'nessun costo del lavoro registrato per l’anno',
  );
};

/** Categories and sections: every worker member works under a contract during the year. */
export const categoriesCheck: ReviewCheck = (history, year) => {
  const numbers = memberNumbers(history);
  const category = new Map<string, { category: string; event: ReviewEvent; since: string }>();
  const ended = new Map(ofType(history, 'MembershipEnded').map((e) => [e.data.memberId as string, e.data.endedOn as string]));
  for (const e of ofType(history, 'MemberAdmitted', 'MemberCategoryChanged'))
    category.set(e.data.memberId, {
      category: e.type === 'MemberAdmitted' ? e.data.category : e.data.to,
      event: e,
      since: e.type === 'MemberAdmitted' ? e.data.admittedOn : e.data.changedOn,
    });
  const working = new Set(
    contracts(history)
      .filter((c) => c.memberId && overlapsYear(c.terms.startsOn, c.endsOn, year))
      .map((c) => c.memberId!),
  );
  const cases: ReviewCase[] = [];
  let checked = 0;
  for (const [memberId, held] of category) {
    if (held.category !== 'worker' || held.since > year.end || (ended.get(memberId) ?? '9999') < year.start) continue;
    checked++;
    if (!working.has(memberId))
      cases.push({
        subject: memberLabel(numbers, memberId),
        detail: `socio lavoratore senza alcun contratto di lavoro in vigore nell’anno`,
        evidence: [held.event.id],
      });
  }
  return outcome(
    {
      code: 'CAT',
      name: 'Categorie dei soci',
      title: 'I soci appartengono davvero alle loro categorie e sezioni',
      legalBasis: 'L. 142/2001 art. 1 c. 3; L. 381/1991 art. 2 c. 1',
    },
    checked,
    cases,
    ['/members/reports/composition'],
    `${checked} soci lavoratori esaminati`,
  );
};
