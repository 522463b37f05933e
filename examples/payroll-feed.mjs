#!/usr/bin/env node
// An internal service's feed: prints every MemberAdmitted and ContractSigned as it happens,
// catching up first and resuming after a restart from the last position it saw.
//
//   COOP=http://127.0.0.1:3000 KEY=<a service key> node examples/payroll-feed.mjs
//
// Issue a service key with: curl -XPOST $COOP/api-keys -H "Authorization: Bearer $ADMIN" \
//   -H 'Content-Type: application/json' -d '{"role":"service","label":"payroll"}'
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const base = process.env.COOP ?? 'http://127.0.0.1:3000';
const key = process.env.KEY;
if (!key) throw new Error('set KEY to a service API key');
const checkpointFile = process.env.CHECKPOINT ?? '.payroll-feed.position';
const types = 'MemberAdmitted,ContractSigned';

async function follow() {
  const lastPosition = existsSync(checkpointFile) ? readFileSync(checkpointFile, 'utf8').trim() : undefined;
  const response = await fetch(`${base}/events/stream?types=${types}`, {
    headers: { Authorization: `Bearer ${key}`, ...(lastPosition ? { 'Last-Event-ID': lastPosition } : {}) },
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
      const event = JSON.parse(data.slice(5));
      console.log(`${event.position}\t${event.type}\t${event.metadata.occurredAt}\t${JSON.stringify(event.data)}`);
      writeFileSync(checkpointFile, event.position);
    }
  }
}

for (;;) {
  try {
    await follow();
  } catch (error) {
    console.error(`disconnected (${error.message}); reconnecting in 2 s`);
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
}
