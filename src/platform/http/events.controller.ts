import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { scopedRead, type Reader } from '../auth/read-scope.js';
import type { RecordedEvent } from '../event-store/event-store.js';
import { isPosition, parsePosition, type Position } from '../event-store/position.js';
import type { Runtime } from '../runtime.js';
import { RequestValidationError } from './http-errors.js';
import { Operation, ValidQuery } from './operation.js';
import { CurrentReader } from './request-context.js';
import { RUNTIME } from './tokens.js';
import { EventsPageAnswer } from './event-answers.js';

const list = z
  .string()
  .regex(/^[A-Za-z0-9_,-]+$/, 'a comma-separated list of names')
  .transform((value) => value.split(',').filter(Boolean))
  .optional();

const EventsQuery = z.object({
  after: z.string().refine(isPosition, 'not a position').optional().describe('Events strictly after this position'),
  types: list.describe('Only these event types, comma-separated'),
  categories: list.describe('Only streams of these categories (the part of the stream name before the first dash)'),
  limit: z.coerce.number().int().min(1).max(5_000).default(500),
});
type EventsQuery = z.infer<typeof EventsQuery>;

const StreamQuery = EventsQuery.omit({ limit: true });

const HEARTBEAT_MS = 15_000;

/** The wire form of an event for subscribers: positions and revisions as strings. */
const wire = (event: RecordedEvent) => ({ ...event, revision: event.revision.toString() });

/**
 * `$all` for internal services (payroll, accounting, the social report): a paged read, and
 * a Server-Sent Events stream that catches up and then goes live, resumable with
 * `Last-Event-ID` (the position), so a reconnecting client gets every event once, in order.
 */
@Controller('events')
export class EventsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get()
  @Operation({
    response: EventsPageAnswer,
    summary: 'A page of events from $all after a position, filtered by types and stream categories',
    description:
      'A service key reads only inside its scope (no filter means the scope; a filter outside it is a 403); only an admin reads the keys’ own events.',
    roles: ['service'],
    tags: ['subscribers'],
    query: EventsQuery,
  })
  async page(@ValidQuery() query: EventsQuery, @CurrentReader() reader: Reader) {
    const items: ReturnType<typeof wire>[] = [];
    const read = scopedRead(reader, query);
    let scanned: Position | undefined = query.after as Position | undefined;
    for await (const event of this.runtime.events.readAll({ after: scanned, ...(read.types ? { types: read.types } : {}) })) {
      scanned = event.position;
      if (!read.visible(event)) continue;
      items.push(wire(event));
      if (items.length >= query.limit) break;
    }
    return { items, next: items.at(-1)?.position ?? query.after ?? null };
  }

  @Get('stream')
  @Operation({
    summary:
      'Server-Sent Events: catch-up then live; resume with Last-Event-ID (`<position>@<store id>`, as sent); an id of another event store is a 400; heartbeats every 15 s',
    roles: ['service'],
    tags: ['subscribers'],
    query: StreamQuery,
    produces: ['text/event-stream'],
  })
  async stream(
    @ValidQuery() query: z.infer<typeof StreamQuery>,
    @CurrentReader() reader: Reader,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const storeId = await this.runtime.events.storeId();
    const lastEventId = request.header('last-event-id');
    const after = lastEventId ? resumeAfter(lastEventId, storeId) : (query.after as Position | undefined);
    const read = scopedRead(reader, query);
    const subscription = this.runtime.events.subscribeToAll({ after, ...(read.types ? { types: read.types } : {}) });
    response.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    response.write('retry: 2000\n\n');
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    let open = true;
    request.on('close', () => {
      open = false;
      clearInterval(heartbeat);
      void subscription.close();
    });
    try {
      for await (const event of subscription) {
        if (!open) break;
        if (!read.visible(event)) continue;
        const ok = response.write(
          `id: ${event.position}@${storeId}\nevent: ${event.type}\ndata: ${JSON.stringify(wire(event))}\n\n`,
        );
        if (!ok) await new Promise((resolve) => response.once('drain', resolve));
      }
    } finally {
      clearInterval(heartbeat);
      if (open) response.end();
    }
  }
}

/**
 * The position a `Last-Event-ID` resumes after. The ids sent are `<position>@<store id>`: a
 * position of another event store (a history moved with `coop copy`) means nothing here and is
 * refused (400), rather than silently skipping or repeating events. A bare position (ids sent
 * before the store id was added) is taken as this store's.
 */
export function resumeAfter(lastEventId: string, storeId: string): Position {
  const at = lastEventId.lastIndexOf('@');
  const position = parsePosition(at < 0 ? lastEventId : lastEventId.slice(0, at));
  if (at >= 0 && lastEventId.slice(at + 1) !== storeId)
    throw new RequestValidationError([
      {
        path: 'headers.last-event-id',
        code: 'FOREIGN_POSITION',
        message: `the position belongs to another event store (${lastEventId.slice(at + 1)}, this one is ${storeId}): start again without Last-Event-ID`,
      },
    ]);
  return position;
}
