import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { refusal } from '../../platform/errors/domain-errors.js';
import { assertNever, type Application } from './application.js';
import type { MemberAdmittedData, MembershipEvent } from './membership-events.js';

/** The facts of the application the board decided on, read from its stream by the handler. */
export interface AdmitMember {
  type: 'AdmitMember';
  memberId: string;
  application: Application;
  admittedOn: string;
  boardResolutionId: string;
}

export interface Register {
  lastMemberNumber: number;
  /** Applications already decided, by id. */
  decided: Set<string>;
}

/**
 * The member register (libro soci) as one stream: it numbers members progressively and
 * will hold every rule that spans all members, so concurrent admissions are serialised by
 * its expected revision and can never share a number.
 */
export const registerDecider: Decider<AdmitMember, Register, MembershipEvent> = {
  initialState: () => ({ lastMemberNumber: 0, decided: new Set() }),

  evolve(state, event) {
    switch (event.type) {
      case 'MemberAdmitted':
        state.decided.add(event.data.applicationId);
        return { ...state, lastMemberNumber: Math.max(state.lastMemberNumber, event.data.memberNumber) };
      default:
        return state;
    }
  },

  decide(command, state, { now }) {
    switch (command.type) {
      case 'AdmitMember': {
        const { application } = command;
        // M1: the board admits on the applicant's request, once (c.c. art. 2528 c. 1).
        if (application.status !== 'pending')
          throw refusal('M1', 'c.c. art. 2528 c. 1', 'admission needs a pending membership application');
        if (state.decided.has(application.applicationId))
          throw refusal('M1', 'c.c. art. 2528 c. 1', `application ${application.applicationId} has already been decided`);
        if (command.admittedOn < application.appliedOn)
          throw refusal('ADMISSION_BEFORE_APPLICATION', null, 'a member cannot be admitted before applying');
        if (command.admittedOn > businessDate(now))
          throw refusal('DATE_IN_FUTURE', null, `an admission cannot be dated after today (${businessDate(now)})`);
        const admitted: MemberAdmittedData = {
          memberId: command.memberId,
          applicationId: application.applicationId,
          memberNumber: state.lastMemberNumber + 1,
          category: application.category,
          admittedOn: command.admittedOn,
          boardResolutionId: command.boardResolutionId,
        };
        return [{ type: 'MemberAdmitted', data: admitted }];
      }
      default:
        return assertNever(command.type);
    }
  },
};
