#!/usr/bin/env node
// `npx coop …`: builds on first use (as `npm start` does), then runs the CLI. Whether the build
// is fresh is asked in this process (the sources' mtimes against the build's, a few hundred
// stats): a second node process for the build script on every call cost more than the whole
// of `coop --help`. The script runs only when there is something to build, and before `serve`,
// the one command that also needs the web app (which the script checks and builds).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serviceBuild } from '../scripts/freshness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.argv.slice(2).includes('serve') || serviceBuild(root).stale)
  execFileSync(process.execPath, [root + 'scripts/build-if-needed.js'], { stdio: ['ignore', 'ignore', 'inherit'] });
await import(new URL('../dist/cli.js', import.meta.url).href);
