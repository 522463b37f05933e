import type { MembershipEvent } from './membership-events.js';
import { ApplicationTable, MemberTable } from './register-tables.js';

export type { ApplicationDecision, RegisteredMember } from './register-tables.js';

/**
 * The member register as one decider state: every rule that spans members (numbering, M4,
 * M6, M8) is decided against it, and the register stream's expected revision serialises
 * concurrent decisions. Its tables are updated in place by `evolve`, which is safe because a
 * state only ever advances by recorded events; they hand out copies to read.
 */
export interface Register {
  lastMemberNumber: number;
  applications: ApplicationTable;
  members: MemberTable;
  active: number;
  activeVolunteers: number;
  activeSpecial: number;
}

export const emptyRegister = (): Register => {
  const members = new MemberTable();
  return {
    lastMemberNumber: 0,
    applications: new ApplicationTable(members),
    members,
    active: 0,
    activeVolunteers: 0,
    activeSpecial: 0,
  };
};

export function evolveRegister(state: Register, event: MembershipEvent): Register {
  const { members, applications } = state;
  switch (event.type) {
    case 'MemberAdmitted': {
      const d = event.data;
      const row = members.admit(d.memberId, d);
      applications.decide(d.applicationId, { status: 'admitted', memberRow: row });
      state.lastMemberNumber = Math.max(state.lastMemberNumber, d.memberNumber);
      state.active += 1;
      if (d.category === 'volunteer') state.activeVolunteers += 1;
      if (d.category === 'special') state.activeSpecial += 1;
      return state;
    }
    case 'AdmissionRejected':
      applications.decide(event.data.applicationId, { status: 'rejected', communicatedOn: event.data.communicatedOn });
      return state;
    case 'AdmissionAppealed':
      applications.setStatus(event.data.applicationId, 'appealed');
      return state;
    case 'AdmissionAppealDecided':
      applications.setStatus(event.data.applicationId, event.data.outcome === 'upheld' ? 'appeal-upheld' : 'appeal-dismissed');
      return state;
    case 'MemberCategoryChanged': {
      const row = members.rowOf(event.data.memberId);
      if (row < 0) return state;
      if (members.isActive(row)) {
        if (event.data.from === 'volunteer') state.activeVolunteers -= 1;
        if (event.data.to === 'volunteer') state.activeVolunteers += 1;
        if (event.data.from === 'special') state.activeSpecial -= 1;
        if (event.data.to === 'special') state.activeSpecial += 1;
      }
      members.changeCategory(row, event.data.to, event.data.changedOn);
      return state;
    }
    case 'WithdrawalRequested':
      withMember(state, event.data.memberId, (row) => members.requestWithdrawal(row, event.data.requestedOn));
      return state;
    case 'WithdrawalRefused':
      withMember(state, event.data.memberId, (row) => members.requestWithdrawal(row, undefined));
      return state;
    case 'MemberExcluded':
      withMember(state, event.data.memberId, (row) => members.communicateExclusion(row, event.data.communicatedOn));
      return state;
    case 'ExclusionOpposed':
      withMember(state, event.data.memberId, (row) => members.opposeExclusion(row));
      return state;
    case 'MembershipEnded': {
      const row = members.rowOf(event.data.memberId);
      if (row < 0 || !members.isActive(row)) return state;
      const category = members.categoryOf(row);
      members.end(row, event.data.endedOn);
      state.active -= 1;
      if (category === 'volunteer') state.activeVolunteers -= 1;
      if (category === 'special') state.activeSpecial -= 1;
      return state;
    }
    case 'MemberDataErased': {
      applications.markErased(event.data.applicationId);
      const { memberId } = event.data;
      if (memberId) withMember(state, memberId, (row) => members.erase(row));
      return state;
    }
    default:
      return state;
  }
}

function withMember(state: Register, memberId: string, change: (row: number) => void): void {
  const row = state.members.rowOf(memberId);
  if (row >= 0) change(row);
}
