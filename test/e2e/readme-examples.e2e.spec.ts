import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_KEY } from '../support/test-app.js';
import { buildIfNeeded, root, startService, type ServiceProcess } from '../support/service-process.js';

const run = promisify(execFile);
const checker = join(root, 'scripts/readme-examples.mjs');

/** The README's examples in its order, as the checker reads them from the markers. */
const examples = async () => (await run(process.execPath, [checker, '--list'], { cwd: root })).stdout.trim().split('\n');

/**
 * The README runs as written: every block that calls the service is a script of examples/,
 * included verbatim, and each runs, in the README's order, against one fresh built service
 * whose admin key is the one chosen with COOP_BOOTSTRAP_ADMIN_KEY, as the README tells a user
 * to. The scripts date everything from today; what is asserted here is only that each exits 0
 * (each checks the fields it reads from the answers with `json`, which fails on a missing one).
 */
describe('the README examples', () => {
  let service: ServiceProcess;
  const dir = mkdtempSync(join(tmpdir(), 'coop-readme-'));
  const dataDir = join(dir, 'data');
  const examplesDir = join(dir, 'examples');

  beforeAll(async () => {
    buildIfNeeded();
    service = await startService({ COOP_DATA_DIR: dataDir, COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY });
    await service.ready();
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are in the README as they are in examples/, in order, and no block calls the service outside them', async () => {
    await expect(run(process.execPath, [checker], { cwd: root })).resolves.toBeDefined();
    expect(await examples()).toEqual([
      'examples/01-membership.sh',
      'examples/02-board.sh',
      'examples/03-work.sh',
      'examples/04-services.sh',
      'examples/05-social-report.sh',
      'examples/06-legal-books.sh',
      'examples/07-events.sh',
      'examples/08-accounts.sh',
    ]);
  });

  it('the check fails on a README whose block differs from its script, or that calls the service outside one', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const edited = join(dir, 'README.edited.md');
    writeFileSync(edited, readme.replace('"label":"front desk"', '"label":"reception"'));
    await expect(run(process.execPath, [checker, '--readme', edited], { cwd: root })).rejects.toMatchObject({
      stderr: expect.stringContaining('examples/01-membership.sh differs from its block in the README'),
    });
    writeFileSync(edited, `${readme}\n\`\`\`sh\ncurl -s $COOP/membership/register\n\`\`\`\n`);
    await expect(run(process.execPath, [checker, '--readme', edited], { cwd: root })).rejects.toMatchObject({
      stderr: expect.stringContaining('a shell block calls the service outside'),
    });
  });

  it('run in order against one fresh service, each exiting 0', async () => {
    for (const script of await examples()) {
      const result = await run('bash', [script], {
        cwd: root,
        timeout: 180_000,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          COOP: service.url,
          KEY: '',
          COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
          COOP_DATA_DIR: dataDir,
          COOP_EXAMPLES_DIR: examplesDir,
          EVENTSTORE_URL: '',
          MONGODB_URL: '',
        },
      }).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
        throw new Error(`${script} exited with ${error.code}\n--- stdout\n${error.stdout}\n--- stderr\n${error.stderr}`);
      });
      expect(result.stdout.length).toBeGreaterThan(0);
    }
    // The payroll feed ran once, to the head, and kept its position where it was told.
    expect(readFileSync(join(examplesDir, 'payroll-feed.position'), 'utf8')).toMatch(/^\d+$/);
  }, 900_000);
});
