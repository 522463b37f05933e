import { sha256Hex } from './tsp.js';

/**
 * What a time-stamp of a seal commits to. Not the raw log root alone, which would say nothing
 * of which log or which size: the checkpoint text of C2SP tlog-checkpoint, `<origin>\n<tree
 * size>\n<base64 log root>\n`, the very text the seal's signature covers, with the origin
 * recorded with the first seal key (`recordedOrigin` in `../signing/seal-signing.ts`). Its
 * sha256 is the message imprint.
 */
export function sealCheckpoint(origin: string, seal: { treeSize: number; logRoot: string }): string {
  return `${origin}\n${seal.treeSize}\n${Buffer.from(seal.logRoot, 'hex').toString('base64')}\n`;
}

export const sealImprint = (origin: string, seal: { treeSize: number; logRoot: string }) =>
  sha256Hex(sealCheckpoint(origin, seal));
