import { exhaustive } from '../commands/exhaustive.js';
import type { Decider } from '../commands/decider.js';
import { NotFoundError, stateConflict } from '../errors/domain-errors.js';
import type { ApiKeyEvent, Role } from './api-key-events.js';
import type { ReadScope } from './read-scope.js';

export type ApiKeyCommand =
  | { type: 'IssueApiKey'; keyId: string; role: Role; label: string; keyHash: string; scope?: ReadScope }
  | { type: 'RevokeApiKey'; keyId: string; reason?: string };

export type ApiKeyState = { status: 'none' } | { status: 'active' | 'revoked'; role: Role };

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyState, ApiKeyEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'ApiKeyIssued':
        return { status: 'active', role: event.data.role };
      case 'ApiKeyRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked' };
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'IssueApiKey':
        return issueApiKey(command, state);
      case 'RevokeApiKey':
        return revokeApiKey(command, state);
      default:
        return exhaustive(command);
    }
  },
};

function issueApiKey(command: Extract<ApiKeyCommand, { type: 'IssueApiKey' }>, state: ApiKeyState): ApiKeyEvent[] {
  if (state.status !== 'none') throw stateConflict('KEY_EXISTS', `key ${command.keyId} was already issued`);
  return [
    {
      type: 'ApiKeyIssued',
      data: {
        keyId: command.keyId,
        role: command.role,
        label: command.label,
        keyHash: command.keyHash,
        ...(command.scope ? { scope: command.scope } : {}),
      },
    },
  ];
}

function revokeApiKey(command: Extract<ApiKeyCommand, { type: 'RevokeApiKey' }>, state: ApiKeyState): ApiKeyEvent[] {
  if (state.status === 'none') throw new NotFoundError('API key', command.keyId);
  if (state.status !== 'active') throw stateConflict('KEY_NOT_ACTIVE', `key ${command.keyId} is already revoked`);
  return [{ type: 'ApiKeyRevoked', data: { keyId: command.keyId, ...(command.reason ? { reason: command.reason } : {}) } }];
}
