// Whether the service's build (dist/, by tsc) is missing or older than its sources. The build
// leaves a stamp dated when it started (tsc builds incrementally and leaves unchanged outputs
// as they were, so no output's own date says when the last build ran); its date is held
// against the newest mtime under src/ (tests aside, which are not built) and of tsconfig.json.
// Nothing but node:fs, so `bin/coop.js` can ask on every call for about a millisecond.
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The newest mtime of the files under `dir`, leaving out the paths in `skip` and what `ignore` says;
 * 0 when there is no `dir` (the image ships dist/ without src/ and web/: its build is what it is).
 */
export function newestSource(dir, skip = new Set(), ignore = () => false) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (skip.has(path) || ignore(entry.name)) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path, skip, ignore) : statSync(path).mtimeMs);
  }
  return newest;
}

export const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

const isTest = (name) => name.endsWith('.spec.ts');

/** The service's build: its stamp, the newest of what it is built from, and whether to build again. */
export function serviceBuild(root) {
  const stamp = join(root, 'dist', '.build-stamp');
  const sources = Math.max(newestSource(join(root, 'src'), new Set(), isTest), mtime(join(root, 'tsconfig.json')));
  return { stamp, sources, stale: !existsSync(join(root, 'dist', 'main.js')) || mtime(stamp) < sources };
}

/** After a build that started at `startedMs` succeeded: a source saved during it is newer than the stamp. */
export function stampBuild(stamp, startedMs) {
  writeFileSync(stamp, `built from the sources as they were at ${new Date(startedMs).toISOString()}\n`);
  utimesSync(stamp, startedMs / 1000, startedMs / 1000);
}
