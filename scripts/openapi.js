#!/usr/bin/env node
// Writes the OpenAPI document the service serves at /openapi.json, without starting it:
// importing the application module registers every @Operation, from which it is generated.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(root, process.argv[2] ?? 'web/src/api/openapi.json');
await import(resolve(root, 'dist/app.module.js'));
const { buildOpenApiDocument } = await import(resolve(root, 'dist/platform/http/openapi.js'));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(buildOpenApiDocument(), null, 2) + '\n');
process.stderr.write(`OpenAPI document written to ${out}\n`);
