import { z } from 'zod';
import { streamCategory, type RecordedEvent } from '../event-store/event-store.js';
import { OutOfScopeError } from '../http/http-errors.js';

const names = z
  .array(z.string().regex(/^[A-Za-z0-9_-]+$/, 'an event type or stream category'))
  .min(1)
  .max(200);

/**
 * What a `service` key may read (least privilege): these event types and these stream
 * categories (the part of the stream name before the first dash). Both given: both must hold.
 */
export const ReadScope = z
  .object({
    types: names.optional().describe('Event types the key may read'),
    categories: names.optional().describe('Stream categories the key may read'),
  })
  .strict()
  .refine((scope) => scope.types || scope.categories, 'a scope names event types, stream categories or both');
export type ReadScope = z.infer<typeof ReadScope>;

/**
 * The credentials' own events: only an admin reads them, whatever a key's scope, since they
 * hold every key's, invitation's, session's and password's hash.
 */
export const ADMIN_ONLY_TYPES: ReadonlySet<string> = new Set([
  'ApiKeyIssued',
  'ApiKeyRevoked',
  'PersonInvited',
  'InvitationAccepted',
  'PasswordChanged',
  'SessionStarted',
  'SessionEnded',
  'SessionsRevoked',
]);
export const ADMIN_ONLY_CATEGORIES: ReadonlySet<string> = new Set(['apiKey', 'account']);

/** Who reads: the key's role and, for a `service` key, its scope (null when it has none). */
export interface Reader {
  role: string;
  scope: ReadScope | null;
}

/** The filter a reader asks for (`?types=`, `?categories=`, a consumer group's settings). */
export interface ReadFilter {
  types?: string[];
  categories?: string[];
}

/** What a reader gets: the filter to read with (the request's, or else the scope) and a last check per event. */
export interface ScopedRead extends ReadFilter {
  visible(event: Pick<RecordedEvent, 'type' | 'stream'>): boolean;
}

/**
 * The read a reader may make for the filter it asked: an admin reads what it asks; anyone
 * else never the keys' own events; a `service` key only inside its scope, where asking for
 * anything outside it is a 403 (not a silently empty answer) and asking nothing means "the scope".
 */
export function scopedRead(reader: Reader, requested: ReadFilter): ScopedRead {
  if (reader.role === 'admin') return withCheck(requested, () => true);
  const scope = reader.role === 'service' ? reader.scope : {};
  if (!scope) throw new OutOfScopeError([], 'this service key has no scope: issue it again with one (POST /api-keys, scope)');
  const outside = [
    ...(requested.types ?? []).filter((type) => ADMIN_ONLY_TYPES.has(type) || (scope.types && !scope.types.includes(type))),
    ...(requested.categories ?? []).filter(
      (category) => ADMIN_ONLY_CATEGORIES.has(category) || (scope.categories && !scope.categories.includes(category)),
    ),
  ];
  if (outside.length) throw new OutOfScopeError(outside);
  const types = requested.types ?? scope.types;
  const categories = requested.categories ?? scope.categories;
  return withCheck(
    { ...(types ? { types } : {}), ...(categories ? { categories } : {}) },
    (event) => !ADMIN_ONLY_TYPES.has(event.type) && !ADMIN_ONLY_CATEGORIES.has(streamCategory(event.stream)),
  );
}

function withCheck(filter: ReadFilter, allowed: (event: Pick<RecordedEvent, 'type' | 'stream'>) => boolean): ScopedRead {
  const types = filter.types && new Set(filter.types);
  const categories = filter.categories && new Set(filter.categories);
  return {
    ...filter,
    visible: (event) =>
      allowed(event) && (!types || types.has(event.type)) && (!categories || categories.has(streamCategory(event.stream))),
  };
}
