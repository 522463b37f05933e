import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { MemberCategory, MembershipEvent } from './membership-events.js';
import { emptyRegister, evolveRegister, type ApplicationDecision, type RegisteredMember } from './register-state.js';

/*
 * The register's compact tables against the plain reading of the same events: one object per
 * member and per application in a Map, changed as each event says. Any history, in any
 * order, with ids of any shape, must leave both with the same register.
 */

interface Reference {
  applications: Map<string, ApplicationDecision>;
  members: Map<string, RegisteredMember>;
  admissions: string[];
}

function referenceFold(events: MembershipEvent[]): Reference {
  const applications = new Map<string, ApplicationDecision>();
  const members = new Map<string, RegisteredMember>();
  const admissions: string[] = [];
  const member = (id: string, change: (m: RegisteredMember) => void) => {
    const m = members.get(id);
    if (m) change(m);
  };
  const application = (id: string, change: (a: ApplicationDecision) => void) => {
    const a = applications.get(id);
    if (a) change(a);
  };
  for (const event of events) {
    switch (event.type) {
      case 'MemberAdmitted': {
        const d = event.data;
        applications.set(d.applicationId, { status: 'admitted', memberId: d.memberId, erased: false });
        members.set(d.memberId, {
          memberNumber: d.memberNumber,
          category: d.category,
          categorySince: d.admittedOn,
          fiscalCodeIndex: d.fiscalCodeIndex,
          admittedOn: d.admittedOn,
          status: 'active',
          exclusionOpposed: false,
          erased: false,
        });
        admissions.push(d.memberId);
        break;
      }
      case 'AdmissionRejected':
        applications.set(event.data.applicationId, {
          status: 'rejected',
          communicatedOn: event.data.communicatedOn,
          erased: false,
        });
        break;
      case 'AdmissionAppealed':
        application(event.data.applicationId, (a) => (a.status = 'appealed'));
        break;
      case 'AdmissionAppealDecided':
        application(
          event.data.applicationId,
          (a) => (a.status = event.data.outcome === 'upheld' ? 'appeal-upheld' : 'appeal-dismissed'),
        );
        break;
      case 'MemberCategoryChanged':
        member(event.data.memberId, (m) => Object.assign(m, { category: event.data.to, categorySince: event.data.changedOn }));
        break;
      case 'WithdrawalRequested':
        member(event.data.memberId, (m) => (m.withdrawalRequestedOn = event.data.requestedOn));
        break;
      case 'WithdrawalRefused':
        member(event.data.memberId, (m) => delete m.withdrawalRequestedOn);
        break;
      case 'MemberExcluded':
        member(event.data.memberId, (m) => (m.exclusionCommunicatedOn = event.data.communicatedOn));
        break;
      case 'ExclusionOpposed':
        member(event.data.memberId, (m) => (m.exclusionOpposed = true));
        break;
      case 'MembershipEnded':
        member(event.data.memberId, (m) => {
          if (m.status === 'ended') return;
          Object.assign(m, { status: 'ended', endedOn: event.data.endedOn });
          delete m.withdrawalRequestedOn;
        });
        break;
      case 'MemberDataErased':
        application(event.data.applicationId, (a) => (a.erased = true));
        if (event.data.memberId) member(event.data.memberId, (m) => (m.erased = true));
        break;
      default:
        break;
    }
  }
  return { applications, members, admissions };
}

const CATEGORIES: MemberCategory[] = ['worker', 'volunteer', 'user', 'financing', 'legal_person', 'special'];
/** A few ids of each shape, so events meet the same members again. */
const ids = [
  '3f2c8a9e-1b7d-4c6a-9e21-0d5b7f3a1c44',
  '00000000-0000-4000-8000-000000000001',
  'A1B2C3D4-0000-4000-8000-00000000000F',
  'm-1',
  '',
];
const id = fc.constantFrom(...ids);
const fiscalCode = fc.constantFrom('a'.repeat(64), '0123456789abcdef'.repeat(4), 'not-a-digest');
const day = fc.constantFrom('2019-01-31', '2024-02-29', '2026-12-06', '+012345-01-01');
const category = fc.constantFrom(...CATEGORIES);

