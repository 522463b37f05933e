import { InvalidArgumentError, type Command } from 'commander';
import type { Runtime } from '../../platform/runtime.js';
import type { AuditIo, WithRuntime } from '../audit.cli.js';
import type { SealSignaturesReport } from './check-signatures.js';

/**
 * `coop audit sign | keys | rotate-key | witness-init | witness-add | cosign`: the seal
 * key's life and the witnesses'. `witness-init` and `cosign` run on the witness's machine.
 */

const CLI_ACTOR = { keyId: 'cli', role: 'admin' };
const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

const sealNumber = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`not a seal number (see GET /audit/seals): ${value}`);
  return Number(value);
};

export async function signingContext(runtime: Runtime) {
  const { sealKeySource } = await import('./seal-key.js');
  return { events: runtime.events, keys: sealKeySource(runtime.config.dataDir), clock: runtime.clock, actor: CLI_ACTOR };
}

export function signingCommands(audit: Command, withRuntime: WithRuntime, io: AuditIo): void {
  const STORE = { needStore: true };
  /** A refusal (a conflict with what is recorded, a rule, a bad field, a witness's own check) is said on stderr, exit 1. */
  const refused = async (work: () => Promise<void>) => {
    const errors = await import('../../platform/errors/domain-errors.js');
    const { WitnessRefusal } = await import('./witness.js');
    try {
      await work();
    } catch (error) {
      const known =
        error instanceof errors.NotFoundError ||
        error instanceof errors.StateConflict ||
        error instanceof errors.RuleViolation ||
        error instanceof errors.InvalidCommandField ||
        error instanceof WitnessRefusal;
      if (!known) throw error;
      const rule = error instanceof errors.RuleViolation ? `${error.rule} (${error.legalBasis}): ` : '';
      io.err(`${rule}${error.message}\n`);
      io.exit(1);
    }
  };

  audit
    .command('sign')
    .description("sign a seal's checkpoint (C2SP signed note) with the cooperative's seal key; `seal` does it for each new seal")
    .option('--seal <n>', 'the seal number; by default the latest', sealNumber)
    .action(async (options: { seal?: number }) =>
      refused(async () => {
        const { signSeal } = await import('./seal-signing.js');
        const signed = await withRuntime(async (runtime) => signSeal(await signingContext(runtime), options.seal), STORE);
        io.out(`seal ${signed.seal} signed by ${signed.origin} key ${signed.keyId}\n— ${signed.origin} ${signed.signature}\n`);
      }),
    );

  audit
    .command('keys')
    .description("the cooperative's seal keys, each with the tree sizes it signs, and the registered witnesses")
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { sealSignatures } = await import('./seal-signing.js');
      const report = await withRuntime((runtime) => sealSignatures(runtime.events), STORE);
      const listed = {
        keys: report.keys,
        witnesses: report.witnesses,
        problems: report.problems.filter((p) => p.kind !== 'cosignature'),
      };
      io.out(options.json ? json(listed) : describeKeys(report));
    });

  audit
    .command('rotate-key')
    .description(
      'replace the seal key: SealKeyRotated, signed by the old key, carries the new public key; the key file is replaced after',
    )
    .action(async () =>
      refused(async () => {
        const [{ rotateSealKey }, { signerKey, ED25519 }] = await Promise.all([import('./seal-signing.js'), import('./note.js')]);
        await withRuntime(async (runtime) => {
          const ctx = await signingContext(runtime);
          const rotated = await rotateSealKey(ctx);
          io.out(`seal key ${rotated.previousKeyId} → ${rotated.keyId}, valid from tree size ${rotated.validFromTreeSize}\n`);
          if (ctx.keys.fromEnv)
            io.out(
              `COOP_SEAL_KEY holds the old key: set it to the new one now (shown once):\n${signerKey(rotated.origin, ED25519, rotated.signerKey)}\n`,
            );
          else
            io.out(
              `the new key is in ${ctx.keys.where}; the old one beside it as ${ctx.keys.where}.${rotated.previousKeyId}.retired\n`,
            );
        }, STORE);
      }),
    );

  audit
    .command('witness-init')
    .description("on the witness's machine: make a witness key file (mode 0600) and print its verifier key for witness-add")
    .requiredOption('--name <name>', 'the witness, e.g. collegio-sindacale.example.it')
    .requiredOption('--out <file>', 'the key file to create (its state is kept beside it, <file>.state.json)')
    .action(async (options: { name: string; out: string }) => {
      const { initWitness } = await import('./witness.js');
      io.out(`${initWitness(options.name, options.out)}\n`);
    });

  audit
    .command('witness-add')
    .description("register a witness's verifier key (<name>+<key id>+<base64>) so its cosignatures are recorded")
    .argument('<vkey>', 'the verifier key printed by witness-init')
    .action(async (vkey: string) =>
      refused(async () => {
        const { addWitness } = await import('./seal-signing.js');
        const added = await withRuntime((runtime) => addWitness(runtime.events, vkey, CLI_ACTOR, runtime.clock), STORE);
        io.out(`witness ${added.name} (${added.keyId}) registered\n`);
      }),
    );

  audit
    .command('cosign')
    .description(
      "on the witness's machine: check seal n's signature and its consistency with the witness's last cosigned seal, cosign it (C2SP tlog-cosignature v1) and record it",
    )
    .requiredOption('--seal <n>', 'the seal to cosign', sealNumber)
    .requiredOption('--key <file>', 'the witness key file made by witness-init')
    .option('--url <url>', 'the service (with --api-key, an auditor key); without it, the data directory (--data-dir)')
    .option('--api-key <key>', 'an auditor API key for --url (or COOP_API_KEY)')
    .action(async (options: { seal: number; key: string; url?: string; apiKey?: string }) =>
      refused(async () => {
        const { cosignAsWitness, httpSource } = await import('./witness.js');
        const run = async (source: import('./witness.js').CosignSource, now: Date) => {
          const done = await cosignAsWitness(source, options.seal, options.key, now);
          io.out(`seal ${options.seal} (tree size ${done.state.treeSize}) cosigned and recorded\n${done.line}\n`);
        };
        if (options.url) {
          const apiKey = options.apiKey ?? process.env.COOP_API_KEY;
          if (!apiKey) throw new InvalidArgumentError('--url needs --api-key (or COOP_API_KEY): an auditor key');
          return run(httpSource(options.url, apiKey), new Date());
        }
        const [{ proveConsistency }, { recordCosignature, sealCheckpoint }] = await Promise.all([
          import('../proofs.js'),
          import('./seal-signing.js'),
        ]);
        await withRuntime(
          (runtime) =>
            run(
              {
                checkpoint: (n) => sealCheckpoint(runtime.events, n),
                consistency: (a, b) => proveConsistency(runtime.events, a, b),
                submit: (n, submission) => recordCosignature(runtime.events, n, submission, CLI_ACTOR, runtime.clock),
              },
              runtime.clock.now(),
            ),
          STORE,
        );
      }),
    );
}

