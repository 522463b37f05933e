import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sealHistory } from '../../src/audit/seal.js';
import { readPdf } from '../../src/platform/documents/pdf-inspection.js';
import { buildIfNeeded, root } from '../support/service-process.js';
import { applicant, startTestApp, type TestApp } from '../support/test-app.js';
import { seededDataDir } from '../support/seeded-data-dir.js';

const NAME = 'Cooperativa sociale La Quercia';

interface Pack {
  cooperative: string;
  checks: Array<{ code: string; name: string; status: string; cases: Array<{ subject: string; detail: string }> }>;
}

/**
 * A review that must fail, through the real CLI (`node dist/cli.js report review`, a child
 * process as a person runs it): on a seeded cooperative the secretariat recorded, through the
 * API, an application of February 2025 the board never decided (M2: 60 days, c.c. art. 2528)
 * and a member's withdrawal request of March 2025 never examined (M7: 60 days, c.c. art. 2532);
 * its statute settings name the cooperative. The pack names those cases and the exit status
 * says the review failed; the other checks pass or do not apply.
 */
describe('coop report review on a history where checks fail', () => {
  let t: TestApp;
  let dir: string;
  let memberNumber: number;

  const review = (format: string) => {
    const out = join(dir, `revisione-2025.${format}`);
    const run = spawnSync(
      process.execPath,
      [join(root, 'dist/cli.js'), 'report', 'review', '--year', '2025', '--format', format, '--out', out, '--data-dir', dir],
      { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 120_000 },
    );
    return { status: run.status, lines: run.stdout.trim().split('\n'), stderr: run.stderr, out };
  };

  beforeAll(async () => {
    buildIfNeeded();
    ({ dir } = await seededDataDir('coop-review-fail-', { members: 40, years: 2, seed: 16 }));
    t = await startTestApp({ COOP_DATA_DIR: dir });
    // The register the test reads is the seeded one: the read models hold the whole history first.
    expect(await t.runtime.projections.catchUp(120_000)).toBe(true);
    const secretary = await t.keyFor('secretary');
    const board = await t.keyFor('board');
    const post = (path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${secretary}`).send(body);
    const settings = (await t.http().get('/governance/statute-settings').set('Authorization', `Bearer ${board}`).expect(200)).body
      .settings;
    await post('/governance/statute-settings', {
      adoptedOn: '2025-01-15',
      assemblyResolutionId: 'ass-2025-statute',
      settings: { ...settings, name: NAME },
    }).expect(201);
    await post('/membership/applications', { ...applicant(16_001), appliedOn: '2025-02-03' }).expect(201);
    const { members } = (
      await t.http().get('/membership/register/export?asOf=2025-12-31').set('Authorization', `Bearer ${board}`).expect(200)
    ).body as { members: Array<{ memberId: string; memberNumber: number; admittedOn: string; exit: unknown }> };
    const member = members.find((m) => !m.exit && m.admittedOn < '2025-01-01')!;
    memberNumber = member.memberNumber;
    await post(`/membership/members/${member.memberId}/withdrawal-request`, {
      requestedOn: '2025-03-03',
      grounds: 'Trasferimento della residenza',
    }).expect(201);
    await sealHistory(t.runtime.events, { keyId: 'test', role: 'admin' }, { clock: t.clock }); // the books up to date
    await t.close();
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('M2 and M7 fail with their cases, the verdict names them, and the exit status is 1', () => {
    const { status, lines, stderr, out } = review('json');
    expect(stderr).toBe('');
    expect(status).toBe(1);
    const pack = JSON.parse(readFileSync(out, 'utf8')) as Pack;
    const failed = Object.fromEntries(pack.checks.filter((c) => c.status === 'failed').map((c) => [c.code, c.cases]));
    expect(Object.keys(failed).sort()).toEqual(['M2', 'M7']);
    expect(failed.M2).toEqual([
      expect.objectContaining({ detail: 'presentata il 2025-02-03, senza decisione al 2025-12-31 (termine 2025-04-04)' }),
    ]);
    expect(failed.M7).toEqual([
      {
        subject: `socio n. ${memberNumber}`,
        detail: 'recesso chiesto il 2025-03-03, non esaminato al 2025-12-31 (termine 2025-05-02)',
        evidence: [expect.any(String)],
      },
    ]);
    // Every other check passed, or had nothing to check that year.
    for (const check of pack.checks.filter((c) => !failed[c.code])) expect(['passed', 'not-applicable']).toContain(check.status);
    expect(lines.find((l) => l.split(/\s+/)[1] === 'M2')).toMatch(/^failed .*\(1 casi\)$/);
    expect(lines.at(-2)).toBe('revisione 2025: 2 verifiche non superate (Ammissione dei soci; Recesso dei soci)');
    expect(pack.cooperative).toBe(NAME);
  });

  it('prints the failed cases in the PDF/A pack under the cooperative’s recorded name, in the law’s words', async () => {
    const { status, out } = review('pdf');
    expect(status).toBe(1);
    const text = (await readPdf(readFileSync(out))).pages.join('\n');
    expect(text).toContain(`${NAME} · Revisione cooperativa, anno 2025`);
    expect(text).toContain('Ammissione dei soci');
    expect(text).toMatch(/c\.c\. art\. 2528 c\.\s+2\s+\(M2\)/);
    expect(text).toContain('NON SUPERATA');
    expect(text).toContain(`socio n. ${memberNumber}`);
    expect(text).not.toMatch(/\b(CAT|BOOKS)\b/);
  });
});
