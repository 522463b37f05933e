import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import { withAmendment, type ContractHistory, type PayTable } from '../domain/pay.js';
import type { WorkEvent, Worker } from '../domain/work-events.js';

export const WORK_CONTRACTS = 'work-contracts';

export interface ContractDoc extends Doc, ContractHistory {
  worker: Worker;
  signedOn: string;
  boardResolutionId: string | null;
  endReason: string | null;
  /** The events that made it, in order, for the auditor who follows a contract back to its sources. */
  events: Array<{ id: string; type: string; position: string }>;
}

export interface PayTableDoc extends Doc, PayTable {}

/** Contracts as signed, amended and ended, and the collective agreement's pay tables. */
export const contractsProjector: Projector = {
  name: WORK_CONTRACTS,
  version: 1,
  eventTypes: ['PayTableRecorded', 'ContractSigned', 'ContractAmended', 'ContractEnded'],
  async apply(recorded, context) {
    const contracts = context.collection<ContractDoc>('contracts');
    const source = { id: recorded.id, type: recorded.type, position: recorded.position };
    const event = recorded as unknown as WorkEvent;
    switch (event.type) {
      case 'PayTableRecorded': {
        const table = event.data;
        const _id = `${table.agreement}@${table.effectiveFrom}`;
        await context.collection<PayTableDoc>('payTables').replaceOne({ _id }, { _id, ...table }, { upsert: true });
        return;
      }
      case 'ContractSigned': {
        const { contractId, worker, signedOn, boardResolutionId, ...terms } = event.data;
        await contracts.replaceOne(
          { _id: contractId },
          {
            _id: contractId,
            contractId,
            worker,
            terms,
            amendments: [],
            endedOn: null,
            endReason: null,
            signedOn,
            boardResolutionId,
            events: [source],
          },
          { upsert: true },
        );
        return;
      }
      case 'ContractAmended': {
        const contract = await contracts.findOne({ _id: event.data.contractId });
        if (!contract) return;
        const amendments = withAmendment(contract.amendments, {
          effectiveFrom: event.data.effectiveFrom,
          changes: event.data.changes,
        });
        await contracts.updateOne({ _id: contract._id }, { $set: { amendments, events: [...contract.events, source] } });
        return;
      }
      case 'ContractEnded':
        await contracts.updateOne(
          { _id: event.data.contractId },
          { $set: { endedOn: event.data.endedOn, endReason: event.data.reason }, $push: { events: source } },
        );
        return;
    }
  },
};
