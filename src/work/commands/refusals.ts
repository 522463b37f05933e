import { refusalsIn, type Refusals } from '../../platform/errors/refusal-table.js';

/**
 * Every refusal (`refusal`, 422) and clash (`stateConflict`, 409) each work command can give,
 * from its decider (workforce, volunteers, workplace; the erasures' retention, W6). The routes
 * declare them from here, for the OpenAPI document; `refusals.spec.ts` reads the deciders'
 * sources and fails on a code raised and not listed, or listed and never raised.
 */
export const WORK_REFUSALS = {
  RecordPayTable: { rules: [], conflicts: ['PAY_TABLE_EXISTS'] },
  SignContract: { rules: ['W1', 'W2', 'W3', 'W3b', 'W4c'], conflicts: ['CONTRACT_EXISTS'] },
  AmendContract: { rules: ['W2', 'W3'], conflicts: ['BEFORE_CONTRACT_START', 'CONTRACT_ENDED'] },
  EraseWorkerData: { rules: ['W6'], conflicts: ['ALREADY_ERASED'] },
  EndContract: { rules: [], conflicts: ['BEFORE_CONTRACT_START', 'CONTRACT_ENDED'] },
  RecordLabourCost: { rules: [], conflicts: ['NOTHING_TO_CORRECT', 'PERIOD_OVERLAPS', 'PERIOD_RECORDED'] },
  AdoptInternalRegulation: { rules: [], conflicts: ['REGULATION_EXISTS'] },
  FileInternalRegulation: { rules: [], conflicts: ['BEFORE_ADOPTION', 'REGULATION_FILED'] },
  RecordTraining: { rules: [], conflicts: ['TRAINING_EXISTS'] },
  EnrollVolunteer: { rules: ['W3b', 'W4', 'W4c'], conflicts: ['VOLUNTEER_EXISTS'] },
  EraseVolunteerData: { rules: ['W6'], conflicts: ['ALREADY_ERASED', 'MEMBER_VOLUNTEER'] },
  EndVolunteering: { rules: [], conflicts: ['BEFORE_ENROLMENT', 'VOLUNTEER_LEFT'] },
  InsureVolunteer: { rules: [], conflicts: [] },
  LogVolunteerActivity: { rules: ['W4'], conflicts: ['ACTIVITY_EXISTS', 'BEFORE_ENROLMENT', 'VOLUNTEER_LEFT'] },
  ReimburseVolunteerExpenses: { rules: ['W4'], conflicts: ['REIMBURSEMENT_EXISTS'] },
} as const satisfies Record<string, Refusals>;

/** The refusals of one or more work commands, as an operation declares them. */
export const refusalsOf = (...types: Array<keyof typeof WORK_REFUSALS>) => refusalsIn(WORK_REFUSALS, ...types);
