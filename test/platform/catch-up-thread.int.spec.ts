import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { contexts } from '../../src/contexts.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../src/platform/runtime.js';
import { seededDataDir } from '../support/seeded-data-dir.js';
import { waitUntil } from '../support/wait.js';

/**
 * Long catch-ups in the catch-up thread (`src/platform/projections/catch-up-thread.ts`), over a
 * seeded history and the service's own projectors: what the thread builds is what the event
 * loop builds, a thread stopped half way leaves durable, consistent checkpoints, and a thread
 * that cannot run leaves the work to the event loop.
 */

/** The compiled contexts (the thread loads JavaScript; `npm test` builds `dist/` first). */
const CONTEXTS = new URL('../../dist/contexts.js', import.meta.url).href;
/** The read models (a process manager needs the service's commands, which a bare runtime has not). */
const READ_MODELS = contexts
  .flatMap((context) => context.projectors)
  .filter((projector) => !projector.issuesCommands)
  .map((projector) => projector.name);

let seeded: string;
let reference: Map<string, string>;
const dirs: string[] = [];

/** A data directory with the seeded history (events, keys, blind-index key) and no read models. */
function copyOfHistory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'coop-catch-up-thread-'));
  dirs.push(dir);
  for (const file of ['events.sqlite', 'events.sqlite-wal', 'keys.sqlite', 'keys.sqlite-wal', 'blind-index.key'])
    if (existsSync(join(seeded, file))) copyFileSync(join(seeded, file), join(dir, file));
  return dir;
}

interface Opened {
  runtime: Runtime;
  errors: string[];
}

/** The board's process manager, which fails over and over in a runtime without the service's commands. */
const PROCESS_MANAGERS = contexts
  .flatMap((context) => context.projectors)
  .filter((projector) => projector.issuesCommands)
  .map((projector) => projector.name);

async function open(
  dir: string,
  catchUpThread?: RuntimeOverrides['catchUpThread'],
  overrides: RuntimeOverrides = {},
): Promise<Opened> {
  const errors: string[] = [];
  const logger = pino(
    { level: 'error' },
    {
      write: (line: string) => {
        const entry = JSON.parse(line) as { msg: string; projector?: string; err?: { message?: string } };
        if (entry.projector && PROCESS_MANAGERS.includes(entry.projector)) return;
        errors.push(`${entry.msg}${entry.projector ? ` (${entry.projector})` : ''}: ${entry.err?.message ?? ''}`);
      },
    },
  );
  const runtime = await createRuntime(loadConfig({ COOP_DATA_DIR: dir }), contexts, {
    logger,
    ...overrides,
    ...(catchUpThread ? { catchUpThread } : {}),
  });
  await runtime.projections.start();
  return { runtime, errors };
}

/**
 * Waits until every read model is live at the head (`projections.catchUp` would also wait for
 * the board's process manager, which needs the service's commands).
 */
async function caughtUp(runtime: Runtime): Promise<void> {
  await waitUntil(async () => {
    const statuses = await runtime.projections.status();
    return READ_MODELS.every((name) => {
      const status = statuses.find((s) => s.name === name);
      return status?.state === 'live' && status.lag === '0';
    });
  }, 120_000);
}

/** Every document of every read model's live build, by projector and logical collection. */
function documents(dir: string): Map<string, string> {
  const db = new Database(join(dir, 'read-models.sqlite'), { readonly: true });
  try {
    const active = new Map(
      db
        .prepare<[], { body: string }>("SELECT body FROM documents WHERE collection = '_projection_active'")
        .all()
        .map((row) => JSON.parse(row.body) as { _id: string; build: string })
        .map((doc) => [doc._id, doc.build]),
    );
    const result = new Map<string, string>();
    const rows = db
      .prepare<[], { collection: string; id: string; body: string }>(
        "SELECT collection, id, body FROM documents WHERE collection NOT LIKE '\\_%' ESCAPE '\\' ORDER BY collection, id",
      )
      .all();
    for (const row of rows) {
      const [projector, build, logical] = row.collection.split('__');
      if (!READ_MODELS.includes(projector!) || active.get(projector!) !== build) continue;
      result.set(`${projector}/${logical}/${row.id}`, row.body);
    }
    return result;
  } finally {
    db.close();
  }
}

