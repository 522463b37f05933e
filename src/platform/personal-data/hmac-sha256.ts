import { createHash } from 'node:crypto';

/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4) under one key, for hashing many short values: the two
 * padded key blocks are compressed once, and each value then costs its own blocks and one block
 * of the outer hash, on typed arrays reused from call to call. `node:crypto` makes two objects
 * and a string per value, which in the search index's rebuild cost more than the hashing (its
 * profile in bench/README.md, rebuild18). The digest is the one
 * `createHmac('sha256', key).update(value).digest('hex')` gives; a property test holds the two equal.
 */
export function hmacSha256(key: Buffer): (value: string) => string {
  const padded = key.length > BLOCK ? createHash('sha256').update(key).digest() : key;
  const inner = new Uint8Array(BLOCK).fill(0x36);
  const outer = new Uint8Array(BLOCK).fill(0x5c);
  for (let i = 0; i < padded.length; i++) {
    inner[i]! ^= padded[i]!;
    outer[i]! ^= padded[i]!;
  }
  const innerStart = Uint32Array.from(IV);
  const outerStart = Uint32Array.from(IV);
  const words = new Uint32Array(64);
  compress(innerStart, inner, 0, words);
  compress(outerStart, outer, 0, words);
  const state = new Uint32Array(8);
  const outerBlock = new Uint8Array(BLOCK);
  const digest = Buffer.alloc(32);
  let message = new Uint8Array(2 * BLOCK);
  const encoder = new TextEncoder();

  return (value) => {
    // The value's UTF-8 bytes, then SHA-256's padding: 0x80, zeros, the bit length of pad and value.
    const most = 3 * value.length + 9 + BLOCK;
    if (message.length < most) message = new Uint8Array(2 * most);
    const length = encoder.encodeInto(value, message).written;
    const blocks = Math.ceil((length + 9) / BLOCK);
    message.fill(0, length, blocks * BLOCK);
    message[length] = 0x80;
    writeBitLength(message, blocks * BLOCK, BLOCK + length);
    state.set(innerStart);
    for (let at = 0; at < blocks * BLOCK; at += BLOCK) compress(state, message, at, words);
    // The outer hash: the inner digest (32 bytes) in one padded block.
    for (let i = 0; i < 8; i++) writeWord(outerBlock, 4 * i, state[i]!);
    outerBlock.fill(0, 32);
    outerBlock[32] = 0x80;
    writeBitLength(outerBlock, BLOCK, BLOCK + 32);
    state.set(outerStart);
    compress(state, outerBlock, 0, words);
    // The digest's bytes, then hex in one native call: a fifth of the time of eight
    // `toString(16).padStart(8, '0')` (bench/README.md, settle28).
    for (let i = 0; i < 8; i++) digest.writeUInt32BE(state[i]!, 4 * i);
    return digest.toString('hex');
  };
}

const BLOCK = 64;
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

function writeWord(bytes: Uint8Array, at: number, word: number): void {
  bytes[at] = word >>> 24;
  bytes[at + 1] = (word >>> 16) & 0xff;
  bytes[at + 2] = (word >>> 8) & 0xff;
  bytes[at + 3] = word & 0xff;
}

/** The message's length in bits as the last 8 bytes before `end` (big-endian; under 2^53 bits). */
function writeBitLength(bytes: Uint8Array, end: number, byteLength: number): void {
  const bits = byteLength * 8;
  writeWord(bytes, end - 8, Math.floor(bits / 0x1_0000_0000));
  writeWord(bytes, end - 4, bits >>> 0);
}

/** One SHA-256 compression of the 64-byte block at `at` into `state`. */
function compress(state: Uint32Array, bytes: Uint8Array, at: number, w: Uint32Array): void {
  for (let i = 0; i < 16; i++) {
    const j = at + 4 * i;
    w[i] = ((bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!) >>> 0;
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[i]! + w[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}
