import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyConsistency, verifyInclusion } from '../../src/audit/merkle.js';
import { sealHistory } from '../../src/audit/seal.js';
import { join } from 'node:path';
import { Tamper } from './support.js';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

/** The auditors' proofs over HTTP: what they get checks against the sealed roots alone. */
describe('audit proofs over HTTP', () => {
  let t: TestApp;
  let auditor: string;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const secretary = await t.keyFor('secretary');
    auditor = await t.keyFor('auditor');
    const apply = async (n: number) =>
      (
        await t
          .http()
          .post('/membership/applications')
          .set(bearer(secretary))
          .send({ ...applicant(n), appliedOn: '2026-01-10' })
          .expect(201)
      ).body.applicationId as string;
    await apply(1);
    await sealHistory(t.runtime.events, { keyId: 'test', role: 'admin' }, { clock: t.clock });
    await apply(2);
    await sealHistory(t.runtime.events, { keyId: 'test', role: 'admin' }, { clock: t.clock });
    for await (const record of t.runtime.events.storage.readAll()) ids.push(record.id);
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http().get(path).set(bearer(auditor));

  it('gives the inclusion proof of an event in a seal', async () => {
    const seals = (await get('/audit/seals').expect(200)).body as Array<{ revision: string; treeSize: number; logRoot: string }>;
    expect(seals).toHaveLength(2);
    const last = ids.length - 2; // the last event before the second seal
    const { body } = await get(`/audit/seals/1/inclusion/${ids[last]}`).expect(200);
    expect(body).toMatchObject({ seal: 1, logIndex: last, treeSize: seals[1]!.treeSize, logRoot: seals[1]!.logRoot });
    expect(verifyInclusion(body.leafHash, body.logIndex, body.treeSize, body.proof, seals[1]!.logRoot)).toBe(true);
  });

  it('gives the consistency proof of two seals', async () => {
    const { body } = await get('/audit/seals/0/consistency/1').expect(200);
    expect(verifyConsistency(body.older.treeSize, body.newer.treeSize, body.proof, body.older.logRoot, body.newer.logRoot)).toBe(
      true,
    );
  });

  it('answers 404 for a seal or an event that does not exist, 409 for an event after the seal or seals out of order', async () => {
    await get(`/audit/seals/7/inclusion/${ids[0]}`).expect(404);
    await get('/audit/seals/1/inclusion/no-such-event').expect(404);
    expect((await get(`/audit/seals/0/inclusion/${ids.at(-2)}`).expect(409)).body).toMatchObject({ code: 'EVENT_NOT_IN_SEAL' });
    expect((await get('/audit/seals/1/consistency/0').expect(409)).body).toMatchObject({ code: 'SEAL_ORDER' });
    await get('/audit/seals/x/consistency/0').expect(400);
  });

  it('is for auditors', async () => {
    const secretary = await t.keyFor('secretary');
    await t.http().get('/audit/seals/0/consistency/1').set(bearer(secretary)).expect(403);
  });

  // Last, as it alters the store: a broken history is an answer, never a server error.
  it('answers a broken history with its first break, the revision as a decimal string', async () => {
    const tamper = new Tamper(join(t.runtime.config.dataDir, 'events.sqlite'));
    try {
      const first = tamper.rows()[0]!;
      tamper.editData(first.position, (data) => ({ ...data, appliedOn: '2026-01-11' }));
      const { body } = await get('/audit/verify').expect(200);
      expect(body).toMatchObject({ ok: false, firstBreak: { stream: first.stream, revision: '0', logIndex: 0 } });
    } finally {
      tamper.close();
    }
  });
});
