import type { Decider } from '../../platform/commands/decider.js';
import { refusal } from '../../platform/errors/domain-errors.js';
import type { CooperationEvent, PartnershipTerms, ResolutionRef } from './cooperation-events.js';

export type Partnership =
  | { status: 'none' }
  | { status: 'agreed'; startsOn: string; endsOn: string | null }
  | { status: 'ended'; startsOn: string; endedOn: string };

type EndReason = Extract<CooperationEvent, { type: 'PartnershipEnded' }>['data']['reason'];

export type PartnershipCommand =
  | { type: 'AgreePartnership'; partnershipId: string; terms: PartnershipTerms; agreedOn: string; resolution: ResolutionRef }
  | { type: 'EndPartnership'; partnershipId: string; endedOn: string; reason: EndReason; resolution: ResolutionRef };

/**
 * One partnership, in `partnership-<id>`: agreed and ended only by a resolution (G7), which
 * the event cites; the governance process manager is the only caller.
 */
export const partnershipDecider: Decider<PartnershipCommand, Partnership, CooperationEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'PartnershipAgreed':
        return { status: 'agreed', startsOn: event.data.startsOn, endsOn: event.data.endsOn };
      case 'PartnershipEnded':
        return state.status === 'none' ? state : { status: 'ended', startsOn: state.startsOn, endedOn: event.data.endedOn };
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'AgreePartnership': {
        if (state.status !== 'none')
          throw refusal('PARTNERSHIP_EXISTS', null, `partnership ${command.partnershipId} is already agreed`);
        const { terms, partnershipId, agreedOn, resolution } = command;
        if (terms.endsOn !== null && terms.endsOn < terms.startsOn)
          throw refusal('DATE_ORDER', null, 'a partnership cannot end before it starts');
        return [{ type: 'PartnershipAgreed', data: { partnershipId, ...terms, agreedOn, resolution } }];
      }
      case 'EndPartnership': {
        if (state.status === 'none')
          throw refusal('PARTNERSHIP_UNKNOWN', null, `no partnership ${command.partnershipId} is agreed`);
        if (state.status === 'ended') throw refusal('PARTNERSHIP_ENDED', null, `the partnership ended on ${state.endedOn}`);
        if (command.endedOn < state.startsOn)
          throw refusal('DATE_ORDER', null, `the partnership starts on ${state.startsOn}; it cannot end before`);
        const { partnershipId, endedOn, reason, resolution } = command;
        return [{ type: 'PartnershipEnded', data: { partnershipId, endedOn, reason, resolution } }];
      }
    }
  },
};
