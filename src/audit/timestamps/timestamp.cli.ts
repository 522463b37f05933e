import { InvalidArgumentError, type Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditIo, WithRuntime } from '../audit.cli.js';
import type { SealTimestampsReport } from './seal-timestamps.js';

const CLI_ACTOR = { keyId: 'cli', role: 'admin' };
const STORE = { needStore: true };

const sealNumber = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`not a seal number (see GET /audit/seals): ${value}`);
  return Number(value);
};

/** Exit code of `timestamp-import` for a reply refused (not the seal's, not granted, not trusted). */
export const REFUSED_EXIT = 2;

/**
 * `coop audit timestamp-request` and `timestamp-import`: the yearly time-stamp of c.c. art.
 * 2215-bis, asked of a qualified time-stamping authority by the cooperative (the query and
 * the reply go through curl or the authority's own client; this machine talks to no one).
 */
export function timestampCommands(audit: Command, withRuntime: WithRuntime, io: AuditIo): void {
  audit
    .command('timestamp-request')
    .description("write the RFC 3161 query (DER) for a seal's checkpoint: send it to a time-stamping authority")
    .requiredOption('--seal <n>', 'the seal number (its revision in ledgerSeal-main)', sealNumber)
    .option('--out <file>', 'where to write the query (default: seal-<n>.tsq); keep it: the import checks the reply against it')
    .action(async (options: { seal: number; out?: string }) =>
      refusedOr(io, async () => {
        const [{ timestampRequest }, { recordedOrigin }] = await Promise.all([
          import('./seal-timestamps.js'),
          import('../signing/seal-signing.js'),
        ]);
        const request = await withRuntime(
          async (runtime) => timestampRequest(runtime.events, options.seal, { origin: await recordedOrigin(runtime.events) }),
          STORE,
        );
        const file = options.out ?? `seal-${options.seal}.tsq`;
        writeFileSync(file, request.query.der);
        io.out(
          [
            `wrote ${file}: RFC 3161 query for seal ${request.seal} (tree size ${request.treeSize}), nonce ${request.query.nonce}, certReq`,
            `  checkpoint   ${JSON.stringify(request.checkpoint)}`,
            `  imprint      sha256 ${request.query.imprint}`,
            `Send it:  curl -sS -H 'Content-Type: application/timestamp-query' --data-binary @${file} <TSA URL> -o ${file.replace(/\.tsq$/, '')}.tsr`,
            `then:     coop audit timestamp-import --seal ${request.seal} ${file.replace(/\.tsq$/, '')}.tsr`,
          ].join('\n') + '\n',
        );
      }),
    );

  audit
    .command('timestamp-import')
    .description(
      `check a time-stamp reply against its query and the seal, and record it (SealTimestamped); a reply refused exits ${REFUSED_EXIT}`,
    )
    .requiredOption('--seal <n>', 'the seal number', sealNumber)
    .argument('<reply>', 'the DER reply (.tsr) of the time-stamping authority')
    .option('--query <file>', 'the query it answers (default: the .tsq beside the reply, else seal-<n>.tsq beside it)')
    .option('--trust <pem>', 'trust anchors of the authorities (PEM); default COOP_TSA_TRUST_ANCHORS')
    .option('--json', 'print what was recorded as JSON')
    .action(async (reply: string, options: { seal: number; query?: string; trust?: string; json?: boolean }) =>
      refusedOr(io, async () => {
        const [{ importTimestamp, loadTrustAnchors }, { recordedOrigin }] = await Promise.all([
          import('./seal-timestamps.js'),
          import('../signing/seal-signing.js'),
        ]);
        const queryFile =
          options.query ??
          [reply.replace(/\.tsr$/, '.tsq'), join(dirname(reply), `seal-${options.seal}.tsq`)].find(
            (f) => f !== reply && existsSync(f),
          );
        if (!queryFile) throw new InvalidArgumentError(`no query beside ${reply}: give the one it answers with --query`);
        const anchors = loadTrustAnchors(options.trust);
        const recorded = await withRuntime(
          async (runtime) =>
            importTimestamp(runtime.events, options.seal, {
              query: readFileSync(queryFile),
              reply: readFileSync(reply),
              origin: await recordedOrigin(runtime.events),
              anchors,
              actor: CLI_ACTOR,
              clock: runtime.clock,
            }),
          STORE,
        );
        io.out(
          options.json
            ? JSON.stringify(recorded, null, 2) + '\n'
            : [
                `recorded the time-stamp of seal ${recorded.seal} (tree size ${recorded.treeSize}) in ledgerSealTimestamps-main`,
                `  TSA       ${recorded.tsa}`,
                `  genTime   ${recorded.genTime}`,
                `  serial    ${recorded.serial}, policy ${recorded.policy}`,
                anchors.length > 0
                  ? `  chain     to one of ${anchors.length} trust anchor(s)`
                  : '  chain     NOT CHECKED: no trust anchors (--trust or COOP_TSA_TRUST_ANCHORS)',
              ].join('\n') + '\n',
        );
      }),
    );
}

/** A refused reply, an unknown seal or a seal that cannot be time-stamped: said on stderr, exit code. */
async function refusedOr(io: AuditIo, work: () => Promise<void>): Promise<void> {
  const { InvalidCommandField, NotFoundError, StateConflict } = await import('../../platform/errors/domain-errors.js');
  try {
    await work();
  } catch (error) {
    if (error instanceof InvalidCommandField) {
      io.err(`REFUSED (${error.code}): ${error.message}\n`);
      io.exit(REFUSED_EXIT);
    } else if (error instanceof NotFoundError || error instanceof StateConflict) {
      io.err(`${error.message}\n`);
      io.exit(1);
    } else throw error;
  }
}

/** The time-stamps' part of `verify`'s report. */
export function describeTimestamps(report: SealTimestampsReport): string {
  const lines = [
    `  time-stamps (RFC 3161): ${report.tokens.length} recorded, chains checked against ${report.anchors} trust anchor(s)`,
  ];
  for (const t of report.tokens)
    lines.push(
      `    seal ${t.seal} (tree size ${t.treeSize}): ${t.status === 'valid' ? 'VALID' : t.status === 'invalid' ? 'INVALID' : 'signature valid, chain NOT CHECKED'}` +
        `, ${t.tsa}, genTime ${t.genTime}, serial ${t.serial}`,
      ...t.problems.map((p) => `      ${p.code}: ${p.message}`),
    );
  for (const y of report.years)
    lines.push(
      `    ${y.year}: ${y.status === 'valid' ? 'time-stamped' : y.status === 'chain-not-checked' ? 'time-stamped (chain not checked)' : 'NOT time-stamped'}`,
    );
  lines.push(...report.warnings.map((w) => `  ${w}`));
  return lines.join('\n') + '\n';
}
