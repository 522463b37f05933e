import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { EventRegistry } from '../../platform/event-store/event-registry.js';
import { chainHash, genesisHash } from '../../platform/integrity/hash-chain.js';
import { eventLeafHash, verifyInclusion } from '../merkle.js';
import { LedgerSealed, SEAL_STREAM, type LedgerSealedData } from '../seal.js';
import { BOOK_SOURCES, BUNDLE_BOOKS, renderBook } from './bundle-books.js';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  MANIFEST,
  manifestText,
  sha256,
  type BundledRecord,
  type BundleEvents,
  type BundleManifest,
  type BundleSeal,
} from './bundle-format.js';
import { BundledVault, type BundledPeople } from './bundled-vault.js';
import { signaturesChecker, timestampsChecker } from './evidence-checkers.js';
import { asRecorded, isEvidenceStream } from './write-bundle.js';

/** What the evidence checkers are given: the covering seal and every `ledgerSeal*` event, as bundled. */
export interface BundleEvidence {
  seal: BundleSeal;
  treeSize: number;
  logRoot: string;
  /** Every event of every `ledgerSeal*` stream, in `$all` order, each chain already checked. */
  evidence: readonly BundledRecord[];
}

export interface EvidenceFinding {
  checker: string;
  ok: boolean;
  message: string;
}

/** A pure check of some evidence about the seal (signatures, cosignatures, time-stamps) over the bundled events. */
export type EvidenceChecker = (bundle: BundleEvidence) => EvidenceFinding[] | Promise<EvidenceFinding[]>;

/**
 * The evidence checkers every bundle check runs, after the hashes, proofs and book: the seal's
 * signatures and cosignatures, and its RFC 3161 time-stamps (`./evidence-checkers.ts`).
 */
export const EVIDENCE_CHECKERS: EvidenceChecker[] = [signaturesChecker, timestampsChecker];

export interface BundleProblem {
  file: string;
  problem: string;
}

export interface BundleCheckReport {
  ok: boolean;
  book?: string;
  asOf?: string;
  seal?: BundleManifest['seal'];
  events: number;
  evidence: EvidenceFinding[];
  /** Every problem found; the check goes on after one where it can, so the report says all it can. */
  problems: BundleProblem[];
}

const parse = <T>(text: string): T => JSON.parse(text) as T;

/**
 * Checks a bundle with nothing but its files: each file against the manifest's sha256, the
 * manifest against the files, each event's chained hash recomputed, each inclusion proof
 * against the seal's log root, the seal's own hash, the evidence chains, the book rendered
 * again from the bundled events and compared byte for byte, then the evidence checkers.
 */
