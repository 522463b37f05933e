import { defineProjector, type EventMapOf } from '../../platform/projections/define-projector.js';
import type { Doc } from '../../platform/read-models/read-model-store.js';
import type { workplaceEvents } from '../domain/workplace-events.js';

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
export const workplaceProjector = defineProjector<EventMapOf<typeof workplaceEvents>>({
  name: WORK_RECORDS,
  version: 1,
  on: {
    async LabourCostRecorded({ data }, context) {
      const costs = context.collection<LabourCostDoc>('labourCosts');
      const { period, memberCostCents, nonMemberCostCents, recordedOn } = data;
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
    },
    async InternalRegulationAdopted({ data }, context) {
      const { regulationId, ...regulation } = data;
      await context
        .collection<RegulationDoc>('regulations')
        .replaceOne({ _id: regulationId }, { _id: regulationId, ...regulation, filing: null }, { upsert: true });
    },
    async InternalRegulationFiled({ data }, context) {
      const { regulationId, ...filing } = data;
      await context.collection<RegulationDoc>('regulations').updateOne({ _id: regulationId }, { $set: { filing } });
    },
    async TrainingCompleted({ data }, context) {
      const { trainingId, ...training } = data;
      await context
        .collection<TrainingDoc>('training')
        .replaceOne({ _id: trainingId }, { _id: trainingId, ...training }, { upsert: true });
    },
  },
});
