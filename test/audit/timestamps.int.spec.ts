import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import * as pkijs from 'pkijs';
import { auditCommands, type AuditIo } from '../../src/audit/audit.cli.js';
import { sealHistory } from '../../src/audit/seal.js';
import { SEAL_TIMESTAMPS_STREAM } from '../../src/audit/timestamps/seal-timestamped.js';
import { checkSealTimestamps, readSeals, recordedTimestamps } from '../../src/audit/timestamps/seal-timestamps.js';
import { certificatesOfPem, parseQuery } from '../../src/audit/timestamps/tsp.js';
import { contexts } from '../../src/contexts.js';
import { FixedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { copyHistory } from '../../src/platform/event-store/copy.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';
import { actor, tempDir, writeMembershipHistory } from './support.js';
import { hasOpenssl, makeCa, makeTsa, signTstInfo } from './tsa-fixture.js';

if (!hasOpenssl) console.warn('skipping the RFC 3161 time-stamp tests: no openssl on this machine');
const suite = hasOpenssl ? describe : describe.skip;

/**
 * c.c. art. 2215-bis: a seal's checkpoint time-stamped by an RFC 3161 authority (a local one,
 * `openssl ts -reply`, over a CA made here), the reply checked against its query, recorded,
 * and every recorded token checked by verify, on this store and on a copy of it.
 */
suite('RFC 3161 time-stamps of the seals (c.c. art. 2215-bis)', () => {
  let work: string;
  let dir: string;
  // The history is sealed in 2020; the authority stamps with the machine's time, so the
  // import runs on a clock set to then.
  let clock = new FixedClock('2020-03-02T10:00:00Z');
  let anchor: string;
  let reply: (query: Buffer) => Buffer;
  let foreignReply: (query: Buffer) => Buffer;
  let plainSigner: { cert: string; key: string };

  const withRuntimeIn =
    (dataDir: () => string) =>
    async <T>(task: (runtime: Runtime) => Promise<T>): Promise<T> => {
      const r = await createRuntime(loadConfig({ COOP_DATA_DIR: dataDir() }), contexts, {
        clock,
        logger: pino({ level: 'silent' }),
      });
      try {
        return await task(r);
      } finally {
        await r.close();
      }
    };
  const withRuntime = withRuntimeIn(() => dir);

  async function coop(...args: string[]) {
    const result = { out: '', err: '', code: 0 };
    const io: AuditIo = {
      out: (text) => void (result.out += text),
      err: (text) => void (result.err += text),
      exit: (code) => void (result.code = code),
      progress: false,
    };
    const program = new Command().exitOverride().configureOutput({ writeErr: (text) => void (result.err += text) });
    program.option('--data-dir <dir>').hook('preAction', () => {
      dir = program.opts<{ dataDir?: string }>().dataDir ?? dir;
    });
    auditCommands(program, withRuntime, io);
    await program.parseAsync(args, { from: 'user' });
    return result;
  }
  const file = (name: string) => join(work, name);

  beforeAll(async () => {
    work = tempDir('coop-tsa-');
    dir = join(work, 'data');
    const ca = makeCa(work, 'trusted');
    anchor = file('anchors.pem');
    writeFileSync(anchor, ca.caPem);
    const tsa = ca.issue('Test TSA', true);
    reply = makeTsa(work, 'trusted', tsa, file('trusted-ca.pem'));
    plainSigner = ca.issue('Not A TSA', false);
    const other = makeCa(work, 'foreign');
    foreignReply = makeTsa(work, 'foreign', other.issue('Foreign TSA', true), file('foreign-ca.pem'));
    await withRuntime((r) => writeMembershipHistory(r.events, clock));
    clock = new FixedClock(new Date().toISOString());
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes the query for a seal: sha256 of its checkpoint, a nonce, certReq', async () => {
    const asked = await coop('audit', 'timestamp-request', '--seal', '1', '--out', file('seal-1.tsq'));
    expect(asked.code).toBe(0);
    const seal = (await withRuntime((r) => readSeals(r.events)))[1]!;
    // The checkpoint the seal's signature covers, under the origin recorded with the seal key.
    const checkpoint = `coop-ledger/ledger\n${seal.treeSize}\n${Buffer.from(seal.logRoot!, 'hex').toString('base64')}\n`;
    expect(asked.out).toContain(JSON.stringify(checkpoint));
    const query = parseQuery(readFileSync(file('seal-1.tsq')));
    expect(query.imprint).toBe((await import('node:crypto')).createHash('sha256').update(checkpoint).digest('hex'));
    expect(pkijs.TimeStampReq.fromBER(new Uint8Array(query.der)).certReq).toBe(true);
    expect(asked.out).toContain("curl -sS -H 'Content-Type: application/timestamp-query'");
  });

  it('refuses a reply to another query (other nonce) and to another seal (other imprint), recording nothing', async () => {
    await coop('audit', 'timestamp-request', '--seal', '1', '--out', file('again.tsq'));
    writeFileSync(file('other-nonce.tsr'), reply(readFileSync(file('again.tsq'))));
    const nonce = await coop('audit', 'timestamp-import', '--seal', '1', file('other-nonce.tsr'), '--query', file('seal-1.tsq'));
    expect(nonce.code).toBe(2);
    expect(nonce.err).toMatch(/REFUSED \(TSA_NONCE\): the reply answers another query/);

    await coop('audit', 'timestamp-request', '--seal', '0', '--out', file('seal-0.tsq'));
    writeFileSync(file('seal-0.tsr'), reply(readFileSync(file('seal-0.tsq'))));
    const imprint = await coop('audit', 'timestamp-import', '--seal', '1', file('seal-0.tsr'), '--query', file('seal-1.tsq'));
    expect(imprint.code).toBe(2);
    expect(imprint.err).toMatch(/REFUSED \(TSA_IMPRINT\): the reply time-stamps [0-9a-f]{64}, not seal 1/);
    expect(await withRuntime((r) => recordedTimestamps(r.events))).toEqual([]);
  });

  it('refuses a reply with a byte of its token changed, and one signed by a TSA outside the trust anchors', async () => {
    const good = reply(readFileSync(file('seal-1.tsq')));
    const tampered = Buffer.from(good);
    tampered[tampered.length - 10]! ^= 0x01; // inside the signature value
    writeFileSync(file('tampered.tsr'), tampered);
    const bad = await coop('audit', 'timestamp-import', '--seal', '1', file('tampered.tsr'), '--query', file('seal-1.tsq'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/REFUSED \(TSA_SIGNATURE\)/);

    writeFileSync(file('foreign.tsr'), foreignReply(readFileSync(file('seal-1.tsq'))));
    const foreign = await coop(
      'audit',
      'timestamp-import',
      '--seal',
      '1',
      file('foreign.tsr'),
      '--query',
      file('seal-1.tsq'),
      '--trust',
      anchor,
    );
    expect(foreign.code).toBe(2);
    expect(foreign.err).toMatch(/REFUSED \(TSA_UNTRUSTED\): .*Foreign TSA.* does not chain to a configured trust anchor/);
  });

  it('refuses a token signed by a certificate without the critical id-kp-timeStamping, and a reply not granted', async () => {
    const token = tokenOf(reply(readFileSync(file('seal-1.tsq'))));
    const resigned = signTstInfo(work, tstInfoOf(token), plainSigner);
    writeFileSync(file('no-eku.tsr'), replyWith(0, resigned));
    const noEku = await coop('audit', 'timestamp-import', '--seal', '1', file('no-eku.tsr'), '--query', file('seal-1.tsq'));
    expect(noEku.code).toBe(2);
    expect(noEku.err).toMatch(/REFUSED \(TSA_EKU\): .*Not A TSA.* is not for time-stamping/);

    writeFileSync(file('rejected.tsr'), replyWith(2));
    const rejected = await coop('audit', 'timestamp-import', '--seal', '1', file('rejected.tsr'), '--query', file('seal-1.tsq'));
    expect(rejected.code).toBe(2);
    expect(rejected.err).toMatch(/REFUSED \(TSA_STATUS\): the authority did not grant a time-stamp: status rejection/);
  });

  it('imports the reply to the query beside it, and verify names the TSA and the time', async () => {
    writeFileSync(file('seal-1.tsr'), reply(readFileSync(file('seal-1.tsq'))));
    const imported = await coop('audit', 'timestamp-import', '--seal', '1', file('seal-1.tsr'), '--trust', anchor, '--json');
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    const recorded = JSON.parse(imported.out);
    expect(recorded).toMatchObject({
      seal: 1,
      treeSize: 22,
      tsa: expect.stringContaining('CN=Test TSA'),
      policy: '1.3.6.1.4.1.99999.1',
    });
    const again = await coop('audit', 'timestamp-import', '--seal', '1', file('seal-1.tsr'), '--trust', anchor);
    expect(again).toMatchObject({ code: 1, err: expect.stringMatching(/recorded already/) });

    const verified = await coop('audit', 'verify', '--trust', anchor);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain('INTACT');
    expect(verified.out).toContain(`seal 1 (tree size 22): VALID, O=trusted, CN=Test TSA, genTime ${recorded.genTime}`);
    // The seals are of 2020, the time-stamp of this year: 2020 has none.
    expect(verified.out).toMatch(/WARNING 2020: no valid time-stamp .* \(c\.c\. art\. 2215-bis/);
  });

  it('never calls a token valid without trust anchors: the chains are said not checked', async () => {
    const verified = await coop('audit', 'verify');
    expect(verified.out).toContain('signature valid, chain NOT CHECKED');
    expect(verified.out).not.toMatch(/VALID,/);
    expect(verified.out).toContain('NOT CHECKED: no trust anchors configured');
  });

  it('reports a recorded token with a byte changed, by a foreign TSA or without the EKU (the check needs no store)', async () => {
    const [event] = await withRuntime(async (r) => {
      const found = [];
      for await (const e of r.events.readStream(SEAL_TIMESTAMPS_STREAM))
        found.push({ type: e.type, data: e.data as Record<string, unknown> });
      return found;
    });
    const seals = await withRuntime((r) => readSeals(r.events));
    const anchors = certificatesOfPem(readFileSync(anchor, 'utf8'));
    const token = Buffer.from(String(event!.data.token), 'base64');
    const withToken = (der: Buffer) => [{ type: event!.type, data: { ...event!.data, token: der.toString('base64') } }];

    expect((await checkSealTimestamps([event!], seals, anchors)).tokens[0]).toMatchObject({ status: 'valid' });
    const flipped = Buffer.from(token);
    flipped[flipped.length - 5]! ^= 0x80;
    const tampered = await checkSealTimestamps(withToken(flipped), seals, anchors);
    expect(tampered.ok).toBe(false);
    expect(tampered.tokens[0]!.problems.map((p) => p.code)).toContain('TSA_SIGNATURE');

    const foreign = await checkSealTimestamps(withToken(tokenOf(foreignReply(readFileSync(file('seal-1.tsq'))))), seals, anchors);
    expect(foreign.tokens[0]).toMatchObject({
      status: 'invalid',
      problems: [expect.objectContaining({ code: 'TSA_UNTRUSTED' })],
    });

    const noEku = await checkSealTimestamps(withToken(signTstInfo(work, tstInfoOf(token), plainSigner)), seals, anchors);
    expect(noEku.tokens[0]!.problems.map((p) => p.code)).toContain('TSA_EKU');

    const otherSeal = await checkSealTimestamps(
      [{ type: event!.type, data: { ...event!.data, seal: 0, treeSize: seals[0]!.treeSize } }],
      seals,
      anchors,
    );
    expect(otherSeal.tokens[0]!.problems[0]).toMatchObject({ code: 'TSA_IMPRINT' });
  });

  it('survives coop copy to a second data directory, where verify passes with the time-stamp', async () => {
    await withRuntime((r) => sealHistory(r.events, actor, { clock }));
    const target = join(work, 'copy');
    const from = new SqliteEventStorage(join(dir, 'events.sqlite'));
    mkdirSync(target, { recursive: true });
    const to = new SqliteEventStorage(join(target, 'events.sqlite'));
    try {
      await copyHistory(from, to, { window: 64 });
    } finally {
      await from.close();
      await to.close();
    }
    const verified = await coop('--data-dir', target, 'audit', 'verify', '--trust', anchor);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain('INTACT');
    expect(verified.out).toMatch(/seal 1 \(tree size 22\): VALID, O=trusted, CN=Test TSA/);
    expect(verified.out).toContain(`${clock.now().getUTCFullYear()}: time-stamped`);
  });
});

function tokenOf(replyDer: Buffer): Buffer {
  const parsed = pkijs.TimeStampResp.fromBER(new Uint8Array(replyDer));
  return Buffer.from(parsed.timeStampToken!.toSchema().toBER());
}

function tstInfoOf(token: Buffer): Buffer {
  const signed = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(new Uint8Array(token)).content });
  return Buffer.from(signed.encapContentInfo.eContent!.getValue());
}

/** A TimeStampResp with this status and token, as an authority would wrap it. */
function replyWith(status: number, token?: Buffer): Buffer {
  const response = new pkijs.TimeStampResp({
    status: new pkijs.PKIStatusInfo({ status }),
    ...(token ? { timeStampToken: pkijs.ContentInfo.fromBER(new Uint8Array(token)) } : {}),
  });
  return Buffer.from(response.toSchema().toBER());
}
