import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applicant, bearer, startTestApp, type TestApp } from '../support/test-app.js';

interface SseEvent {
  id: string;
  event: string;
  data: { type: string; position: string; stream: string };
}

/** Opens the SSE stream and collects events until `count` arrived. */
function readStream(port: number, key: string, count: number, headers: Record<string, string> = {}, query = '') {
  return new Promise<SseEvent[]>((resolve, reject) => {
    const events: SseEvent[] = [];
    let buffer = '';
    const req = httpRequest(
      { host: '127.0.0.1', port, path: `/events/stream${query}`, headers: { Authorization: `Bearer ${key}`, ...headers } },
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = Object.fromEntries(
              block
                .split('\n')
                .filter((line) => line && !line.startsWith(':'))
                .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
            );
            if (!fields.id) continue;
            events.push({ id: fields.id, event: fields.event ?? '', data: JSON.parse(fields.data ?? '{}') });
            if (events.length === count) {
              req.destroy();
              resolve(events);
            }
          }
        });
      },
    );
    req.on('error', (error) => (events.length === count ? undefined : reject(error)));
    req.end();
  });
}

describe('subscribers: $all over HTTP', () => {
  let t: TestApp;
  let service: string;
  let secretary: string;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    service = await t.keyFor('service');
    secretary = await t.keyFor('secretary');
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  const apply = (n: number) => t.http().post('/membership/applications').set(bearer(secretary)).send(applicant(n)).expect(201);

  it('pages $all by position, filtered by type and stream category', async () => {
    for (let n = 0; n < 3; n++) await apply(n);
    const page = await t.http().get('/events?types=MembershipApplied&limit=2').set(bearer(service)).expect(200);
    expect(page.body.items.map((e: { type: string }) => e.type)).toEqual(['MembershipApplied', 'MembershipApplied']);
    const next = await t.http().get(`/events?types=MembershipApplied&after=${page.body.next}`).set(bearer(service)).expect(200);
    expect(next.body.items).toHaveLength(1);
    const applications = await t.http().get('/events?categories=membershipApplication').set(bearer(service)).expect(200);
    expect(applications.body.items.map((e: { stream: string }) => e.stream.split('-')[0])).toEqual(
      Array(3).fill('membershipApplication'),
    );
    await t.http().get('/events?categories=apiKey').set(bearer(service)).expect(403); // the keys' own events: admin only
    await t.http().get('/events').set(bearer(secretary)).expect(403);
    await t.http().get('/events?after=nope').set(bearer(service)).expect(400);
  });

  it('streams catch-up then live, and a reconnection resumes with no gap and no duplicate', async () => {
    const first = await t.http().get('/events?types=MembershipApplied').set(bearer(service)).expect(200);
    const from = first.body.items[0].position as string;
    const firstRead = readStream(port, service, 4, { 'Last-Event-ID': from }, '?types=MembershipApplied');
    await new Promise((r) => setTimeout(r, 50));
    await apply(10); // live, after the catch-up of two
    await apply(11);
    const got = await firstRead;
    expect(got.map((e) => e.data.type)).toEqual(Array(4).fill('MembershipApplied'));
    // Ids are `<position>@<store id>`: the position belongs to this store only.
    const storeIds = new Set(got.map((e) => e.id.split('@')[1]));
    expect(storeIds.size).toBe(1);
    expect([...storeIds][0]).toMatch(/^[0-9a-f-]{36}$/);
    const positions = got.map((e) => Number(e.id.split('@')[0]));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(4);

    await apply(12); // while disconnected
    const resumed = await readStream(port, service, 1, { 'Last-Event-ID': got.at(-1)!.id }, '?types=MembershipApplied');
    expect(Number(resumed[0]!.id.split('@')[0])).toBeGreaterThan(positions.at(-1)!);
    const all = await t.http().get(`/events?types=MembershipApplied&after=${from}`).set(bearer(service)).expect(200);
    expect([...got, ...resumed].map((e) => e.id.split('@')[0])).toEqual(
      all.body.items.map((e: { position: string }) => e.position),
    );
  });

  it('refuses to resume from a Last-Event-ID of another event store (400), rather than skip or repeat events', async () => {
    const response = await t
      .http()
      .get('/events/stream')
      .set(bearer(service))
      .set('Last-Event-ID', '3@00000000-0000-4000-8000-000000000000')
      .expect(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'headers.last-event-id', code: 'FOREIGN_POSITION' })]);
  });
});

