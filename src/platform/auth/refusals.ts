import { refusalsIn, type Refusals } from '../errors/refusal-table.js';

/** For a write that runs no command (a passkey ceremony's options): it declares that none can clash. */
export { NO_REFUSALS } from '../errors/refusal-table.js';

/**
 * Every clash (`stateConflict`, 409) and refusal (`refusal`, 422) each access command can give,
 * from the account's decider (invitations, sessions, passwords, passkeys) and the API key's.
 * The routes declare them from here, for the OpenAPI document; `refusals.spec.ts` reads the
 * deciders' sources and fails on a code raised and not listed, or listed and never raised,
 * and on a route that declares another command than the one it runs.
 */
export const ACCESS_REFUSALS = {
  InvitePerson: { rules: [], conflicts: ['ACCOUNT_EXISTS'] },
  AcceptInvitation: { rules: [], conflicts: ['INVITATION_EXPIRED', 'INVITATION_USED'] },
  StartSession: { rules: [], conflicts: ['ACCOUNT_NOT_ACTIVE'] },
  EndSession: { rules: [], conflicts: [] },
  ChangePassword: { rules: [], conflicts: ['ACCOUNT_NOT_ACTIVE'] },
  RevokeSessions: { rules: [], conflicts: [] },
  RegisterPasskey: { rules: [], conflicts: ['ACCOUNT_NOT_ACTIVE', 'PASSKEY_EXISTS'] },
  RemovePasskey: { rules: [], conflicts: ['ACCOUNT_NOT_ACTIVE'] },
  StartPasskeySession: { rules: [], conflicts: ['ACCOUNT_NOT_ACTIVE', 'PASSKEY_COUNTER', 'PASSKEY_UNKNOWN'] },
  IssueApiKey: { rules: [], conflicts: ['KEY_EXISTS'] },
  RevokeApiKey: { rules: [], conflicts: ['KEY_NOT_ACTIVE'] },
} as const satisfies Record<string, Refusals>;

/** The refusals of one or more access commands, as an operation declares them. */
export const refusalsOf = (...types: Array<keyof typeof ACCESS_REFUSALS>) => refusalsIn(ACCESS_REFUSALS, ...types);
