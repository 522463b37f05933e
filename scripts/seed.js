#!/usr/bin/env node
// `node scripts/seed.js --members N --years Y --seed S`: builds if needed, then seeds the
// configured store with a generated history (the same as `npm run seed -- …`).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [root + 'scripts/build-if-needed.js'], { stdio: ['ignore', 'ignore', 'inherit'] });
await import(new URL('../dist/seed/cli.js', import.meta.url).href);
