import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EncryptedPersonalDataVault,
  PersonalDataIntegrityError,
  PersonalKeyNotFoundError,
} from '../../src/platform/personal-data/encrypted-vault.js';
import { PersonalDataErasedError } from '../../src/platform/personal-data/key-store.js';
import {
  ErasureUnsupportedError,
  PlainPersonalDataVault,
  SealedPersonalDataSchema,
  type SealedPersonalData,
} from '../../src/platform/personal-data/personal-data.js';
import { SqlitePersonalKeyStore } from '../../src/platform/personal-data/sqlite-key-store.js';

const maria = {
  givenName: 'Maria',
  familyName: 'Rossi',
  fiscalCode: 'RSSMRA80A01H501U',
  birthDate: '1980-01-01',
  residence: { street: 'Via Roma 1', city: 'Genova', postalCode: '16121', province: 'GE' },
  health: { allergies: ['arachidi'], disability: true },
};

const subject = (label: string) => `${label}-${randomUUID()}`;

/** Flips one bit of a base64 field. */
function flipped(base64: string, byte = 0): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[byte] = bytes[byte]! ^ 0x01;
  return bytes.toString('base64');
}

/** The key file and, when present, its WAL and shared-memory index. */
function keyFiles(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith('keys.sqlite'))
    .map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
}

const filesContaining = (dir: string, key: Buffer) =>
  keyFiles(dir)
    .filter((file) => file.bytes.includes(key))
    .map((file) => file.name);

