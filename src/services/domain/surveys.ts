import type { Decider } from '../../platform/commands/decider.js';
import { businessDate } from '../../platform/clock.js';
import { invalidField, stateConflict } from '../../platform/errors/domain-errors.js';
import type { Unit } from './setup.js';
import type { ServiceEvent } from './service-events.js';

type Data<T extends ServiceEvent['type']> = Extract<ServiceEvent, { type: T }>['data'];

export type SurveyCommand = (
  | ({ type: 'RecordSurvey'; kind: 'satisfaction' } & Data<'SatisfactionSurveyRecorded'>)
  | ({ type: 'RecordSurvey'; kind: 'wellbeing' } & Data<'WellbeingSurveyRecorded'>)
) & { unit: Unit };

/** A unit's surveys, in `surveys-<unit>`: clients' and families' satisfaction, workers' wellbeing; each once per period and respondents. */
export const surveyDecider: Decider<SurveyCommand, Set<string>, ServiceEvent> = {
  initialState: () => new Set(),
  evolve(keys, event) {
    if (event.type === 'SatisfactionSurveyRecorded') keys.add(`satisfaction|${event.data.respondents}|${event.data.period}`);
    if (event.type === 'WellbeingSurveyRecorded') keys.add(`wellbeing|workers|${event.data.period}`);
    return keys;
  },
  decide(command, keys, { now }) {
    if (command.recordedOn > businessDate(now))
      throw invalidField('recordedOn', 'DATE_IN_FUTURE', 'a survey is recorded once made');
    if (!command.unit.opened) throw invalidField('unitId', 'UNKNOWN_REFERENCE', `no unit ${command.unitId} is open`);
    const respondents = command.kind === 'satisfaction' ? command.respondents : 'workers';
    if (keys.has(`${command.kind}|${respondents}|${command.period}`))
      throw stateConflict('SURVEY_RECORDED', `the ${command.kind} survey of ${respondents} for ${command.period} is recorded`);
    if (command.kind === 'satisfaction') {
      const { type: _, kind: __, unit: ___, ...data } = command;
      return [{ type: 'SatisfactionSurveyRecorded', data }];
    }
    const { type: _, kind: __, unit: ___, ...data } = command;
    return [{ type: 'WellbeingSurveyRecorded', data }];
  },
};