export async function checkBundle(
  dir: string,
  registry: EventRegistry,
  checkers: readonly EvidenceChecker[] = EVIDENCE_CHECKERS,
): Promise<BundleCheckReport> {
  const problems: BundleProblem[] = [];
  const report = (extra: Partial<BundleCheckReport> = {}): BundleCheckReport => ({
    ok: problems.length === 0,
    events: 0,
    evidence: [],
    problems,
    ...extra,
  });
  const wrong = (file: string, problem: string) => void problems.push({ file, problem });

  if (!existsSync(join(dir, MANIFEST))) {
    wrong(MANIFEST, `no ${MANIFEST} in ${dir}: not a bundle`);
    return report();
  }
  const manifestBytes = readFileSync(join(dir, MANIFEST), 'utf8');
  let manifest: BundleManifest;
  try {
    manifest = parse<BundleManifest>(manifestBytes);
    if (manifestText(manifest) !== manifestBytes) throw new Error('not in the layout a bundle writes (altered)');
    if (manifest.format !== BUNDLE_FORMAT) throw new Error(`format ${String(manifest.format)}, not ${BUNDLE_FORMAT}`);
    if (!BUNDLE_BOOKS.includes(manifest.book)) throw new Error(`unknown book ${String(manifest.book)}`);
    if (
      !isDeepStrictEqual(
        manifest.files.map((f) => f.name),
        [...BUNDLE_FILES],
      )
    )
      throw new Error(`lists ${manifest.files.map((f) => f.name).join(', ')}, not ${BUNDLE_FILES.join(', ')}`);
  } catch (error) {
    wrong(MANIFEST, error instanceof Error ? error.message : String(error));
    return report();
  }
  const extra = readdirSync(dir).filter((name) => name !== MANIFEST && !(BUNDLE_FILES as readonly string[]).includes(name));
  if (extra.length) wrong(MANIFEST, `files not in the manifest: ${extra.join(', ')}`);

  const text: Partial<Record<(typeof BUNDLE_FILES)[number], string>> = {};
  for (const { name, sha256: expected, bytes } of manifest.files) {
    if (!existsSync(join(dir, name))) {
      wrong(name, 'missing');
      continue;
    }
    const content = readFileSync(join(dir, name));
    if (sha256(content) !== expected || content.length !== bytes)
      wrong(name, `sha256 ${sha256(content)} (${content.length} bytes), the manifest says ${expected} (${bytes} bytes)`);
    text[name] = content.toString('utf8');
  }
  const base = { book: manifest.book, asOf: manifest.asOf, seal: manifest.seal };
  let events: BundleEvents, seal: BundleSeal, evidence: BundledRecord[], people: BundledPeople;
  try {
    events = parse<BundleEvents>(text['events.json'] ?? 'null');
    seal = parse<BundleSeal>(text['seal.json'] ?? 'null');
    evidence = parse<BundledRecord[]>(text['evidence.json'] ?? 'null');
    people = parse<BundledPeople>(text['people.json'] ?? 'null');
    if (!events || !seal || !evidence || !people) throw new Error('a file is missing');
  } catch (error) {
    wrong('bundle', `unreadable: ${error instanceof Error ? error.message : String(error)}`);
    return report(base);
  }

  // The manifest's fields, each held against a file it covers.
  const { treeSize, logRoot } = manifest.seal;
  if (events.book !== manifest.book || events.asOf !== manifest.asOf)
    wrong(MANIFEST, `book ${manifest.book} as of ${manifest.asOf}, the events are of ${events.book} as of ${events.asOf}`);
  if (events.treeSize !== treeSize || events.logRoot !== logRoot)
    wrong(
      MANIFEST,
      `seal of ${treeSize} events with root ${logRoot}, the proofs are into ${events.treeSize} / ${events.logRoot}`,
    );

  // The seal: its own hash, and what it seals.
  const sealProblem = recordProblem(seal.record);
  if (sealProblem) wrong('seal.json', sealProblem);
  if (seal.record.stream !== SEAL_STREAM || seal.record.type !== LedgerSealed.type || Number(seal.record.revision) !== seal.seal)
    wrong('seal.json', `not seal ${seal.seal} of ${SEAL_STREAM}`);
  try {
    const data = registry.upcastAndValidate(
      LedgerSealed.type,
      Number(seal.record.metadata.schemaVersion),
      seal.record.data,
    ) as LedgerSealedData;
    if (
      data.treeSize !== treeSize ||
      data.logRoot !== logRoot ||
      seal.record.id !== manifest.seal.eventId ||
      seal.seal !== manifest.seal.number
    )
      wrong(
        MANIFEST,
        `names seal ${manifest.seal.number} (${manifest.seal.eventId}) of ${treeSize} events, root ${logRoot}; the bundled seal ${seal.seal} (${seal.record.id}) sealed ${data.treeSize}, root ${data.logRoot}`,
      );
  } catch (error) {
    wrong('seal.json', error instanceof Error ? error.message : String(error));
  }

  // The evidence: every ledgerSeal* stream whole, each chain from its genesis, the seal among them.
  const heads = new Map<string, { revision: bigint; hash: string }>();
  for (const record of evidence) {
    const at = `${record.stream}@${record.revision}`;
    if (!isEvidenceStream(record.stream)) wrong('evidence.json', `${at} is not on a ledgerSeal stream`);
    const known = heads.get(record.stream);
    if (BigInt(record.revision) !== (known ? known.revision + 1n : 0n))
      wrong('evidence.json', `${at}: a revision missing or out of place`);
    if (record.metadata.prevHash !== (known?.hash ?? genesisHash(record.stream)))
      wrong('evidence.json', `${at}: does not chain from its predecessor`);
    const problem = recordProblem(record);
    if (problem) wrong('evidence.json', `${at}: ${problem}`);
    heads.set(record.stream, { revision: BigInt(record.revision), hash: String(record.metadata.hash) });
  }
  if (!evidence.some((r) => r.id === seal.record.id && isDeepStrictEqual(r, seal.record)))
    wrong('evidence.json', `does not hold the covering seal ${seal.record.id} as bundled`);

  // The book's events: each hash recomputed, each proven into the seal's tree, only the book's types.
  const types = new Set(BOOK_SOURCES[manifest.book]);
  let last = -1;
  for (const event of events.events) {
    const at = `log index ${event.logIndex} (${event.stream}@${event.revision})`;
    if (!Number.isSafeInteger(event.logIndex) || event.logIndex <= last)
      wrong('events.json', `${at}: log indexes do not increase`);
    last = event.logIndex;
    if (!types.has(event.type)) wrong('events.json', `${at}: ${event.type} is not a source of the ${manifest.book}`);
    const problem = recordProblem(event);
    if (problem) wrong('events.json', `${at}: ${problem}`);
    const leaf = eventLeafHash(event.logIndex, String(event.metadata.hash)).toString('hex');
    if (!verifyInclusion(leaf, event.logIndex, treeSize, event.proof, logRoot))
      wrong('events.json', `${at}: its inclusion proof does not lead to the seal's log root`);
  }

  // The book, rendered again from the bundled events alone.
  try {
    const rendered = await renderBook(
      manifest.book,
      events.events.map((e) => asRecorded(registry, e)),
      manifest.asOf,
      new BundledVault(people),
    );
    for (const [file, content] of [
      ['book.csv', rendered.csv],
      ['book.html', rendered.html],
    ] as const)
      if (text[file] !== undefined && text[file] !== content)
        wrong(file, `is not the book the bundled events give: first differs at line ${firstDifferingLine(text[file]!, content)}`);
  } catch (error) {
    wrong('events.json', `the book cannot be rebuilt from them: ${error instanceof Error ? error.message : String(error)}`);
  }

  const findings: EvidenceFinding[] = [];
  for (const checker of checkers) findings.push(...(await checker({ seal, treeSize, logRoot, evidence })));
  for (const f of findings) if (!f.ok) wrong('evidence.json', `${f.checker}: ${f.message}`);
  return report({ ...base, events: events.events.length, evidence: findings });
}

/** The event's hash is not what its content gives: something in it was changed. */
function recordProblem(record: BundledRecord): string | undefined {
  try {
    const recomputed = chainHash(String(record.metadata.prevHash), {
      stream: record.stream,
      revision: BigInt(record.revision),
      type: record.type,
      data: record.data,
      metadata: record.metadata,
    });
    return recomputed === record.metadata.hash
      ? undefined
      : `its content hashes to ${recomputed}, not its recorded hash ${String(record.metadata.hash)}`;
  } catch (error) {
    return `unreadable: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function firstDifferingLine(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return i + 1;
  return 0;
}