/** The stored checkpoint position of each read model's builds (by `projector:build`). */
function checkpoints(dir: string): Map<string, number> {
  const db = new Database(join(dir, 'read-models.sqlite'), { readonly: true });
  try {
    return new Map(
      db
        .prepare<[], { id: string; body: string }>("SELECT id, body FROM documents WHERE collection = '_projection_checkpoints'")
        .all()
        .map((row) => [row.id, Number((JSON.parse(row.body) as { position: string | null }).position ?? 0)]),
    );
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  seeded = (await seededDataDir('coop-catch-up-thread-seed-', { members: 1_200, years: 3, seed: 41 })).dir;
  dirs.push(seeded);
  // The reference: every read model caught up on the event loop, as before the thread existed.
  const dir = copyOfHistory();
  const { runtime } = await open(dir);
  await caughtUp(runtime);
  await runtime.close();
  reference = documents(dir);
  expect(reference.size).toBeGreaterThan(1_000);
}, 300_000);

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the catch-up thread', () => {
  it('builds every read model of a fresh service as the event loop does, and hands each back to go live', async () => {
    const dir = copyOfHistory();
    const { runtime, errors } = await open(dir, { contextsModule: CONTEXTS, minEvents: 100 });
    try {
      await caughtUp(runtime);
      expect(runtime.catchUpThread!.stats).toMatchObject({
        handedOver: READ_MODELS.length,
        completed: READ_MODELS.length,
        failed: 0,
      });
    } finally {
      await runtime.close();
    }
    expect(errors).toEqual([]);
    expect(documents(dir)).toEqual(reference);
  }, 180_000);

  it('stopped half way, leaves checkpoints whose documents are committed: a restart finishes the same read models', async () => {
    const dir = copyOfHistory();
    // Batches of 20 events, each committed (a memory budget of one byte): hundreds of commits.
    const first = await open(
      dir,
      { contextsModule: CONTEXTS, minEvents: 100, catchUpBatchSize: 20, catchUpMemoryBytes: 1 },
      { projectionBatchSize: 20 },
    );
    const head = Number(await first.runtime.events.headPosition());
    const halfWay = () => [...checkpoints(dir).values()].some((position) => position > 0 && position < head);
    await waitUntil(halfWay, 60_000);
    await first.runtime.close();
    // It stopped in the middle: a build committed part of the history, and the thread was told to stop.
    expect(halfWay()).toBe(true);
    expect(first.runtime.catchUpThread!.stats.stopped).toBeGreaterThan(0);

    const second = await open(dir, { contextsModule: CONTEXTS, minEvents: 100 });
    try {
      await caughtUp(second.runtime);
    } finally {
      await second.runtime.close();
    }
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    expect(documents(dir)).toEqual(reference);
  }, 180_000);

  it('that cannot start leaves every build to the event loop, and says so', async () => {
    const dir = copyOfHistory();
    const { runtime, errors } = await open(dir, {
      contextsModule: new URL('./no-such-contexts.js', import.meta.url).href,
      minEvents: 100,
    });
    try {
      await caughtUp(runtime);
      expect(runtime.catchUpThread!.stats.completed).toBe(0);
      expect(runtime.catchUpThread!.stats.failed).toBeGreaterThan(0);
    } finally {
      await runtime.close();
    }
    expect(errors.some((message) => message.includes('catch-up thread failed'))).toBe(true);
    expect(documents(dir)).toEqual(reference);
  }, 180_000);

  it('takes a rebuild while the live build goes on answering, and the rebuilt build replaces it', async () => {
    const dir = copyOfHistory();
    const { runtime, errors } = await open(dir, { contextsModule: CONTEXTS, minEvents: 100 });
    try {
      await caughtUp(runtime);
      const before = runtime.catchUpThread!.stats.completed;
      const members = await runtime.projections.reader('member-register', 'members').count();
      await runtime.projections.rebuild('member-register');
      // The old build answers while the new one is caught up in the thread.
      expect(await runtime.projections.reader('member-register', 'members').count()).toBe(members);
      await waitUntil(async () => {
        const status = (await runtime.projections.status()).find((s) => s.name === 'member-register')!;
        return status.activeBuild === 'v' + String(status.version) + 'g1' && status.state === 'live';
      }, 120_000);
      expect(runtime.catchUpThread!.stats.completed).toBe(before + 1);
    } finally {
      await runtime.close();
    }
    expect(errors).toEqual([]);
    expect(documents(dir)).toEqual(reference);
  }, 180_000);
});
