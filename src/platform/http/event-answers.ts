import { z } from 'zod';

/**
 * A recorded event as the reads of `$all` answer it (`GET /events`, a consumer group's next
 * events): the envelope of DESIGN.md, its data as its own schema says (one per event type,
 * listed in the event registry), its revision as a decimal string.
 */
export const RecordedEventAnswer = z.object({
  id: z.string(),
  type: z.string().describe('e.g. MemberAdmitted'),
  stream: z.string(),
  revision: z.string(),
  position: z.string().describe('its `$all` position'),
  data: z.record(z.string(), z.unknown()).describe('As the schema of its type and version says; personal data sealed'),
  metadata: z.object({
    schemaVersion: z.number().int(),
    occurredAt: z.string().describe('Business time, ISO-8601 UTC'),
    recordedAt: z.string(),
    actor: z.object({ keyId: z.string(), role: z.string() }),
    commandId: z.string(),
    correlationId: z.string(),
    causationId: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  }),
});

export const EventsPageAnswer = z.object({
  items: z.array(RecordedEventAnswer),
  next: z.string().nullable().describe('The position to ask `after=` next; null on an empty page from the start'),
});
