import { describe, expect, it } from '@jest/globals';
import { given } from '../../../test/support/decider-spec.js';
import { failureOf } from '../../../test/support/failure-of.js';
import type { WorkplaceEvent } from './workplace-events.js';
import { labourCostDecider, regulationDecider, trainingDecider } from './workplace.js';

const cost = (period: string, correction?: string) => ({
  type: 'RecordLabourCost' as const,
  period,
  memberCostCents: 80_000_00,
  nonMemberCostCents: 20_000_00,
  recordedOn: '2026-02-15',
  correctionOf: correction ? { reason: correction } : null,
});
const recorded = (period: string): WorkplaceEvent => {
  const { type: _, ...data } = cost(period);
  return { type: 'LabourCostRecorded', data };
};

describe('work: labour cost (W5), internal regulation (W2), training', () => {
  it('W5 records one figure per period, a later one only as a correction with its reason', () => {
    given(labourCostDecider)
      .when(cost('2025'))
      .then([recorded('2025')]);
    expect(failureOf(given(labourCostDecider, [recorded('2025')]).when(cost('2025')).events)).toEqual({
      status: 409,
      code: 'PERIOD_RECORDED',
    });
    given(labourCostDecider, [recorded('2025')])
      .when(cost('2025', 'payroll closed late'))
      .then([
        {
          type: 'LabourCostRecorded',
          data: { ...recorded('2025').data, correctionOf: { reason: 'payroll closed late' } } as never,
        },
      ]);
    expect(failureOf(given(labourCostDecider).when(cost('2025', 'x')).events)).toEqual({
      status: 409,
      code: 'NOTHING_TO_CORRECT',
    });
  });

  it('W5 refuses a year and its months side by side, and periods not yet begun', () => {
    expect(failureOf(given(labourCostDecider, [recorded('2025')]).when(cost('2025-03')).events)).toEqual({
      status: 409,
      code: 'PERIOD_OVERLAPS',
    });
    expect(failureOf(given(labourCostDecider, [recorded('2025-03')]).when(cost('2025')).events)).toEqual({
      status: 409,
      code: 'PERIOD_OVERLAPS',
    });
    given(labourCostDecider, [recorded('2025-03')])
      .when(cost('2025-04'))
      .then([recorded('2025-04')]);
    expect(failureOf(given(labourCostDecider).when(cost('2027')).events)).toEqual({
      status: 400,
      code: 'DATE_IN_FUTURE',
      field: 'period',
    });
  });

  const regulationId = 'f0000000-0000-4000-8000-000000000001';
  const adopted: WorkplaceEvent = {
    type: 'InternalRegulationAdopted',
    data: {
      regulationId,
      title: 'Regolamento interno',
      adoptedOn: '2026-01-10',
      assemblyResolutionId: 'ass-2026-01-10-2',
      textSha256: 'a'.repeat(64),
    },
  };
  const file = (filedOn: string) => ({
    type: 'FileInternalRegulation' as const,
    regulationId,
    filedOn,
    office: 'ITL Genova',
    protocol: '123/2026',
  });

  it('W2 files the internal regulation once, after its adoption; a late filing is recorded (and reported)', () => {
    given(regulationDecider, [adopted])
      .when(file('2026-02-20'))
      .then([
        {
          type: 'InternalRegulationFiled',
          data: { regulationId, filedOn: '2026-02-20', office: 'ITL Genova', protocol: '123/2026' },
        },
      ]);
    expect(failureOf(given(regulationDecider, [adopted]).when(file('2026-01-09')).events)).toEqual({
      status: 409,
      code: 'BEFORE_ADOPTION',
    });
    expect(failureOf(given(regulationDecider).when(file('2026-01-20')).events)).toEqual({
      status: 404,
      resource: 'internal regulation',
    });
    expect(
      failureOf(
        given(regulationDecider, [
          adopted,
          { type: 'InternalRegulationFiled', data: { regulationId, filedOn: '2026-01-20', office: 'ITL', protocol: '1' } },
        ]).when(file('2026-01-21')).events,
      ),
    ).toEqual({ status: 409, code: 'REGULATION_FILED' });
  });

  it('records training once', () => {
    const training = {
      trainingId: 'f1000000-0000-4000-8000-000000000001',
      personId: 'a0000000-0000-4000-8000-000000000001',
      course: 'Primo soccorso pediatrico',
      hours: 12,
      completedOn: '2026-02-14',
      unit: 'Nido Girasole',
      kind: 'mandatory' as const,
    };
    given(trainingDecider)
      .when({ type: 'RecordTraining', ...training })
      .then([{ type: 'TrainingCompleted', data: training }]);
    expect(
      failureOf(
        given(trainingDecider, [{ type: 'TrainingCompleted', data: training }]).when({ type: 'RecordTraining', ...training })
          .events,
      ),
    ).toEqual({ status: 409, code: 'TRAINING_EXISTS' });
  });
});
