import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { personCheckCharacter } from '../../src/shared-kernel/fiscal-code.js';
import { startBuiltService, type RunningService, expectAccessible } from './support/service.js';
import { adminApi, browserSkip, launchChromium, SHOTS, signInThroughInvitation } from './support/session.js';

const LAPTOP = { width: 1280, height: 860 };

const skip = browserSkip('Browser tests of the board’s screens');

/**
 * The service runs on the real clock (service.ts sets none), so "today" is the service's today
 * in Europe/Rome, computed here the same way; the test reads dates relative to it, never a fixed day.
 */
const romeDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );
const italian = (date: string) => date.split('-').reverse().join('/');

(skip ? describe.skip : describe)('the board’s screens in a real browser (consiglio di amministrazione)', () => {
  let service: RunningService;
  let browser: Browser;
  const offOrigin: string[] = [];
  const cspViolations: string[] = [];
  const today = romeDay();
  const yesterday = romeDay(-1);

  const api = adminApi(() => service);
  const person = (familyName: string, givenName: string, fiscalCode: string, birthDate: string) => ({
    applicant: {
      kind: 'natural',
      givenName,
      familyName,
      fiscalCode,
      birthDate,
      residence: { street: 'Via Roma 1', city: 'Genova', postalCode: '16121', province: 'GE' },
    },
    category: 'worker',
    requestedShares: 2,
    appliedOn: '2025-01-05',
  });
  /** Members admitted before any board is recorded (G7 lets a direct admission stand until then). */
  const admittedDirectly = async (body: object) => {
    const applied = await api('POST', '/membership/applications', body);
    const member = await api('POST', `/membership/applications/${applied.applicationId}/admission`, {
      boardResolutionId: 'cda-2025-01-10',
      admittedOn: '2025-01-10',
    });
    return member.memberId as string;
  };

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

  /** axe-core in the page (evaluated through the debugging protocol, so the CSP stays strict). */
  const checkA11y = (page: Page, screen: string) => expectAccessible(page, screen);
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const screen = async (page: Page, name: string) => {
    await checkA11y(page, name);
    await shoot(page, name);
  };

  const signInAs = async (page: Page, name: string, login: string, role: string) => {
    const { invitationPath } = await api('POST', '/auth/invitations', { name, login, role });
    await signInThroughInvitation(page, service.base + (invitationPath as string), login);
  };

  beforeAll(async () => {
    service = await startBuiltService();
    browser = await launchChromium();
    const rossi = await admittedDirectly(person('Rossi', 'Maria', 'RSSMRA80A01H501U', '1980-01-01'));
    const bianchi = await admittedDirectly(person('Bianchi', 'Luca', 'BNCLCU85M10D969T', '1985-08-10'));
    await api('POST', '/governance/board', {
      electedOn: '2025-06-01',
      termEndsOn: '2099-12-31',
      assemblyResolutionId: 'ass-2025-1',
      directors: [
        { directorId: 'rossi', name: 'Maria Rossi', memberId: rossi, role: 'president' },
        { directorId: 'bianchi', name: 'Luca Bianchi', memberId: bianchi, role: 'director' },
        { directorId: 'verdi', name: 'Anna Verdi', memberId: null, role: 'director' },
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('a secretary records an application, convenes the board, records attendance and an interest, is refused without reasons (G6), adopts the admission, follows the trail both ways, and finds the member in the register as of today, not yesterday', async () => {
    const context = await newContext();
    const page = await context.newPage();
    watch(page);
    await signInAs(page, 'Giulia Neri', 'giulia@example.org', 'secretary');

    // The application (domanda di ammissione), dated today by default.
    await page.getByRole('link', { name: 'Domande di ammissione' }).click();
    await page.getByLabel('Nome', { exact: true }).fill('Paolo');
    await page.getByLabel('Cognome').fill('Gialli');
    await page.getByLabel('Codice fiscale').fill('GLLPLA90A01D969' + personCheckCharacter('GLLPLA90A01D969'));
    await page.getByLabel('Data di nascita').fill('01/01/1990');
    await page.getByLabel('Indirizzo di residenza').fill('Via XX Settembre 3');
    await page.getByLabel('Comune').fill('Genova');
    await page.getByLabel('CAP').fill('16121');
    await page.getByLabel('Provincia (sigla)').fill('GE');
    await page.getByRole('button', { name: 'Registra la domanda' }).click();
    await page.getByText('Domanda registrata.').waitFor();

    // The board in office, and no meeting yet.
    await page.getByRole('link', { name: 'Consiglio di amministrazione' }).click();
    await page.getByRole('heading', { name: 'Consiglio in carica' }).waitFor();
    const directors = page.getByRole('table', { name: 'Consiglieri in carica' });
    await directors.getByText('Maria Rossi').waitFor();
    expect(await directors.textContent()).toContain('presidente');
    expect(await directors.textContent()).toContain('non socio');
    await page.getByText('Nessuna riunione del consiglio registrata.').waitFor();
    await screen(page, 'consiglio');

    // Convene a meeting today, with its agenda.
    expect(await page.getByLabel('Data della riunione').inputValue()).toBe(today.split('-').reverse().join('/'));
    await page.getByLabel('Luogo').fill('Sede sociale, Via Roma 1, Genova');
    await page.getByLabel('Ordine del giorno').fill('Ammissione di nuovi soci\nVarie ed eventuali');
    await page.getByRole('button', { name: 'Convoca la riunione' }).click();
    await page.getByRole('heading', { name: `Riunione del consiglio del ${italian(today)}` }).waitFor();
    expect(page.url()).toMatch(/\/consiglio\/riunioni\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Registra i presenti' }).waitFor();
    await screen(page, 'consiglio-riunione-convocata');

    // Attendance: all three present, the quorum reached.
    for (const name of ['Maria Rossi', 'Luca Bianchi', 'Anna Verdi']) await page.getByLabel(name).check();
    await page.getByRole('button', { name: 'Registra i presenti' }).click();
    await page.getByText('Presenti 3 consiglieri su 3 in carica: quorum costitutivo raggiunto.').waitFor();

    // Anna Verdi declares an interest in item 1 (art. 2391).
    await page.getByLabel('Consigliere che dichiara l’interesse').selectOption('verdi');
    await page.getByLabel('Interesse dichiarato (natura, termini, origine e portata)').fill('Parente del richiedente');
    await page.getByRole('button', { name: 'Registra la dichiarazione di interesse' }).click();
    await page.locator('ul.conflicts').getByText('Parente del richiedente').waitFor();

    // The resolution: it admits the pending application; Verdi abstains.
    const applicationLabel = /^Domanda di Gialli Paolo del /;
    await page.getByLabel(applicationLabel).selectOption('admit');
    expect(await page.getByLabel('Data di ammissione').inputValue()).toBe(today.split('-').reverse().join('/'));
    await page.getByLabel('Testo della delibera').fill('Il consiglio ammette a socio lavoratore Paolo Gialli.');
    await page.getByRole('radiogroup', { name: 'Anna Verdi' }).getByLabel('astenuto').check();
    await page.getByText('Interesse dichiarato da Anna Verdi su questo punto: la motivazione è obbligatoria').waitFor();
    const resolutionId = await page.getByLabel('Numero della delibera').inputValue();
    expect(resolutionId).toBe(`cda-${today}-1`);

    // Without reasons, G6 refuses it, and says so beside the reasons field.
    await page.getByRole('button', { name: 'Registra la delibera' }).click();
    const reasonsError = page.locator('#reasons-error');
    await reasonsError.waitFor();
    expect(await reasonsError.textContent()).toBe(
      'Rifiutata in base alla regola G6 (c.c. art. 2391 c. 2): se un consigliere ha dichiarato un interesse sul punto, la delibera deve indicare la motivazione, cioè perché l’operazione conviene alla cooperativa',
    );
    expect(await page.getByLabel('Motivazione').getAttribute('aria-invalid')).toBe('true');
    await screen(page, 'consiglio-delibera-rifiutata-g6');

    // With reasons it is adopted; the trail is read after its position, once the process manager carried it out.
    await page
      .getByLabel('Motivazione')
      .fill('Il richiedente ha i requisiti dello statuto; l’ammissione è nell’interesse della cooperativa.');
    await page.getByRole('button', { name: 'Registra la delibera' }).click();
    await page.getByRole('heading', { name: `Delibera ${resolutionId}: approvata` }).waitFor();
    expect(page.url()).toBe(`${service.base}/consiglio/delibere/${resolutionId}`);
    await page.getByText('Presenti 3 consiglieri su 3 in carica: quorum costitutivo raggiunto.').waitFor();
    const decisions = page.locator('ol.decisions-list');
    await decisions.getByText('eseguita').waitFor();
    expect(await decisions.textContent()).toContain(`Ammissione a socio dal ${italian(today)}:`);
    const caused = page.locator('#caused-events');
    await caused.waitFor();
    const causedText = (await caused.textContent())!;
    expect(causedText).toContain('ammissione a socio');
    expect(causedText).toContain('MemberAdmitted');
    expect(causedText).toContain(italian(today));
    expect(await page.locator('section', { has: page.getByRole('heading', { name: 'Votazione' }) }).textContent()).toMatch(
      /Favorevoli.*Maria Rossi.*Luca Bianchi.*Astenuti.*Anna Verdi/,
    );
    expect(await page.getByText('Parente del richiedente').count()).toBe(1);
    await screen(page, 'consiglio-delibera-percorso');

    // The way back: from the MemberAdmitted event to the resolution that caused it.
    await caused.getByRole('link', { name: 'ammissione a socio' }).click();
    await page.getByRole('heading', { name: 'Evento: ammissione a socio' }).waitFor();
    expect(page.url()).toMatch(/\/consiglio\/eventi\/[0-9a-f-]{36}$/);
    expect(await page.locator('#event-cause').textContent()).toContain('memberRegister-main');
    await screen(page, 'consiglio-evento');
    await page.getByRole('link', { name: `Delibera ${resolutionId}` }).click();
    await page.getByRole('heading', { name: `Delibera ${resolutionId}: approvata` }).waitFor();

    // The member is in the register as of today, and not as of yesterday.
    await page.getByRole('link', { name: 'Libro soci' }).click();
    await page.getByRole('table').waitFor();
    await page.getByLabel('Alla data').fill(today.split('-').reverse().join('/'));
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByText(`Libro soci al ${italian(today)}`).waitFor();
    await page.getByRole('link', { name: 'Gialli Paolo' }).waitFor();
    expect(await page.getByRole('table').textContent()).toContain(`${italian(today)}, delibera ${resolutionId}`);
    await page.getByLabel('Alla data').fill(yesterday.split('-').reverse().join('/'));
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByText(`Libro soci al ${italian(yesterday)}`).waitFor();
    await page.getByText('2 soci').waitFor();
    expect(await page.getByRole('table').textContent()).not.toContain('Gialli');

    // And from the member's page to the resolution behind the admission.
    await page.getByLabel('Alla data').fill(today.split('-').reverse().join('/'));
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByRole('link', { name: 'Gialli Paolo' }).click();
    // Two links lead there: the admission's line, and the timeline's entry (which loads after it).
    await page.getByRole('link', { name: `delibera ${resolutionId}`, exact: true }).waitFor();
    await page.getByRole('link', { name: `Delibera ${resolutionId}`, exact: true }).click();
    await page.getByRole('heading', { name: `Delibera ${resolutionId}: approvata` }).waitFor();

    // The meeting now lists the resolution.
    await page.getByRole('link', { name: `Riunione del ${italian(today)}, Sede sociale, Via Roma 1, Genova` }).click();
    await page.locator('ul.resolutions').getByText('approvata').waitFor();
    await screen(page, 'consiglio-riunione');
    await context.close();
  }, 180_000);

  it('an auditor reads the board, its meetings and the trail, with no action to record', async () => {
    const context = await newContext();
    const page = await context.newPage();
    watch(page);
    await signInAs(page, 'Revisore Due', 'revisore2@example.org', 'auditor');
    await page.getByRole('link', { name: 'Consiglio di amministrazione' }).click();
    await page.getByText('Il tuo ruolo consente di consultare le riunioni e le delibere, non di registrarle.').waitFor();
    expect(await page.getByRole('button', { name: 'Convoca la riunione' }).count()).toBe(0);
    await page.locator('#meetings-list').getByRole('link').first().click();
    await page.locator('ul.resolutions').getByText('approvata').waitFor();
    expect(await page.getByRole('button', { name: 'Registra la delibera' }).count()).toBe(0);
    await screen(page, 'consiglio-revisore');
    await context.close();
  }, 120_000);

  it('sent no request off the service’s origin and broke no Content-Security-Policy rule', () => {
    expect(offOrigin).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
