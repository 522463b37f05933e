import type { Position } from '../platform/event-store/position.js';
import type { ConsistencyProofReport, InclusionProofReport } from './proofs.js';
import type { RegisterDifference } from './register-audit.js';
import type { SealReceipt } from './seal.js';
import { describeSignatures } from './signing/signing.cli.js';
import type { BreakReason, IntegrityBreak, VerifyReport } from './verify.js';

/** What `coop audit …` prints for a person: the reports of verify, seal, prove, consistency and replay --compare, in words. */

/** Who the CLI's own commands are recorded as. */
export const CLI_ACTOR = { keyId: 'cli', role: 'admin' };

const REASONS: Record<BreakReason, string> = {
  position: '$all positions do not strictly increase',
  revision: 'a revision is missing or out of place: an event removed or reordered',
  prevHash: 'the event does not chain from the previous event of its stream',
  hash: "the event's data or metadata is not what its hash covers: edited",
  'unknown-type': 'no schema is registered for this event type',
  schema: 'the data fails its schema',
  'seal-position': 'the seal names a position at or after its own',
  'seal-missing-stream': 'fewer streams than sealed: a stream deleted',
  'seal-extra-stream': 'more streams than sealed: a stream inserted into the sealed past',
  'seal-count': 'fewer events before the seal than it sealed: events deleted',
  'seal-log-root': 'the log tree at the sealed size has another root: events reordered, inserted, deleted or rewritten',
  'seal-root': "the stream heads are not the sealed ones: a stream's tail rewritten",
  unreadable: 'a stored event cannot be read',
};

const table = (counts: Record<string, number>) => {
  const width = Math.max(0, ...Object.keys(counts).map((k) => k.length));
  return Object.entries(counts).map(([key, n]) => `    ${key.padEnd(width)}  ${String(n).padStart(9)}`);
};

export function describeReport(report: VerifyReport): string {
  const lines = [
    `$all up to position ${report.head ?? '(empty)'}: ${report.events} events in ${report.streams} streams, ${report.seals} seals checked`,
    '  events by type',
    ...table(report.byType),
    '  events by stream category',
    ...table(report.byCategory),
  ];
  lines.push(...describeSignatures(report.signatures));
  if (report.ok) lines.push('INTACT: every hash chain, schema and seal checks out, and no seal signature is invalid');
  else if (report.breaks === 0) lines.push('BROKEN: a seal signature, key rotation or cosignature is invalid (above)');
  else lines.push(`BROKEN: ${report.breaks} break(s); the first in $all order:`, ...describeBreak(report.firstBreak!));
  return lines.join('\n') + '\n';
}

function describeBreak(b: IntegrityBreak): string[] {
  const lines = [
    `  stream    ${b.stream}`,
    `  revision  ${b.revision}`,
    `  position  ${b.position}`,
    `  reason    ${b.reason}: ${REASONS[b.reason]}`,
    `  expected  ${b.expected}`,
    `  actual    ${b.actual}`,
    `  log index ${b.logIndex}`,
  ];
  if (b.firstDifference)
    lines.push(
      b.firstDifference.to - b.firstDifference.from === 1
        ? `  differs   from the sealed history first at log index ${b.firstDifference.from}`
        : `  differs   from the sealed history first between log indexes ${b.firstDifference.from} and ${b.firstDifference.to - 1}`,
    );
  if (b.event) {
    const actor = b.event.actor as { keyId?: unknown; role?: unknown } | undefined;
    lines.push(
      `  event     ${b.event.id} ${b.event.type}, recorded ${b.event.recordedAt ?? '?'} by ${String(actor?.keyId ?? '?')}` +
        ` (${String(actor?.role ?? '?')}), command ${b.event.commandId ?? '?'}, correlation ${b.event.correlationId ?? '?'}` +
        ' (as the event claims)',
    );
  }
  return lines;
}

