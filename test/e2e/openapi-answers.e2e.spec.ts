import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import type { z } from 'zod';
import { sealHistory } from '../../src/audit/seal.js';
import { operationPaths } from '../../src/platform/http/openapi.js';
import { operations } from '../../src/platform/http/operation.js';
import { ADMIN_KEY, bearer, fiscalCodeOf, startTestApp, type TestApp } from '../support/test-app.js';
import { seededDataDir } from '../support/seeded-data-dir.js';

const admin = bearer(ADMIN_KEY);

/** The declared success schema of the read at `GET template` (`/work/contracts/{contractId}`). */
function declared(template: string): z.ZodType {
  const paths = operationPaths();
  const found = operations.find(
    (o, i) =>
      paths[i] === template &&
      Reflect.getMetadata('method', (o.target as { prototype: object }).prototype[o.method as never]) === 0,
  );
  if (!found?.spec.response) throw new Error(`GET ${template} declares no answer`);
  return found.spec.response;
}

/**
 * The success schemas of the OpenAPI document say what the reads really answer: a fresh app
 * over a seeded history (members, governance, work, services) and a few writes through the
 * API (volunteers, training, labour costs, a regulation, a survey, a partnership, seals, a
 * consumer group), then every read it can reach, each answer parsed by the schema its
 * operation declares. zod drops what a schema does not name, so an answer equal to its parse
 * has no field the schema leaves out, and one that parses has none it types wrongly.
 */
