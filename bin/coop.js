#!/usr/bin/env node
// `npx coop …`: builds on first use (as `npm start` does), then runs the CLI.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [root + 'scripts/build-if-needed.js'], { stdio: ['ignore', 'ignore', 'inherit'] });
await import(new URL('../dist/cli.js', import.meta.url).href);