describe('EncryptedPersonalDataVault over the SQLite key store', () => {
  let dir: string;
  let keys: SqlitePersonalKeyStore;
  let vault: EncryptedPersonalDataVault;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'coop-vault-'));
    keys = new SqlitePersonalKeyStore(join(dir, 'keys.sqlite'));
    vault = new EncryptedPersonalDataVault(keys);
  });
  afterAll(async () => {
    await keys?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals into a valid aes-256-gcm blob that opens to the same fields', async () => {
    const s = subject('round-trip');
    const sealed = await vault.seal(s, maria);
    expect(SealedPersonalDataSchema.parse(sealed)).toEqual(sealed);
    expect(sealed).toEqual({
      subject: s,
      scheme: 'aes-256-gcm',
      keyId: expect.any(String),
      iv: expect.any(String),
      tag: expect.any(String),
      ciphertext: expect.any(String),
    });
    expect(Buffer.from(sealed.iv!, 'base64')).toHaveLength(12);
    expect(Buffer.from(sealed.tag!, 'base64')).toHaveLength(16);
    expect(await vault.open(sealed)).toEqual(maria);
    // What an event stores is JSON: the blob survives the round trip through it.
    expect(await vault.open(JSON.parse(JSON.stringify(sealed)) as SealedPersonalData)).toEqual(maria);
  });

  it('opens with a fresh vault over the same key store (another process, a restart)', async () => {
    const sealed = await vault.seal(subject('fresh'), maria);
    expect(await new EncryptedPersonalDataVault(keys).open(sealed)).toEqual(maria);
  });

  it('leaves no plaintext in the blob', async () => {
    const sealed = await vault.seal(subject('opaque'), maria);
    const stored = JSON.stringify(sealed);
    const decoded = Buffer.concat([Buffer.from(sealed.ciphertext!, 'base64'), Buffer.from(stored)]);
    for (const value of ['Maria', 'Rossi', 'RSSMRA80A01H501U', '1980-01-01', 'Via Roma', 'Genova', 'arachidi', 'fiscalCode'])
      expect(decoded.includes(value)).toBe(false);
  });

  it('seals the same fields differently each time (a fresh iv)', async () => {
    const s = subject('iv');
    const first = await vault.seal(s, maria);
    const second = await vault.seal(s, maria);
    expect(second.keyId).toBe(first.keyId);
    expect(second.iv).not.toBe(first.iv);
    expect(second.ciphertext).not.toBe(first.ciphertext);
    expect(await vault.open(first)).toEqual(maria);
    expect(await vault.open(second)).toEqual(maria);
  });

  it('refuses a blob copied to another subject, with or without that subject key id', async () => {
    const victim = await vault.seal(subject('victim'), maria);
    const other = subject('other');
    const othersOwn = await vault.seal(other, { givenName: 'Luca' });
    await expect(vault.open({ ...victim, subject: other })).rejects.toBeInstanceOf(PersonalKeyNotFoundError);
    await expect(vault.open({ ...victim, subject: other, keyId: othersOwn.keyId })).rejects.toBeInstanceOf(
      PersonalDataIntegrityError,
    );
    // Only the subject and key id bound as associated data stop this one: the key is the victim's own.
    const sameKeyOtherId = { ...victim, keyId: randomUUID() };
    await expect(vault.open(sameKeyOtherId)).rejects.toBeInstanceOf(PersonalKeyNotFoundError);
  });

  it('throws on a tampered ciphertext, tag or iv, never answering null', async () => {
    const sealed = await vault.seal(subject('tampered'), maria);
    for (const tampered of [
      { ...sealed, ciphertext: flipped(sealed.ciphertext!) },
      { ...sealed, ciphertext: flipped(sealed.ciphertext!, 20) },
      { ...sealed, tag: flipped(sealed.tag!) },
      { ...sealed, iv: flipped(sealed.iv!) },
      { ...sealed, tag: Buffer.from(sealed.tag!, 'base64').subarray(0, 12).toString('base64') },
      { ...sealed, ciphertext: Buffer.from(sealed.ciphertext!, 'base64').subarray(1).toString('base64') },
    ]) {
      const error = await vault.open(tampered).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PersonalDataIntegrityError);
      expect((error as Error).message).toContain(sealed.subject);
    }
    const { ciphertext: _, ...missing } = sealed;
    await expect(vault.open(missing)).rejects.toBeInstanceOf(PersonalDataIntegrityError);
    expect(await vault.open(sealed)).toEqual(maria);
  });

  it('throws when the key store does not know the key of a subject that is not erased', async () => {
    const sealed = await vault.seal(subject('elsewhere'), maria);
    const otherDir = mkdtempSync(join(tmpdir(), 'coop-vault-other-'));
    const otherKeys = new SqlitePersonalKeyStore(join(otherDir, 'keys.sqlite'));
    try {
      await expect(new EncryptedPersonalDataVault(otherKeys).open(sealed)).rejects.toBeInstanceOf(PersonalKeyNotFoundError);
    } finally {
      await otherKeys.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('after erasure, opens every earlier blob of the subject as null, others still open, and refuses to seal', async () => {
    const erased = subject('erased');
    const kept = subject('kept');
    const blobs = [
      await vault.seal(erased, maria),
      await vault.seal(erased, { phone: '+39 010 000000' }),
      await vault.seal(erased, { health: { diagnosis: 'F84.0' } }),
    ];
    const keptBlob = await vault.seal(kept, { givenName: 'Luca' });
    // Warm the cache: erasure must drop what it holds.
    for (const blob of blobs) expect(await vault.open(blob)).not.toBeNull();

    const { erasedAt } = await vault.erase(erased);
    expect(typeof erasedAt).toBe('string');
    expect(await vault.isErased(erased)).toBe(true);
    expect(await vault.isErased(kept)).toBe(false);
    for (const blob of blobs) expect(await vault.open(blob)).toBeNull();
    expect(await vault.open(keptBlob)).toEqual({ givenName: 'Luca' });
    // A vault with an empty cache reads the erasure from the store.
    const restarted = new EncryptedPersonalDataVault(keys);
    for (const blob of blobs) expect(await restarted.open(blob)).toBeNull();
    expect(await restarted.open(keptBlob)).toEqual({ givenName: 'Luca' });

    await expect(vault.seal(erased, maria)).rejects.toBeInstanceOf(PersonalDataErasedError);
    await expect(restarted.seal(erased, maria)).rejects.toBeInstanceOf(PersonalDataErasedError);
    expect(await vault.erase(erased)).toEqual({ erasedAt });
  });

  it('sees an erasure made by another vault once its cached key expires', async () => {
    const s = subject('shared');
    const sealed = await vault.seal(s, maria);
    const other = new EncryptedPersonalDataVault(keys, { cacheTtlMs: 0 });
    expect(await other.open(sealed)).toEqual(maria);
    await vault.erase(s);
    expect(await other.open(sealed)).toBeNull();
  });

  it('keeps working with a cache smaller than the number of subjects', async () => {
    const small = new EncryptedPersonalDataVault(keys, { cacheSize: 2 });
    const blobs = await Promise.all(Array.from({ length: 10 }, (_, i) => small.seal(subject(`lru-${i}`), { i })));
    for (const [i, blob] of blobs.entries()) expect(await small.open(blob)).toEqual({ i });
    await small.erase(blobs[3]!.subject);
    for (const [i, blob] of blobs.entries()) expect(await small.open(blob)).toEqual(i === 3 ? null : { i });
  });

  it('opens plain (scheme none) blobs of the first release, as erased once their subject is', async () => {
    const s = subject('legacy');
    const plain = await new PlainPersonalDataVault().seal(s, maria);
    expect(await vault.open(plain)).toEqual(maria);
    await vault.erase(s);
    expect(await vault.open(plain)).toBeNull();
  });

  it('removes the erased key bytes from the key file and its WAL', async () => {
    const storeDir = mkdtempSync(join(tmpdir(), 'coop-vault-shred-'));
    const store = new SqlitePersonalKeyStore(join(storeDir, 'keys.sqlite'));
    try {
      const shredding = new EncryptedPersonalDataVault(store);
      // Enough people for several pages, so erasure meets splits and neighbours.
      const subjects = Array.from({ length: 300 }, (_, i) => `person-${String(i).padStart(4, '0')}-${randomUUID()}`);
      const keyOf = new Map<string, Buffer>();
      for (const s of subjects) {
        const sealed = await shredding.seal(s, maria);
        keyOf.set(s, (await store.get(s, sealed.keyId!))!);
      }
      const erased = [subjects[0]!, subjects[150]!, subjects[299]!];
      const kept = subjects[75]!;
      // The search itself works: every key is somewhere in the files before erasure.
      for (const s of [...erased, kept]) expect(filesContaining(storeDir, keyOf.get(s)!).length).toBeGreaterThan(0);

      for (const s of erased) await shredding.erase(s);

      for (const s of erased) expect(filesContaining(storeDir, keyOf.get(s)!)).toEqual([]);
      expect(filesContaining(storeDir, keyOf.get(kept)!)).not.toEqual([]);
      const wal = keyFiles(storeDir).find((file) => file.name === 'keys.sqlite-wal');
      expect(wal?.bytes.length ?? 0).toBe(0);
    } finally {
      await store.close();
      rmSync(storeDir, { recursive: true, force: true });
    }
  });
});

describe('PlainPersonalDataVault', () => {
  it('refuses to erase, since its fields stay readable in the events', async () => {
    const plain = new PlainPersonalDataVault();
    const error = await plain.erase('someone').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErasureUnsupportedError);
    expect((error as Error).message).toMatch(/plain/);
    expect(await plain.isErased('someone')).toBe(false);
  });
});
