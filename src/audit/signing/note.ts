import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The C2SP formats a seal is signed and witnessed in, so that any transparency-log tool
 * (golang.org/x/mod/sumdb/note, sigsum, the witness network's omniwitness) can check them:
 *
 * - a checkpoint (c2sp.org/tlog-checkpoint): `<origin>\n<tree size>\n<base64 root>\n`;
 * - a note signature line (c2sp.org/signed-note): `— <key name> <base64(4-byte key id ‖ signature)>`,
 *   the key id being the first 4 bytes of SHA-256(key name ‖ 0x0A ‖ type ‖ public key), type
 *   0x01 for an Ed25519 signature over the note body;
 * - a cosignature (c2sp.org/tlog-cosignature, v1, type 0x04): an Ed25519 signature over
 *   `cosignature/v1\ntime <unix secs>\n` followed by the checkpoint body, carried as
 *   base64(key id ‖ u64 big-endian time ‖ signature).
 */

/** Signature types of signed-note key ids. */
export const ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export interface Ed25519Key {
  seed: Buffer;
  publicKey: Buffer;
}

export const privateKeyOf = (seed: Buffer): KeyObject =>
  createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });

const publicKeyObject = (publicKey: Buffer): KeyObject =>
  createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' });

/** The Ed25519 key of a 32-byte seed. */
export function keyFromSeed(seed: Buffer): Ed25519Key {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const spki = createPublicKey(privateKeyOf(seed)).export({ format: 'der', type: 'spki' });
  return { seed, publicKey: Buffer.from(spki.subarray(SPKI_ED25519.length)) };
}

/** A key name (an origin, a witness's name): no space, no `+`, no newline, not empty (signed-note). */
export function checkKeyName(name: string): string {
  if (!/^[^\s+]+$/u.test(name)) throw new Error(`not a signed-note key name (no spaces, no "+"): ${JSON.stringify(name)}`);
  return name;
}

/** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4]. */
export function keyId(name: string, type: number, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([type]), publicKey]))
    .digest()
    .subarray(0, 4);
}

/** A verifier key: `<name>+<hex key id>+<base64(type ‖ public key)>`. */
export const verifierKey = (name: string, type: number, publicKey: Buffer): string =>
  `${name}+${keyId(name, type, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([type]), publicKey]).toString('base64')}`;

/** A signer key as Go's note package writes it: `PRIVATE+KEY+<name>+<hex key id>+<base64(type ‖ seed)>`. */
export const signerKey = (name: string, type: number, key: Ed25519Key): string =>
  `PRIVATE+KEY+${name}+${keyId(name, type, key.publicKey).toString('hex')}+${Buffer.concat([Buffer.from([type]), key.seed]).toString('base64')}`;

export interface ParsedVerifierKey {
  name: string;
  type: number;
  keyId: string;
  publicKey: Buffer;
}

/** Parses a verifier key, checking its key id against its name and key. */
export function parseVerifierKey(text: string): ParsedVerifierKey {
  const match = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!match) throw new Error('not a verifier key (<name>+<hex key id>+<base64 key>)');
  const [, name, id, material] = match as unknown as [string, string, string, string];
  const bytes = Buffer.from(material, 'base64');
  if (bytes.length !== 33 || (bytes[0] !== ED25519 && bytes[0] !== COSIGNATURE_V1))
    throw new Error('not an Ed25519 verifier key (type 0x01 or 0x04 and 32 bytes)');
  const publicKey = bytes.subarray(1);
  if (keyId(name, bytes[0]!, publicKey).toString('hex') !== id)
    throw new Error('the verifier key id does not match its name and key');
  return { name, type: bytes[0]!, keyId: id, publicKey };
}

export interface ParsedSignerKey extends Ed25519Key {
  name: string;
  type: number;
}

export function parseSignerKey(text: string): ParsedSignerKey {
  const match = /^PRIVATE\+KEY\+([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+=*)$/.exec(text.trim());
  if (!match) throw new Error('not a signer key (PRIVATE+KEY+<name>+<hex key id>+<base64 key>)');
  const [, name, id, material] = match as unknown as [string, string, string, string];
  const bytes = Buffer.from(material, 'base64');
  if (bytes.length !== 33 || (bytes[0] !== ED25519 && bytes[0] !== COSIGNATURE_V1)) throw new Error('not an Ed25519 signer key');
  const key = keyFromSeed(bytes.subarray(1));
  if (keyId(name, bytes[0]!, key.publicKey).toString('hex') !== id)
    throw new Error('the signer key id does not match its name and key');
  return { name, type: bytes[0]!, ...key };
}

/** The checkpoint body of a log tree: origin, size, base64 of the 32-byte root. */
export function checkpointBody(origin: string, treeSize: number, rootHex: string): string {
  return `${origin}\n${treeSize}\n${Buffer.from(rootHex, 'hex').toString('base64')}\n`;
}

export const cosignedMessage = (body: string, time: number): string => `cosignature/v1\ntime ${time}\n${body}`;

/** The base64 signature of a note line: key id ‖ Ed25519(body). */
export function signNote(name: string, key: Ed25519Key, body: string): string {
  const sig = sign(null, Buffer.from(body, 'utf8'), privateKeyOf(key.seed));
  return Buffer.concat([keyId(name, ED25519, key.publicKey), sig]).toString('base64');
}

/** Whether `signature` (base64 of key id ‖ signature) is `name`'s key's over `body`. */
export function verifyNote(name: string, publicKey: Buffer, body: string, signature: string): boolean {
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== 68 || !bytes.subarray(0, 4).equals(keyId(name, ED25519, publicKey))) return false;
  return verify(null, Buffer.from(body, 'utf8'), publicKeyObject(publicKey), bytes.subarray(4));
}

/** The base64 cosignature: key id (type 0x04) ‖ u64 time ‖ Ed25519(cosignature/v1 message). */
export function cosign(name: string, key: Ed25519Key, body: string, time: number): string {
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(BigInt(time));
  const sig = sign(null, Buffer.from(cosignedMessage(body, time), 'utf8'), privateKeyOf(key.seed));
  return Buffer.concat([keyId(name, COSIGNATURE_V1, key.publicKey), stamp, sig]).toString('base64');
}

/** The time a cosignature claims, when it is `name`'s key's over `body`; undefined otherwise. */
export function verifyCosignature(name: string, publicKey: Buffer, body: string, cosignature: string): number | undefined {
  const bytes = Buffer.from(cosignature, 'base64');
  if (bytes.length !== 76 || !bytes.subarray(0, 4).equals(keyId(name, COSIGNATURE_V1, publicKey))) return undefined;
  const time = bytes.readBigUInt64BE(4);
  if (time >= 2n ** 63n) return undefined;
  const message = Buffer.from(cosignedMessage(body, Number(time)), 'utf8');
  return verify(null, message, publicKeyObject(publicKey), bytes.subarray(12)) ? Number(time) : undefined;
}

/** A signature line of a signed note. */
export const signatureLine = (name: string, signature: string): string => `— ${name} ${signature}\n`;

/** The signed note: body, an empty line, one line per signature. */
export const signedNote = (body: string, lines: Array<{ name: string; signature: string }>): string =>
  `${body}\n${lines.map((l) => signatureLine(l.name, l.signature)).join('')}`;
