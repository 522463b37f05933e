import { describe, expect, it } from '@jest/globals';
import { booksUpToDateCheck } from './books-check.js';
import { proxiesCheck, quorumCheck, votingRightsCheck } from './governance-checks.js';
import {
  admissionDeadlineCheck,
  minimumMembersCheck,
  refundDeadlineCheck,
  volunteerShareCheck,
  withdrawalDeadlineCheck,
} from './membership-checks.js';
import { reviewYear, type ReviewEvent } from './review-check.js';
import { reviewPack } from './review-pack.js';
import { reviewHtml } from './review-html.js';
import { reviewPdf } from './review-pdf.js';
import { readPdf } from '../../platform/documents/index.js';
import {
  collectiveMinimumCheck,
  criminalRecordCheck,
  mutualPrevalenceCheck,
  payRatioCheck,
  volunteerInsuranceCheck,
} from './work-checks.js';

/** Given events (in log order) → the check's outcome for 2025. */
let counter = 0;
const event = (type: string, data: Record<string, unknown>, occurredAt?: string): ReviewEvent => ({
  id: `e${++counter}`,
  type,
  data,
  index: counter - 1,
  occurredAt:
    occurredAt ??
    `${Object.values(data).find((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) ?? '2025-01-01'}T10:00:00Z`,
});
const indexed = (events: ReviewEvent[]) => events.map((e, index) => ({ ...e, index }));
const Y = reviewYear(2025);

const admit = (n: number, category: string, admittedOn = '2024-01-10') =>
  event('MemberAdmitted', {
    memberId: `m${n}`,
    applicationId: `a${n}`,
    memberNumber: n,
    category,
    admittedOn,
    boardResolutionId: 'r',
  });
const members = (workers: number, volunteers: number) => [
  ...Array.from({ length: workers }, (_, i) => admit(i + 1, 'worker')),
  ...Array.from({ length: volunteers }, (_, i) => admit(workers + i + 1, 'volunteer')),
];

describe('M4 the volunteers never above half of the members', () => {
  it('M4 passes when the volunteers stay at half', () => {
    expect(volunteerShareCheck(members(5, 5), Y).status).toBe('passed');
  });
  it('M4 fails naming the days the volunteers were above half', () => {
    const history = [
      ...members(5, 5),
      event('MembershipEnded', { memberId: 'm1', endedOn: '2025-03-01', cause: 'withdrawal' }),
      admit(11, 'worker', '2025-03-11'),
    ];
    const result = volunteerShareCheck(history, Y);
    expect(result.status).toBe('failed');
    expect(result.cases).toEqual([
      expect.objectContaining({
        subject: 'dal 2025-03-01 al 2025-03-10 (10 giorni)',
        detail: 'soci volontari 5 su 9 soci, oltre la metà',
      }),
    ]);
    expect(result.cases[0]!.evidence).toContain(history[10]!.id);
  });
});

describe('M8 the minimum number of members', () => {
  it('M8 passes with nine members', () => expect(minimumMembersCheck(members(9, 0), Y).status).toBe('passed'));
  it('M8 fails when the members fall below nine', () => {
    const result = minimumMembersCheck(
      [
        ...members(9, 0),
        event('MemberDied', { memberId: 'm2', diedOn: '2025-11-30' }),
        event('MembershipEnded', { memberId: 'm2', endedOn: '2025-11-30', cause: 'death' }),
      ],
      Y,
    );
    expect(result.status).toBe('failed');
    expect(result.cases[0]!.subject).toBe('dal 2025-11-30 al 2025-12-31 (32 giorni)');
  });
  it('M8 is not applicable without members', () => expect(minimumMembersCheck([], Y).status).toBe('not-applicable'));
});

