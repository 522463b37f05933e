import type { z } from 'zod';

/** Lifts the data of one schema version to the next. Pure. */
export type Upcaster = (data: unknown) => unknown;

export interface EventDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  type: Type;
  /** The current version: what is written, and what reads are lifted to. */
  schemaVersion: number;
  schema: Schema;
  /** `upcasters[v]` turns version v into v + 1. */
  upcasters?: Record<number, Upcaster>;
}

export class UnknownEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(`no schema is registered for event type ${eventType}`);
    this.name = 'UnknownEventTypeError';
  }
}

export class InvalidEventDataError extends Error {
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    readonly issues: z.core.$ZodIssue[],
    readonly phase: 'write' | 'read',
  ) {
    super(
      `${eventType} v${schemaVersion} fails its schema on ${phase}: ` +
        issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    );
    this.name = 'InvalidEventDataError';
  }
}

/** The `{ type, data }` union of a list of event definitions: what a context's deciders fold. */
export type DomainEventOf<D> = D extends { type: infer T; schema: infer S extends z.ZodType }
  ? { type: T; data: z.infer<S> }
  : never;

/** Helper so a context declares an event with its inferred data type. */
export const defineEvent = <Type extends string, Schema extends z.ZodType>(
  definition: EventDefinition<Type, Schema>,
): EventDefinition<Type, Schema> => definition;

/**
 * Every event type the application writes or reads, with its zod schema and the upcasters
 * that lift older schema versions when read. Data is validated on write and on read.
 */
export class EventRegistry {
  private readonly definitions = new Map<string, EventDefinition>();

  register(...definitions: EventDefinition[]): this {
    for (const definition of definitions) {
      const known = this.definitions.get(definition.type);
      if (known && known !== definition) throw new Error(`event type ${definition.type} is registered twice`);
      for (let v = 1; v < definition.schemaVersion; v++)
        if (!definition.upcasters?.[v] && v >= this.oldestVersion(definition))
          throw new Error(`${definition.type}: no upcaster from v${v}`);
      this.definitions.set(definition.type, definition);
    }
    return this;
  }

  has(type: string): boolean {
    return this.definitions.has(type);
  }

  types(): string[] {
    return [...this.definitions.keys()];
  }

  currentVersion(type: string): number {
    return this.definition(type).schemaVersion;
  }

  /** Validates data about to be written; returns it as the schema parsed it. */
  validateForWrite(type: string, data: unknown): unknown {
    const definition = this.definition(type);
    const parsed = definition.schema.safeParse(data);
    if (!parsed.success) throw new InvalidEventDataError(type, definition.schemaVersion, parsed.error.issues, 'write');
    return parsed.data;
  }

  /** Lifts stored data of `schemaVersion` to the current version and validates it. */
  upcastAndValidate(type: string, schemaVersion: number, data: unknown): unknown {
    const definition = this.definition(type);
    let lifted = data;
    for (let v = schemaVersion; v < definition.schemaVersion; v++) {
      const upcaster = definition.upcasters?.[v];
      if (!upcaster) throw new Error(`${type}: no upcaster from v${v}`);
      lifted = upcaster(lifted);
    }
    const parsed = definition.schema.safeParse(lifted);
    if (!parsed.success) throw new InvalidEventDataError(type, schemaVersion, parsed.error.issues, 'read');
    return parsed.data;
  }

  private definition(type: string): EventDefinition {
    const definition = this.definitions.get(type);
    if (!definition) throw new UnknownEventTypeError(type);
    return definition;
  }

  private oldestVersion(definition: EventDefinition): number {
    const versions = Object.keys(definition.upcasters ?? {}).map(Number);
    return versions.length ? Math.min(...versions) : definition.schemaVersion;
  }
}
