import { exhaustive } from '../../platform/commands/exhaustive.js';
import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { invalidField, refusal, stateConflict } from '../../platform/errors/domain-errors.js';
import type { SealedPersonalData } from '../../platform/personal-data/personal-data.js';
import type { MemberCategory, MembershipAppliedData, MembershipEvent } from './membership-events.js';

export interface ApplyForMembership {
  type: 'ApplyForMembership';
  data: MembershipAppliedData;
  /**
   * M6: the active member with the applicant's fiscal code, as the register knew it when the
   * application came (read by the handler). An early answer only: the admission checks again.
   */
  activeMemberWithFiscalCode?: string;
}

const M6 = 'c.c. art. 2527 c. 1';

export type Application =
  | { status: 'none' }
  | {
      status: 'applied';
      applicationId: string;
      category: MemberCategory;
      appliedOn: string;
      applicantKind: 'natural' | 'legal';
      applicant: SealedPersonalData;
      requestedShares: MembershipAppliedData['requestedShares'];
    };

/**
 * One application, in its own stream. Its decision (admission, rejection, appeal) is taken
 * on the register, which serialises decisions on every application.
 */
export const applicationDecider: Decider<ApplyForMembership, Application, MembershipEvent> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'MembershipApplied':
        return {
          status: 'applied',
          applicationId: event.data.applicationId,
          category: event.data.category,
          appliedOn: event.data.appliedOn,
          applicantKind: event.data.applicantKind,
          applicant: event.data.applicant,
          requestedShares: event.data.requestedShares,
        };
      default:
        return state;
    }
  },

  decide(command, state, { now }) {
    switch (command.type) {
      case 'ApplyForMembership': {
        if (state.status !== 'none')
          throw stateConflict('APPLICATION_EXISTS', `application ${command.data.applicationId} was already made`);
        if (command.data.appliedOn > businessDate(now))
          throw invalidField('appliedOn', 'DATE_IN_FUTURE', `an application cannot be dated after today (${businessDate(now)})`);
        if ((command.data.category === 'legal_person') !== (command.data.applicantKind === 'legal'))
          throw refusal(
            'LEGAL_PERSON_CATEGORY',
            'L. 381/1991 art. 11',
            'the legal-person category is for legal persons, and legal persons apply in it',
          );
        // M6: a person (fiscal code) is at most once an active member, so an active member's new application is refused at once.
        if (command.activeMemberWithFiscalCode)
          throw refusal('M6', M6, 'this person (fiscal code) is already an active member', {
            memberId: command.activeMemberWithFiscalCode,
          });
        return [{ type: 'MembershipApplied', data: command.data }];
      }
      default:
        return exhaustive(command.type);
    }
  },
};