describe('M2 admissions and rejections within 60 days', () => {
  const applied = (n: number, appliedOn: string) =>
    event('MembershipApplied', { applicationId: `a${n}`, appliedOn, category: 'worker' });
  it('M2 passes a decision on day 60', () => {
    expect(admissionDeadlineCheck([applied(1, '2025-01-01'), admit(1, 'worker', '2025-03-02')], Y).status).toBe('passed');
  });
  it('M2 fails a late rejection and an application left undecided', () => {
    const result = admissionDeadlineCheck(
      [
        applied(1, '2025-01-01'),
        event('AdmissionRejected', {
          applicationId: 'a1',
          reasons: 'x',
          boardResolutionId: 'r',
          decidedOn: '2025-02-20',
          communicatedOn: '2025-03-10',
        }),
        applied(2, '2025-09-01'),
      ],
      Y,
    );
    expect(result.status).toBe('failed');
    expect(result.cases.map((c) => c.subject)).toEqual(['domanda a1', 'domanda a2']);
  });
});

describe('M7 withdrawals examined within 60 days', () => {
  const requested = event('WithdrawalRequested', { memberId: 'm1', requestedOn: '2025-02-01', grounds: 'x' });
  it('M7 passes an examination within the term', () => {
    const accepted = event('WithdrawalAccepted', {
      memberId: 'm1',
      boardResolutionId: 'r',
      decidedOn: '2025-03-01',
      communicatedOn: '2025-03-02',
      mutualRelationshipEndsOn: '2025-12-31',
    });
    expect(withdrawalDeadlineCheck([admit(1, 'worker'), requested, accepted], Y).status).toBe('passed');
  });
  it('M7 fails a request examined after 60 days', () => {
    const refused = event('WithdrawalRefused', { memberId: 'm1', boardResolutionId: 'r', decidedOn: '2025-05-01', reasons: 'x' });
    const result = withdrawalDeadlineCheck([admit(1, 'worker'), requested, refused], Y);
    expect(result.cases).toEqual([
      expect.objectContaining({
        subject: 'socio n. 1',
        detail: 'recesso chiesto il 2025-02-01, esaminato il 2025-05-01: 89 giorni',
      }),
    ]);
  });
});

describe('M7b refunds within 180 days of the approval of the financial statements', () => {
  const history = (refundedOn?: string) => [
    admit(1, 'worker', '2020-01-10'),
    event('SharesPaid', { memberId: 'm1', amountCents: 10_000, paidOn: '2020-01-10' }),
    event('MembershipEnded', { memberId: 'm1', endedOn: '2024-06-30', cause: 'withdrawal' }),
    ...(refundedOn ? [event('SharesRefunded', { memberId: 'm1', amountCents: 10_000, refundedOn })] : []),
  ];
  it('M7b passes a refund made by its term', () => expect(refundDeadlineCheck(history('2025-09-01'), Y).status).toBe('passed'));
  it('M7b fails an unpaid refund past 180 days, naming the member', () => {
    const result = refundDeadlineCheck(history(), Y);
    expect(result.status).toBe('failed');
    expect(result.cases).toEqual([
      expect.objectContaining({
        subject: 'socio n. 1',
        detail: 'cessato il 2024-06-30; rimborso di € 100,00 dovuto entro il 2025-10-27, non eseguito al 2025-12-31',
      }),
    ]);
  });
  it('M7b is not applicable when no refund fell due', () =>
    expect(refundDeadlineCheck(members(3, 0), Y).status).toBe('not-applicable'));
});

const contract = (id: string, worker: Record<string, unknown>, terms: Record<string, unknown>) =>
  event('ContractSigned', {
    contractId: id,
    worker,
    signedOn: '2025-01-01',
    boardResolutionId: null,
    form: 'subordinate',
    level: 'C1',
    weeklyHours: 38,
    startsOn: '2025-01-01',
    endsOn: null,
    grossMonthlyPayCents: 150_000,
    unit: 'Nido',
    contactWithMinors: false,
    criminalRecordCheckedOn: null,
    ...terms,
  });

