import { readFileSync } from 'node:fs';
import type * as pkijs from 'pkijs';
import { systemClock, type Clock } from '../../platform/clock.js';
import { invalidField, NotFoundError, stateConflict } from '../../platform/errors/domain-errors.js';
import type { EventStore } from '../../platform/event-store/event-store.js';
import type { Actor, ExpectedRevision } from '../../platform/event-store/event-store.js';
import { deterministicId, randomIds } from '../../platform/ids.js';
import { SEAL_STREAM, type LedgerSealedData } from '../seal.js';
import { sealCheckpoint, sealImprint } from './seal-checkpoint.js';
import { SEAL_TIMESTAMPS_STREAM, SealTimestamped, type SealTimestampedData } from './seal-timestamped.js';
import {
  buildQuery,
  certificatesOfPem,
  checkToken,
  parseQuery,
  sha256Hex,
  TimestampProblem,
  tokenOfReply,
  type NonceSource,
  type TimestampQuery,
} from './tsp.js';

/**
 * The yearly time-stamp of the books kept by computer (c.c. art. 2215-bis c. 3): a query for
 * a seal's checkpoint, sent by the cooperative to a qualified time-stamping authority, and
 * its reply checked against that query and recorded by `SealTimestamped`.
 */
export const ART_2215_BIS = 'c.c. art. 2215-bis';

/** A seal as the time-stamps need it: its number (revision), size, root and date. */
export interface SealSummary {
  seal: number;
  treeSize: number;
  logRoot?: string;
  sealedAt: string;
}

export async function readSeals(events: EventStore): Promise<SealSummary[]> {
  const found: SealSummary[] = [];
  for await (const record of events.readStream(SEAL_STREAM)) {
    const data = record.data as LedgerSealedData;
    found.push({
      seal: Number(record.revision),
      treeSize: data.treeSize,
      ...(data.logRoot ? { logRoot: data.logRoot } : {}),
      sealedAt: data.sealedAt,
    });
  }
  return found;
}

async function sealNumbered(events: EventStore, n: number): Promise<SealSummary & { logRoot: string }> {
  const seal = (await readSeals(events))[n];
  if (!seal) throw new NotFoundError('seal', String(n));
  if (!seal.logRoot)
    throw stateConflict('SEAL_WITHOUT_LOG_ROOT', `seal ${n} is of version 1: it has no log root to time-stamp; seal again`);
  return seal as SealSummary & { logRoot: string };
}

export interface TimestampRequest {
  seal: number;
  treeSize: number;
  logRoot: string;
  origin: string;
  checkpoint: string;
  query: TimestampQuery;
}

/** The DER query (RFC 3161 TimeStampReq) for seal `n`: sha256 of its checkpoint, a fresh nonce, certReq. */
export async function timestampRequest(
  events: EventStore,
  n: number,
  options: { origin: string; nonce?: NonceSource },
): Promise<TimestampRequest> {
  const seal = await sealNumbered(events, n);
  return {
    seal: n,
    treeSize: seal.treeSize,
    logRoot: seal.logRoot,
    origin: options.origin,
    checkpoint: sealCheckpoint(options.origin, seal),
    query: buildQuery(sealImprint(options.origin, seal), options.nonce),
  };
}

/** A reply's problem as the API says it: a 400 on the body's `reply` (or `query`) field. */
const rejected = (problem: TimestampProblem, field = 'reply') => invalidField(field, problem.code, problem.message);

export interface ImportOptions {
  /** The DER TimeStampReq the reply answers (kept beside it by `timestamp-request`). */
  query: Uint8Array;
  /** The DER TimeStampResp. */
  reply: Uint8Array;
  origin: string;
  /** When given, the TSA's certificate must chain to one of them. */
  anchors?: readonly pkijs.Certificate[];
  actor: Actor;
  clock?: Clock;
  commandId?: string;
}

/**
 * Checks a reply against its query and seal `n`, and records it. Refused (InvalidCommandField
 * with the problem's code) when the query is not for this seal, or the reply not for the query
 * (other imprint, other nonce), not granted, not signed by its certificate, signed by a
 * certificate that is not for time-stamping, outside the trust anchors, or dated before the
 * seal or after now. A token recorded already is a 409 TIMESTAMP_RECORDED.
 */
