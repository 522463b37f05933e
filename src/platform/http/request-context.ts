import type { Request } from 'express';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { CommandMetadata } from '../commands/command-processor.js';
import type { Reader } from '../auth/read-scope.js';
import type { Actor } from '../event-store/event-store.js';
import type { OpenSession } from '../auth/sessions.js';

/** What the guard and the interceptor attach to a request. */
export interface CoopRequest extends Request {
  actor?: Actor;
  command?: CommandMetadata;
  /** The key's role and read scope, for the event feeds. */
  reader?: Reader;
  /** Set when a person's session cookie authenticated the request. */
  session?: OpenSession & { token: string };
}

/** The command metadata of this request: its actor, command id (Idempotency-Key) and correlation. */
export const CommandMeta = createParamDecorator((_: unknown, context: ExecutionContext): CommandMetadata => {
  const request = context.switchToHttp().getRequest<CoopRequest>();
  if (!request.command) throw new Error('no command metadata: is the RequestContextInterceptor installed?');
  return request.command;
});

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<CoopRequest>().actor;
  if (!actor) throw new Error('no actor on a protected route');
  return actor;
});

/** Who reads the event feeds: the key's role and, for a `service` key, its scope. */
export const CurrentReader = createParamDecorator((_: unknown, context: ExecutionContext): Reader => {
  const reader = context.switchToHttp().getRequest<CoopRequest>().reader;
  if (!reader) throw new Error('no reader on a protected route');
  return reader;
});
