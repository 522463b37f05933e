/**
 * What other contexts may use of audit, and nothing else: its events (seals, signatures,
 * time-stamps) and the shape of its command-line subcommands, which the reports' CLI shares.
 * `test/architecture.spec.ts` refuses any other import of audit's files from outside it.
 */
export { LedgerSealed } from './seal.js';
export { SealTimestamped } from './timestamps/seal-timestamped.js';
export * from './signing/signing-events.js';
export type { AuditIo, WithRuntime } from './audit.cli.js';