describe('W3b criminal-record checks for work with minors', () => {
  it('W3b passes a worker checked before starting', () => {
    const history = [
      admit(1, 'worker'),
      contract('c1', { kind: 'member', memberId: 'm1' }, { contactWithMinors: true, criminalRecordCheckedOn: '2024-12-20' }),
    ];
    expect(criminalRecordCheck(history, Y).status).toBe('passed');
  });
  it('W3b fails an unchecked worker with minors, naming the worker', () => {
    const history = [admit(1, 'worker'), contract('c1', { kind: 'member', memberId: 'm1' }, { contactWithMinors: true })];
    const result = criminalRecordCheck(history, Y);
    expect(result.status).toBe('failed');
    expect(result.cases[0]!.subject).toBe('socio n. 1, contratto c1');
  });
  it('W3b is not applicable without work with minors', () => {
    expect(criminalRecordCheck([contract('c1', { kind: 'member', memberId: 'm1' }, {})], Y).status).toBe('not-applicable');
  });
});

describe('W4 volunteers insured and never paid', () => {
  const enrolled = event('VolunteerEnrolled', {
    volunteerId: 'v1',
    volunteer: { kind: 'non_member', personId: 'p1' },
    enrolledOn: '2025-01-01',
    unit: 'Nido',
    contactWithMinors: false,
    criminalRecordCheckedOn: null,
  });
  const activity = event('VolunteerActivityLogged', {
    volunteerId: 'v1',
    activityId: 'x',
    date: '2025-05-05',
    minutes: 60,
    unit: 'Nido',
    activity: 'letture',
  });
  const insured = event('VolunteerInsured', {
    volunteerId: 'v1',
    insurer: 'X',
    coveredFrom: '2025-01-01',
    coveredUntil: '2025-12-31',
  });
  it('W4 passes insured activity', () => expect(volunteerInsuranceCheck([enrolled, insured, activity], Y).status).toBe('passed'));
  it('W4 fails uninsured activity and a paid volunteer', () => {
    const result = volunteerInsuranceCheck([enrolled, activity, contract('c9', { kind: 'non_member', personId: 'p1' }, {})], Y);
    expect(result.cases.map((c) => c.subject)).toEqual(['volontario v1', 'lavoratore p1']);
  });
});

describe('W2 and W3 pay', () => {
  const table = event('PayTableRecorded', {
    agreement: 'CCNL',
    effectiveFrom: '2024-02-01',
    fullTimeWeeklyHours: 38,
    minimumMonthlyPayCents: { C1: 150_000 },
  });
  it('W2 passes pay at the minimum and fails pay below it', () => {
    expect(collectiveMinimumCheck([table, contract('c1', { kind: 'non_member', personId: 'p1' }, {})], Y).status).toBe('passed');
    const low = collectiveMinimumCheck(
      [table, contract('c1', { kind: 'non_member', personId: 'p1' }, { grossMonthlyPayCents: 140_000 })],
      Y,
    );
    expect(low.cases[0]!.detail).toBe('livello C1, 38 ore: € 1400,00 lordi al mese, sotto il minimo di € 1500,00');
  });
  it('W3 passes a ratio of 8 and fails one above', () => {
    const pair = (high: number) => [
      table,
      contract('c1', { kind: 'non_member', personId: 'p1' }, {}),
      contract('c2', { kind: 'non_member', personId: 'p2' }, { grossMonthlyPayCents: high }),
    ];
    expect(payRatioCheck(pair(1_200_000), Y).status).toBe('passed');
    const result = payRatioCheck(pair(1_200_100), Y);
    expect(result.status).toBe('failed');
    expect(result.cases).toHaveLength(12);
  });
});

describe('W5 mutual prevalence', () => {
  it('W5 reports the members’ share of labour cost, the latest record of a period standing', () => {
    const result = mutualPrevalenceCheck(
      [
        event('LabourCostRecorded', {
          period: '2025',
          memberCostCents: 100,
          nonMemberCostCents: 100,
          recordedOn: '2026-01-10',
          correctionOf: null,
        }),
        event('LabourCostRecorded', {
          period: '2025',
          memberCostCents: 300,
          nonMemberCostCents: 100,
          recordedOn: '2026-01-20',
          correctionOf: { reason: 'x' },
        }),
      ],
      Y,
    );
    expect(result.status).toBe('passed');
    expect(result.summary).toMatch(/^costo del lavoro dei soci 75,0% del totale/);
  });
  it('W5 is not applicable without labour costs', () => expect(mutualPrevalenceCheck([], Y).status).toBe('not-applicable'));
});

