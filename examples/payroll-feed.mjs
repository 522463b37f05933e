#!/usr/bin/env node
// An internal service's feed: prints every MemberAdmitted and ContractSigned as it happens,
// catching up first and resuming after a restart from the last position it saw.
//
//   COOP=http://127.0.0.1:3000 KEY=<a service key> node examples/payroll-feed.mjs [--once] [--checkpoint <file>]
//
// --once             catch up (a paged read of /events), print, and exit: for a job run by cron
// --checkpoint FILE  where the last position seen is kept (or CHECKPOINT=FILE); by default
//                    coop-payroll-feed.position in the OS temp dir, never the working directory
//
// Issue a service key as examples/07-events.sh does: POST /api-keys with
// {"role":"service","label":"payroll","scope":{"types":["MemberAdmitted","ContractSigned"]}}.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: { once: { type: 'boolean', default: false }, checkpoint: { type: 'string' } },
});
const base = process.env.COOP ?? 'http://127.0.0.1:3000';
const key = process.env.KEY;
if (!key) throw new Error('set KEY to a service API key');
const checkpointFile = options.checkpoint ?? process.env.CHECKPOINT ?? join(tmpdir(), 'coop-payroll-feed.position');
const types = 'MemberAdmitted,ContractSigned';
const headers = { Authorization: `Bearer ${key}` };

const lastPosition = () => (existsSync(checkpointFile) ? readFileSync(checkpointFile, 'utf8').trim() : undefined);

function handle(event) {
  console.log(`${event.position}\t${event.type}\t${event.metadata.occurredAt}\t${JSON.stringify(event.data)}`);
  writeFileSync(checkpointFile, event.position);
}

/** Pages of /events after the last position until one comes back empty. */
async function catchUp() {
  for (;;) {
    const after = lastPosition();
    const query = new URLSearchParams({ types, limit: '100', ...(after ? { after } : {}) });
    const response = await fetch(`${base}/events?${query}`, { headers });
    if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
    const { items } = await response.json();
    if (items.length === 0) return;
    items.forEach(handle);
  }
}

/** The Server-Sent Events stream: catch-up, then live, from the last position. */
async function follow() {
  const after = lastPosition();
  const response = await fetch(`${base}/events/stream?types=${types}`, {
    headers: { ...headers, ...(after ? { 'Last-Event-ID': after } : {}) },
  });
  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((line) => line.startsWith('data:'));
      if (!data) continue; // a heartbeat or the retry hint
      handle(JSON.parse(data.slice(5)));
    }
  }
}

if (options.once) {
  await catchUp();
} else {
  for (;;) {
    try {
      await follow();
    } catch (error) {
      console.error(`disconnected (${error.message}); reconnecting in 2 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}
