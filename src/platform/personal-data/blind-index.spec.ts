import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { BlindIndex } from './blind-index.js';
import { hmacSha256 } from './hmac-sha256.js';

describe('hmacSha256: the blind index hash, over its key pads compressed once', () => {
  it('gives the digest createHmac gives, for keys shorter than, equal to and longer than a block, and any text', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 130 }),
        fc.array(fc.string({ unit: 'binary', maxLength: 150 }), { minLength: 1, maxLength: 4 }),
        (key, values) => {
          const hash = hmacSha256(Buffer.from(key));
          // Each value twice: hashing one leaves the key's states as they were for the next.
          for (const value of [...values, ...values])
            expect(hash(value)).toBe(createHmac('sha256', Buffer.from(key)).update(value).digest('hex'));
        },
      ),
      { numRuns: 500, seed: 20_261_203 },
    );
  });

  it('gives RFC 4231 test case 2 (key "Jefe")', () => {
    expect(hmacSha256(Buffer.from('Jefe'))('what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('BlindIndex hashes the trimmed, upper-cased value, as it always has', async () => {
    const key = Buffer.alloc(32, 9);
    const index = new BlindIndex(async () => key);
    const expected = createHmac('sha256', key).update('RSSMRA80A01H501U').digest('hex');
    await expect(index.of(' rssmra80a01h501u ')).resolves.toBe(expected);
    expect((await index.hasher())('rssmra80a01h501u')).toBe(expected);
  });
});
