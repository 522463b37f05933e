import { refusalsIn, type Refusals } from '../../platform/errors/refusal-table.js';
import type { RegisterCommand } from '../domain/register.js';
import type { SharesCommand } from '../domain/shares.js';

type CommandType = RegisterCommand['type'] | SharesCommand['type'] | 'ApplyForMembership';

/**
 * Every refusal (`refusal`, 422) and clash (`stateConflict`, 409) each membership command can
 * give, from its decider and its handler (G7: the board decides, once one is elected). The
 * routes declare them from here, for the OpenAPI document; `refusals.spec.ts` reads the
 * deciders' sources and fails on a code raised and not listed, or listed and never raised.
 */
export const MEMBERSHIP_REFUSALS = {
  ApplyForMembership: { rules: ['LEGAL_PERSON_CATEGORY', 'M6'], conflicts: ['APPLICATION_EXISTS'] },
  AdmitMember: { rules: ['G7', 'M1', 'M4', 'M6', 'M7c'], conflicts: ['DATE_ORDER'] },
  RejectAdmission: { rules: ['G7', 'M1', 'M2'], conflicts: ['DATE_ORDER'] },
  AppealRejection: { rules: ['M3'], conflicts: ['DATE_ORDER'] },
  DecideAppeal: { rules: ['M3'], conflicts: [] },
  ChangeCategory: {
    rules: ['G7', 'LEGAL_PERSON_CATEGORY', 'M4', 'M7c'],
    conflicts: ['DATE_ORDER', 'MEMBER_NOT_ACTIVE', 'SAME_CATEGORY'],
  },
  RequestWithdrawal: { rules: [], conflicts: ['DATE_ORDER', 'MEMBER_NOT_ACTIVE', 'WITHDRAWAL_PENDING'] },
  AcceptWithdrawal: { rules: ['G7', 'M7'], conflicts: ['DATE_ORDER', 'MEMBER_NOT_ACTIVE'] },
  RefuseWithdrawal: { rules: ['G7', 'M7'], conflicts: ['DATE_ORDER', 'MEMBER_NOT_ACTIVE'] },
  ExcludeMember: { rules: ['G7', 'M7'], conflicts: ['DATE_ORDER', 'MEMBER_NOT_ACTIVE'] },
  RecordExclusionOpposition: { rules: ['M7'], conflicts: ['DATE_ORDER'] },
  RecordDeath: { rules: [], conflicts: ['DATE_ORDER', 'MEMBER_NOT_ACTIVE'] },
  EraseMemberData: { rules: ['ERASURE_BEFORE_END', 'ERASURE_UNDECIDED'], conflicts: ['ALREADY_ERASED'] },
  SubscribeShares: { rules: ['M5'], conflicts: ['MEMBER_NOT_ACTIVE'] },
  PayShares: { rules: [], conflicts: ['OVERPAYMENT'] },
  RefundShares: { rules: ['M7b'], conflicts: ['OVERREFUND'] },
} as const satisfies Record<CommandType, Refusals>;

/** The refusals of one or more commands (a route that sends either), as an operation declares them. */
export const refusalsOf = (...types: CommandType[]) => refusalsIn(MEMBERSHIP_REFUSALS, ...types);
