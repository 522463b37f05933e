import { z } from 'zod';

/**
 * The domain-free value schemas every context shares, defined once. Business dates are
 * `YYYY-MM-DD` (Europe/Rome), money is integer euro cents, entity ids are UUIDs. A field with
 * a bound of its own (a share's value, a pay) refines these at the field.
 */

/** A business date, `YYYY-MM-DD` in Europe/Rome. */
export const BusinessDate = z.iso.date();

/** An entity's id (a UUID, mostly derived from a command id). */
export const Id = z.uuid();

/** An amount in integer euro cents; its sign and bounds are the field's (a pay of at least 1 cent, …). */
export const Cents = z.number().int();

/** An amount in integer euro cents that cannot be negative (a value, a cost, a payment). */
export const NonNegativeCents = Cents.min(0);