const event: fc.Arbitrary<MembershipEvent> = fc.oneof(
  fc
    .record({
      memberId: id,
      applicationId: id,
      memberNumber: fc.integer({ min: 1, max: 2 ** 40 }),
      category,
      admittedOn: day,
      fiscalCodeIndex: fiscalCode,
    })
    .map((data) => ({ type: 'MemberAdmitted', data: { ...data, boardResolutionId: 'cda-1' } }) as MembershipEvent),
  fc.record({ applicationId: id, communicatedOn: day }).map(
    (data) =>
      ({
        type: 'AdmissionRejected',
        data: { ...data, reasons: 'r', boardResolutionId: 'cda-1', decidedOn: data.communicatedOn },
      }) as MembershipEvent,
  ),
  fc.record({ applicationId: id, appealedOn: day }).map((data) => ({ type: 'AdmissionAppealed', data }) as MembershipEvent),
  fc
    .record({ applicationId: id, outcome: fc.constantFrom('upheld', 'dismissed'), decidedOn: day })
    .map((data) => ({ type: 'AdmissionAppealDecided', data: { ...data, assemblyResolutionId: 'a-1' } }) as MembershipEvent),
  fc
    .record({ memberId: id, from: category, to: category, changedOn: day })
    .map((data) => ({ type: 'MemberCategoryChanged', data: { ...data, boardResolutionId: 'cda-2' } }) as MembershipEvent),
  fc
    .record({ memberId: id, requestedOn: day })
    .map((data) => ({ type: 'WithdrawalRequested', data: { ...data, grounds: 'g' } }) as MembershipEvent),
  fc.record({ memberId: id }).map((data) => ({ type: 'WithdrawalRefused', data }) as unknown as MembershipEvent),
  fc
    .record({ memberId: id, communicatedOn: day })
    .map((data) => ({ type: 'MemberExcluded', data }) as unknown as MembershipEvent),
  fc.record({ memberId: id }).map((data) => ({ type: 'ExclusionOpposed', data }) as unknown as MembershipEvent),
  fc
    .record({ memberId: id, endedOn: day })
    .map((data) => ({ type: 'MembershipEnded', data: { ...data, cause: 'withdrawal' } }) as MembershipEvent),
  fc
    .record({ applicationId: id, memberId: fc.option(id, { nil: null }), erasedOn: day })
    .map((data) => ({ type: 'MemberDataErased', data }) as MembershipEvent),
);

describe('register state', () => {
  it('holds what a plain reading of the same events holds, for any history', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (generated) => {
        // A member id is admitted once: the handler derives it from the admission's command id.
        const admitted = new Set<string>();
        const events = generated.filter(
          (e) => e.type !== 'MemberAdmitted' || (!admitted.has(e.data.memberId) && Boolean(admitted.add(e.data.memberId))),
        );
        const state = events.reduce(evolveRegister, emptyRegister());
        const reference = referenceFold(events);
        expect(state.members.size).toBe(reference.members.size);
        expect(new Map(state.members)).toEqual(reference.members);
        for (const other of ids) {
          expect(state.members.get(other)).toEqual(reference.members.get(other));
          expect(state.applications.get(other)).toEqual(reference.applications.get(other));
        }
        // M6: the member last admitted with a fiscal code, while active.
        for (const code of ['a'.repeat(64), '0123456789abcdef'.repeat(4), 'not-a-digest', 'b'.repeat(64)]) {
          const latest = reference.admissions.filter((m) => reference.members.get(m)?.fiscalCodeIndex === code).at(-1);
          const expected = latest !== undefined && reference.members.get(latest)?.status === 'active' ? latest : undefined;
          expect(state.members.activeWithFiscalCode(code)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hands out copies: what a decider reads cannot change the register', () => {
    const admitted: MembershipEvent = {
      type: 'MemberAdmitted',
      data: {
        memberId: ids[0]!,
        applicationId: ids[1]!,
        memberNumber: 1,
        category: 'worker',
        admittedOn: '2026-01-15',
        boardResolutionId: 'cda-1',
        fiscalCodeIndex: 'a'.repeat(64),
      },
    };
    const state = evolveRegister(emptyRegister(), admitted);
    const read = state.members.get(ids[0]!)!;
    read.status = 'ended';
    read.category = 'volunteer';
    expect(state.members.get(ids[0]!)).toMatchObject({ status: 'active', category: 'worker' });
    expect(state.members.activeWithFiscalCode('a'.repeat(64))).toBe(ids[0]);
  });
});
