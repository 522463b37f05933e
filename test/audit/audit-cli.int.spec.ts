import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Command, CommanderError } from 'commander';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { auditCommands, type AuditIo } from '../../src/audit/audit.cli.js';
import { auditContext } from '../../src/audit/seal.js';
import { contexts } from '../../src/contexts.js';
import { MEMBER_REGISTER } from '../../src/membership/projections/member-register.projection.js';
import { FixedClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config/config.js';
import { collectionName } from '../../src/platform/projections/projection-state.js';
import { createRuntime, type Runtime } from '../../src/platform/runtime.js';
import { eventLeafHash, verifyConsistency, verifyInclusion } from '../../src/audit/merkle.js';
import { REGISTER_STREAM } from '../../src/membership/domain/membership-events.js';
import { appId, memberId, rejected } from '../support/membership-history.js';
import { envelope, Tamper, tempDir, writeMembershipHistory } from './support.js';

const eventId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** `coop audit …` run in-process, as src/cli.ts wires it, over a real data directory. */
describe('coop audit', () => {
  let dir: string;
  const clock = new FixedClock('2026-03-02T10:00:00Z');

  const runtime = () =>
    createRuntime(loadConfig({ COOP_DATA_DIR: dir }), [...contexts, auditContext], {
      clock,
      logger: pino({ level: 'silent' }),
      projectionPollMs: 20,
    });
  const withRuntime = async <T>(work: (runtime: Runtime) => Promise<T>): Promise<T> => {
    const r = await runtime();
    try {
      return await work(r);
    } finally {
      await r.close();
    }
  };

  /** Runs one command line; answers what it printed and the exit code it set. */
  async function coop(...args: string[]) {
    const result = { out: '', err: '', code: 0 };
    const io: AuditIo = {
      out: (text) => void (result.out += text),
      err: (text) => void (result.err += text),
      exit: (code) => void (result.code = code),
      progress: false,
    };
    const program = new Command().exitOverride().configureOutput({ writeErr: (text) => void (result.err += text) });
    auditCommands(program, withRuntime, io);
    await program.parseAsync(args, { from: 'user' });
    return result;
  }

  beforeAll(async () => {
    dir = tempDir('coop-audit-cli-');
    await withRuntime(async (r) => {
      await writeMembershipHistory(r.events, clock);
      await r.projections.start();
      expect(await r.projections.catchUp(10_000)).toBe(true);
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seals, and verifies with exit code 0', async () => {
    // The first signed seal adopts the seal key first (SealKeyAdopted, log index 23), so the seal covers it.
    const sealed = await coop('audit', 'seal', '--json');
    expect(JSON.parse(sealed.out)).toMatchObject({ position: '24', treeSize: 24, streams: 12, sealRevision: '2' });
    const verified = await coop('audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/26 events in 14 streams, 3 seals checked/);
    expect(verified.out).toMatch(
      /seal 2 \(tree size 24\): signature VALID by coop-ledger\/ledger key [0-9a-f]{8}; cosigned by no witness/,
    );
    expect(verified.out).toMatch(/seal 1 \(tree size \d+\): signature MISSING/);
    expect(verified.out).toMatch(/memberRegister\s+7/);
    expect(verified.out).toContain('INTACT');
  });

  it('proves an event in a seal with a proof that checks against the log root alone', async () => {
    // The first admission (the 7th event written) is at log index 7, after the six applications and the first seal.
    const proved = await coop('audit', 'prove', '--event', eventId(7), '--seal', '1', '--json');
    expect(proved.code).toBe(0);
    const p = JSON.parse(proved.out);
    expect(p).toMatchObject({ seal: 1, eventType: 'MemberAdmitted', stream: 'memberRegister-main', logIndex: 7, treeSize: 22 });
    expect(p.leafHash).toBe(eventLeafHash(7, p.chainedHash).toString('hex'));
    expect(verifyInclusion(p.leafHash, p.logIndex, p.treeSize, p.proof, p.logRoot)).toBe(true);
    expect(verifyInclusion(p.leafHash, p.logIndex + 1, p.treeSize, p.proof, p.logRoot)).toBe(false);
    const human = await coop('audit', 'prove', '--event', eventId(7));
    expect(human.out).toMatch(/is at log index 7 of seal 2/);
  });

  it('refuses to prove an event recorded after the seal, or one that does not exist', async () => {
    const later = await coop('audit', 'prove', '--event', eventId(7), '--seal', '0');
    expect(later).toMatchObject({ code: 1, out: '' });
    expect(later.err).toMatch(/recorded after seal 0/);
    const none = await coop('audit', 'prove', '--event', 'no-such-event');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/event no-such-event does not exist/);
  });

  it('proves an older seal consistent with a newer one, and refuses them the wrong way round', async () => {
    const proved = await coop('audit', 'consistency', '0', '1', '--json');
    expect(proved.code).toBe(0);
    const { older, newer, proof } = JSON.parse(proved.out);
    expect([older.treeSize, newer.treeSize]).toEqual([6, 22]);
    expect(verifyConsistency(older.treeSize, newer.treeSize, proof, older.logRoot, newer.logRoot)).toBe(true);
    expect(verifyConsistency(older.treeSize, newer.treeSize, proof, newer.logRoot, older.logRoot)).toBe(false);
    const reversed = await coop('audit', 'consistency', '1', '0');
    expect(reversed.code).toBe(1);
    expect(reversed.err).toMatch(/is not older than seal 0/);
  });

  it('replays the register as of a date from the events, the same as the read model answers', async () => {
    const json = await coop('audit', 'replay', '--as-of', '2026-02-15', '--book', 'register', '--compare');
    expect(json.code).toBe(0);
    expect(json.err).toContain('SAME');
    const book = JSON.parse(json.out);
    expect(book.members.map((m: { memberNumber: number; category: string }) => [m.memberNumber, m.category])).toEqual([
      [1, 'worker'],
      [2, 'worker'],
      [3, 'worker'],
      [4, 'volunteer'],
    ]);
    const csv = await coop('audit', 'replay', '--as-of', '2026-02-28', '--format', 'csv', '--compare');
    expect(csv.code).toBe(0);
    const lines = csv.out.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^numero,id_socio,/);
    expect(lines[3]).toMatch(/^3,.*,2026-02-25,death$/);
  });

  it('exits 1 when the read model says otherwise than the events', async () => {
    await withRuntime(async (r) => {
      const status = (await r.projections.inspect()).find((s) => s.name === MEMBER_REGISTER)!;
      const members = collectionName(MEMBER_REGISTER, status.activeBuild ?? status.build, 'members');
      await r.readModels.transaction((tx) =>
        tx.collection(members).updateOne({ memberNumber: 2 }, { $set: { boardResolutionId: 'cda-forged' } }),
      );
    });
    const compared = await coop('audit', 'replay', '--as-of', '2026-02-28', '--compare');
    expect(compared.code).toBe(1);
    expect(compared.err).toMatch(/DIFFERENT: 1 member/);
    expect(compared.err).toMatch(/no\. 2: boardResolutionId differ/);
  });

  it('exits 1 when the read model has not been built, or is behind the register', async () => {
    const main = dir;
    dir = tempDir('coop-audit-cli-unbuilt-');
    try {
      await withRuntime((r) => writeMembershipHistory(r.events, new FixedClock('2026-03-02T10:00:00Z')));
      const unbuilt = await coop('audit', 'replay', '--as-of', '2026-02-28', '--compare');
      expect(unbuilt.code).toBe(1);
      expect(unbuilt.err).toMatch(/^NOT BUILT: member-register build \S+ has projected nothing/);
      await withRuntime(async (r) => {
        await r.projections.start();
        expect(await r.projections.catchUp(10_000)).toBe(true);
      });
      expect((await coop('audit', 'replay', '--as-of', '2026-02-28', '--compare')).code).toBe(0);
      await withRuntime(async (r) => {
        await r.events.append(
          REGISTER_STREAM,
          [
            envelope(99, 'MemberCategoryChanged', {
              memberId: memberId(1),
              from: 'worker',
              to: 'user',
              boardResolutionId: 'cda-d',
              changedOn: '2026-02-26',
            }),
          ],
          6n,
        );
      });
      const behind = await coop('audit', 'replay', '--as-of', '2026-02-28', '--compare');
      expect(behind.code).toBe(1);
      expect(behind.err).toMatch(/BEHIND: the read model answered what the events said at its position/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      dir = main;
    }
  });

  it('compares the admissions of the year with the read model, naming the first entry that differs', async () => {
    const same = await coop('audit', 'replay', '--as-of', '2026-02-28', '--book', 'admissions', '--compare');
    expect(same.err).toMatch(/^SAME: the admissions as of 2026-02-28/);
    expect(same.code).toBe(0);
    await withRuntime(async (r) => {
      const status = (await r.projections.inspect()).find((s) => s.name === MEMBER_REGISTER)!;
      const applications = collectionName(MEMBER_REGISTER, status.activeBuild ?? status.build, 'applications');
      await r.readModels.transaction((tx) =>
        tx.collection(applications).updateOne({ _id: appId(2) }, { $set: { 'admission.boardResolutionId': 'cda-forged' } }),
      );
    });
    const compared = await coop('audit', 'replay', '--as-of', '2026-02-28', '--book', 'admissions', '--compare');
    expect(compared.code).toBe(1);
    expect(compared.err).toMatch(new RegExp(`^DIFFERENT: 1 entry differs .*; the first: admissions\\[1\\] ${appId(2)}`));
  });

  it('exits 1 when the admissions read model has not been built, or is behind, naming its checkpoint and the head', async () => {
    const main = dir;
    dir = tempDir('coop-audit-cli-unbuilt-');
    try {
      await withRuntime((r) => writeMembershipHistory(r.events, new FixedClock('2026-03-02T10:00:00Z')));
      const compare = () => coop('audit', 'replay', '--as-of', '2026-02-28', '--book', 'admissions', '--compare');
      const unbuilt = await compare();
      expect(unbuilt.code).toBe(1);
      expect(unbuilt.err).toMatch(/^NOT BUILT: member-register build \S+ at checkpoint \(none\), events head 23/);
      await withRuntime(async (r) => {
        await r.projections.start();
        expect(await r.projections.catchUp(10_000)).toBe(true);
      });
      expect((await compare()).code).toBe(0);
      await withRuntime((r) =>
        r.events.append(
          REGISTER_STREAM,
          [envelope(99, 'AdmissionRejected', { ...rejected(6).data, decidedOn: '2026-02-27' } as never)],
          6n,
        ),
      );
      const behind = await compare();
      expect(behind.code).toBe(1);
      expect(behind.err).toMatch(
        /^BEHIND: member-register build \S+ at checkpoint 23, events head 24: 1 event\(s\) of the admissions/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      dir = main;
    }
  });

  it('refuses a date that is not one', async () => {
    await expect(coop('audit', 'replay', '--as-of', '2026-02-30')).rejects.toBeInstanceOf(CommanderError);
  });

  it('exits 1 and says where when the file was altered', async () => {
    const t = new Tamper(join(dir, 'events.sqlite'));
    const row = t.at('memberRegister-main', 3);
    t.editData(row.position, (data) => ({ ...data, category: 'worker' }));
    t.close();
    const verified = await coop('audit', 'verify', '--json');
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.out)).toMatchObject({
      ok: false,
      firstBreak: { stream: 'memberRegister-main', revision: '3', position: String(row.position), reason: 'hash' },
    });
    const human = await coop('audit', 'verify');
    expect(human.code).toBe(1);
    expect(human.out).toMatch(/BROKEN: 1 break\(s\)/);
    expect(human.out).toMatch(/by test-secretary \(secretary\), command cmd-\d+, correlation cmd-\d+/);
  });

  it('refuses to seal the altered history, and records nothing', async () => {
    const before = await withRuntime(async (r) => r.events.headPosition());
    const refused = await coop('audit', 'seal', '--json');
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toMatch(/refusing to seal: the chain of memberRegister-main breaks at revision 3 .*hash/);
    expect(await withRuntime(async (r) => r.events.headPosition())).toBe(before);
  });

  it('gives no proof over a history altered since it was sealed', async () => {
    const proved = await coop('audit', 'prove', '--event', eventId(1), '--seal', '1');
    expect(proved.code).toBe(1);
    expect(proved.err).toMatch(/the chain of memberRegister-main breaks at revision 3 \(log index 16, hash\)/);
    expect((await coop('audit', 'consistency', '0', '1')).code).toBe(1);
  });
});