describe('subscribers: durable consumer groups', () => {
  let t: TestApp;
  let service: string;
  let secretary: string;

  beforeAll(async () => {
    t = await startTestApp();
    service = await t.keyFor('service');
    secretary = await t.keyFor('secretary');
    for (let n = 0; n < 4; n++)
      await t.http().post('/membership/applications').set(bearer(secretary)).send(applicant(n)).expect(201);
  });
  afterAll(() => t.close());

  const as = (method: 'get' | 'post', path: string) => t.http()[method](path).set(bearer(service));

  it('resumes where it acknowledged, parks an event rejected too often, and replays it', async () => {
    await as('post', '/subscriptions')
      .send({ name: 'payroll', types: ['MembershipApplied'], maxDeliveries: 2 })
      .expect(201);
    await as('post', '/subscriptions')
      .send({ name: 'payroll', types: ['MembershipApplied'], maxDeliveries: 2 })
      .expect(201);
    await as('post', '/subscriptions')
      .send({ name: 'payroll', types: ['MemberAdmitted'] })
      .expect(409);

    const first = (await as('get', '/subscriptions/payroll/events?limit=2').expect(200)).body.items;
    expect(first).toHaveLength(2);
    await as('post', '/subscriptions/payroll/ack').send({ position: first[0].position }).expect(200);

    // A restarted consumer (or service) asks again: it gets what follows its acknowledgement.
    const { ConsumerGroups } = await import('../../src/platform/subscriptions/consumer-groups.js');
    const restarted = new ConsumerGroups(t.runtime.events, t.runtime.readModels, () => t.clock.now());
    const resumed = await restarted.next('payroll', 10);
    expect(resumed.map((d) => d.event.position)).toEqual([first[1].position, ...resumed.slice(1).map((d) => d.event.position)]);
    expect(resumed).toHaveLength(3);

    const poison = resumed[0]!.event;
    const reject = () =>
      as('post', '/subscriptions/payroll/reject')
        .send({ stream: poison.stream, revision: poison.revision.toString(), reason: 'no contract found' })
        .expect(200);
    expect((await reject()).body).toEqual({ attempts: 1, parked: false });
    expect((await reject()).body).toEqual({ attempts: 2, parked: true });
    const parked = (await as('get', '/subscriptions/payroll/parked').expect(200)).body;
    expect(parked).toEqual([
      expect.objectContaining({ position: poison.position, reason: 'no contract found', state: 'parked' }),
    ]);

    const afterParking = (await as('get', '/subscriptions/payroll/events').expect(200)).body.items;
    expect(afterParking.map((e: { position: string }) => e.position)).not.toContain(poison.position);
    await as('post', '/subscriptions/payroll/ack')
      .send({ position: afterParking.at(-1).position })
      .expect(200);
    expect((await as('get', '/subscriptions/payroll/events').expect(200)).body.items).toEqual([]);

    expect((await as('post', '/subscriptions/payroll/parked/replay').expect(200)).body).toEqual({ replaying: 1 });
    const replayed = (await as('get', '/subscriptions/payroll/events').expect(200)).body.items;
    expect(replayed).toEqual([expect.objectContaining({ position: poison.position, redelivery: true })]);
    await as('post', '/subscriptions/payroll/ack').send({ position: poison.position }).expect(200);
    expect((await as('get', '/subscriptions/payroll').expect(200)).body).toMatchObject({
      parked: 0,
      position: afterParking.at(-1).position,
    });
    expect((await as('get', '/subscriptions/payroll/events').expect(200)).body.items).toEqual([]);
    await as('get', '/subscriptions/nope').expect(404);
  });
});
