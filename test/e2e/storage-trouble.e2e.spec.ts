import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { contexts } from '../../src/contexts.js';
import { FixedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { SequentialIds } from '../../src/platform/ids.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';
import { ADMIN_KEY, applicant, bearer } from '../support/test-app.js';

describe('a full event store answers 507 and records nothing half-written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coop-full-'));
  const logged: Array<{ msg: string; level: number }> = [];
  let app: INestApplication;
  let runtime: Runtime;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    });
    runtime = await createRuntime(loadConfig({ COOP_DATA_DIR: dir, COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY }), contexts, {
      clock: new FixedClock('2026-03-02T10:00:00.000Z'),
      ids: new SequentialIds('full0000'),
      logger: pino({ level: 'error' }, sink),
      projectionPollMs: 20,
    });
    app = await createApp(runtime, { print: () => undefined });
  });
  afterAll(async () => {
    await app.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('with SQLITE_FULL for real (max_page_count on the service’s own connection)', async () => {
    const http = () => request(app.getHttpServer());
    await http().post('/membership/applications').set(bearer(ADMIN_KEY)).send(applicant(0)).expect(201);
    // The file may not grow by a single page from here on: the disk is "full".
    const db = (runtime.events.storage as unknown as { db: Database.Database }).db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const statuses: number[] = [];
    let full: request.Response | undefined;
    for (let n = 1; n <= 60 && !full; n++) {
      const response = await http().post('/membership/applications').set(bearer(ADMIN_KEY)).send(applicant(n));
      statuses.push(response.status);
      if (response.status === 507) full = response;
    }
    expect(full).toBeDefined();
    expect(full!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(full!.body).toMatchObject({ status: 507, type: expect.stringMatching(/store-full$/), store: 'event store' });
    expect(full!.body.detail).toMatch(/event store is full/);
    expect(statuses.filter((s) => s !== 201 && s !== 507)).toEqual([]);
    // Twice more: still 507, but the trouble is logged once, as such.
    await http().post('/membership/applications').set(bearer(ADMIN_KEY)).send(applicant(90)).expect(507);
    await http().post('/membership/applications').set(bearer(ADMIN_KEY)).send(applicant(91)).expect(507);
    expect(logged.filter((line) => /storage trouble/.test(line.msg))).toHaveLength(1);
    expect(logged.filter((line) => /unhandled/.test(line.msg))).toEqual([]);
    // What was acknowledged is there, and nothing else.
    const acknowledged = statuses.filter((s) => s === 201).length + 1;
    const stored = [];
    for await (const event of runtime.events.readAll({ types: ['MembershipApplied'] })) stored.push(event);
    expect(stored).toHaveLength(acknowledged);
    // Room again: the same service records again.
    db.pragma('max_page_count = 1073741823');
    await http().post('/membership/applications').set(bearer(ADMIN_KEY)).send(applicant(92)).expect(201);
  });
});

describe('starting on a data directory it cannot write', () => {
  const root = new URL('../../', import.meta.url).pathname;
  const scratch = mkdtempSync(join(tmpdir(), 'coop-start-'));

  beforeAll(() => {
    spawnSync(process.execPath, [join(root, 'scripts/build-if-needed.js')], { stdio: 'ignore' });
  }, 120_000);
  afterAll(() => {
    chmodSync(scratch, 0o700);
    rmSync(scratch, { recursive: true, force: true });
  });

  const start = (dataDir: string) =>
    spawnSync(process.execPath, [join(root, 'dist/main.js')], {
      env: { ...process.env, PORT: '0', COOP_DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('exits non-zero naming the path and the cause when the directory cannot be created', () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a directory');
    const dataDir = join(file, 'data');
    const result = start(dataDir);
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    expect(result.stderr).toContain(dataDir);
    expect(result.stderr).toMatch(/not a directory/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits non-zero naming the path and the cause when the directory is read-only', () => {
    if (process.getuid?.() === 0) {
      console.log('skipped: running as root, where chmod does not stop writes (the case above fails for root too)');
      return;
    }
    const dataDir = join(scratch, 'read-only');
    spawnSync('mkdir', [dataDir]);
    chmodSync(dataDir, 0o500);
    const result = start(dataDir);
    chmodSync(dataDir, 0o700);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(dataDir);
    expect(result.stderr).toMatch(/permission denied|read-only/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});
