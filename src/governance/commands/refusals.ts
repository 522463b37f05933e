import { refusalsIn, type Refusals } from '../../platform/errors/refusal-table.js';

/**
 * Every refusal (`refusal`, 422) and clash (`stateConflict`, 409) each governance command can
 * give, from its decider (assembly, board meeting, board, statute). The routes declare them
 * from here, for the OpenAPI document; `refusals.spec.ts` reads the deciders' sources and fails
 * on a code raised and not listed, or listed and never raised.
 */
export const GOVERNANCE_REFUSALS = {
  ConveneAssembly: { rules: ['G5'], conflicts: ['ASSEMBLY_EXISTS'] },
  GrantProxy: { rules: ['G3'], conflicts: ['ASSEMBLY_NOT_CONVENED'] },
  RecordAttendance: { rules: [], conflicts: ['ALREADY_PRESENT', 'ASSEMBLY_NOT_CONVENED'] },
  OpenAssembly: { rules: ['G4'], conflicts: ['ASSEMBLY_ALREADY_OPEN', 'FIRST_CALL_DESERTED'] },
  PutMotion: { rules: ['G4', 'G5'], conflicts: ['ASSEMBLY_NOT_OPEN', 'MOTION_EXISTS'] },
  CastVote: { rules: ['G1', 'G2', 'G4', 'G5', 'NOT_PRESENT'], conflicts: ['ASSEMBLY_NOT_OPEN', 'NO_OPEN_MOTION'] },
  DeclareResult: { rules: ['G4'], conflicts: ['ASSEMBLY_NOT_OPEN', 'NO_OPEN_MOTION'] },
  CloseAssembly: { rules: ['G4'], conflicts: ['ASSEMBLY_NOT_OPEN'] },
  ApproveMinutes: { rules: [], conflicts: ['ASSEMBLY_NOT_CLOSED', 'MINUTES_APPROVED'] },
  AdoptStatuteSettings: { rules: ['M5'], conflicts: [] },
  ConveneBoardMeeting: { rules: ['G6'], conflicts: ['MEETING_EXISTS'] },
  RecordBoardAttendance: { rules: ['G6', 'NOT_A_DIRECTOR'], conflicts: ['DATE_IN_FUTURE', 'MEETING_NOT_CONVENED'] },
  DeclareConflictOfInterest: { rules: ['OFF_AGENDA'], conflicts: ['MEETING_NOT_HELD', 'NOT_PRESENT'] },
  ResolveOnItem: { rules: ['G6', 'NOT_PRESENT', 'OFF_AGENDA'], conflicts: ['MEETING_NOT_HELD', 'RESOLUTION_EXISTS'] },
  ApproveBoardMinutes: { rules: [], conflicts: ['MEETING_NOT_HELD'] },
  ElectBoard: { rules: ['G6'], conflicts: [] },
} as const satisfies Record<string, Refusals>;

/** The refusals of one or more governance commands, as an operation declares them. */
export const refusalsOf = (...types: Array<keyof typeof GOVERNANCE_REFUSALS>) => refusalsIn(GOVERNANCE_REFUSALS, ...types);
