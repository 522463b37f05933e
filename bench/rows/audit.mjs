// audit.verify: `verifyHistory`, what `coop audit verify` runs: over `$all` from the raw
// stored records, every hash chain, every event's data against its schema (upcast), the order
// of positions and every seal.
// audit.verify[chains] (reference, and the server rows): the hash chains alone, keeping only
// stream → {revision, hash}: the stored text hashed as it is (`readAllText`,
// `storedTextChains`) where the adapter gives it, an event parsed and checked by `checkLink`
// where that does not show the link (and for adapters without stored text, such as
// EventStoreDB).
// Both against sha256 alone over the same canonical bytes, precomputed (only hashing is timed).
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { verifyHistory } from '../../dist/audit/verify.js';
import { chainPayload, checkLink, genesisHash, storedTextChains } from '../../dist/platform/integrity/hash-chain.js';
import { rowMain } from '../lib/child.mjs';
import { now, perSecond } from '../lib/measure.mjs';
import { openEventStore, registry } from '../lib/product.mjs';

/** What `coop audit verify` does, on the same store. */
async function verifyAll({ dir }) {
  const events = openEventStore({ dir });
  const started = now();
  // As `coop audit verify` runs it: one worker thread per core over ranges of `$all`.
  const report = await verifyHistory(events.storage, registry(), { workers: availableParallelism() });
  const elapsed = now() - started;
  await events.close();
  return {
    rate: perSecond(report.events, elapsed),
    count: report.events,
    streams: report.streams,
    seals: report.seals,
    breaks: report.breaks,
    elapsedMs: elapsed,
  };
}

async function* pagesOf(records) {
  for await (const record of records) yield [record];
}

async function verify({ storage, dir, url, after }) {
  const events = openEventStore({ storage, dir, url });
  const heads = new Map();
  let count = 0;
  let breaks = 0;
  let partial = 0;
  let firstBreak;
  let parsed = 0;
  const started = now();
  const adapter = events.storage;
  const source = adapter.readAllText
    ? adapter.readAllText(after ? { after } : {})
    : pagesOf(adapter.readAll(after ? { after } : {}));
  for await (const page of source)
    for (const stored of page) {
      if (typeof stored.data === 'string') {
        const known = heads.get(stored.stream);
        const hash = known
          ? storedTextChains(known.hash, known.revision + 1n, stored)
          : stored.revision === 0n
            ? storedTextChains(genesisHash(stored.stream), 0n, stored)
            : undefined;
        if (hash !== undefined) {
          if (known) {
            known.revision = stored.revision;
            known.hash = hash;
          } else heads.set(stored.stream, { revision: 0n, hash });
          count++;
          continue;
        }
      }
      // Not shown on the stored text (or no text): parse it and let checkLink judge.
      let record = stored;
      if (typeof stored.data === 'string') {
        parsed++;
        record = { ...stored, data: JSON.parse(stored.data), metadata: JSON.parse(stored.metadata) };
      }
      let head = heads.get(record.stream);
      if (!head) {
        if (record.revision === 0n) head = { revision: -1n, hash: genesisHash(record.stream) };
        else {
          // Reading from a position (a shared server): trust where this stream's part starts.
          head = { revision: record.revision - 1n, hash: record.metadata.prevHash };
          partial++;
        }
      }
      const broken = checkLink(head.hash, head.revision + 1n, record);
      if (broken) {
        breaks++;
        firstBreak ??= broken;
      }
      head.revision = record.revision;
      head.hash = record.metadata.hash;
      heads.set(record.stream, head);
      count++;
    }
  const elapsed = now() - started;
  await events.close();
  return {
    rate: perSecond(count, elapsed),
    count,
    streams: heads.size,
    breaks,
    partial,
    parsed,
    firstBreak: firstBreak && JSON.stringify(firstBreak),
    elapsedMs: elapsed,
  };
}

/** sha256(prevHash ‖ payload) over canonical payloads (flat strings) computed beforehand, `chunk` at a time. */
async function rawHashing({ storage, dir, url, after, chunk = 20_000 }) {
  const events = openEventStore({ storage, dir, url });
  let prevs = [];
  let payloads = [];
  let hashingMs = 0;
  let count = 0;
  let mismatches = 0;
  let expected = [];
  const hashAll = () => {
    // Start the timed part with a clean young generation: the garbage of reading the chunk
    // is not the hashing's (run with --expose-gc).
    globalThis.gc?.();
    const started = now();
    const out = new Array(payloads.length);
    for (let i = 0; i < payloads.length; i++) out[i] = createHash('sha256').update(prevs[i]).update(payloads[i]).digest('hex');
    hashingMs += now() - started;
    for (let i = 0; i < out.length; i++) if (out[i] !== expected[i]) mismatches++;
    count += payloads.length;
    prevs = [];
    payloads = [];
    expected = [];
  };
  for await (const record of events.storage.readAll(after ? { after } : {})) {
    prevs.push(record.metadata.prevHash);
    // canonicalize builds the payload by concatenation: a rope that V8 flattens the first
    // time it is hashed. Flatten it here, untimed, so the baseline times hashing alone.
    payloads.push(Buffer.from(chainPayload(record)).toString());
    expected.push(record.metadata.hash);
    if (payloads.length === chunk) hashAll();
  }
  if (payloads.length) hashAll();
  await events.close();
  return { rate: perSecond(count, hashingMs), count, mismatches, elapsedMs: hashingMs };
}

await rowMain(async (args) =>
  args.mode === 'raw' ? rawHashing(args) : args.mode === 'history' ? verifyAll(args) : verify(args),
);
