import { exhaustive } from '../../platform/commands/exhaustive.js';
import type { Decider } from '../../platform/commands/decider.js';
import { invalidField, NotFoundError, stateConflict } from '../../platform/errors/domain-errors.js';
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
      case 'AgreePartnership':
        return agreePartnership(command, state);
      case 'EndPartnership':
        return endPartnership(command, state);
      default:
        return exhaustive(command);
    }
  },
};

function agreePartnership(
  command: Extract<PartnershipCommand, { type: 'AgreePartnership' }>,
  state: Partnership,
): CooperationEvent[] {
  if (state.status !== 'none')
    throw stateConflict('PARTNERSHIP_EXISTS', `partnership ${command.partnershipId} is already agreed`);
  const { terms, partnershipId, agreedOn, resolution } = command;
  if (terms.endsOn !== null && terms.endsOn < terms.startsOn)
    throw invalidField('terms.endsOn', 'DATE_ORDER', 'a partnership cannot end before it starts');
  return [{ type: 'PartnershipAgreed', data: { partnershipId, ...terms, agreedOn, resolution } }];
}

function endPartnership(
  command: Extract<PartnershipCommand, { type: 'EndPartnership' }>,
  state: Partnership,
): CooperationEvent[] {
  if (state.status === 'none') throw new NotFoundError('partnership', command.partnershipId);
  if (state.status === 'ended') throw stateConflict('PARTNERSHIP_ENDED', `the partnership ended on ${state.endedOn}`);
  if (command.endedOn < state.startsOn)
    throw stateConflict('BEFORE_PARTNERSHIP_START', `the partnership starts on ${state.startsOn}; it cannot end before`);
  const { partnershipId, endedOn, reason, resolution } = command;
  return [{ type: 'PartnershipEnded', data: { partnershipId, endedOn, reason, resolution } }];
}
