import { createHash } from 'node:crypto';
import type { BundleBook } from './bundle-books.js';

/**
 * The offline bundle's files. An auditor archives the directory with the year's review; a
 * fresh process checks it with nothing else (`coop audit check-bundle DIR`).
 *
 * - `manifest.json`: the book, the as-of date, the covering seal (number, event id, tree size,
 *   log root) and every other file with its sha256. It is written in one canonical layout and
 *   each of its fields is held against a file it covers, so any byte changed in it fails too.
 * - `events.json`: the book's source events as stored (with their chained hashes), each with
 *   its log index and its inclusion proof (RFC 9162 §2.1.3) in the seal's tree.
 * - `seal.json`: the covering `LedgerSealed` event as stored.
 * - `evidence.json`: every event of every `ledgerSeal*` stream (seals, signatures,
 *   cosignatures, time-stamps), for the evidence checkers.
 * - `people.json`: what the book opened of personal data (never a key; erased: null).
 * - `book.csv`, `book.html`: the book as of the date, as the service exports and prints it.
 */
export const BUNDLE_FORMAT = 'coop-ledger-audit-bundle/1';
export const BUNDLE_FILES = ['events.json', 'seal.json', 'evidence.json', 'people.json', 'book.csv', 'book.html'] as const;
export const MANIFEST = 'manifest.json';

/** An event as the adapter stores it, in JSON: the revision as a string. */
export interface BundledRecord {
  id: string;
  type: string;
  stream: string;
  revision: string;
  position: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface BundledEvent extends BundledRecord {
  /** The event's 0-based place in `$all`. */
  logIndex: number;
  /** Sibling hashes from its leaf up to the seal's log root, hex. */
  proof: string[];
}

export interface BundleEvents {
  book: BundleBook;
  asOf: string;
  treeSize: number;
  logRoot: string;
  events: BundledEvent[];
}

export interface BundleSeal {
  /** The seal's number: its revision in ledgerSeal-main. */
  seal: number;
  record: BundledRecord;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  book: BundleBook;
  asOf: string;
  seal: { number: number; eventId: string; treeSize: number; logRoot: string };
  files: Array<{ name: (typeof BUNDLE_FILES)[number]; bytes: number; sha256: string }>;
}

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The one layout a manifest is written in: a manifest in any other is altered. */
export const manifestText = (manifest: BundleManifest) => JSON.stringify(manifest, null, 2) + '\n';

export const jsonText = (value: unknown) => JSON.stringify(value, null, 1) + '\n';
