import type { Projector } from '../../platform/projections/projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { WorkplaceEvent } from '../domain/workplace-events.js';

export const WORK_RECORDS = 'work-records';

export interface LabourCostDoc extends Doc {
  period: string;
  year: string;
  memberCostCents: number;
  nonMemberCostCents: number;
  recordedOn: string;
  /** How many figures were recorded for the period: the last one counts; more than one means corrections. */
  versions: number;
}

export interface RegulationDoc extends Doc {
  title: string;
  adoptedOn: string;
  assemblyResolutionId: string;
  textSha256: string;
  filing: { filedOn: string; office: string; protocol: string } | null;
}

export interface TrainingDoc extends Doc {
  personId: string;
  course: string;
  hours: number;
  completedOn: string;
  unit: string | null;
  kind: 'mandatory' | 'professional';
}

/** Labour cost by period (W5), internal regulations and their filing (W2), training. */
export const workplaceProjector: Projector = {
  name: WORK_RECORDS,
  version: 1,
  eventTypes: ['LabourCostRecorded', 'InternalRegulationAdopted', 'InternalRegulationFiled', 'TrainingCompleted'],
  async apply(recorded, context) {
    const event = recorded as unknown as WorkplaceEvent;
    switch (event.type) {
      case 'LabourCostRecorded': {
        const costs = context.collection<LabourCostDoc>('labourCosts');
        const { period, memberCostCents, nonMemberCostCents, recordedOn } = event.data;
        const earlier = await costs.findOne({ _id: period });
        await costs.replaceOne(
          { _id: period },
          {
            _id: period,
            period,
            year: period.slice(0, 4),
            memberCostCents,
            nonMemberCostCents,
            recordedOn,
            versions: (earlier?.versions ?? 0) + 1,
          },
          { upsert: true },
        );
        return;
      }
      case 'InternalRegulationAdopted': {
        const { regulationId, ...data } = event.data;
        await context
          .collection<RegulationDoc>('regulations')
          .replaceOne({ _id: regulationId }, { _id: regulationId, ...data, filing: null }, { upsert: true });
        return;
      }
      case 'InternalRegulationFiled': {
        const { regulationId, ...filing } = event.data;
        await context.collection<RegulationDoc>('regulations').updateOne({ _id: regulationId }, { $set: { filing } });
        return;
      }
      case 'TrainingCompleted': {
        const { trainingId, ...data } = event.data;
        await context
          .collection<TrainingDoc>('training')
          .replaceOne({ _id: trainingId }, { _id: trainingId, ...data }, { upsert: true });
        return;
      }
    }
  },
};
