import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import { withAmendment, type ContractHistory, type PayTable } from '../domain/pay.js';
import type { Worker, workEvents } from '../domain/work-events.js';

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

type WorkEvents = EventMapOf<typeof workEvents>;

/** The event's envelope, kept with the contract for the auditor who follows it back. */
const sourceOf = (recorded: RecordedEvent) => ({ id: recorded.id, type: recorded.type, position: recorded.position });

/** Contracts as signed, amended and ended, and the collective agreement's pay tables. */
export const contractsProjector = defineProjector<WorkEvents>({
  name: WORK_CONTRACTS,
  version: 1,
  on: {
    async PayTableRecorded({ data: table }, context) {
      const _id = `${table.agreement}@${table.effectiveFrom}`;
      await context.collection<PayTableDoc>('payTables').replaceOne({ _id }, { _id, ...table }, { upsert: true });
    },
    async ContractSigned(recorded, context) {
      const { contractId, worker, signedOn, boardResolutionId, ...terms } = recorded.data;
      await context.collection<ContractDoc>('contracts').replaceOne(
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
          events: [sourceOf(recorded)],
        },
        { upsert: true },
      );
    },
    async ContractAmended(recorded, context) {
      const contracts = context.collection<ContractDoc>('contracts');
      const contract = await contracts.findOne({ _id: recorded.data.contractId });
      if (!contract) return;
      const amendments = withAmendment(contract.amendments, {
        effectiveFrom: recorded.data.effectiveFrom,
        changes: recorded.data.changes,
      });
      await contracts.updateOne(
        { _id: contract._id },
        { $set: { amendments, events: [...contract.events, sourceOf(recorded)] } },
      );
    },
    async ContractEnded(recorded, context) {
      await context
        .collection<ContractDoc>('contracts')
        .updateOne(
          { _id: recorded.data.contractId },
          { $set: { endedOn: recorded.data.endedOn, endReason: recorded.data.reason }, $push: { events: sourceOf(recorded) } },
        );
    },
  },
});
