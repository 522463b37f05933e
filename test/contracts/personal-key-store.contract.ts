import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { PersonalDataErasedError, type PersonalKeyStore } from '../../src/platform/personal-data/key-store.js';

export interface PersonalKeyStoreTarget {
  /**
   * A new store over the same storage (file or database), as another process or a restart
   * would open it. The suite closes what it opens.
   */
  open(): Promise<PersonalKeyStore>;
  /** Removes whatever the target created; called once after the suite. */
  dispose(): Promise<void>;
}

/** Subjects unique per test: the suite also runs against a shared server. */
const subject = (label: string) => `${label}-${randomUUID()}`;

/**
 * The key-store contract every adapter must pass unchanged: one key per subject whatever
 * the concurrency, erasure that deletes the key and is final, and keys that outlive the
 * process (a lost key is a person whose data can never be read again).
 */
export function personalKeyStoreContract(name: string, target: () => Promise<PersonalKeyStoreTarget>): void {
  describe(`personal key store contract: ${name}`, () => {
    let t: PersonalKeyStoreTarget;
    let store: PersonalKeyStore;

    beforeAll(async () => {
      t = await target();
      store = await t.open();
    });
    afterAll(async () => {
      await store?.close();
      await t?.dispose();
    });

    it('creates a 32-byte key on first use, returns it again, and finds it by subject and key id', async () => {
      const s = subject('first-use');
      const created = await store.getOrCreate(s);
      expect(created.key).toBeInstanceOf(Buffer);
      expect(created.key).toHaveLength(32);
      expect(created.keyId.length).toBeGreaterThan(0);
      const again = await store.getOrCreate(s);
      expect(again.keyId).toBe(created.keyId);
      expect(again.key.equals(created.key)).toBe(true);
      expect((await store.get(s, created.keyId))?.equals(created.key)).toBe(true);
      expect(await store.isErased(s)).toBe(false);
    });

    it('gives each subject its own key', async () => {
      const a = await store.getOrCreate(subject('a'));
      const b = await store.getOrCreate(subject('b'));
      expect(a.keyId).not.toBe(b.keyId);
      expect(a.key.equals(b.key)).toBe(false);
    });

    it('answers null for an unknown subject or a key id the subject does not have', async () => {
      const s = subject('unknown');
      expect(await store.get(s, randomUUID())).toBeNull();
      expect(await store.isErased(s)).toBe(false);
      const { keyId } = await store.getOrCreate(s);
      expect(await store.get(s, randomUUID())).toBeNull();
      expect(await store.get(subject('other'), keyId)).toBeNull();
    });

    it('returns the same key to 20 concurrent getOrCreate calls for one new subject', async () => {
      const s = subject('concurrent');
      const results = await Promise.all(Array.from({ length: 20 }, () => store.getOrCreate(s)));
      expect(new Set(results.map((r) => r.keyId)).size).toBe(1);
      expect(new Set(results.map((r) => r.key.toString('hex'))).size).toBe(1);
      expect((await store.get(s, results[0]!.keyId))?.equals(results[0]!.key)).toBe(true);
    });

    it('returns the same key to concurrent callers on two stores over the same storage', async () => {
      const other = await t.open();
      try {
        const s = subject('two-stores');
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : other).getOrCreate(s)));
        expect(new Set(results.map((r) => `${r.keyId}:${r.key.toString('hex')}`)).size).toBe(1);
      } finally {
        await other.close();
      }
    });

    it('erases: get answers null, isErased true, and the subject is never keyed again', async () => {
      const s = subject('erased');
      const { keyId } = await store.getOrCreate(s);
      const { erasedAt } = await store.erase(s);
      expect(new Date(erasedAt).toISOString()).toBe(erasedAt);
      expect(await store.get(s, keyId)).toBeNull();
      expect(await store.isErased(s)).toBe(true);
      const error = await store.getOrCreate(s).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PersonalDataErasedError);
      expect((error as PersonalDataErasedError).subject).toBe(s);
      expect((error as PersonalDataErasedError).erasedAt).toBe(erasedAt);
    });

    it('erases idempotently, keeping the first erasure instant', async () => {
      const s = subject('twice');
      await store.getOrCreate(s);
      const first = await store.erase(s);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await store.erase(s)).toEqual(first);
      expect(await store.isErased(s)).toBe(true);
    });

    it('records a tombstone when erasing a subject that never had a key', async () => {
      const s = subject('never-keyed');
      const { erasedAt } = await store.erase(s);
      expect(typeof erasedAt).toBe('string');
      expect(await store.isErased(s)).toBe(true);
      expect(await store.get(s, randomUUID())).toBeNull();
      await expect(store.getOrCreate(s)).rejects.toBeInstanceOf(PersonalDataErasedError);
    });

    it('erases only the subject named', async () => {
      const gone = subject('gone');
      const kept = subject('kept');
      await store.getOrCreate(gone);
      const live = await store.getOrCreate(kept);
      await store.erase(gone);
      expect(await store.isErased(kept)).toBe(false);
      expect((await store.get(kept, live.keyId))?.equals(live.key)).toBe(true);
    });

    it('keeps keys and tombstones when the store is closed and opened again', async () => {
      const live = subject('survives');
      const erased = subject('stays-erased');
      const first = await t.open();
      const created = await first.getOrCreate(live);
      await first.getOrCreate(erased);
      await first.erase(erased);
      await first.close();

      const reopened = await t.open();
      try {
        expect((await reopened.get(live, created.keyId))?.equals(created.key)).toBe(true);
        const again = await reopened.getOrCreate(live);
        expect(again.keyId).toBe(created.keyId);
        expect(again.key.equals(created.key)).toBe(true);
        expect(await reopened.isErased(erased)).toBe(true);
        await expect(reopened.getOrCreate(erased)).rejects.toBeInstanceOf(PersonalDataErasedError);
      } finally {
        await reopened.close();
      }
    });

    it('sees, from one store, an erasure made through another over the same storage', async () => {
      const s = subject('cross');
      const { keyId } = await store.getOrCreate(s);
      const other = await t.open();
      try {
        await other.erase(s);
      } finally {
        await other.close();
      }
      expect(await store.get(s, keyId)).toBeNull();
      expect(await store.isErased(s)).toBe(true);
      await expect(store.getOrCreate(s)).rejects.toBeInstanceOf(PersonalDataErasedError);
    });

    it('treats a subject as an opaque string', async () => {
      const s = `$weird.{"subject"}-${randomUUID()}`;
      const { keyId, key } = await store.getOrCreate(s);
      expect((await store.get(s, keyId))?.equals(key)).toBe(true);
      await store.erase(s);
      expect(await store.isErased(s)).toBe(true);
      expect(await store.get(s, keyId)).toBeNull();
    });
  });
}
