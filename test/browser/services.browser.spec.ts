import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { fiscalCodeOf } from '../support/test-app.js';
import { projectionsCaughtUp, sealWithCli, startBuiltService, type RunningService, expectAccessible } from './support/service.js';
import { adminApi, browserSkip, launchChromium, SHOTS, signInThroughInvitation } from './support/session.js';

const LAPTOP = { width: 1280, height: 860 };

/** What an auditor may press: reading, showing, switching language, leaving. None writes. */
const READ_ONLY_BUTTONS = new Set([
  'Esci',
  'Switch to English',
  'Mostra',
  'Mostra la giornata',
  'Mostra l’anno',
  'Esegui la verifica',
  'Pagina precedente',
  'Pagina successiva',
]);

const skip = browserSkip('Browser tests of the services, work and audit screens');

(skip ? describe.skip : describe)('services, work, audit and a member’s history in a real browser', () => {
  let service: RunningService;
  let browser: Browser;
  let unitId: string;
  let memberId: string;
  const cspViolations: string[] = [];
  const offOrigin: string[] = [];

  const api = adminApi(() => service);

  const newContext = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: LAPTOP, locale: 'it-IT', timezoneId: 'Europe/Rome' });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === service.base || url.startsWith('data:')) return route.continue();
      offOrigin.push(url);
      return route.abort();
    });
    return context;
  };
  const watch = (page: Page) =>
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  /** Every CSP violation the page itself reports, inline styles included (the console may not show all). */
  const reportedViolations = (page: Page) => page.evaluate(() => (globalThis as unknown as { __csp?: string[] }).__csp ?? []);

  const checkA11y = (page: Page, screen: string) => expectAccessible(page, screen);
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  const signIn = async (page: Page, name: string, login: string, role: string) => {
    const { invitationPath } = (await api('POST', '/auth/invitations', { name, login, role })) as { invitationPath: string };
    await page.addInitScript(() => {
      const seen: string[] = [];
      const g = globalThis as unknown as {
        __csp: string[];
        addEventListener: (type: string, on: (e: { violatedDirective: string; blockedURI: string }) => void) => void;
      };
      g.__csp = seen;
      g.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI}`));
    });
    await signInThroughInvitation(page, service.base + invitationPath, login);
  };

  beforeAll(async () => {
    service = await startBuiltService();
    browser = await launchChromium();
    await api('POST', '/work/pay-tables', {
      agreement: 'CCNL cooperative sociali 2023-2025',
      effectiveFrom: '2024-02-01',
      minimumMonthlyPayCents: { D1: 170_000, C1: 155_000 },
    });
    const contract = (worker: number, givenName: string, level: string, pay: number) =>
      api('POST', '/work/contracts', {
        worker: { kind: 'non_member', givenName, familyName: 'Neri', fiscalCode: fiscalCodeOf(worker) },
        form: 'subordinate',
        level,
        weeklyHours: 38,
        startsOn: '2026-01-07',
        grossMonthlyPayCents: pay,
        unit: 'Nido Girasole',
        contactWithMinors: true,
        criminalRecordCheckedOn: '2026-01-02',
      });
    const educator = (await contract(500, 'Sara', 'D1', 180_000)).contractId as string;
    const second = (await contract(502, 'Elena', 'C1', 160_000)).contractId as string;
    const volunteerId = (
      await api('POST', '/work/volunteers', {
        volunteer: { kind: 'non_member', givenName: 'Paolo', familyName: 'Riva', fiscalCode: fiscalCodeOf(501) },
        enrolledOn: '2026-01-10',
        unit: 'Nido Girasole',
        contactWithMinors: true,
        criminalRecordCheckedOn: '2026-01-05',
      })
    ).volunteerId as string;
    await api('POST', `/work/volunteers/${volunteerId}/insurance`, {
      insurer: 'Mutua',
      policyNumber: 'RC-1',
      coveredFrom: '2026-01-10',
      coveredUntil: '2026-12-31',
    });
    unitId = (
      await api('POST', '/services/units', {
        name: 'Nido Girasole',
        kind: 'nursery',
        capacity: 30,
        childrenPerStaff: 6,
        openedOn: '2025-09-01',
      })
    ).unitId as string;
    const agreementId = (
      await api('POST', '/services/agreements', {
        client: { kind: 'municipality', name: 'Comune di Genova' },
        unitId,
        service: 'asilo nido',
        hoursBudget: 10,
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        legalForm: { kind: 'public_tender', cig: 'A1B2C3D4E5' },
        overBudget: 'flag',
        signedOn: '2025-12-15',
      })
    ).agreementId as string;
    const children: string[] = [];
    for (let n = 0; n < 8; n++) {
      const id = (
        await api('POST', '/services/beneficiaries', {
          person: { givenName: `Bimbo ${n}`, familyName: 'Bianchi' },
          ageBand: n < 5 ? '0-2' : '3-5',
          registeredOn: '2026-01-05',
        })
      ).beneficiaryId as string;
      await api('POST', `/services/beneficiaries/${id}/enrolments`, { agreementId, enrolledOn: '2026-01-02' });
      children.push(id);
    }
    const deliver = (body: object) =>
      api('POST', '/services/deliveries', {
        agreementId,
        unitId,
        operator: { kind: 'staff', contractId: educator },
        date: '2026-03-02',
        start: '08:00',
        minutes: 240,
        activity: 'accoglienza e attività educative',
        ...body,
      });
    await deliver({ beneficiaries: children.slice(0, 6) });
    await deliver({
      beneficiaries: children.slice(6),
      operator: { kind: 'staff', contractId: second },
      start: '09:00',
      minutes: 120,
    });
    await deliver({
      beneficiaries: children.slice(0, 2),
      operator: { kind: 'volunteer', volunteerId },
      start: '10:00',
      minutes: 60,
    });
    // Beyond the 10 hours of the budget: recorded with a flag (S3), listed on the screen.
    await deliver({ beneficiaries: children.slice(0, 4), date: '2026-04-07', minutes: 300 });

    const applied = await api('POST', '/membership/applications', {
      applicant: {
        kind: 'natural',
        givenName: 'Maria',
        familyName: 'Rossi',
        fiscalCode: 'RSSMRA80A01H501U',
        birthDate: '1980-01-01',
        residence: { street: 'Via Roma 1', city: 'Genova', postalCode: '16121', province: 'GE' },
      },
      category: 'worker',
      requestedShares: 2,
      appliedOn: '2025-01-05',
    });
    memberId = (
      await api('POST', `/membership/applications/${applied.applicationId}/admission`, {
        boardResolutionId: 'cda-2025-01-10',
        admittedOn: '2025-01-10',
      })
    ).memberId as string;
    await api('POST', `/membership/members/${memberId}/shares/payments`, { amountCents: 5_000, paidOn: '2025-01-20' });
    await projectionsCaughtUp(service);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('a coordinator sees a unit’s day with its staff ratio, the agreements against their budget, and the charts', async () => {
    const context = await newContext();
    const page = await context.newPage();
    watch(page);
    await signIn(page, 'Chiara Verdi', 'chiara@example.org', 'coordinator');
    await page.getByRole('link', { name: 'Servizi e lavoro' }).click();
    await page.getByRole('heading', { name: 'Servizi e lavoro', level: 1 }).waitFor();
    await page
      .getByRole('cell', { name: 'Comune di Genova' })
      .or(page.getByRole('rowheader', { name: 'Comune di Genova' }))
      .waitFor();
    expect(await page.locator('#agreements-caption').isVisible()).toBe(true);
    await page.getByText('07/04/2026: 60 minuti oltre il monte ore (S3)').waitFor();

    // The unit's day, chosen with the keyboard-labelled form.
    await page.getByLabel('Data (gg/mm/aaaa)').fill('2026-03-02');
    await page.getByRole('button', { name: 'Mostra la giornata' }).click();
    await page.getByRole('heading', { name: /La giornata di un’unità: Nido Girasole — 02\/03\/2026/ }).waitFor();
    const deliveries = page.getByRole('region', { name: 'Prestazioni' });
    await deliveries.getByRole('cell', { name: '08:00' }).waitFor();
    expect(await deliveries.locator('tbody tr').count()).toBe(3);
    const ratio = page.getByRole('region', { name: /Rapporto tra bambini ed educatori/ });
    expect(await ratio.locator('tbody tr').first().textContent()).toContain('08:00');
    // 09:00: 8 children, 2 educators (the volunteer does not count as staff) → 4 per educator.
    expect(await ratio.locator('tbody tr', { hasText: '09:00' }).textContent()).toBe('09:008204');

    await page.goto(`${service.base}/servizi?unita=${unitId}&giorno=2026-03-02&anno=2026`);
    const hoursChart = page.getByRole('img', { name: /Ore per unità e mese, 2026/ });
    await hoursChart.waitFor();
    // Drawn by recharts once its container is measured: one bar per month and unit, Italian numbers on the axis.
    await hoursChart.locator('.recharts-bar-rectangle').nth(1).waitFor();
    expect(await hoursChart.locator('.recharts-bar-rectangle').count()).toBe(2); // March and April, one unit
    const childrenChart = page.getByRole('img', { name: /per fascia d’età, 2026/ });
    await childrenChart.locator('.recharts-bar-rectangle').nth(1).waitFor();
    expect(await childrenChart.locator('.recharts-bar-rectangle').count()).toBe(2); // 0-2 and 3-5
    // A coordinator does not read contracts or pay: the section says so instead of failing.
    await page.getByText('Il tuo ruolo non legge questi dati.').waitFor();
    expect(await page.getByRole('link', { name: /registro dei volontari/ }).getAttribute('href')).toMatch(
      /^\/work\/volunteer-register\/export\?format=csv&asOf=\d{4}-\d{2}-\d{2}$/,
    );
    await checkA11y(page, 'servizi');
    await shoot(page, 'servizi');
    expect(await reportedViolations(page)).toEqual([]);
    await context.close();
  });

  it('an auditor sees Revisione, the work section and every screen without a write action', async () => {
    const context = await newContext();
    const page = await context.newPage();
    watch(page);
    page.setDefaultTimeout(15_000);
    const writes: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET' && !new URL(request.url()).pathname.startsWith('/auth/')) writes.push(request.url());
    });
    // The auditor's screen lists the seals: one taken now, beside the running service.
    sealWithCli(service);
    await signIn(page, 'Revisore Due', 'revisore2@example.org', 'auditor');
    const buttons = async () =>
      (await page.getByRole('button').all()).map(async (b) => (await b.getAttribute('aria-label')) ?? (await b.textContent()));

    await page.getByRole('link', { name: 'Revisione' }).click();
    await page.getByRole('heading', { name: 'Revisione', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Esegui la verifica' }).click();
    await page.getByText(/Integrità verificata: \d+ eventi, nessuna interruzione della catena\./).waitFor();
    const seals = page.getByRole('region', { name: 'Sigilli del registro' });
    await seals.locator('tbody tr').first().waitFor();
    expect(await seals.locator('td.mono').first().textContent()).toMatch(/^[0-9a-f]{64}$/);
    expect(await page.getByRole('link', { name: 'Libro soci (CSV)' }).getAttribute('href')).toBe(
      '/membership/register/export?format=csv',
    );
    await checkA11y(page, 'revisione');
    await shoot(page, 'revisione');

    const screens: Array<[string, string, RegExp | string]> = [
      ['/', 'cruscotto-revisore', 'Cruscotto'],
      ['/libro-soci', 'libro-soci-revisore', 'Libro soci'],
      [`/libro-soci/${memberId}`, 'socio-storia', /Socio n\. 1/],
      ['/domande', 'domande-revisore-servizi', 'Domande di ammissione'],
      [`/servizi?unita=${unitId}&giorno=2026-03-02&anno=2026`, 'servizi-revisore', 'Servizi e lavoro'],
      ['/revisione', 'revisione-revisore', 'Revisione'],
    ];
    for (const [path, shot, heading] of screens) {
      await page.goto(service.base + path);
      await page.getByRole('heading', { name: heading, level: 1 }).first().waitFor();
      await page
        .getByRole('status')
        .first()
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      const names = (await Promise.all(await buttons())).map((n) => (n ?? '').trim());
      expect({ path, writes: names.filter((n) => !READ_ONLY_BUTTONS.has(n)) }).toEqual({ path, writes: [] });
      await checkA11y(page, shot);
      await shoot(page, shot);
      expect(await reportedViolations(page)).toEqual([]);
    }

    // The member's history: every fact with its date, who recorded it, and its resolution linked to the trail.
    await page.goto(`${service.base}/libro-soci/${memberId}`);
    const history = page
      .getByRole('region', { name: 'Storia del socio' })
      .or(page.locator('section[aria-labelledby="timeline-title"]'));
    await history.getByText('Ammissione a socio').waitFor();
    const items = await history.locator('li').allTextContents();
    expect(items.map((i) => i.split(' — ')[1]?.split(/[:·]/)[0]?.trim())).toEqual([
      'Domanda di ammissione',
      'Ammissione a socio',
      'Sottoscrizione di quote',
      'Versamento sulle quote',
    ]);
    expect(items[0]).toContain('05/01/2025');
    expect(items[3]).toContain('50,00');
    expect(await history.getByRole('link', { name: 'delibera cda-2025-01-10' }).getAttribute('href')).toBe(
      '/consiglio/delibere/cda-2025-01-10',
    );

    // The work section is the auditor's to read: the pay ratio (W3) and the contracts in force.
    await page.goto(`${service.base}/servizi?unita=${unitId}&giorno=2026-03-02&anno=2026`);
    await page.getByText(/Il rapporto tra la retribuzione annua lorda più alta e la più bassa è 1,1 a 1/).waitFor();
    const inForce = page.getByRole('region', { name: 'Contratti in vigore oggi' }).locator('tbody tr');
    await inForce.nth(1).waitFor(); // the table loads apart from the pay ratio above it
    expect(await inForce.count()).toBe(2);

    expect(writes).toEqual([]);
    await context.close();
  }, 180_000);

  it('sent no request off the service’s origin and broke no Content-Security-Policy rule', () => {
    expect(offOrigin).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