describe('the success schemas of the reads, against their real answers', () => {
  let t: TestApp;
  let dir: string;
  const checked: string[] = [];
  const post = async (path: string, body: object) => {
    const response = await t.http().post(path).set(admin).send(body);
    expect({ path, status: response.status, body: response.status === 201 ? {} : response.body }).toEqual({
      path,
      status: 201,
      body: {},
    });
    return response.body;
  };
  /** Reads `path` (the template with its ids filled in) and holds the answer to the template's schema. */
  const read = async (template: string, path = template) => {
    const { body } = await t.http().get(path).set(admin).expect(200);
    const parsed = declared(template).safeParse(body);
    expect({ template, issues: parsed.success ? [] : parsed.error.issues }).toEqual({ template, issues: [] });
    expect({ template, answer: parsed.data }).toEqual({ template, answer: body });
    checked.push(template);
    return body;
  };

  beforeAll(async () => {
    ({ dir } = await seededDataDir('coop-answers-', { members: 24, years: 2, seed: 7 }));
    t = await startTestApp({ COOP_DATA_DIR: dir });
    expect(await t.runtime.projections.catchUp(60_000)).toBe(true);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('membership, work and volunteering', async () => {
    const register = await read('/membership/register');
    await read('/membership/members/{memberId}', `/membership/members/${register.items[0].memberId}`);
    await read('/membership/reports/admissions', '/membership/reports/admissions?year=2025');
    await read('/membership/members/{memberId}/timeline', `/membership/members/${register.items[0].memberId}/timeline`);
    const applications = await read('/membership/applications');
    await read('/membership/applications/{applicationId}', `/membership/applications/${applications.items[0].applicationId}`);
    for (const report of [
      'appeals',
      'composition',
      'overdue-applications',
      'refunds-due',
      'special-category',
      'warnings',
      'withdrawals',
    ])
      await read(`/membership/reports/${report}`);
    await read('/work/pay-tables');
    const { contracts } = await read('/work/contracts', '/work/contracts?asOf=2025-12-01');
    await read('/work/contracts/{contractId}', `/work/contracts/${contracts[0].contractId}`);
    await read('/work/reports/pay-ratio', '/work/reports/pay-ratio?asOf=2025-12-01');
    await read('/work/reports/below-minimum', '/work/reports/below-minimum?asOf=2025-12-01');

    const volunteer = await post('/work/volunteers', {
      volunteer: {
        kind: 'non_member',
        givenName: 'Chiara',
        familyName: 'Ferrari',
        fiscalCode: fiscalCodeOf(901),
        birthDate: '1990-04-12',
      },
      enrolledOn: '2026-01-10',
      unit: 'Nido Girasole',
      activity: 'accoglienza e laboratori',
      contactWithMinors: false,
    });
    const id = volunteer.volunteerId;
    await post(`/work/volunteers/${id}/insurance`, {
      insurer: 'Cattolica Assicurazioni',
      policyNumber: 'VOL-2026-0042',
      coveredFrom: '2026-01-15',
      coveredUntil: '2026-12-31',
    });
    await post(`/work/volunteers/${id}/activities`, {
      date: '2026-01-16',
      minutes: 120,
      unit: 'Nido Girasole',
      activity: 'laboratorio',
    });
    await post(`/work/volunteers/${id}/activities`, {
      date: '2026-02-03',
      minutes: 90,
      unit: 'Nido Girasole',
      activity: 'lettura',
    });
    await post(`/work/volunteers/${id}/reimbursements`, {
      paidOn: '2026-02-20',
      expenses: [{ date: '2026-02-03', description: 'biglietto del bus', amountCents: 300, documentRef: 'AMT 2026-02-03' }],
    });
    await post('/work/training', {
      personId: register.items[0].memberId,
      course: 'Primo soccorso pediatrico',
      hours: 8,
      completedOn: '2026-02-10',
      unit: 'Nido Girasole',
      kind: 'mandatory',
    });
    await post('/work/labour-costs', {
      period: '2026-01',
      memberCostCents: 4_200_000,
      nonMemberCostCents: 900_000,
      recordedOn: '2026-02-15',
    });
    await post('/work/regulations', {
      title: 'Regolamento interno dei soci lavoratori',
      adoptedOn: '2026-01-20',
      assemblyResolutionId: 'ass-2026-01-20-1',
      text: 'Art. 1 – Il presente regolamento disciplina il rapporto di lavoro dei soci (L. 142/2001 art. 6).',
    });
    const after = (
      await post('/work/labour-costs', {
        period: '2026-02',
        memberCostCents: 4_100_000,
        nonMemberCostCents: 950_000,
        recordedOn: '2026-03-01',
      })
    ).position;
    const q = `after=${after}`;
    await read('/work/reports/mutual-prevalence', `/work/reports/mutual-prevalence?year=2026&${q}`);
    await read('/work/regulations', `/work/regulations?${q}`);
    await read('/work/reports/training', `/work/reports/training?year=2026&${q}`);
    await read('/work/volunteer-register', `/work/volunteer-register?${q}`);
    await read('/work/volunteer-register/uncovered-activity', `/work/volunteer-register/uncovered-activity?${q}`);
    await read('/work/volunteers', `/work/volunteers?${q}`);
    await read('/work/volunteers/{volunteerId}', `/work/volunteers/${id}?${q}`);
    await read('/work/volunteers/reports/year', `/work/volunteers/reports/year?year=2026&${q}`);
  });

  it('services', async () => {
    const { units } = await read('/services/units');
    const { agreements } = await read('/services/agreements');
    await read('/services/agreements/{agreementId}', `/services/agreements/${agreements[0].agreementId}`);
    const beneficiary = await post('/services/beneficiaries', {
      person: { givenName: 'Sofia', familyName: 'Gallo', birthDate: '2024-05-01' },
      ageBand: '0-2',
      registeredOn: '2026-02-01',
    });
    await post('/services/surveys', {
      kind: 'satisfaction',
      unitId: units[0].unitId,
      respondents: 'families',
      period: '2025',
      responses: 18,
      meanScore: 4.4,
      recordedOn: '2026-01-31',
    });
    const { position } = await post('/services/surveys', {
      kind: 'wellbeing',
      unitId: units[0].unitId,
      period: '2025',
      responses: 9,
      meanScore: 3.9,
      recordedOn: '2026-01-31',
    });
    await read(
      '/services/beneficiaries/{beneficiaryId}',
      `/services/beneficiaries/${beneficiary.beneficiaryId}?after=${position}`,
    );
    await read('/services/reports/surveys', `/services/reports/surveys?year=2025&after=${position}`);
    await read('/services/reports/hours', '/services/reports/hours?from=2025-01&to=2025-12');
    await read('/services/reports/children', '/services/reports/children?year=2025');
    const delivered = (await t.http().get('/events?types=ServiceDelivered&limit=1').set(admin).expect(200)).body.items[0].data;
    const day = `unitId=${delivered.unitId}&date=${delivered.date}`;
    const unitDay = await read('/services/reports/unit-day', `/services/reports/unit-day?${day}`);
    expect(unitDay.deliveries.length).toBeGreaterThan(0);
    await read('/services/reports/staff-ratio', `/services/reports/staff-ratio?${day}`);
  });

  it('governance and cooperation', async () => {
    await read('/governance/statute-settings');
    await read('/governance/board');
    const participation = await read('/governance/reports/participation');
    const assemblyId = participation[0].assemblyId;
    await read('/governance/assemblies/{assemblyId}/voters', `/governance/assemblies/${assemblyId}/voters`);
    const register = (await t.http().get('/membership/register').set(admin).expect(200)).body;
    const board = await read(
      '/governance/resolutions/{resolutionId}',
      `/governance/resolutions/${register.items[3].boardResolutionId}`,
    );
    expect(board.body).toBe('board');
    await read('/governance/trail/events/{eventId}', `/governance/trail/events/${board.caused[0].id}`);
    const assembly = (await t.http().get(`/governance/assemblies/${assemblyId}`).set(admin).expect(200)).body;
    await read('/governance/assemblies/{assemblyId}', `/governance/assemblies/${assemblyId}`);
    const motion = assembly.motions.find((m: { resolutionId: string | null }) => m.resolutionId);
    const voted = await read('/governance/resolutions/{resolutionId}', `/governance/resolutions/${motion.resolutionId}`);
    expect(voted.body).toBe('assembly');

    // A partnership, agreed by a board resolution (the only way one is recorded).
    const directors = (await t.http().get('/governance/board').set(admin).expect(200)).body.terms.at(-1).directors;
    const meeting = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
    await post(`/governance/board-meetings/${meeting}`, {
      convenedOn: '2026-02-20',
      heldOn: '2026-02-27',
      place: 'sede sociale',
      agenda: ['adesione al consorzio'],
    });
    await post(`/governance/board-meetings/${meeting}/attendance`, {
      present: directors.map((d: { directorId: string }) => d.directorId),
    });
    const partnershipId = '7a2b3c4d-5e6f-4a70-8b81-92a3b4c5d6e7';
    const { position } = await post(`/governance/board-meetings/${meeting}/resolutions`, {
      resolutionId: 'cda-2026-02-27-1',
      item: 1,
      text: 'Il consiglio delibera l’adesione al consorzio Il Faro',
      votes: directors.map((d: { directorId: string }) => ({ directorId: d.directorId, vote: 'for' })),
      decides: [
        {
          kind: 'agree-partnership',
          partnershipId,
          terms: {
            partner: { name: 'Consorzio Il Faro', kind: 'consortium', fiscalCode: '01234560993', country: 'IT' },
            form: 'consortium_membership',
            purpose: 'Servizi educativi condivisi nel territorio di Genova',
            scope: 'local',
            startsOn: '2026-03-01',
            endsOn: null,
          },
        },
      ],
    });
    await read('/governance/board-meetings/{meetingId}', `/governance/board-meetings/${meeting}?after=${position}`);
    const list = await read('/cooperation/partnerships', `/cooperation/partnerships?after=${position}`);
    expect(list.partnerships).toHaveLength(1);
    await read('/cooperation/partnerships/{partnershipId}', `/cooperation/partnerships/${partnershipId}?after=${position}`);
  });

  it('audit, events and consumer groups', async () => {
    const actor = { keyId: 'test', role: 'admin' };
    await sealHistory(t.runtime.events, actor, { clock: t.clock });
    await post('/work/labour-costs', {
      period: '2025',
      memberCostCents: 50_000_000,
      nonMemberCostCents: 11_000_000,
      recordedOn: '2026-02-28',
    });
    await sealHistory(t.runtime.events, actor, { clock: t.clock });
    await read('/audit/verify');
    await read('/audit/seals');
    await read('/audit/keys');
    await read('/audit/seals/{n}/timestamps', '/audit/seals/1/timestamps');
    await read('/audit/seals/{a}/consistency/{b}', '/audit/seals/0/consistency/1');
    const { items } = await read('/events', '/events?limit=5');
    await read('/audit/seals/{n}/inclusion/{eventId}', `/audit/seals/1/inclusion/${items[2].id}`);
    await read('/audit/replay/register', '/audit/replay/register?asOf=2025-12-31');

    await post('/subscriptions', { name: 'payroll', types: ['MemberAdmitted'], maxDeliveries: 1 });
    const next = await read('/subscriptions/{name}/events', '/subscriptions/payroll/events?limit=2');
    const first = next.items[0];
    await t
      .http()
      .post('/subscriptions/payroll/reject')
      .set(admin)
      .send({ stream: first.stream, revision: first.revision, reason: 'test' })
      .expect(200);
    const parked = await read('/subscriptions/{name}/parked', '/subscriptions/payroll/parked');
    expect(parked).toHaveLength(1);
    await read('/subscriptions/{name}', '/subscriptions/payroll');
    await read('/openapi.json');
    await read('/api-keys');
    await post('/auth/invitations', { name: 'Giulia Conti', login: 'giulia.conti', role: 'secretary' });
    const accounts = await read('/auth/accounts');
    await read('/auth/accounts/{accountId}/passkeys', `/auth/accounts/${accounts[0].accountId}/passkeys`);
    await read('/projections');
    await read('/health/live');
    await read('/health/ready');
  });

  it('the social report’s sources', async () => {
    await read('/membership/reports/year', '/membership/reports/year?year=2025');
    await read('/work/reports/workforce', '/work/reports/workforce?asOf=2025-12-31');
    await post('/reports/social/2025/economic-document', {
      title: 'Rendiconto economico 2025',
      text: 'Dati del bilancio d’esercizio.',
      amounts: [{ label: 'Valore della produzione', amountCents: 184_250_000 }],
    });
    await read('/reports/social/{year}/economic-document', '/reports/social/2025/economic-document');
    const report = (await t.http().get('/reports/social/2025').set(admin).expect(200)).body as {
      sections: { figures: { key: string; value: number | null }[] }[];
    };
    const figure = report.sections.flatMap((s) => s.figures).find((f) => f.value !== null)!;
    await read('/reports/social/{year}/figures/{key}', `/reports/social/2025/figures/${figure.key}`);
  });

  it('reached every read but those it names, each with its schema', () => {
    const paths = operationPaths();
    const reads = operations
      .map((o, i) => ({
        path: paths[i]!,
        spec: o.spec,
        get: Reflect.getMetadata('method', (o.target as { prototype: object }).prototype[o.method as never]) === 0,
      }))
      .filter((o) => o.get && !o.spec.produces?.length && o.spec.response);
    const unreached = reads.map((r) => r.path).filter((path) => !checked.includes(path));
    expect(unreached.sort()).toEqual(NOT_REACHED.sort());
  });
});

/** Reads this test does not reach, and why. */
const NOT_REACHED: string[] = [
  '/audit/seals/{n}/checkpoint', // a signed seal needs the cooperative's seal key (test/audit/seal-signing tests)
  '/auth/passkeys', // one's own passkeys: a person's session, not a key
  '/auth/session', // the same
];
