#!/usr/bin/env node
// `npm start` and `npm test` build first what is missing or older than its sources: the
// service (tsc), then the web app (the OpenAPI document → its types → tsc over web/ → vite).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mtime, newestSource, serviceBuild, stampBuild } from './freshness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (...path) => join(root, 'node_modules', ...path);
const run = (...args) => execFileSync(process.execPath, args, { stdio: 'inherit', cwd: root });

const { stamp, sources, stale } = serviceBuild(root);
if (stale) {
  process.stderr.write('building the service (tsc)…\n');
  const started = Date.now();
  run(bin('typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json'));
  stampBuild(stamp, started);
}

// The app's client is typed from the API's OpenAPI document: a change of the API (src/) or
// of the app (web/) rebuilds it, and a field the app uses that the API renamed fails here.
const webOutput = join(root, 'dist', 'web', 'index.html');
const generated = new Set([join(root, 'web', 'src', 'api', 'openapi.json'), join(root, 'web', 'src', 'api', 'schema.d.ts')]);
const webSources = Math.max(sources, newestSource(join(root, 'web'), generated), mtime(join(root, 'package-lock.json')));
if (process.env.COOP_SKIP_WEB_BUILD !== 'true' && (!existsSync(webOutput) || mtime(webOutput) < webSources)) {
  process.stderr.write('building the web app (OpenAPI types, tsc, vite)…\n');
  run(join(root, 'scripts', 'openapi.js'), 'web/src/api/openapi.json');
  run(bin('openapi-typescript', 'bin', 'cli.js'), 'web/src/api/openapi.json', '-o', 'web/src/api/schema.d.ts');
  run(bin('typescript', 'bin', 'tsc'), '-p', join(root, 'web', 'tsconfig.json'));
  run(bin('vite', 'bin', 'vite.js'), 'build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn');
}
