import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ROLES } from '../../src/cli-runtime.js';
import { memberStream } from '../../src/membership/domain/membership-events.js';
import { memberId } from '../support/membership-history.js';
import { Role } from '../../src/platform/auth/api-key-events.js';
import { FixedClock } from '../../src/platform/clock.js';
import { buildIfNeeded, root } from '../support/service-process.js';
import { envelope, membershipRegistry, openStore, tempDir, writeMembershipHistory } from './support.js';

/** The built `coop` as an operator runs it: which directory it reads, and no false "intact". */
describe('coop, the process', () => {
  let dir: string;
  let data: string;
  const env = { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' };
  const coop = (args: string[], cwd = dir) =>
    spawnSync(process.execPath, [join(root, 'dist/cli.js'), ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });

  beforeAll(async () => {
    buildIfNeeded();
    dir = tempDir('coop-cli-process-');
    data = join(dir, 'books');
    const clock = new FixedClock('2026-03-02T10:00:00Z');
    mkdirSync(data);
    const store = openStore(join(data, 'events.sqlite'), membershipRegistry(), clock);
    await writeMembershipHistory(store, clock);
    // Enough events that the event log overflows a pipe's buffer.
    await store.append(
      memberStream(memberId(1)),
      Array.from({ length: 800 }, (_, i) =>
        envelope(1_000 + i, 'SharesPaid', { memberId: memberId(1), amountCents: 1, paidOn: '2026-02-13' }),
      ),
      1n,
    );
    await store.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['audit', 'verify'],
    ['audit', 'seal'],
    ['audit', 'replay', '--as-of', '2026-02-28'],
  ])('%s %s on a directory that does not exist exits 1 with "no event store at …", and creates nothing', (...args) => {
    const missing = join(dir, 'nowhere');
    const run = coop([...args, '--data-dir', missing]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`no event store at ${join(missing, 'events.sqlite')}`);
    expect(run.stdout).not.toContain('INTACT');
    expect(existsSync(missing)).toBe(false);
  });

  it.each([
    ['audit', 'verify'],
    ['audit', 'seal'],
    ['audit', 'replay', '--as-of', '2026-02-28'],
  ])('%s %s on a directory that exists but holds no store exits 1 with "no event store at …", and creates nothing', (...args) => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const run = coop([...args, '--data-dir', empty]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`no event store at ${join(empty, 'events.sqlite')}`);
    expect(run.stdout).not.toContain('INTACT');
    expect(readdirSync(empty)).toEqual([]);
  });

  it('verify with no data directory configured does not create ./data and call 0 events intact', () => {
    const run = coop(['audit', 'verify']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`no event store at ${join(dir, 'data', 'events.sqlite')}`);
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  it('reads the directory --data-dir names, before or after the command', () => {
    const after = coop(['audit', 'verify', '--data-dir', data]);
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/823 events in 12 streams, 2 seals checked/);
    expect(after.stdout).toContain('INTACT');
    expect(coop(['--data-dir', data, 'audit', 'verify']).status).toBe(0);
  });

  it('says in --help which directory and which servers a command reads', () => {
    const help = coop(['audit', 'verify', '--help', '--data-dir', data]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(`events       ${join(data, 'events.sqlite')} (embedded; EVENTSTORE_URL unset)`);
    const replay = coop(['audit', 'replay', '--help']);
    expect(replay.stdout).toContain(`read models  ${join(dir, 'data', 'read-models.sqlite')} (embedded; MONGODB_URL unset)`);
  });

  /** Every command of the built `coop`, found by walking its --help (the groups' `Commands:` sections). */
  const everyCommand = (path: string[] = []): string[][] => {
    const help = coop([...path, '--help']).stdout;
    const section = help.split(/^Commands:$/m)[1];
    if (!section) return [path];
    const names = [...section.split(/\n\n/)[0]!.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!).filter((n) => n !== 'help');
    return names.flatMap((name) => everyCommand([...path, name]));
  };

  it('says in every command’s --help which directory and servers it reads, or that it reads none', () => {
    const commands = everyCommand();
    expect(commands.map((c) => c.join(' '))).toEqual(
      expect.arrayContaining(['serve', 'copy', 'audit verify', 'audit bundle', 'audit check-bundle', 'projections status']),
    );
    const silent = commands.filter((command) => {
      const help = coop([...command, '--help', '--data-dir', data]);
      return !(
        help.status === 0 &&
        (help.stdout.includes(`Reads (data directory ${data}: --data-dir or COOP_DATA_DIR):`) ||
          help.stdout.includes('Reads no data directory and no server'))
      );
    });
    expect(silent).toEqual([]);
  }, 300_000);

  it.each(['register', 'assemblies', 'board', 'admissions', 'volunteers'])(
    'replay --book %s --compare over read models never built exits 1 saying NOT BUILT',
    (book) => {
      const run = coop(['audit', 'replay', '--book', book, '--as-of', '2026-02-28', '--compare', '--data-dir', data]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^NOT BUILT: /);
    },
  );

  // bin/coop.js, the entry `npx coop` runs: it checks the build in-process and imports what a command needs when it runs.
  const npxCoop = (args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin/coop.js'), ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });

  it('coop --help lists every command and the --data-dir option with what it reads', () => {
    const help = npxCoop(['--help', '--data-dir', data]);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    for (const command of ['serve', 'projections', 'copy', 'keys', 'audit', 'report'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help.stdout).toContain('--data-dir <dir>  the data directory of the embedded stores and keys');
    expect(help.stdout).toContain(`Reads (data directory ${data}: --data-dir or COOP_DATA_DIR):`);
    expect(help.stdout).toContain(`events       ${join(data, 'events.sqlite')} (embedded; EVENTSTORE_URL unset)`);
    expect(help.stdout).toContain(`vault keys   ${join(data, 'keys.sqlite')}`);
  });

  it('coop audit verify --help says what verify checks, its options and the directory it reads', () => {
    const help = npxCoop(['audit', 'verify', '--help', '--data-dir', data]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: coop audit verify [options]');
    expect(help.stdout).toContain('recompute every hash chain, schema and seal from the raw events');
    expect(help.stdout).toMatch(/--json\s+print the report as JSON/);
    expect(help.stdout).toMatch(/--trust <pem>\s+trust anchors of the time-stamping authorities/);
    expect(help.stdout).toContain(`Reads (data directory ${data}: --data-dir or COOP_DATA_DIR):`);
    expect(help.stdout).toContain(`events       ${join(data, 'events.sqlite')} (embedded; EVENTSTORE_URL unset)`);
    // verify reads the events alone: no read model or vault key is named.
    expect(help.stdout).not.toContain('read models');
    const audit = npxCoop(['audit', '--help']);
    for (const command of ['verify', 'seal', 'prove', 'consistency', 'replay', 'bundle', 'check-bundle', 'cosign'])
      expect(audit.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('verifies through bin/coop.js as through dist/cli.js', () => {
    const run = npxCoop(['audit', 'verify', '--data-dir', data]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/823 events in 12 streams, 2 seals checked/);
    expect(run.stdout).toContain('INTACT');
  });

  it('ends quietly when its output is piped into head', () => {
    const run = spawnSync(
      'sh',
      [
        '-c',
        `"${process.execPath}" "${join(root, 'dist/cli.js')}" audit replay --book events --as-of 2026-12-31 --data-dir "${data}" | head -n 2`,
      ],
      { cwd: dir, env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stdout.trim().split('\n')).toHaveLength(2);
    expect(run.stderr).toBe('');
  });

  it('offers the roles the keys know', () => {
    expect([...CLI_ROLES].sort()).toEqual([...Role.options].sort());
  });
});
