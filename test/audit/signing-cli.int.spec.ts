import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { copyFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { auditCommands, type AuditIo } from '../../src/audit/audit.cli.js';
import { checkpointBody, cosign, keyFromSeed, signNote } from '../../src/audit/signing/note.js';
import { recordCosignature } from '../../src/audit/signing/seal-signing.js';
import { SEAL_KEY_FILE } from '../../src/audit/signing/seal-key.js';
import { SEAL_SIGNATURES_STREAM } from '../../src/audit/signing/signing-events.js';
import { parseSignerKey } from '../../src/audit/signing/note.js';
import { contexts } from '../../src/contexts.js';
import { REGISTER_STREAM } from '../../src/membership/domain/membership-events.js';
import { memberId } from '../support/membership-history.js';
import { FixedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { RuleViolation } from '../../src/platform/errors/domain-errors.js';
import { copyHistory } from '../../src/platform/event-store/copy.js';
import { SqliteEventStorage } from '../../src/platform/event-store/sqlite/sqlite-event-storage.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';
import { envelope, Tamper, tempDir, writeMembershipHistory } from './support.js';

/**
 * Signed and witnessed seals, end to end as the cooperative and its collegio sindacale run
 * them: seal (signed), the witness makes its key in a directory of its own and is registered,
 * cosigns, cosigns again over a consistency proof, the key rotates, the history is copied to
 * another data directory, and verify there lists every signature and cosigner.
 */
describe('coop audit: signed and witnessed seals', () => {
  let root: string;
  let books: string;
  let copy: string;
  let witnessKey: string;
  const clock = new FixedClock('2026-03-02T10:00:00Z');

  const withRuntimeIn =
    (dir: string) =>
    async <T>(work: (runtime: Runtime) => Promise<T>): Promise<T> => {
      const r = await createRuntime(loadConfig({ COOP_DATA_DIR: dir }), contexts, { clock, logger: pino({ level: 'silent' }) });
      try {
        return await work(r);
      } finally {
        await r.close();
      }
    };

  async function coopIn(dir: string, ...args: string[]) {
    const result = { out: '', err: '', code: 0 };
    const io: AuditIo = {
      out: (text) => void (result.out += text),
      err: (text) => void (result.err += text),
      exit: (code) => void (result.code = code),
      progress: false,
    };
    const program = new Command().exitOverride().configureOutput({ writeErr: (text) => void (result.err += text) });
    auditCommands(program, withRuntimeIn(dir), io);
    await program.parseAsync(args, { from: 'user' });
    return result;
  }
  const coop = (...args: string[]) => coopIn(books, ...args);
  let n = 500;
  const moreHistory = () =>
    withRuntimeIn(books)(async (r) => {
      await r.events.append(
        REGISTER_STREAM,
        [envelope(++n, 'SharesPaid', { memberId: memberId(1), amountCents: 1, paidOn: '2026-02-13' })],
        'any',
      );
    });

  beforeAll(async () => {
    root = tempDir('coop-signing-');
    books = join(root, 'books');
    copy = join(root, 'copy');
    witnessKey = join(root, 'witness', 'collegio.key');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(root, 'witness'));
    await withRuntimeIn(books)((r) => writeMembershipHistory(r.events, clock));
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('signs each new seal with a key it creates in the data directory, mode 0600', async () => {
    const sealed = await coop('audit', 'seal');
    expect(sealed.code).toBe(0);
    expect(sealed.out).toMatch(/signed by {4}coop-ledger\/ledger key [0-9a-f]{8}: — coop-ledger\/ledger [A-Za-z0-9+/]+=*/);
    expect(statSync(join(books, SEAL_KEY_FILE)).mode & 0o777).toBe(0o600);
    const keys = await coop('audit', 'keys', '--json');
    expect(JSON.parse(keys.out).keys).toMatchObject([{ origin: 'coop-ledger/ledger', fromTreeSize: 0, adoptedBy: 'first' }]);
  });

  it('registers a witness whose key was made on its own machine, and records its cosignature', async () => {
    const init = await coopIn(join(root, 'nowhere'), 'audit', 'witness-init', '--name', 'collegio.example', '--out', witnessKey);
    const vkey = init.out.trim();
    expect(vkey).toMatch(/^collegio\.example\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    expect(statSync(witnessKey).mode & 0o777).toBe(0o600);
    expect((await coop('audit', 'witness-add', vkey)).code).toBe(0);
    const cosigned = await coop('audit', 'cosign', '--seal', '2', '--key', witnessKey);
    expect(cosigned.err).toBe('');
    expect(cosigned.out).toMatch(/seal 2 .* cosigned and recorded\n— collegio\.example /);
    expect(JSON.parse(readFileSync(`${witnessKey}.state.json`, 'utf8'))).toMatchObject({ seal: 2 });
  });

  it('cosigns a later seal only over a consistency proof from the last one, and refuses to go back', async () => {
    await moreHistory();
    expect((await coop('audit', 'seal')).code).toBe(0);
    const later = await coop('audit', 'cosign', '--seal', '3', '--key', witnessKey);
    expect(later.err).toBe('');
    const back = await coop('audit', 'cosign', '--seal', '2', '--key', witnessKey);
    expect(back.code).toBe(1);
    expect(back.err).toMatch(/does not come after seal 3/);
  });

  it('rotates the key by an event the old key signs; later seals are signed by the new key', async () => {
    const rotated = await coop('audit', 'rotate-key');
    expect(rotated.code).toBe(0);
    await moreHistory();
    expect((await coop('audit', 'seal')).code).toBe(0);
    expect((await coop('audit', 'cosign', '--seal', '4', '--key', witnessKey)).err).toBe('');
    const keys = JSON.parse((await coop('audit', 'keys', '--json')).out);
    expect(keys.keys).toHaveLength(2);
    expect(keys.keys[1]).toMatchObject({ adoptedBy: 'rotation' });
    expect(keys.keys[0].untilTreeSize).toBe(keys.keys[1].fromTreeSize);
  });

  it('refuses to cosign when the consistency proof does not join the checkpoint the witness remembers', async () => {
    await moreHistory();
    expect((await coop('audit', 'seal')).code).toBe(0);
    const stateFile = `${witnessKey}.state.json`;
    const kept = readFileSync(stateFile, 'utf8');
    writeFileSync(stateFile, JSON.stringify({ ...JSON.parse(kept), logRoot: 'f'.repeat(64) }));
    const refused = await coop('audit', 'cosign', '--seal', '5', '--key', witnessKey);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/not a consistent extension of seal 4: the consistency proof does not verify/);
    writeFileSync(stateFile, kept);
  });

  it('survives coop copy: verify on the target passes and lists the signatures and the cosigner', async () => {
    const from = new SqliteEventStorage(join(books, 'events.sqlite'));
    const to = new SqliteEventStorage(join(copy, 'events.sqlite'));
    await copyHistory(from, to);
    await from.close();
    await to.close();
    const verified = await coopIn(copy, 'audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.out).toContain('INTACT');
    expect(verified.out).toMatch(
      /seal 2 \(tree size \d+\): signature VALID by coop-ledger\/ledger key [0-9a-f]{8}; cosigned by collegio\.example \(valid\)/,
    );
    expect(verified.out).toMatch(/seal 4 \(tree size \d+\): signature VALID .*; cosigned by collegio\.example \(valid\)/);
    const report = JSON.parse((await coopIn(copy, 'audit', 'verify', '--json')).out);
    expect(report.signatures.keys).toHaveLength(2);
    expect(report.signatures.seals[4].signature.keyId).toBe(report.signatures.keys[1].keyId);
  });

  it('finds a forged signature appended with its chain intact: verify exits 1', async () => {
    const forged = join(root, 'forged');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(forged);
    copyFileSync(join(copy, 'events.sqlite'), join(forged, 'events.sqlite'));
    const intruder = keyFromSeed(Buffer.alloc(32, 9));
    const report = JSON.parse((await coopIn(forged, 'audit', 'verify', '--json')).out);
    const seal = report.signatures.seals[3];
    const logRoot = (await withRuntimeIn(forged)(async (r) => {
      for await (const e of r.events.readStream('ledgerSeal-main'))
        if (e.revision === 3n) return (e.data as { logRoot: string }).logRoot;
    }))!;
    await withRuntimeIn(forged)((r) =>
      r.events.append(
        SEAL_SIGNATURES_STREAM,
        [
          envelope(900, 'SealSigned', {
            seal: 3,
            treeSize: seal.treeSize,
            logRoot,
            origin: 'coop-ledger/ledger',
            keyId: report.signatures.keys[0].keyId,
            signature: signNote('coop-ledger/ledger', intruder, checkpointBody('coop-ledger/ledger', seal.treeSize, logRoot)),
          }),
        ],
        'any',
      ),
    );
    const verified = await coopIn(forged, 'audit', 'verify');
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(/seal 3 .*signature INVALID .*does not verify/);
    expect(verified.out).toContain('BROKEN');
  });

  it('finds a signature edited in the file (its chain breaks)', async () => {
    const edited = join(root, 'edited');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(edited);
    copyFileSync(join(copy, 'events.sqlite'), join(edited, 'events.sqlite'));
    const tamper = new Tamper(join(edited, 'events.sqlite'));
    const row = tamper.streamRows(SEAL_SIGNATURES_STREAM)[0]!;
    tamper.editData(row.position, (data) => ({ ...data, signature: Buffer.alloc(68, 1).toString('base64') }));
    tamper.close();
    const verified = await coopIn(edited, 'audit', 'verify');
    expect(verified.code).toBe(1);
    expect(verified.out).toMatch(/reason {4}hash/);
  });

  it('refuses to seal or sign with a key file that is not the recorded key, and records nothing', async () => {
    const file = join(books, SEAL_KEY_FILE);
    const kept = readFileSync(file, 'utf8');
    const before = JSON.parse((await coop('audit', 'verify', '--json')).out).events;
    writeFileSync(file, `PRIVATE+KEY+coop-ledger/ledger+${'0'.repeat(8)}+AQ==\n`);
    const unreadable = await coop('audit', 'seal');
    expect(unreadable.code).toBe(1);
    expect(unreadable.err).toMatch(/is not a signer key/);
    const { signerKey, ED25519 } = await import('../../src/audit/signing/note.js');
    writeFileSync(file, signerKey('coop-ledger/ledger', ED25519, keyFromSeed(Buffer.alloc(32, 5))) + '\n');
    const refused = await coop('audit', 'seal');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/is not the recorded current key/);
    expect(JSON.parse((await coop('audit', 'verify', '--json')).out).events).toBe(before);
    writeFileSync(file, kept);
  });

  it('SEAL_INCONSISTENT refuses, on the cooperative’s side, a cosignature over a seal that does not extend the witness’s last one', async () => {
    await moreHistory();
    expect((await coop('audit', 'seal')).code).toBe(0);
    // The history the witness cosigned at seal 4 is rewritten in the file afterwards.
    const tamper = new Tamper(join(books, 'events.sqlite'));
    tamper.editData(tamper.rows()[0]!.position, (data) => ({ ...data, rewritten: true }));
    tamper.close();
    const witness = parseSignerKey(readFileSync(witnessKey, 'utf8'));
    const error = await withRuntimeIn(books)(async (r) => {
      const seal = (await (await import('../../src/audit/proofs.js')).seals(r.events)).at(-1)!;
      const report = JSON.parse((await coop('audit', 'keys', '--json')).out);
      const body = checkpointBody(report.keys[0].origin, seal.treeSize, seal.logRoot!);
      const time = Math.floor(clock.now().getTime() / 1000);
      return recordCosignature(
        r.events,
        seal.seal,
        { keyId: report.witnesses[0].keyId, signature: cosign(witness.name, witness, body, time) },
        { keyId: 'auditor', role: 'auditor' },
        clock,
      ).catch((e: unknown) => e);
    });
    expect(error).toBeInstanceOf(RuleViolation);
    expect(error).toMatchObject({ rule: 'SEAL_INCONSISTENT', legalBasis: 'c.c. art. 2403' });
  });
});
