import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventRegistry } from '../../platform/event-store/event-registry.js';
import type { RecordedEvent } from '../../platform/event-store/event-store.js';
import type { EventStorage, StoredRecord } from '../../platform/event-store/storage.js';
import { NotFoundError, stateConflict } from '../../platform/errors/domain-errors.js';
import { checkLink, genesisHash } from '../../platform/integrity/hash-chain.js';
import type { PersonalDataVault } from '../../platform/personal-data/personal-data.js';
import { eventLeafHash, rootOfLeafHashes, verifyInclusion } from '../merkle.js';
import { SEAL_STREAM, type LedgerSealedData } from '../seal.js';
import { BOOK_SOURCES, renderBook, type BundleBook } from './bundle-books.js';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  jsonText,
  MANIFEST,
  manifestText,
  sha256,
  type BundledEvent,
  type BundledRecord,
  type BundleEvents,
  type BundleManifest,
  type BundleSeal,
} from './bundle-format.js';
import { inclusionProofs } from './bundle-proofs.js';
import { RecordingVault } from './bundled-vault.js';

/** Streams whose events are evidence about seals: the seals, their signatures, cosignatures and time-stamps. */
export const isEvidenceStream = (stream: string) => stream.startsWith('ledgerSeal');

export const bundledRecord = (r: StoredRecord): BundledRecord => ({
  id: r.id,
  type: r.type,
  stream: r.stream,
  revision: r.revision.toString(),
  position: r.position,
  data: r.data,
  metadata: r.metadata as unknown as Record<string, unknown>,
});

/** A stored event lifted to its current schema, as the service's projectors receive it. */
export const asRecorded = (registry: EventRegistry, r: BundledRecord): RecordedEvent =>
  ({
    id: r.id,
    type: r.type,
    stream: r.stream,
    revision: BigInt(r.revision),
    position: r.position,
    data: registry.upcastAndValidate(r.type, Number(r.metadata.schemaVersion), r.data),
    metadata: r.metadata,
  }) as unknown as RecordedEvent;

export interface BundleReceipt {
  out: string;
  book: BundleBook;
  asOf: string;
  seal: number;
  treeSize: number;
  logRoot: string;
  events: number;
  evidence: number;
  /** Events of the book's types recorded after the seal: not in this bundle; seal again to include them. */
  afterSeal: number;
  files: BundleManifest['files'];
}

/**
 * Writes the bundle of `book` as of `asOf` into `out` (new or empty), covered by seal `n`
 * (by default the latest). The history is read raw from the adapter, each chain checked on
 * the way and the seal's log root rebuilt: a bundle is never written for a tree its seal
 * does not vouch for.
 */
export async function writeBundle(
  storage: EventStorage,
  registry: EventRegistry,
  vault: PersonalDataVault,
  options: { book: BundleBook; asOf: string; out: string; seal?: number },
): Promise<BundleReceipt> {
  if (existsSync(options.out) && readdirSync(options.out).length > 0)
    throw stateConflict('BUNDLE_DIR_NOT_EMPTY', `${options.out} is not empty: a bundle is written into a new or empty directory`);
  const seals: BundleSeal[] = [];
  for await (const record of storage.readStream(SEAL_STREAM))
    seals.push({ seal: Number(record.revision), record: bundledRecord(record) });
  const chosen = options.seal === undefined ? seals.at(-1) : seals[options.seal];
  if (!chosen)
    throw new NotFoundError('seal', options.seal === undefined ? '(none yet: run coop audit seal)' : String(options.seal));
  const sealed = registry.upcastAndValidate(
    chosen.record.type,
    Number(chosen.record.metadata.schemaVersion),
    chosen.record.data,
  ) as LedgerSealedData;
  if (sealed.logRoot === undefined)
    throw stateConflict(
      'SEAL_WITHOUT_LOG_ROOT',
      `seal ${chosen.seal} is of version 1, with no log tree to prove against; seal again`,
    );
  const { treeSize, logRoot } = { treeSize: sealed.treeSize, logRoot: sealed.logRoot };

  const types = new Set(BOOK_SOURCES[options.book]);
  const leaves: Buffer[] = [];
  const source: Array<{ logIndex: number; record: BundledRecord }> = [];
  const evidence: BundledRecord[] = [];
  const heads = new Map<string, { revision: bigint; hash: string }>();
  let afterSeal = 0;
  let index = 0;
  for await (const record of storage.readAll()) {
    const logIndex = index++;
    if (isEvidenceStream(record.stream)) evidence.push(bundledRecord(record));
    if (logIndex >= treeSize) {
      if (types.has(record.type)) afterSeal += 1;
      continue;
    }
    const known = heads.get(record.stream);
    const broken = checkLink(known?.hash ?? genesisHash(record.stream), known ? known.revision + 1n : 0n, record);
    if (broken)
      throw stateConflict(
        'LOG_NOT_AS_SEALED',
        `the chain of ${broken.stream} breaks at revision ${broken.revision} (log index ${logIndex}, ${broken.reason}): run coop audit verify`,
      );
    const hash = String(record.metadata.hash);
    heads.set(record.stream, { revision: record.revision, hash });
    leaves.push(eventLeafHash(logIndex, hash));
    if (types.has(record.type)) source.push({ logIndex, record: bundledRecord(record) });
  }
  if (leaves.length !== treeSize || rootOfLeafHashes(leaves) !== logRoot)
    throw stateConflict(
      'LOG_NOT_AS_SEALED',
      `the first ${treeSize} events of $all do not rebuild the root of seal ${chosen.seal}: the history was altered since; run coop audit verify`,
    );

  const proofs = inclusionProofs(
    leaves,
    source.map((s) => s.logIndex),
  );
  const events: BundledEvent[] = source.map(({ logIndex, record }, i) => {
    const proof = proofs[i]!;
    if (!verifyInclusion(leaves[logIndex]!.toString('hex'), logIndex, treeSize, proof, logRoot))
      throw new Error(`inclusion proof of log index ${logIndex} does not verify`);
    return { ...record, logIndex, proof };
  });

  const recording = new RecordingVault(vault);
  const rendered = await renderBook(
    options.book,
    events.map((e) => asRecorded(registry, e)),
    options.asOf,
    recording,
  );
  const contents: Record<(typeof BUNDLE_FILES)[number], string> = {
    'events.json': jsonText({ book: options.book, asOf: options.asOf, treeSize, logRoot, events } satisfies BundleEvents),
    'seal.json': jsonText(chosen),
    'evidence.json': jsonText(evidence),
    'people.json': jsonText(recording.people),
    'book.csv': rendered.csv,
    'book.html': rendered.html,
  };
  mkdirSync(options.out, { recursive: true });
  const files = BUNDLE_FILES.map((name) => {
    const bytes = Buffer.from(contents[name], 'utf8');
    writeFileSync(join(options.out, name), bytes);
    return { name, bytes: bytes.length, sha256: sha256(bytes) };
  });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    book: options.book,
    asOf: options.asOf,
    seal: { number: chosen.seal, eventId: chosen.record.id, treeSize, logRoot },
    files,
  };
  writeFileSync(join(options.out, MANIFEST), manifestText(manifest));
  return {
    out: options.out,
    book: options.book,
    asOf: options.asOf,
    seal: chosen.seal,
    treeSize,
    logRoot,
    events: events.length,
    evidence: evidence.length,
    afterSeal,
    files,
  };
}
