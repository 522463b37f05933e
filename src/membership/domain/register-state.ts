import type { MemberCategory, MembershipEvent } from './membership-events.js';

/** What the register knows of one decided application. */
export interface ApplicationDecision {
  status: 'admitted' | 'rejected' | 'appealed' | 'appeal-upheld' | 'appeal-dismissed';
  communicatedOn?: string;
  memberId?: string;
  erased: boolean;
}

export interface RegisteredMember {
  memberNumber: number;
  category: MemberCategory;
  /** Since when the member is in `category`: a later change cannot be dated before it. */
  categorySince: string;
  fiscalCodeIndex: string;
  admittedOn: string;
  status: 'active' | 'ended';
  withdrawalRequestedOn?: string;
  exclusionCommunicatedOn?: string;
  exclusionOpposed: boolean;
  endedOn?: string;
  erased: boolean;
}

/**
 * The member register as one decider state: every rule that spans members (numbering, M4,
 * M6, M8) is decided against it, and the register stream's expected revision serialises
 * concurrent decisions. Maps are updated in place by `evolve`, which is safe because a
 * state only ever advances by recorded events.
 */
export interface Register {
  lastMemberNumber: number;
  applications: Map<string, ApplicationDecision>;
  members: Map<string, RegisteredMember>;
  activeByFiscalCode: Map<string, string>;
  active: number;
  activeVolunteers: number;
  activeSpecial: number;
}

export const emptyRegister = (): Register => ({
  lastMemberNumber: 0,
  applications: new Map(),
  members: new Map(),
  activeByFiscalCode: new Map(),
  active: 0,
  activeVolunteers: 0,
  activeSpecial: 0,
});

export function evolveRegister(state: Register, event: MembershipEvent): Register {
  switch (event.type) {
    case 'MemberAdmitted': {
      const d = event.data;
      state.applications.set(d.applicationId, { status: 'admitted', memberId: d.memberId, erased: false });
      state.members.set(d.memberId, {
        memberNumber: d.memberNumber,
        category: d.category,
        categorySince: d.admittedOn,
        fiscalCodeIndex: d.fiscalCodeIndex,
        admittedOn: d.admittedOn,
        status: 'active',
        exclusionOpposed: false,
        erased: false,
      });
      state.activeByFiscalCode.set(d.fiscalCodeIndex, d.memberId);
      state.lastMemberNumber = Math.max(state.lastMemberNumber, d.memberNumber);
      state.active += 1;
      if (d.category === 'volunteer') state.activeVolunteers += 1;
      if (d.category === 'special') state.activeSpecial += 1;
      return state;
    }
    case 'AdmissionRejected':
      state.applications.set(event.data.applicationId, {
        status: 'rejected',
        communicatedOn: event.data.communicatedOn,
        erased: false,
      });
      return state;
    case 'AdmissionAppealed':
      patchApplication(state, event.data.applicationId, { status: 'appealed' });
      return state;
    case 'AdmissionAppealDecided':
      patchApplication(state, event.data.applicationId, {
        status: event.data.outcome === 'upheld' ? 'appeal-upheld' : 'appeal-dismissed',
      });
      return state;
    case 'MemberCategoryChanged': {
      const member = state.members.get(event.data.memberId);
      if (!member) return state;
      if (member.status === 'active') {
        if (event.data.from === 'volunteer') state.activeVolunteers -= 1;
        if (event.data.to === 'volunteer') state.activeVolunteers += 1;
        if (event.data.from === 'special') state.activeSpecial -= 1;
        if (event.data.to === 'special') state.activeSpecial += 1;
      }
      member.category = event.data.to;
      member.categorySince = event.data.changedOn;
      return state;
    }
    case 'WithdrawalRequested':
      patchMember(state, event.data.memberId, { withdrawalRequestedOn: event.data.requestedOn });
      return state;
    case 'WithdrawalRefused':
      patchMember(state, event.data.memberId, { withdrawalRequestedOn: undefined });
      return state;
    case 'MemberExcluded':
      patchMember(state, event.data.memberId, { exclusionCommunicatedOn: event.data.communicatedOn });
      return state;
    case 'ExclusionOpposed':
      patchMember(state, event.data.memberId, { exclusionOpposed: true });
      return state;
    case 'MembershipEnded': {
      const member = state.members.get(event.data.memberId);
      if (!member || member.status === 'ended') return state;
      member.status = 'ended';
      member.endedOn = event.data.endedOn;
      member.withdrawalRequestedOn = undefined;
      state.activeByFiscalCode.delete(member.fiscalCodeIndex);
      state.active -= 1;
      if (member.category === 'volunteer') state.activeVolunteers -= 1;
      if (member.category === 'special') state.activeSpecial -= 1;
      return state;
    }
    case 'MemberDataErased': {
      patchApplication(state, event.data.applicationId, { erased: true });
      if (event.data.memberId) patchMember(state, event.data.memberId, { erased: true });
      return state;
    }
    default:
      return state;
  }
}

function patchApplication(state: Register, applicationId: string, patch: Partial<ApplicationDecision>): void {
  const current = state.applications.get(applicationId);
  if (current) Object.assign(current, patch);
}

function patchMember(state: Register, memberId: string, patch: Partial<RegisteredMember>): void {
  const current = state.members.get(memberId);
  if (current) Object.assign(current, patch);
}