describe('G2, G3, G4 assemblies and board meetings', () => {
  const opened = (quorumReached = true) =>
    event('AssemblyOpened', {
      assemblyId: 'as1',
      call: 'first',
      heldOn: '2025-04-28',
      votesPresent: 5,
      totalVotes: 9,
      quorumRequired: 5,
      quorumReached,
      financingWeight: 0,
    });
  const vote = (memberId: string) =>
    event('VoteCast', { assemblyId: 'as1', motionId: 'mo1', memberId, castBy: memberId, byProxy: false, vote: 'for', weight: 1 });
  it('G2 passes members of 90 days and fails a newer member who voted', () => {
    expect(votingRightsCheck([admit(1, 'worker'), opened(), vote('m1')], Y).status).toBe('passed');
    const result = votingRightsCheck([admit(1, 'worker'), admit(2, 'worker', '2025-03-01'), opened(), vote('m1'), vote('m2')], Y);
    expect(result.cases.map((c) => c.subject)).toEqual(['socio n. 2, assemblea del 2025-04-28']);
  });
  it('G3 fails eleven proxies to one holder and a proxy to a director', () => {
    const board = event('BoardElected', {
      electedOn: '2024-05-01',
      termEndsOn: '2027-04-30',
      assemblyResolutionId: 'x',
      directors: [{ directorId: 'd1', memberId: 'm20', role: 'president' }],
    });
    const proxies = Array.from({ length: 11 }, (_, i) =>
      event('ProxyGranted', { assemblyId: 'as1', grantor: `m${i + 2}`, holder: 'm1' }),
    );
    expect(proxiesCheck([board, opened(), ...proxies.slice(0, 10)], Y).status).toBe('passed');
    const result = proxiesCheck(
      [board, opened(), ...proxies, event('ProxyGranted', { assemblyId: 'as1', grantor: 'm30', holder: 'm20' })],
      Y,
    );
    expect(result.cases.map((c) => c.detail)).toEqual([
      expect.stringMatching(/da un consigliere in carica$/),
      '11 deleghe, oltre il limite di 10',
    ]);
  });
  it('G4 fails a resolution adopted without quorum, or without a majority of the directors present', () => {
    const adopted = event('ResolutionAdopted', {
      assemblyId: 'as1',
      motionId: 'mo1',
      resolutionId: 'R1',
      tally: { for: 3, against: 1, abstain: 0 },
      majorityRule: 'x',
      decidedOn: '2025-04-28',
    });
    expect(quorumCheck([opened(), adopted], Y).status).toBe('passed');
    expect(quorumCheck([opened(false), adopted], Y).cases[0]!.detail).toBe('approvata senza il quorum costitutivo');
    const held = event('BoardMeetingHeld', { meetingId: 'b1', present: ['d1', 'd2'], inOffice: 5, quorumReached: false });
    const board = event('BoardResolutionAdopted', {
      meetingId: 'b1',
      resolutionId: 'B1',
      decidedOn: '2025-06-01',
      item: 1,
      text: 't',
      votes: [],
      tally: { for: 2, against: 0, abstain: 0, present: 2 },
      majorityRule: 'x',
      decides: [],
    });
    expect(quorumCheck([held, board], Y).cases[0]!.detail).toBe('2 consiglieri presenti su 5 in carica: manca la maggioranza');
  });
});

describe('BOOKS the books sealed up to date', () => {
  const entry = event('MemberAdmitted', { memberId: 'm1', memberNumber: 1, category: 'worker', admittedOn: '2025-12-20' });
  const seal = (treeSize: number) =>
    event('LedgerSealed', { treeSize, logRoot: 'ab'.repeat(32), sealedAt: '2026-01-02T08:00:00Z' }, '2026-01-02T08:00:00Z');
  it('BOOKS passes when a seal covers the last entry of the year', () => {
    const result = booksUpToDateCheck(indexed([entry, seal(1)]), Y);
    expect(result.status).toBe('passed');
    expect(result.summary).toContain('sigillo del 2026-01-02T08:00:00Z, 1 eventi');
  });
  it('BOOKS fails when no seal covers it: "non ancora sigillato"', () => {
    const result = booksUpToDateCheck(indexed([seal(0), entry]), Y);
    expect(result.cases[0]!.detail).toBe('non ancora sigillato');
  });
});

