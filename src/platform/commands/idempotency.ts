import { hash } from 'node:crypto';
import { refusal } from '../errors/domain-errors.js';
import { canonicalJson } from '../integrity/canonical-json.js';
import { DuplicateDocumentError, type Doc, type ReadModelStore } from '../read-models/read-model-store.js';

/** The IETF draft a reused key is refused by: it is the only basis of the refusal. */
/** The rule code of a refused reuse of an Idempotency-Key for another request (422). */
export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';
export const IDEMPOTENCY_KEY_DRAFT = 'draft-ietf-httpapi-idempotency-key-header §2.7';

interface IdempotencyDoc extends Doc {
  /** sha256 of the canonical request the key was first used with. */
  fingerprint: string;
  method: string;
  path: string;
  at: string;
}

const RECORDS = '_idempotency_keys';

/**
 * The request an Idempotency-Key was first sent with: sha256 of the RFC 8785 JSON of
 * `{ method, path, body }`, so key order and whitespace do not make two bodies differ.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return hash('sha256', canonicalJson({ method: method.toUpperCase(), path, body: body ?? null }), 'hex');
}

/**
 * Which request each command id (the client's Idempotency-Key, scoped by its API key) was
 * first used for, kept beside the read models so it survives restarts. The events keep
 * the result: their ids derive from the command id, so the same request answers the
 * original result; this record only tells a retry from a different request under the
 * same key, which the IETF draft answers with 422.
 */
export class IdempotencyRecords {
  constructor(
    private readonly store: ReadModelStore,
    private readonly now: () => Date,
  ) {}

  /**
   * Records the key for this request, or checks it against the request it was first used
   * for. Returns true when this call recorded it (the caller may {@link release} it if the
   * request then records nothing). Throws the 422 when the key names another request.
   */
  async claim(commandId: string, request: { method: string; path: string; fingerprint: string }): Promise<boolean> {
    let existing: IdempotencyDoc | null;
    try {
      existing = await this.store.transaction(async (tx) => {
        const records = tx.collection<IdempotencyDoc>(RECORDS);
        const found = await records.findOne({ _id: commandId });
        if (found) return found;
        await records.insertOne({ _id: commandId, ...request, at: this.now().toISOString() });
        return null;
      });
    } catch (error) {
      // Two first uses at once on a server store: the other one recorded it.
      if (!(error instanceof DuplicateDocumentError)) throw error;
      existing = await this.store.collection<IdempotencyDoc>(RECORDS).findOne({ _id: commandId });
      if (!existing) throw error;
    }
    if (!existing) return true;
    if (existing.fingerprint !== request.fingerprint)
      // The code written out: the rule catalogue (test/platform/rule-catalogue.spec.ts) finds rules by scanning for it.
      throw refusal(
        'IDEMPOTENCY_KEY_REUSED',
        IDEMPOTENCY_KEY_DRAFT,
        `this Idempotency-Key was used for another request (${existing.method} ${existing.path} with another body); use a new key`,
      );
    return false;
  }

  /** Forgets a key whose request recorded nothing (refused or invalid), so it can be used again. */
  async release(commandId: string, fingerprint: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.collection<IdempotencyDoc>(RECORDS).deleteOne({ _id: commandId, fingerprint });
    });
  }
}
