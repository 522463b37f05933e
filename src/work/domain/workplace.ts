import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { refusal } from '../../platform/errors/domain-errors.js';
import type { WorkplaceEvent } from './workplace-events.js';

type Data<T extends WorkplaceEvent['type']> = Extract<WorkplaceEvent, { type: T }>['data'];

/** W5's figures, one per period; a later figure for a period replaces it only as a correction with its reason. */
export const labourCostDecider: Decider<
  { type: 'RecordLabourCost' } & Data<'LabourCostRecorded'>,
  Set<string>,
  WorkplaceEvent
> = {
  initialState: () => new Set(),
  evolve: (periods, event) => (event.type === 'LabourCostRecorded' ? periods.add(event.data.period) : periods),
  decide({ type: _, ...data }, periods, { now }) {
    if (data.recordedOn > businessDate(now)) throw refusal('DATE_IN_FUTURE', null, 'a figure is recorded once known');
    if (Number(data.period.slice(0, 4)) > Number(businessDate(now).slice(0, 4)))
      throw refusal('DATE_IN_FUTURE', null, `period ${data.period} has not begun`);
    const overlapping = [...periods].filter(
      (p) => p === data.period || p.startsWith(`${data.period}-`) || data.period.startsWith(`${p}-`),
    );
    if (overlapping.includes(data.period) && !data.correctionOf)
      throw refusal('PERIOD_RECORDED', null, `the labour cost of ${data.period} is recorded; send a correction with its reason`);
    if (!overlapping.includes(data.period) && data.correctionOf)
      throw refusal('NOTHING_TO_CORRECT', null, `no labour cost of ${data.period} is recorded`);
    if (overlapping.some((p) => p !== data.period))
      throw refusal(
        'PERIOD_OVERLAPS',
        null,
        `${data.period} overlaps ${overlapping.filter((p) => p !== data.period).join(', ')}: record a year or its months, not both`,
      );
    return [{ type: 'LabourCostRecorded', data }];
  },
};

type Regulation = { adoptedOn: string; filedOn: string | null };
export type RegulationCommand =
  | ({ type: 'AdoptInternalRegulation' } & Data<'InternalRegulationAdopted'>)
  | ({ type: 'FileInternalRegulation' } & Data<'InternalRegulationFiled'>);

/** The internal regulations (L. 142/2001 art. 6): adopted by the assembly, then filed. */
export const regulationDecider: Decider<RegulationCommand, Map<string, Regulation>, WorkplaceEvent> = {
  initialState: () => new Map(),
  evolve(regulations, event) {
    if (event.type === 'InternalRegulationAdopted')
      regulations.set(event.data.regulationId, { adoptedOn: event.data.adoptedOn, filedOn: null });
    if (event.type === 'InternalRegulationFiled') {
      const regulation = regulations.get(event.data.regulationId);
      if (regulation) regulation.filedOn = event.data.filedOn;
    }
    return regulations;
  },
  decide(command, regulations, { now }) {
    const today = businessDate(now);
    if (command.type === 'AdoptInternalRegulation') {
      const { type: _, ...data } = command;
      if (regulations.has(data.regulationId))
        throw refusal('REGULATION_EXISTS', null, `regulation ${data.regulationId} is recorded`);
      if (data.adoptedOn > today) throw refusal('DATE_IN_FUTURE', null, 'an adoption is recorded once it happened');
      return [{ type: 'InternalRegulationAdopted', data }];
    }
    const { type: _, ...data } = command;
    const regulation = regulations.get(data.regulationId);
    if (!regulation) throw refusal('REGULATION_UNKNOWN', null, `no regulation ${data.regulationId} is adopted`);
    if (regulation.filedOn) throw refusal('REGULATION_FILED', null, `the regulation was filed on ${regulation.filedOn}`);
    if (data.filedOn < regulation.adoptedOn)
      throw refusal('DATE_ORDER', null, `the regulation was adopted on ${regulation.adoptedOn}`);
    if (data.filedOn > today) throw refusal('DATE_IN_FUTURE', null, 'a filing is recorded once made');
    // A late filing is still a fact to record: the report flags it against W2's 30 days.
    return [{ type: 'InternalRegulationFiled', data }];
  },
};

/** Training of one year, in `training-<year>`: each record once. */
export const trainingDecider: Decider<{ type: 'RecordTraining' } & Data<'TrainingCompleted'>, Set<string>, WorkplaceEvent> = {
  initialState: () => new Set(),
  evolve: (ids, event) => (event.type === 'TrainingCompleted' ? ids.add(event.data.trainingId) : ids),
  decide({ type: _, ...data }, ids, { now }) {
    if (ids.has(data.trainingId)) throw refusal('TRAINING_EXISTS', null, `training ${data.trainingId} is recorded`);
    if (data.completedOn > businessDate(now)) throw refusal('DATE_IN_FUTURE', null, 'training is recorded once completed');
    return [{ type: 'TrainingCompleted', data }];
  },
};
