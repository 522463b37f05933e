import { hash as oneShotHash, randomUUID } from 'node:crypto';

/** The only source of fresh ids; tests inject a deterministic one. */
export interface IdGenerator {
  next(): string;
}

export const randomIds: IdGenerator = { next: () => randomUUID() };

/** Counts up from a seed: `00000000-0000-4000-8000-000000000001`, … */
export class SequentialIds implements IdGenerator {
  private n = 0;
  constructor(private readonly prefix = '00000000') {}
  next(): string {
    this.n += 1;
    return `${this.prefix}-0000-4000-8000-${this.n.toString(16).padStart(12, '0')}`;
  }
}

const NAMESPACE = 'a3c8f0de-1b7e-5c1a-9c55-0c00b1ed6e55';

/**
 * A name-based UUID (RFC 9562 version 5, SHA-1): the same name always gives the same id.
 * Event ids and the ids a command creates derive from its `commandId`, so a retried
 * command writes the same events and the store recognises them.
 */
export function deterministicId(...parts: string[]): string {
  // One-shot: a third cheaper than createHash().update().digest(), and every event id is one.
  const hash = oneShotHash('sha1', NAMESPACE + parts.join('\u001f'), 'buffer');
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