function describeKeys(report: SealSignaturesReport): string {
  const lines = ['seal keys (C2SP signed-note verifier keys), each with the tree sizes of the seals it signs:'];
  for (const k of report.keys)
    lines.push(
      `  ${k.verifierKey}  tree sizes ${k.fromTreeSize}–${k.untilTreeSize === undefined ? '' : k.untilTreeSize - 1} (${k.adoptedBy})`,
    );
  if (report.keys.length === 0) lines.push('  (none yet: the first seal creates one)');
  lines.push('witnesses:');
  for (const w of report.witnesses) lines.push(`  ${w.verifierKey}`);
  if (report.witnesses.length === 0) lines.push('  (none registered: coop audit witness-add <vkey>)');
  for (const p of report.problems.filter((p) => p.kind !== 'cosignature' && p.kind !== 'signature'))
    lines.push(`PROBLEM: ${p.message}`);
  return lines.join('\n') + '\n';
}

/** The signature lines of `verify`'s report: per seal, the signature's status and key, and the cosigners. */
export function describeSignatures(report: SealSignaturesReport): string[] {
  const lines = ['  seal signatures'];
  for (const s of report.seals) {
    const sig = s.signature;
    const who = sig.keyName ? ` by ${sig.keyName} key ${sig.keyId}` : '';
    const cosigners = s.cosigners.map((c) => `${c.witness} (${c.status === 'valid' ? 'valid' : `${c.status}: ${c.reason}`})`);
    lines.push(
      `    seal ${s.seal} (tree size ${s.treeSize}): signature ${sig.status.toUpperCase()}${who}${sig.reason ? `: ${sig.reason}` : ''}; ` +
        `cosigned by ${cosigners.length ? cosigners.join(', ') : 'no witness'}`,
    );
  }
  for (const p of report.problems.filter((p) => p.kind === 'key' || p.kind === 'rotation'))
    lines.push(`    KEY PROBLEM: ${p.message}`);
  return lines;
}
