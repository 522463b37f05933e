import { exhaustive } from '../../platform/commands/exhaustive.js';
import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { invalidField, NotFoundError, stateConflict } from '../../platform/errors/domain-errors.js';
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
    if (data.recordedOn > businessDate(now))
      throw invalidField('recordedOn', 'DATE_IN_FUTURE', 'a figure is recorded once known');
    if (Number(data.period.slice(0, 4)) > Number(businessDate(now).slice(0, 4)))
      throw invalidField('period', 'DATE_IN_FUTURE', `period ${data.period} has not begun`);
    const overlapping = [...periods].filter(
      (p) => p === data.period || p.startsWith(`${data.period}-`) || data.period.startsWith(`${p}-`),
    );
    if (overlapping.includes(data.period) && !data.correctionOf)
      throw stateConflict('PERIOD_RECORDED', `the labour cost of ${data.period} is recorded; send a correction with its reason`);
    if (!overlapping.includes(data.period) && data.correctionOf)
      throw stateConflict('NOTHING_TO_CORRECT', `no labour cost of ${data.period} is recorded`);
    if (overlapping.some((p) => p !== data.period))
      throw stateConflict(
        'PERIOD_OVERLAPS',
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
    switch (command.type) {
      case 'AdoptInternalRegulation':
        return adoptRegulation(command, regulations, today);
      case 'FileInternalRegulation':
        return fileRegulation(command, regulations, today);
      default:
        return exhaustive(command);
    }
  },
};

type RegulationCommandOf<T extends RegulationCommand['type']> = Extract<RegulationCommand, { type: T }>;

function adoptRegulation(
  command: RegulationCommandOf<'AdoptInternalRegulation'>,
  regulations: Map<string, Regulation>,
  today: string,
): WorkplaceEvent[] {
  const { type: _, ...data } = command;
  if (regulations.has(data.regulationId)) throw stateConflict('REGULATION_EXISTS', `regulation ${data.regulationId} is recorded`);
  if (data.adoptedOn > today) throw invalidField('adoptedOn', 'DATE_IN_FUTURE', 'an adoption is recorded once it happened');
  return [{ type: 'InternalRegulationAdopted', data }];
}

function fileRegulation(
  command: RegulationCommandOf<'FileInternalRegulation'>,
  regulations: Map<string, Regulation>,
  today: string,
): WorkplaceEvent[] {
  const { type: _, ...data } = command;
  const regulation = regulations.get(data.regulationId);
  if (!regulation) throw new NotFoundError('internal regulation', data.regulationId);
  if (regulation.filedOn) throw stateConflict('REGULATION_FILED', `the regulation was filed on ${regulation.filedOn}`);
  if (data.filedOn < regulation.adoptedOn)
    throw stateConflict('BEFORE_ADOPTION', `the regulation was adopted on ${regulation.adoptedOn}`);
  if (data.filedOn > today) throw invalidField('filedOn', 'DATE_IN_FUTURE', 'a filing is recorded once made');
  // A late filing is still a fact to record: the report flags it against W2's 30 days.
  return [{ type: 'InternalRegulationFiled', data }];
}

/** Training of one year, in `training-<year>`: each record once. */
export const trainingDecider: Decider<{ type: 'RecordTraining' } & Data<'TrainingCompleted'>, Set<string>, WorkplaceEvent> = {
  initialState: () => new Set(),
  evolve: (ids, event) => (event.type === 'TrainingCompleted' ? ids.add(event.data.trainingId) : ids),
  decide({ type: _, ...data }, ids, { now }) {
    if (ids.has(data.trainingId)) throw stateConflict('TRAINING_EXISTS', `training ${data.trainingId} is recorded`);
    if (data.completedOn > businessDate(now))
      throw invalidField('completedOn', 'DATE_IN_FUTURE', 'training is recorded once completed');
    return [{ type: 'TrainingCompleted', data }];
  },
};
