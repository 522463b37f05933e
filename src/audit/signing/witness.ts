import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { verifyConsistency } from '../merkle.js';
import {
  checkKeyName,
  checkpointBody,
  cosign,
  COSIGNATURE_V1,
  keyFromSeed,
  parseSignerKey,
  signerKey,
  verifierKey,
  verifyNote,
} from './note.js';
import type { SealKeyValidity } from './check-signatures.js';
import type { CosignatureSubmission } from './seal-signing.js';

/**
 * What runs on the witness's own machine (the collegio sindacale's, the federation's): its
 * key, its memory of the last checkpoint it cosigned, and the cosigning itself, which trusts
 * nothing the cooperative says without checking it: the cooperative's signature with the key
 * the witness pinned the first time, and the consistency proof from its last cosigned seal.
 */

export interface SealCheckpoint {
  seal: number;
  origin: string;
  treeSize: number;
  logRoot: string;
  /** The signed note: checkpoint body, the cooperative's signature, the cosignatures so far. */
  note: string;
  keys: SealKeyValidity[];
}

/** Where the witness reads the seal from and records its cosignature: the service over HTTP, or a data directory. */
export interface CosignSource {
  checkpoint(n: number): Promise<SealCheckpoint>;
  consistency(older: number, newer: number): Promise<{ proof: string[] }>;
  submit(n: number, submission: CosignatureSubmission): Promise<unknown>;
}

export interface WitnessState {
  origin: string;
  /** The cooperative's first seal key, pinned at the first cosignature. */
  logKey: string;
  seal: number;
  treeSize: number;
  logRoot: string;
}

export class WitnessRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WitnessRefusal';
  }
}

export const witnessStateFile = (keyFile: string) => `${keyFile}.state.json`;

/** Makes a witness key in `out` (mode 0600, never overwritten); answers its verifier key (type 0x04, as tlog-cosignature allows). */
export function initWitness(name: string, out: string): string {
  checkKeyName(name);
  const key = keyFromSeed(randomBytes(32));
  writeFileSync(out, signerKey(name, COSIGNATURE_V1, key) + '\n', { mode: 0o600, flag: 'wx' });
  return verifierKey(name, COSIGNATURE_V1, key.publicKey);
}

/**
 * Cosigns seal `n`: checks the cooperative's signature, then (after the first time) the
 * consistency proof from the last seal this witness cosigned, signs, submits, and only then
 * remembers the new checkpoint.
 */
export async function cosignAsWitness(source: CosignSource, n: number, keyFile: string, now: Date) {
  const key = parseSignerKey(readFileSync(keyFile, 'utf8'));
  const stateFile = witnessStateFile(keyFile);
  const state = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as WitnessState) : undefined;
  const cp = await source.checkpoint(n);
  const first = cp.keys[0];
  if (!first) throw new WitnessRefusal('the cooperative has no seal key');
  if (state && (state.logKey !== first.verifierKey || state.origin !== cp.origin))
    throw new WitnessRefusal(
      `the cooperative's first key is now ${first.verifierKey}, not ${state.logKey} which this witness pinned`,
    );
  const key0 = [...cp.keys].reverse().find((k) => k.fromTreeSize <= cp.treeSize)!;
  const body = checkpointBody(cp.origin, cp.treeSize, cp.logRoot);
  const ownLine = cp.note
    .slice(body.length + 1)
    .split('\n')
    .map((line) => /^— (\S+) (\S+)$/.exec(line))
    .find((m) => m && m[1] === cp.origin);
  if (
    !cp.note.startsWith(`${body}\n`) ||
    !ownLine ||
    !verifyNote(cp.origin, Buffer.from(key0.publicKey, 'base64'), body, ownLine[2]!)
  )
    throw new WitnessRefusal(`seal ${n}'s checkpoint does not carry a valid signature of the cooperative's key ${key0.keyId}`);
  if (state) {
    if (cp.treeSize < state.treeSize || (cp.treeSize === state.treeSize && cp.logRoot !== state.logRoot) || n <= state.seal)
      throw new WitnessRefusal(
        `seal ${n} (tree size ${cp.treeSize}) does not come after seal ${state.seal} (tree size ${state.treeSize}), cosigned last`,
      );
    const { proof } = await source.consistency(state.seal, n);
    if (!verifyConsistency(state.treeSize, cp.treeSize, proof, state.logRoot, cp.logRoot))
      throw new WitnessRefusal(
        `seal ${n} is not a consistent extension of seal ${state.seal}: the consistency proof does not verify`,
      );
  }
  const time = Math.floor(now.getTime() / 1000);
  const signature = cosign(key.name, key, body, time);
  const keyId = verifierKey(key.name, COSIGNATURE_V1, key.publicKey).split('+')[1]!;
  const recorded = await source.submit(n, { keyId, signature });
  const next: WitnessState = {
    origin: cp.origin,
    logKey: first.verifierKey,
    seal: n,
    treeSize: cp.treeSize,
    logRoot: cp.logRoot,
  };
  writeFileSync(`${stateFile}.next`, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  renameSync(`${stateFile}.next`, stateFile);
  return { recorded, line: `— ${key.name} ${signature}`, state: next };
}

/** The service over HTTP, with an auditor's key. */
export function httpSource(baseUrl: string, apiKey: string): CosignSource {
  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`), {
      ...init,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    const text = await response.text();
    if (!response.ok) throw new WitnessRefusal(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  return {
    checkpoint: async (n) => (await call(`audit/seals/${n}/checkpoint`)) as SealCheckpoint,
    consistency: async (a, b) => (await call(`audit/seals/${a}/consistency/${b}`)) as { proof: string[] },
    submit: (n, submission) => call(`audit/seals/${n}/cosignatures`, { method: 'POST', body: JSON.stringify(submission) }),
  };
}
