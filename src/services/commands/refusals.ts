import { refusalsIn, type Refusals } from '../../platform/errors/refusal-table.js';

/**
 * Every refusal (`refusal`, 422) and clash (`stateConflict`, 409) each services command can
 * give, from its decider (units, agreements, beneficiaries, surveys, the unit-day, and the
 * operator-day and agreement-hours reservations a delivery's handler makes first). The routes
 * declare them from here, for the OpenAPI document; `refusals.spec.ts` reads the deciders'
 * sources and fails on a code raised and not listed, or listed and never raised.
 */
export const SERVICES_REFUSALS = {
  OpenServiceUnit: { rules: [], conflicts: ['UNIT_EXISTS'] },
  SignServiceAgreement: { rules: [], conflicts: ['AGREEMENT_EXISTS'] },
  EraseClientData: { rules: ['S4b'], conflicts: ['ALREADY_ERASED', 'CLIENT_NOT_A_PERSON'] },
  RegisterBeneficiary: { rules: [], conflicts: ['BENEFICIARY_EXISTS'] },
  EraseBeneficiaryData: { rules: ['S4b'], conflicts: ['ALREADY_ERASED'] },
  EnrollBeneficiary: { rules: ['S3', 'S4'], conflicts: [] },
  RecordSurvey: { rules: [], conflicts: ['SURVEY_RECORDED'] },
  DeliverService: {
    rules: ['S1', 'S3', 'S4', 'S5', 'W3b'],
    conflicts: ['AGREEMENT_UNIT', 'DELIVERY_EXISTS', 'NOT_ENROLLED'],
  },
  CorrectDelivery: { rules: ['S3', 'S5'], conflicts: ['DELIVERY_VOIDED'] },
  VoidDelivery: { rules: [], conflicts: ['DELIVERY_VOIDED'] },
  ReserveOperatorSlot: { rules: ['S3'], conflicts: [] },
  ReleaseOperatorSlot: { rules: [], conflicts: [] },
  ReserveAgreementHours: { rules: ['S3'], conflicts: ['AGREEMENT_UNKNOWN'] },
  ReleaseAgreementHours: { rules: [], conflicts: [] },
} as const satisfies Record<string, Refusals>;

export type ServicesCommandType = keyof typeof SERVICES_REFUSALS;

/**
 * What a delivery's handlers send besides the unit-day's command (`delivery-facts.ts`): the
 * operator's slot and the agreement's hours are reserved before it, and released if it refuses.
 */
export const DELIVERY_RESERVATIONS = [
  'ReserveOperatorSlot',
  'ReserveAgreementHours',
  'ReleaseOperatorSlot',
  'ReleaseAgreementHours',
] as const satisfies readonly ServicesCommandType[];

/** The refusals of one or more services commands, as an operation declares them. */
export const refusalsOf = (...types: ServicesCommandType[]) => refusalsIn(SERVICES_REFUSALS, ...types);
