import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  checkpointBody,
  cosign,
  COSIGNATURE_V1,
  keyFromSeed,
  keyId,
  verifierKey,
  verifyNote,
} from '../../src/audit/signing/note.js';
import { sealKeySource } from '../../src/audit/signing/seal-key.js';
import { addWitness, sealAndSign } from '../../src/audit/signing/seal-signing.js';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

/** The witness's side of the API: the keys, a seal's signed checkpoint, and recording a cosignature. */
describe('signed seals and cosignatures over HTTP', () => {
  let t: TestApp;
  let auditor: string;
  const witness = keyFromSeed(Buffer.alloc(32, 4));
  const witnessId = keyId('revisore.example', COSIGNATURE_V1, witness.publicKey).toString('hex');
  const admin = { keyId: 'test', role: 'admin' };

  beforeAll(async () => {
    t = await startTestApp();
    const secretary = await t.keyFor('secretary');
    auditor = await t.keyFor('auditor');
    await t
      .http()
      .post('/membership/applications')
      .set(bearer(secretary))
      .send({ ...applicant(1), appliedOn: '2026-01-10' })
      .expect(201);
    const ctx = { events: t.runtime.events, keys: sealKeySource(t.runtime.config.dataDir), clock: t.clock, actor: admin };
    await sealAndSign(ctx);
    await addWitness(t.runtime.events, verifierKey('revisore.example', COSIGNATURE_V1, witness.publicKey), admin, t.clock);
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http().get(path).set(bearer(auditor));
  const post = (path: string, body: object) => t.http().post(path).set(bearer(auditor)).send(body);
  const time = () => Math.floor(t.clock.now().getTime() / 1000);

  it('publishes the seal keys with their validity and the witnesses', async () => {
    const { body } = await get('/audit/keys').expect(200);
    expect(body.keys).toMatchObject([{ origin: 'coop-ledger/ledger', fromTreeSize: 0, adoptedBy: 'first' }]);
    expect(body.witnesses).toMatchObject([{ name: 'revisore.example', keyId: witnessId }]);
  });

  it("gives a seal's checkpoint as a signed note the published key verifies", async () => {
    const { body } = await get('/audit/seals/0/checkpoint').expect(200);
    const key = (await get('/audit/keys')).body.keys[0];
    const checkpoint = checkpointBody(body.origin, body.treeSize, body.logRoot);
    expect(body.note.startsWith(`${checkpoint}\n— coop-ledger/ledger `)).toBe(true);
    const line = body.note
      .slice(checkpoint.length + 1)
      .split(' ')[2]
      .trim();
    expect(verifyNote(key.origin, Buffer.from(key.publicKey, 'base64'), checkpoint, line)).toBe(true);
  });

  it('refuses a cosignature by an unknown key (400 at body.keyId) or one that does not verify (400 at body.signature)', async () => {
    const { body: cp } = await get('/audit/seals/0/checkpoint');
    const good = cosign('revisore.example', witness, checkpointBody(cp.origin, cp.treeSize, cp.logRoot), time());
    const unknown = await post('/audit/seals/0/cosignatures', { keyId: '00000000', signature: good }).expect(400);
    expect(unknown.body.errors).toContainEqual(expect.objectContaining({ path: 'body.keyId', code: 'UNKNOWN_REFERENCE' }));
    const other = cosign('revisore.example', witness, checkpointBody(cp.origin, cp.treeSize + 1, cp.logRoot), time());
    const bad = await post('/audit/seals/0/cosignatures', { keyId: witnessId, signature: other }).expect(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: 'body.signature', code: 'BAD_SIGNATURE' }));
  });

  it("records a witness's cosignature (201), once (409 COSIGNATURE_EXISTS), and lists it on the checkpoint", async () => {
    const { body: cp } = await get('/audit/seals/0/checkpoint');
    const signature = cosign('revisore.example', witness, checkpointBody(cp.origin, cp.treeSize, cp.logRoot), time());
    const { body } = await post('/audit/seals/0/cosignatures', { keyId: witnessId, signature }).expect(201);
    expect(body).toMatchObject({ seal: 0, witness: 'revisore.example', time: time() });
    expect((await post('/audit/seals/0/cosignatures', { keyId: witnessId, signature }).expect(409)).body).toMatchObject({
      code: 'COSIGNATURE_EXISTS',
    });
    const after = (await get('/audit/seals/0/checkpoint')).body;
    expect(after.cosigners).toMatchObject([{ witness: 'revisore.example', status: 'valid' }]);
    expect(after.note).toContain(`— revisore.example ${signature}\n`);
  });

  it('answers 404 for a seal that does not exist, and is for auditors', async () => {
    await post('/audit/seals/9/cosignatures', { keyId: witnessId, signature: 'AAAA' }).expect(404);
    const secretary = await t.keyFor('secretary');
    await t
      .http()
      .post('/audit/seals/0/cosignatures')
      .set(bearer(secretary))
      .send({ keyId: witnessId, signature: 'AAAA' })
      .expect(403);
  });
});