describe('the review pack', () => {
  it('finds and names the three failures of issue 16 together: a volunteer share above half, an unpaid refund past 180 days, an unchecked worker with minors', () => {
    const history = indexed([
      ...members(5, 5),
      event('SharesPaid', { memberId: 'm1', amountCents: 5_000, paidOn: '2024-01-10' }),
      event('MembershipEnded', { memberId: 'm1', endedOn: '2024-12-31', cause: 'withdrawal' }),
      admit(11, 'worker', '2025-02-01'),
      event('MembershipEnded', { memberId: 'm2', endedOn: '2025-07-01', cause: 'death' }),
      admit(12, 'worker', '2025-07-15'),
      contract('c1', { kind: 'member', memberId: 'm3' }, { contactWithMinors: true }),
    ]);
    const pack = reviewPack(history, 2025, '2026-02-01T00:00:00Z');
    const failed = Object.fromEntries(
      pack.checks.filter((c) => c.status === 'failed').map((c) => [c.code, c.cases.map((x) => x.subject)]),
    );
    expect(failed.M4).toEqual(['dal 2025-01-01 al 2025-01-31 (31 giorni)', 'dal 2025-07-01 al 2025-07-14 (14 giorni)']);
    expect(failed.M7b).toEqual(['socio n. 1']);
    expect(failed.W3b).toEqual(['socio n. 3, contratto c1']);
  });
});

describe('the review pack as a document', () => {
  const history = indexed([
    ...members(5, 5),
    event('MembershipEnded', { memberId: 'm1', endedOn: '2025-03-01', cause: 'withdrawal' }),
  ]);
  const pack = reviewPack(history, 2025, '2026-02-01T00:00:00Z');

  it('prints each check and the failed cases as PDF/A-2b with embedded fonts', async () => {
    const pdf = await reviewPdf({ ...pack, cooperative: 'Cooperativa Il Girasole' });
    const read = await readPdf(pdf.bytes);
    const text = read.pages.join(' ');
    expect(text).toContain('Cooperativa Il Girasole · Revisione cooperativa, anno 2025');
    // Dates as Italian documents write them, gg/mm/aaaa (the pack's data keeps them ISO).
    expect(text).toContain('dal 01/03/2025 al 31/12/2025 (306 giorni)');
    expect(text).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(text).toContain('NON SUPERATA');
    // The reader sees the law's words; a rule's code only beside its article; Italian apostrophes.
    expect(text).toContain('Categorie dei soci');
    expect(text).toContain('Libri sociali');
    expect(text).not.toMatch(/\b(CAT|BOOKS)\b/);
    expect(text).toContain('L. 381/1991 art. 2 c. 2 (M4)');
    expect(text).toContain('nell’anno');
    expect(text).not.toContain("'");
    expect(read.xmp).toMatch(/pdfaid:part[^0-9]*2/);
    expect(read.fonts.length).toBeGreaterThan(0);
    expect(read.fonts.every((f) => f.embedded)).toBe(true);
    expect(read.pageCount).toBe(pdf.pageCount);
  });

  it('writes the same HTML for the same pack, escaping what it prints', () => {
    const html = reviewHtml(pack, 'A & B');
    expect(html).toContain('A &amp; B · Revisione cooperativa, anno 2025');
    expect(html).toContain('non superata');
    expect(html).toContain('dal 01/03/2025 al 31/12/2025');
    expect(html).toContain('Generato il 01/02/2026, 00:00 UTC');
    expect(html).toContain('<h2>Soci volontari</h2>');
    expect(reviewHtml(pack, 'A & B')).toBe(html);
  });
});
