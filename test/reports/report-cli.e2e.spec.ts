import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { withEventStore } from '../../src/cli-runtime.js';
import { contexts } from '../../src/contexts.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';
import { reportCommands } from '../../src/reports/report.cli.js';
import { reviewCommands } from '../../src/reports/review/review.cli.js';
import { seededDataDir } from '../support/seeded-data-dir.js';

/**
 * `coop report social` and `coop report review` as a person runs them: on a data directory no
 * service is running on, each command opening its own runtime (as the CLI's `withRuntime` does)
 * and closing it. The social report used to wait for projections before starting the app that
 * runs them, so it sat out its whole timeout (120 s, beyond this test's) before printing.
 */
describe('coop report social and coop report review on a data directory', () => {
  let dir: string;
  const opened: Runtime[] = [];
  const withRuntime = async <T>(work: (runtime: Runtime) => Promise<T>): Promise<T> => {
    const runtime = await createRuntime(loadConfig({ COOP_DATA_DIR: dir }), contexts, { logger: pino({ level: 'silent' }) });
    opened.push(runtime);
    try {
      return await work(runtime);
    } finally {
      await runtime.close();
    }
  };
  const exits: number[] = [];
  const run = async (args: string[]) => {
    const program = new Command().exitOverride();
    reportCommands(program, withRuntime);
    // As src/cli.ts gives it: the event log alone, of the configured data directory.
    reviewCommands(
      program,
      async (work, options) => {
        const before = { COOP_DATA_DIR: process.env.COOP_DATA_DIR, EVENTSTORE_URL: process.env.EVENTSTORE_URL };
        Object.assign(process.env, { COOP_DATA_DIR: dir, EVENTSTORE_URL: '' }); // the embedded store this test seeded
        try {
          return await withEventStore(work, options);
        } finally {
          for (const [name, value] of Object.entries(before))
            if (value === undefined) delete process.env[name];
            else process.env[name] = value;
        }
      },
      (code) => exits.push(code),
    );
    const lines: string[] = [];
    const log = console.log;
    console.log = (...parts: unknown[]) => void lines.push(parts.join(' '));
    try {
      await program.parseAsync(args, { from: 'user' });
    } finally {
      console.log = log;
    }
    return lines;
  };

  beforeAll(async () => {
    ({ dir } = await seededDataDir('coop-report-cli-', { members: 60, years: 2, seed: 11 }));
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('report social starts the projections, waits for them, and prints the draft, well within its timeout', async () => {
    const out = join(dir, 'bilancio-2025.pdf');
    const lines = await run(['report', 'social', '--year', '2025', '--out', out]);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(lines.join('\n')).toMatch(/^bilancio sociale 2025 \(bozza\), \d+ pagine, sha256 [0-9a-f]{64}/);
  }, 100_000);

  it('report review prints each check of the issue with its outcome, and writes what it printed', async () => {
    const out = join(dir, 'revisione-2025.json');
    const lines = await run(['report', 'review', '--year', '2025', '--format', 'json', '--out', out]);
    const pack = JSON.parse(readFileSync(out, 'utf8')) as {
      checks: Array<{ code: string; status: string; cases: Array<{ evidence: string[] }>; evidence: string[] }>;
    };
    // Every check issue 16 lists: categories, M4, G2, G3, quorum and majorities, the books, M2, M7, M7b, M8, W2, W3, W4, W3b, W5.
    expect(pack.checks.map((c) => c.code).sort()).toEqual(
      ['BOOKS', 'CAT', 'G2', 'G3', 'G4', 'M2', 'M4', 'M7', 'M7b', 'M8', 'W2', 'W3', 'W3b', 'W4', 'W5'].sort(),
    );
    for (const check of pack.checks) {
      expect(['passed', 'failed', 'not-applicable']).toContain(check.status);
      const line = lines.find((l) => l.split(/\s+/)[1] === check.code);
      expect(line?.startsWith(check.status)).toBe(true);
      if (check.cases.length) expect(line).toContain(`(${check.cases.length} casi)`);
    }
    // The evidence is the history's own: every event id named is an event of the store.
    const ids = new Set<string>();
    await withRuntime(async (runtime) => {
      for await (const event of runtime.events.readAll()) ids.add(event.id);
    });
    const named = pack.checks
      .flatMap((c) => [...c.evidence, ...c.cases.flatMap((x) => x.evidence)])
      .filter((e) => !e.includes('/'));
    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(ids.has(id)).toBe(true);
    // The verdict, then the file; the exit status says whether a check failed.
    const failed = pack.checks.filter((c) => c.status === 'failed').length;
    expect(lines.at(-2)).toMatch(failed ? `revisione 2025: ${failed} verifiche non superate (` : 'nessuna verifica non superata');
    expect(exits).toEqual(failed ? [1] : []);
    expect(lines.at(-1)).toBe(out);
  }, 100_000);
});
