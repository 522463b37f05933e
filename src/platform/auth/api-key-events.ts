import { z } from 'zod';
import { defineEvent } from '../event-store/event-registry.js';
import { ReadScope } from './read-scope.js';

/** The roles of DESIGN.md. `auditor` reads everything and writes nothing. */
export const Role = z.enum(['admin', 'secretary', 'board', 'coordinator', 'auditor', 'service']);
export type Role = z.infer<typeof Role>;

/** Only the sha256 of a key is ever recorded; the key itself is shown once, to its issuer. */
export const ApiKeyIssued = defineEvent({
  type: 'ApiKeyIssued',
  schemaVersion: 1,
  schema: z.object({
    keyId: z.string().min(1),
    role: Role,
    label: z.string().min(1).max(200),
    keyHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** What a `service` key may read; optional, so keys issued before scopes read back as they were. */
    scope: ReadScope.optional(),
  }),
});

export const ApiKeyRevoked = defineEvent({
  type: 'ApiKeyRevoked',
  schemaVersion: 1,
  schema: z.object({ keyId: z.string().min(1), reason: z.string().max(500).optional() }),
});

export type ApiKeyEvent =
  | { type: 'ApiKeyIssued'; data: z.infer<typeof ApiKeyIssued.schema> }
  | { type: 'ApiKeyRevoked'; data: z.infer<typeof ApiKeyRevoked.schema> };

export const apiKeyEvents = [ApiKeyIssued, ApiKeyRevoked];
export const apiKeyStream = (keyId: string) => `apiKey-${keyId}`;
