/**
 * A point in the global order of events (`$all`). It is a string so it travels in JSON,
 * HTTP headers and checkpoints unchanged: `"<commit>"` for the embedded store (its global
 * sequence) or `"<commit>:<prepare>"` for EventStoreDB. Positions of one store compare
 * with {@link comparePositions}; positions of different stores are not comparable.
 */
export type Position = string & { readonly __position: unique symbol };

const FORMAT = /^(0|[1-9]\d{0,19})(?::(0|[1-9]\d{0,19}))?$/;

export class InvalidPositionError extends Error {
  constructor(readonly value: string) {
    super(`"${value}" is not a position: expected digits, or "<commit>:<prepare>"`);
    this.name = 'InvalidPositionError';
  }
}

export const isPosition = (value: string): value is Position => FORMAT.test(value);

/** Parses a position from outside (a header, a checkpoint file); throws on anything else. */
export function parsePosition(value: string): Position {
  if (!isPosition(value)) throw new InvalidPositionError(value);
  return value;
}

export function positionOf(commit: bigint, prepare?: bigint): Position {
  return (prepare === undefined || prepare === commit ? `${commit}` : `${commit}:${prepare}`) as Position;
}

export function positionParts(position: Position): { commit: bigint; prepare: bigint } {
  const [commit, prepare] = position.split(':');
  const c = BigInt(commit!);
  return { commit: c, prepare: prepare === undefined ? c : BigInt(prepare) };
}

/** Negative when `a` comes before `b` in `$all`, zero when equal, positive after. */
export function comparePositions(a: Position, b: Position): number {
  // The embedded store's positions are plain digits without leading zeros: longer is later.
  if (!a.includes(':') && !b.includes(':')) return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  const pa = positionParts(a);
  const pb = positionParts(b);
  if (pa.commit !== pb.commit) return pa.commit < pb.commit ? -1 : 1;
  if (pa.prepare !== pb.prepare) return pa.prepare < pb.prepare ? -1 : 1;
  return 0;
}

export const isAfter = (a: Position, b: Position | undefined): boolean => b === undefined || comparePositions(a, b) > 0;

/** Digits of a position part: an unsigned 64-bit number has at most 20. */
const KEY_DIGITS = 20;

/**
 * A position as a string that sorts in `$all` order byte for byte: both parts zero-padded to
 * 20 digits. Positions are strings of varying length (`"999"` sorts after `"1000"` as text,
 * in mingo and MongoDB alike), so a document that is sorted or range-queried by position
 * stores this key beside it.
 */
export function positionKey(position: Position): string {
  const { commit, prepare } = positionParts(position);
  return `${commit.toString().padStart(KEY_DIGITS, '0')}:${prepare.toString().padStart(KEY_DIGITS, '0')}`;
}
