import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkKeyName, ED25519, keyFromSeed, parseSignerKey, signerKey, type ParsedSignerKey } from './note.js';

/**
 * The cooperative's seal key, kept outside the event store as the personal-data keys are:
 * `COOP_SEAL_KEY` (a signed-note signer key, `PRIVATE+KEY+<origin>+<id>+<base64>`), else the
 * file `seal-key` in the data directory, created mode 0600 at the first seal. A copy of the
 * events (`coop copy`, a backup) carries the public keys and never this one.
 */
export const SEAL_KEY_FILE = 'seal-key';

/** The log's origin for a first key: `COOP_LOG_ORIGIN`, else a default. Once a key is adopted, the recorded origin rules. */
export const configuredOrigin = (env: NodeJS.ProcessEnv = process.env): string =>
  checkKeyName(env.COOP_LOG_ORIGIN?.trim() || 'coop-ledger/ledger');

export interface SealKeySource {
  /** Where the key is: the env variable or the file. */
  where: string;
  fromEnv: boolean;
  /** The key, or undefined when no file exists yet (and `COOP_SEAL_KEY` is unset). */
  load(): ParsedSignerKey | undefined;
  /** Creates the key file (refused when it exists or the key comes from the environment). */
  create(origin: string): ParsedSignerKey;
  /** Replaces the key file, keeping the old one beside it as `seal-key.<key id>.retired`. */
  replace(next: ParsedSignerKey, retiredId: string): void;
}

export function sealKeySource(dataDir: string, env: NodeJS.ProcessEnv = process.env): SealKeySource {
  const file = join(dataDir, SEAL_KEY_FILE);
  const fromEnv = Boolean(env.COOP_SEAL_KEY?.trim());
  return {
    where: fromEnv ? 'COOP_SEAL_KEY' : file,
    fromEnv,
    load() {
      if (fromEnv) return parseSignerKey(env.COOP_SEAL_KEY!);
      if (!existsSync(file)) return undefined;
      return parseSignerKey(readFileSync(file, 'utf8'));
    },
    create(origin) {
      if (fromEnv) throw new Error('COOP_SEAL_KEY is set: it is the seal key');
      const key = newSealKey(origin);
      // Written aside and linked into place: two processes creating it at once both read the one that won.
      mkdirSync(dirname(file), { recursive: true });
      const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(aside, signerKey(origin, ED25519, key) + '\n', { mode: 0o600, flag: 'wx' });
      try {
        linkSync(aside, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(aside);
      }
      return this.load()!;
    },
    replace(next, retiredId) {
      if (fromEnv) return;
      const aside = `${file}.next`;
      writeFileSync(aside, signerKey(next.name, ED25519, next) + '\n', { mode: 0o600 });
      if (existsSync(file)) renameSync(file, `${file}.${retiredId}.retired`);
      renameSync(aside, file);
    },
  };
}

export const newSealKey = (origin: string): ParsedSignerKey => ({
  name: checkKeyName(origin),
  type: ED25519,
  ...keyFromSeed(randomBytes(32)),
});
