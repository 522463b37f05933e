import { describe, expect, it } from '@jest/globals';
import { bootstrapKeyWeakness, ConfigError, loadConfig } from './config.js';

describe('COOP_BOOTSTRAP_ADMIN_KEY carries at least 128 bits', () => {
  const load = (key: string) => () => loadConfig({ COOP_BOOTSTRAP_ADMIN_KEY: key });

  it('accepts 32 hex digits, 22 base64url characters, and the keys the service generates', () => {
    expect(load('fe1434fb98556e230e3c8d5baf5b4c9f')).not.toThrow();
    expect(load('Zq3-vX9_kL2mN8pR4tY6wB')).not.toThrow();
    expect(bootstrapKeyWeakness('coop_3q2Vx8e9c0b1a2d3f4g5h6i7j8k9l0m1n2o3p4q5r6s')).toBeNull();
  });

  it('refuses a short key at start, with a message naming the setting and what it needs', () => {
    expect(load('0123456789abcdef0123456789abcd')).toThrow(ConfigError);
    expect(load('0123456789abcdef0123456789abcd')).toThrow(
      /COOP_BOOTSTRAP_ADMIN_KEY: must carry at least 128 bits: 32 hexadecimal digits/,
    );
    expect(load('short-but-not-hex-key')).toThrow(/22 base64url characters, this has 21/);
  });

  it('refuses a trivially repeated pattern, however long', () => {
    expect(load('a'.repeat(40))).toThrow(/pattern of 1 character repeated/);
    expect(load('0123456789abcdef0123456789abcdef')).toThrow(/pattern of 16 characters repeated/);
    expect(load('admin-admin-admin-admin-admin')).toThrow(/pattern of 6 characters repeated/);
    expect(load('abababababababababababcababababab-x')).toThrow(/fewer than 8 distinct/);
  });
});
