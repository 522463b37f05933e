import { Controller, Delete, Get, Inject } from '@nestjs/common';
import { z } from 'zod';
import type { CommandMetadata } from '../commands/command-processor.js';
import { NotCaughtUpError } from '../http/http-errors.js';
import { CommandAnswerSchema, CommandRoute, Operation, ValidBody, ValidParams } from '../http/operation.js';
import { CommandMeta } from '../http/request-context.js';
import { RUNTIME } from '../http/tokens.js';
import type { Runtime } from '../runtime.js';
import { apiKeyDecider } from './api-key.decider.js';
import { apiKeyStream, Role } from './api-key-events.js';
import { ReadScope } from './read-scope.js';
import { hashApiKey, keyIdOf, newApiKey } from './api-keys.js';
import { API_KEYS_PROJECTION, type ApiKeyDoc } from './api-keys.projection.js';
import { refusalsOf } from './refusals.js';

const IssueKeyBody = z
  .object({
    role: Role,
    label: z.string().trim().min(1).max(200),
    scope: ReadScope.optional().describe('Required for a `service` key: the event types and stream categories it may read'),
  })
  .superRefine((body, context) => {
    if (body.role === 'service' && !body.scope)
      context.addIssue({ code: 'custom', path: ['scope'], message: 'a service key needs a scope (types, categories or both)' });
    if (body.role !== 'service' && body.scope)
      context.addIssue({ code: 'custom', path: ['scope'], message: 'only a service key has a scope; other roles read by role' });
  });
const KeyParams = z.object({ keyId: z.string().regex(/^key_[0-9a-z_]{1,64}$/, 'not a key id') });
const KeyView = z.object({
  keyId: z.string(),
  role: Role,
  label: z.string(),
  issuedAt: z.string(),
  issuedBy: z.string(),
  revokedAt: z.string().nullable(),
  scope: ReadScope.optional(),
});

/** API keys are issued and revoked by events; the store keeps only their hash. */
@Controller('api-keys')
export class ApiKeysController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @CommandRoute(undefined, {
    ...refusalsOf('IssueApiKey'),
    example: { request: { role: 'secretary', label: 'segreteria – postazione front office' } },
    summary: 'Issue an API key with a role; the key is in this answer only',
    description: 'A retried request with the same Idempotency-Key answers `replayed: true` and no key, which was shown once.',
    roles: ['admin'],
    tags: ['access'],
    body: IssueKeyBody,
    idempotent: true,
  })
  async issue(@ValidBody() body: z.infer<typeof IssueKeyBody>, @CommandMeta() meta: CommandMetadata) {
    const key = newApiKey();
    const keyHash = hashApiKey(key);
    const keyId = keyIdOf(hashApiKey(`${meta.actor.keyId}:${meta.commandId}`));
    const result = await this.runtime.commands.execute(
      apiKeyStream(keyId),
      apiKeyDecider,
      { type: 'IssueApiKey', keyId, role: body.role, label: body.label, keyHash, ...(body.scope ? { scope: body.scope } : {}) },
      meta,
    );
    await this.visible(result.position);
    return {
      keyId,
      role: body.role,
      label: body.label,
      ...(body.scope ? { scope: body.scope } : {}),
      key: result.replayed ? null : key,
      ...result,
    };
  }

  @Get()
  @Operation({ summary: 'Every key, without secrets', roles: ['admin'], tags: ['access'], response: z.array(KeyView) })
  async list() {
    const keys = await this.runtime.projections.collection<ApiKeyDoc>(API_KEYS_PROJECTION, 'keys');
    const docs = await keys.find({}, { sort: { issuedAt: 1, keyId: 1 } });
    return docs.map(({ _id, ...view }) => view);
  }

  @Delete(':keyId')
  @Operation({
    ...refusalsOf('RevokeApiKey'),
    example: {
      answer: {
        commandId: 'key_3f9a1c2d/revoke-7b2c',
        stream: 'apiKey-7b2c9e1f',
        position: '1045',
        revision: '1',
        events: [
          {
            id: '6e2f1a3b-4c5d-5e6f-8a7b-9c0d1e2f3a4b',
            type: 'ApiKeyRevoked',
            stream: 'apiKey-7b2c9e1f',
            revision: '1',
            position: '1045',
          },
        ],
        replayed: false,
        keyId: '7b2c9e1f',
        revoked: true,
      },
    },
    summary: 'Revoke a key; it stops working at once',
    response: CommandAnswerSchema.extend({ keyId: z.string(), revoked: z.literal(true) }),
    roles: ['admin'],
    tags: ['access'],
    params: KeyParams,
    idempotent: true,
  })
  async revoke(@ValidParams() { keyId }: z.infer<typeof KeyParams>, @CommandMeta() meta: CommandMetadata) {
    const result = await this.runtime.commands.execute(apiKeyStream(keyId), apiKeyDecider, { type: 'RevokeApiKey', keyId }, meta);
    await this.visible(result.position);
    return { keyId, revoked: true, ...result };
  }

  /** A key must work (or stop working) as soon as the answer says so. */
  private async visible(position: string | null): Promise<void> {
    if (position && !(await this.runtime.projections.waitFor(position as never, [API_KEYS_PROJECTION], 10_000)))
      throw new NotCaughtUpError(position, [API_KEYS_PROJECTION]);
  }
}