export async function importTimestamp(events: EventStore, n: number, options: ImportOptions): Promise<SealTimestampedData> {
  const seal = await sealNumbered(events, n);
  const imprint = sealImprint(options.origin, seal);
  let query: TimestampQuery;
  try {
    query = parseQuery(options.query);
  } catch (error) {
    throw rejected(new TimestampProblem('TSA_UNREADABLE', `not a time-stamp query: ${(error as Error).message}`), 'query');
  }
  if (query.imprint !== imprint)
    throw rejected(
      new TimestampProblem(
        'TSA_IMPRINT',
        `the query is not for seal ${n}: it asks for ${query.imprint}, the seal's checkpoint hashes to ${imprint}`,
      ),
      'query',
    );
  let token: Buffer;
  let check: Awaited<ReturnType<typeof checkToken>>;
  try {
    token = tokenOfReply(options.reply);
    check = await checkToken(token, Buffer.from(sealCheckpoint(options.origin, seal)), options.anchors ?? []);
  } catch (error) {
    if (error instanceof TimestampProblem) throw rejected(error);
    throw error;
  }
  if (check.imprint !== imprint)
    throw rejected(new TimestampProblem('TSA_IMPRINT', `the reply time-stamps ${check.imprint}, not seal ${n} (${imprint})`));
  if (check.nonce !== query.nonce)
    throw rejected(
      new TimestampProblem(
        'TSA_NONCE',
        `the reply answers another query: nonce ${check.nonce ?? '(none)'}, the query's is ${query.nonce}`,
      ),
    );
  const [first] = check.problems;
  if (first) throw rejected(first);
  const now = (options.clock ?? systemClock).now();
  if (Date.parse(check.genTime) < Date.parse(seal.sealedAt) || Date.parse(check.genTime) > now.getTime() + 5 * 60_000)
    throw rejected(
      new TimestampProblem(
        'TSA_GEN_TIME',
        `the token is dated ${check.genTime}: before the seal (${seal.sealedAt}) or after now (${now.toISOString()})`,
      ),
    );

  let expected: ExpectedRevision = 'no_stream';
  for await (const recorded of events.readStream(SEAL_TIMESTAMPS_STREAM)) {
    expected = recorded.revision;
    const data = recorded.data as SealTimestampedData;
    if (data.seal === n && data.serial === check.serial && data.tsa === check.tsa)
      throw stateConflict(
        'TIMESTAMP_RECORDED',
        `this token (serial ${check.serial} of ${check.tsa}) is recorded already for seal ${n}`,
      );
  }
  const data: SealTimestampedData = {
    seal: n,
    treeSize: seal.treeSize,
    origin: options.origin,
    imprint,
    token: token.toString('base64'),
    tsa: check.tsa,
    genTime: check.genTime,
    serial: check.serial,
    policy: check.policy,
    nonce: query.nonce,
  };
  const commandId = options.commandId ?? randomIds.next();
  await events.append(
    SEAL_TIMESTAMPS_STREAM,
    [
      {
        id: deterministicId(SealTimestamped.type, `${n}:${sha256Hex(token)}`),
        type: SealTimestamped.type,
        data,
        metadata: { actor: options.actor, commandId, correlationId: commandId, causationId: commandId },
      },
    ],
    expected,
  );
  return data;
}

export async function recordedTimestamps(events: EventStore, n?: number): Promise<SealTimestampedData[]> {
  const found: SealTimestampedData[] = [];
  for await (const record of events.readStream(SEAL_TIMESTAMPS_STREAM)) {
    const data = record.data as SealTimestampedData;
    if (n === undefined || data.seal === n) found.push(data);
  }
  return found;
}

export interface TimestampFinding {
  seal: number;
  treeSize: number;
  tsa: string;
  genTime: string;
  serial: string;
  /** valid: everything holds, chain included; chain-not-checked: all but the chain, no anchors given. */
  status: 'valid' | 'chain-not-checked' | 'invalid';
  problems: Array<{ code: string; message: string }>;
}

export interface SealTimestampsReport {
  /** How many trust anchors the chains were checked against (0: not checked). */
  anchors: number;
  tokens: TimestampFinding[];
  /** Each calendar year of sealed history, with the best time-stamp dated in it. */
  years: Array<{ year: number; status: 'valid' | 'chain-not-checked' | 'missing' }>;
  /** Lines to show: a year without a time-stamp (art. 2215-bis), chains not checked. */
  warnings: string[];
  /** No recorded token is invalid. */
  ok: boolean;
}

/**
 * Checks every recorded time-stamp against the seals and the anchors, with no store: the
 * offline bundle calls it with the events it carries. `evidence` may hold any events; the
 * `SealTimestamped` ones are read (their data as recorded, at schema version 1).
 */
