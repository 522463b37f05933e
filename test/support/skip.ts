/**
 * Says, at run time, why a server suite does not run here. Written to stdout directly:
 * jest drops the console output of a file whose tests are all skipped.
 */
export function reportSkip(suite: string, reason: string): void {
  process.stdout.write(`${suite} skipped: ${reason}\n`);
}
