import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { isPosition, type Position } from '../event-store/position.js';
import { scopedRead, type Reader } from '../auth/read-scope.js';
import { CommandRoute, Operation, ValidBody, ValidParams, ValidQuery } from '../http/operation.js';
import { CurrentReader } from '../http/request-context.js';
import { RecordedEventAnswer } from '../http/event-answers.js';
import { RUNTIME } from '../http/tokens.js';
import type { Runtime } from '../runtime.js';
import { refusalsOf } from './refusals.js';

const Name = z.object({ name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes') });
const names = z
  .array(z.string().regex(/^[A-Za-z0-9_-]+$/))
  .min(1)
  .optional();
/** A consumer group as it stands: its filter, its checkpoint and how many deliveries wait parked or for replay. */
const GroupStatus = z.object({
  name: z.string(),
  types: z.array(z.string()).nullable().describe('null: every type in the key’s scope'),
  categories: z.array(z.string()).nullable(),
  maxDeliveries: z.number().int(),
  position: z.string().nullable().describe('the checkpoint: the last position acknowledged'),
  parked: z.number().int(),
});
const NextAnswer = z.object({
  items: z.array(
    RecordedEventAnswer.extend({ redelivery: z.boolean().describe('true for a parked or rejected event delivered again') }),
  ),
});
const ParkedAnswer = z.array(
  z.object({
    eventId: z.string(),
    stream: z.string(),
    revision: z.string(),
    position: z.string(),
    type: z.string(),
    attempts: z.number().int(),
    reason: z.string(),
    state: z.enum(['pending', 'parked', 'retry', 'replayed']),
    at: z.string().describe('When it was last rejected or sent for replay'),
  }),
);
const CreateBody = Name.extend({ types: names, categories: names, maxDeliveries: z.number().int().min(1).max(100).default(5) });
const NextQuery = z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100) });
const AckBody = z.object({ position: z.string().refine(isPosition, 'not a position') });
const RejectBody = z.object({
  stream: z.string().min(1),
  revision: z.string().regex(/^\d+$/),
  reason: z.string().max(2_000).default(''),
});

const roles = ['service'] as const;
const tags = ['subscribers'] as const;

/** Durable consumer groups: the service keeps the checkpoint; rejected events are parked. */
@Controller('subscriptions')
export class ConsumerGroupsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @CommandRoute(undefined, {
    ...refusalsOf('create'),
    example: {
      answer: {
        name: 'payroll',
        types: ['ContractSigned', 'ContractAmended', 'ContractEnded'],
        categories: null,
        maxDeliveries: 5,
        position: null,
        parked: 0,
        created: true,
      },
      request: { name: 'payroll', types: ['ContractSigned', 'ContractAmended', 'ContractEnded'], maxDeliveries: 5 },
    },
    summary: 'Create a consumer group (idempotent for the same settings)',
    roles,
    tags,
    body: CreateBody,
    response: GroupStatus.extend({ created: z.boolean().describe('false when it existed already with these settings') }),
  })
  async create(@ValidBody() body: z.infer<typeof CreateBody>, @CurrentReader() reader: Reader) {
    // Inside the key's scope (403 outside it); no filter means the scope.
    const { types, categories } = scopedRead(reader, body);
    const { created } = await this.runtime.consumerGroups.create({
      name: body.name,
      maxDeliveries: body.maxDeliveries,
      ...(types ? { types } : {}),
      ...(categories ? { categories } : {}),
    });
    return { created, ...(await this.runtime.consumerGroups.status(body.name)) };
  }

  @Get(':name')
  @Operation({ response: GroupStatus, summary: 'The group’s checkpoint and parked count', roles, tags, params: Name })
  status(@ValidParams() { name }: z.infer<typeof Name>) {
    return this.runtime.consumerGroups.status(name);
  }

  @Get(':name/events')
  @Operation({
    response: NextAnswer,
    summary: 'The next events to process: replayed parked ones first, then new ones after the checkpoint',
    roles,
    tags,
    params: Name,
    query: NextQuery,
  })
  async next(
    @ValidParams() { name }: z.infer<typeof Name>,
    @ValidQuery() { limit }: z.infer<typeof NextQuery>,
    @CurrentReader() reader: Reader,
  ) {
    // A group is named, not owned: whoever reads it reads only what their own scope allows.
    const read = scopedRead(reader, {});
    const deliveries = (await this.runtime.consumerGroups.next(name, limit)).filter(({ event }) => read.visible(event));
    return { items: deliveries.map(({ event, redelivery }) => ({ ...event, revision: event.revision.toString(), redelivery })) };
  }

  @Post(':name/ack')
  @HttpCode(200)
  @Operation({
    ...refusalsOf('ack'),
    example: { answer: { position: '1042' }, request: { position: '1042' } },
    summary: 'Acknowledge everything up to a position (or one replayed event)',
    response: z.object({ position: z.string().nullable().describe('the checkpoint after the acknowledgement') }),
    roles,
    tags,
    params: Name,
    body: AckBody,
  })
  ack(@ValidParams() { name }: z.infer<typeof Name>, @ValidBody() { position }: z.infer<typeof AckBody>) {
    return this.runtime.consumerGroups.ack(name, position as Position);
  }

  @Post(':name/reject')
  @HttpCode(200)
  @Operation({
    ...refusalsOf('reject'),
    example: {
      answer: { attempts: 2, parked: false },
      request: { stream: 'workforce-main', revision: '17', reason: 'livello D2 assente nella tabella paghe del software' },
    },
    summary: 'Report an event the consumer could not process; parked after maxDeliveries',
    response: z.object({ attempts: z.number().int(), parked: z.boolean() }),
    roles,
    tags,
    params: Name,
    body: RejectBody,
  })
  reject(@ValidParams() { name }: z.infer<typeof Name>, @ValidBody() body: z.infer<typeof RejectBody>) {
    return this.runtime.consumerGroups.reject(name, { stream: body.stream, revision: BigInt(body.revision) }, body.reason);
  }

  @Get(':name/parked')
  @Operation({ response: ParkedAnswer, summary: 'Parked events of the group', roles, tags, params: Name })
  parked(@ValidParams() { name }: z.infer<typeof Name>) {
    return this.runtime.consumerGroups.parked(name);
  }

  @Post(':name/parked/replay')
  @HttpCode(200)
  @Operation({
    ...refusalsOf('replayParked'),
    example: { answer: { replaying: 3 } },
    summary: 'Deliver every parked event again, before new ones',
    roles,
    tags,
    params: Name,
    response: z.object({ replaying: z.number().int() }),
  })
  replay(@ValidParams() { name }: z.infer<typeof Name>) {
    return this.runtime.consumerGroups.replayParked(name);
  }
}