export async function checkSealTimestamps(
  evidence: ReadonlyArray<{ type: string; data: unknown }>,
  seals: readonly SealSummary[],
  trustAnchors: readonly pkijs.Certificate[],
): Promise<SealTimestampsReport> {
  const tokens: TimestampFinding[] = [];
  for (const event of evidence) {
    if (event.type !== SealTimestamped.type) continue;
    const parsed = SealTimestamped.schema.safeParse(event.data);
    if (!parsed.success) {
      tokens.push({
        seal: -1,
        treeSize: -1,
        tsa: '?',
        genTime: '?',
        serial: '?',
        status: 'invalid',
        problems: [{ code: 'TSA_UNREADABLE', message: 'a SealTimestamped event fails its schema' }],
      });
      continue;
    }
    const data = parsed.data;
    const finding: TimestampFinding = {
      seal: data.seal,
      treeSize: data.treeSize,
      tsa: data.tsa,
      genTime: data.genTime,
      serial: data.serial,
      status: 'invalid',
      problems: [],
    };
    tokens.push(finding);
    const seal = seals.find((s) => s.seal === data.seal);
    try {
      if (!seal?.logRoot || seal.treeSize !== data.treeSize)
        throw new TimestampProblem('TSA_IMPRINT', `no seal ${data.seal} of tree size ${data.treeSize} with a log root`);
      const checkpoint = sealCheckpoint(data.origin, { treeSize: seal.treeSize, logRoot: seal.logRoot });
      const check = await checkToken(Buffer.from(data.token, 'base64'), Buffer.from(checkpoint), trustAnchors);
      Object.assign(finding, { tsa: check.tsa, genTime: check.genTime, serial: check.serial });
      finding.problems = check.problems.map((p) => ({ code: p.code, message: p.message }));
      finding.status = check.problems.length > 0 ? 'invalid' : check.chain === null ? 'chain-not-checked' : 'valid';
    } catch (error) {
      if (!(error instanceof TimestampProblem)) throw error;
      finding.problems = [{ code: error.code, message: error.message }];
    }
  }

  const sealedYears = seals.filter((s) => s.treeSize > 0).map((s) => Number(s.sealedAt.slice(0, 4)));
  const years: SealTimestampsReport['years'] = [];
  const warnings: string[] = [];
  if (sealedYears.length > 0)
    for (let year = Math.min(...sealedYears); year <= Math.max(...sealedYears); year++) {
      const dated = tokens.filter((t) => t.genTime.startsWith(`${year}-`));
      const status = dated.some((t) => t.status === 'valid')
        ? 'valid'
        : dated.some((t) => t.status === 'chain-not-checked')
          ? 'chain-not-checked'
          : 'missing';
      years.push({ year, status });
      if (status === 'missing')
        warnings.push(
          `WARNING ${year}: no valid time-stamp of the sealed history dated in ${year} (${ART_2215_BIS}: books kept by computer are time-stamped at least once a year)`,
        );
    }
  if (trustAnchors.length === 0 && tokens.length > 0)
    warnings.push(
      'NOT CHECKED: no trust anchors configured (COOP_TSA_TRUST_ANCHORS or --trust): the tokens’ certificate chains were not checked',
    );
  return { anchors: trustAnchors.length, tokens, years, warnings, ok: tokens.every((t) => t.status !== 'invalid') };
}

/** The report over a store: its seals and recorded time-stamps. */
export async function sealTimestampsReport(
  events: EventStore,
  trustAnchors: readonly pkijs.Certificate[],
): Promise<SealTimestampsReport> {
  const evidence: Array<{ type: string; data: unknown }> = [];
  for await (const record of events.readStream(SEAL_TIMESTAMPS_STREAM)) evidence.push({ type: record.type, data: record.data });
  return checkSealTimestamps(evidence, await readSeals(events), trustAnchors);
}

/** The trust anchors of a PEM file (several certificates), by default COOP_TSA_TRUST_ANCHORS's; none when unset. */
export function loadTrustAnchors(
  path: string | undefined = process.env.COOP_TSA_TRUST_ANCHORS || undefined,
): pkijs.Certificate[] {
  if (!path) return [];
  const anchors = certificatesOfPem(readFileSync(path, 'utf8'));
  if (anchors.length === 0) throw new Error(`no certificate in ${path} (trust anchors of the time-stamping authorities, PEM)`);
  return anchors;
}