export function describeSeal(receipt: SealReceipt & { signed?: { origin: string; keyId: string; signature: string } }): string {
  return (
    [
      `sealed the first ${receipt.treeSize} events of $all (log indexes 0 to ${receipt.treeSize - 1}), ${receipt.streams} streams`,
      `  log root     ${receipt.logRoot} (RFC 9162 tree of size ${receipt.treeSize})`,
      `  heads root   ${receipt.merkleRoot}`,
      `  sealed at    ${receipt.sealedAt}`,
      `  recorded as  ledgerSeal-main revision ${receipt.sealRevision}, position ${receipt.sealPosition}, event ${receipt.eventId}`,
      `  by           ${CLI_ACTOR.keyId} (${CLI_ACTOR.role}), command ${receipt.commandId}, correlation ${receipt.commandId}`,
      ...(receipt.signed
        ? [
            `  signed by    ${receipt.signed.origin} key ${receipt.signed.keyId}: — ${receipt.signed.origin} ${receipt.signed.signature}`,
          ]
        : []),
      'Keep the root outside the store (print it, time-stamp it): that is what makes the seal evidence.',
    ].join('\n') + '\n'
  );
}

export function describeInclusion(p: InclusionProofReport): string {
  return (
    [
      `event ${p.eventId} (${p.eventType}, ${p.stream} revision ${p.revision}) is at log index ${p.logIndex} of seal ${p.seal}`,
      `  chained hash  ${p.chainedHash}`,
      `  leaf hash     ${p.leafHash}  (SHA-256 of 0x00, the index as 8 bytes big-endian, the chained hash)`,
      `  tree size     ${p.treeSize}`,
      `  log root      ${p.logRoot}`,
      `  proof         ${p.proof.length} hash(es), from the leaf up:`,
      ...p.proof.map((h) => `    ${h}`),
      'Check it against the log root you kept, with any RFC 9162 (Certificate Transparency) verifier.',
    ].join('\n') + '\n'
  );
}

export function describeConsistency(p: ConsistencyProofReport): string {
  return (
    [
      `seal ${p.older.seal} (tree size ${p.older.treeSize}) is a prefix of seal ${p.newer.seal} (tree size ${p.newer.treeSize})`,
      `  older root  ${p.older.logRoot}`,
      `  newer root  ${p.newer.logRoot}`,
      `  proof       ${p.proof.length} hash(es):`,
      ...p.proof.map((h) => `    ${h}`),
      'Check it against the two roots you kept, with any RFC 9162 (Certificate Transparency) verifier.',
    ].join('\n') + '\n'
  );
}

export function describeComparison(
  asOf: string,
  build: string,
  at: Position | null,
  /** The head, when the register changed between the read model's position and it. */
  head: Position | null | undefined,
  members: number,
  differences: RegisterDifference[],
): string {
  const where = `member-register build ${build} at position ${at ?? '(nothing projected)'}`;
  const behind =
    head !== undefined ? ` (behind the head, ${head ?? '(empty)'}: compared with the events up to its position)` : '';
  const lines = [`register as of ${asOf}: ${members} members from the events, against ${where}${behind}`];
  if (differences.length === 0 && head !== undefined)
    lines.push(
      'BEHIND: the read model answered what the events said at its position, but the register changed since; compare again once it has caught up',
    );
  else if (differences.length === 0) lines.push('SAME: the read model answers what the events say');
  else {
    lines.push(`DIFFERENT: ${differences.length} member(s)`);
    for (const d of differences)
      lines.push(
        d.kind === 'differs'
          ? `  no. ${d.memberNumber}: ${d.fields!.join(', ')} differ; events ${JSON.stringify(pick(d.fromEvents!, d.fields!))}, read model ${JSON.stringify(pick(d.fromReadModel!, d.fields!))}`
          : `  no. ${d.memberNumber}: ${d.kind}`,
      );
  }
  return lines.join('\n') + '\n';
}

const pick = (line: object, fields: string[]) => Object.fromEntries(Object.entries(line).filter(([key]) => fields.includes(key)));
