import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page } from 'playwright-core';
import { personCheckCharacter } from '../../src/shared-kernel/fiscal-code.js';
import { sealWithCli, startBuiltService, type RunningService, expectAccessible } from './support/service.js';
import { adminApi, browserSkip, launchChromium, SHOTS, signInThroughInvitation } from './support/session.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const skip = browserSkip('Browser tests of the board’s contracts, partnerships and minutes');

/** The service's today in Europe/Rome (it runs on the real clock), never a fixed day. */
const romeDay = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
const italian = (date: string) => date.split('-').reverse().join('/');
const fiscalCode = (surname: string, day: number) => {
  const body = `${surname}MRA80A${String(day).padStart(2, '0')}H501`;
  return body + personCheckCharacter(body);
};

/**
 * G7 in the browser for work and cooperation: a resolution approving a work contract and one
 * agreeing a partnership, each followed to the event it caused and back; then the board's and
 * the assemblies' books naming who voted for, against and abstaining (c.c. art. 2375), the
 * board's printed to PDF and looked at as PNG.
 */
(skip ? describe.skip : describe)('the board decides contracts and partnerships, and the minutes name the voters', () => {
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const offOrigin: string[] = [];
  const cspViolations: string[] = [];
  const today = romeDay();
  const meetingId = '9b000000-0000-4000-8000-0000000000d1';
  const assemblyId = 'aa000000-0000-4000-8000-0000000000d1';
  const members: Record<string, string> = {};

  const api = adminApi(() => service);
  /** A member admitted before any board is recorded (G7 lets a direct admission stand until then). */
  const admitted = async (familyName: string, givenName: string, code: string, day: number) => {
    const applied = await api('POST', '/membership/applications', {
      applicant: {
        kind: 'natural',
        givenName,
        familyName,
        fiscalCode: fiscalCode(code, day),
        birthDate: `1980-01-${String(day).padStart(2, '0')}`,
        residence: { street: 'Via Roma 1', city: 'Genova', postalCode: '16121', province: 'GE' },
      },
      category: 'worker',
      requestedShares: 1,
      appliedOn: '2025-01-05',
    });
    const member = await api('POST', `/membership/applications/${applied.applicationId}/admission`, {
      boardResolutionId: 'cda-2025-01-10',
      admittedOn: '2025-01-10',
    });
    return member.memberId as string;
  };

  const checkA11y = (name: string) => expectAccessible(page, name);
  const screen = async (name: string) => {
    await checkA11y(name);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };
  /** Votes on the open resolution form: everyone for, except those named. */
  const vote = async (votes: Record<string, 'contrario' | 'astenuto'>) => {
    for (const [name, how] of Object.entries(votes))
      await page.getByRole('radiogroup', { name }).getByLabel(how, { exact: true }).check();
  };

  beforeAll(async () => {
    service = await startBuiltService();
    browser = await launchChromium();
    members.rossi = await admitted('Rossi', 'Maria', 'RSS', 1);
    members.bianchi = await admitted('Bianchi', 'Luca', 'BNC', 2);
    members.neri = await admitted('Neri', 'Sara', 'NRE', 3);
    members.bruni = await admitted('Bruni', 'Elena', 'BRN', 4);
    members.gialli = await admitted('Gialli', 'Paolo', 'GLL', 5);
    await api('POST', '/governance/board', {
      electedOn: '2025-06-01',
      termEndsOn: '2099-12-31',
      assemblyResolutionId: 'ass-2025-1',
      directors: [
        { directorId: 'rossi', name: 'Maria Rossi', memberId: members.rossi, role: 'president' },
        { directorId: 'bianchi', name: 'Luca Bianchi', memberId: members.bianchi, role: 'director' },
        { directorId: 'neri', name: 'Sara Neri', memberId: members.neri, role: 'director' },
        { directorId: 'bruni', name: 'Elena Bruni', memberId: members.bruni, role: 'director' },
        { directorId: 'verdi', name: 'Anna Verdi', memberId: null, role: 'director' },
      ],
    });
    await api('POST', '/work/pay-tables', {
      agreement: 'CCNL cooperative sociali 2023-2025',
      effectiveFrom: '2024-02-01',
      fullTimeWeeklyHours: 38,
      minimumMonthlyPayCents: { A1: 130_722, F2: 240_725 },
    });
    await api('POST', `/governance/board-meetings/${meetingId}`, {
      convenedOn: today,
      heldOn: today,
      place: 'Sede sociale',
      agenda: ['Assunzione di un educatore', 'Adesione al consorzio'],
    });
    await api('POST', `/governance/board-meetings/${meetingId}/attendance`, {
      present: ['rossi', 'bianchi', 'neri', 'bruni', 'verdi'],
    });
    // An assembly whose motion the members vote for, against and abstaining.
    const at = (path: string, body: object) => api('POST', `/governance/assemblies/${assemblyId}${path}`, body);
    await api('POST', `/governance/assemblies/${assemblyId}`, {
      kind: 'ordinary',
      firstCall: { date: '2025-06-20', place: 'Sede sociale' },
      agenda: ['Approvazione del bilancio 2024'],
      noticeSentOn: '2025-06-01',
    });
    for (const id of Object.values(members)) await at('/attendance', { memberId: id });
    await at('/opening', { call: 'first' });
    await at('/motions', { motionId: 'm1', item: 1, text: 'L’assemblea approva il bilancio 2024' });
    const how = { rossi: 'for', bianchi: 'for', neri: 'against', bruni: 'abstain', gialli: 'for' } as const;
    for (const [who, v] of Object.entries(how)) await at('/votes', { motionId: 'm1', memberId: members[who], vote: v });
    await at('/results', { motionId: 'm1', resolutionId: 'ass-2025-1-1' });

    const context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'it-IT',
      timezoneId: 'Europe/Rome',
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === service.base || url.startsWith('data:')) return route.continue();
      offOrigin.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    const { invitationPath } = await api('POST', '/auth/invitations', {
      name: 'Giulia Segreteria',
      login: 'segreteria@example.org',
      role: 'secretary',
    });
    await signInThroughInvitation(page, service.base + (invitationPath as string), 'segreteria@example.org');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('G7 adopts a resolution that approves a work contract, and follows the trail to ContractSigned and back', async () => {
    await page.goto(`${service.base}/consiglio/riunioni/${meetingId}`);
    await page.getByRole('button', { name: 'Aggiungi un contratto di lavoro' }).click();
    const contract = page.getByRole('group', { name: 'Approvazione di un contratto di lavoro' });
    await contract.getByLabel('Socio che firma il contratto').selectOption(members.gialli!);
    await contract.getByLabel('Livello del CCNL').fill('A1');
    await contract.getByLabel('Retribuzione lorda mensile (euro)').fill('1.307,22');
    await contract.getByLabel('Unità operativa').fill('Nido Girasole');
    expect(await contract.getByLabel('Inizio del rapporto').inputValue()).toBe(italian(today));
    await page.getByLabel('Testo della delibera').fill('Il consiglio approva l’assunzione di Paolo Gialli come educatore.');
    await vote({ 'Sara Neri': 'contrario', 'Anna Verdi': 'astenuto' });
    const resolutionId = await page.getByLabel('Numero della delibera').inputValue();
    await screen('consiglio-delibera-contratto-modulo');
    await page.getByRole('button', { name: 'Registra la delibera' }).click();

    await page.getByRole('heading', { name: `Delibera ${resolutionId}: approvata` }).waitFor();
    const decisions = page.locator('ol.decisions-list');
    await decisions.getByText('eseguita').waitFor();
    expect(await decisions.textContent()).toContain(
      `Approvazione del contratto di lavoro (lavoro subordinato, 38 ore settimanali, 1307,22`,
    );
    expect(await decisions.textContent()).toContain(
      `dal ${italian(today)}, Nido Girasole) con il socio lavoratore Gialli Paolo:`,
    );
    const caused = page.locator('#caused-events');
    await caused.getByText('ContractSigned').waitFor();
    await screen('consiglio-delibera-contratto');

    await caused.getByRole('link', { name: 'firma del contratto di lavoro' }).click();
    await page.getByRole('heading', { name: 'Evento: firma del contratto di lavoro' }).waitFor();
    expect(await page.locator('#event-cause').textContent()).toContain('workforce-main');
    await page.getByRole('link', { name: `Delibera ${resolutionId}` }).click();
    await page.getByRole('heading', { name: `Delibera ${resolutionId}: approvata` }).waitFor();
  }, 120_000);

  it('G7 adopts a resolution that agrees a partnership, and follows the trail to PartnershipAgreed and back', async () => {
    await page.getByRole('link', { name: `Riunione del ${italian(today)}, Sede sociale` }).click();
    await page.getByRole('button', { name: 'Aggiungi un accordo di collaborazione' }).click();
    const partnership = page.getByRole('group', { name: 'Stipula di un accordo di collaborazione' });
    await partnership.getByLabel('Ente partner').fill('Consorzio Sociale Liguria');
    await partnership.getByLabel('Tipo di ente').selectOption('consortium');
    await partnership.getByLabel('Codice fiscale o partita IVA del partner (se italiano)').fill('01234567890');
    await partnership.getByLabel('Forma della collaborazione').selectOption('consortium_membership');
    await partnership.getByLabel('Oggetto e finalità').fill('Gare comuni per i servizi educativi');
    await page.getByRole('region', { name: 'Nuova delibera' }).getByLabel('Punto all’ordine del giorno').selectOption('2');
    await page.getByLabel('Testo della delibera').fill('Il consiglio delibera l’adesione al Consorzio Sociale Liguria.');
    await vote({ 'Luca Bianchi': 'astenuto' });
    const resolutionId = await page.getByLabel('Numero della delibera').inputValue();
    expect(resolutionId).toBe(`cda-${today}-2`);
    await page.getByRole('button', { name: 'Registra la delibera' }).click();

    await page.getByRole('heading', { name: `Delibera ${resolutionId}: approvata` }).waitFor();
    const decisions = page.locator('ol.decisions-list');
    await decisions.getByText('eseguita').waitFor();
    expect(await decisions.textContent()).toContain(
      `Accordo di collaborazione con Consorzio Sociale Liguria (adesione a un consorzio, ambito locale), dal ${italian(today)}:`,
    );
    const caused = page.locator('#caused-events');
    await caused.getByText('PartnershipAgreed').waitFor();
    await screen('consiglio-delibera-accordo');
    await caused.getByRole('link', { name: 'accordo di collaborazione' }).click();
    await page.getByRole('heading', { name: 'Evento: accordo di collaborazione' }).waitFor();
    expect(await page.locator('#event-cause').textContent()).toContain('partnership-');
    await page.getByRole('link', { name: `Delibera ${resolutionId}` }).click();
    await page.getByRole('heading', { name: `Delibera ${resolutionId}: approvata` }).waitFor();

    // A partnership in force can now be ended by a later resolution: the form offers it.
    await page.getByRole('link', { name: `Riunione del ${italian(today)}, Sede sociale` }).click();
    await page.getByRole('button', { name: 'Aggiungi la cessazione di un accordo' }).click();
    const ending = page.getByRole('group', { name: 'Cessazione di un accordo di collaborazione' });
    expect(await ending.getByLabel('Accordo da far cessare').textContent()).toContain(
      `Consorzio Sociale Liguria, dal ${italian(today)}`,
    );
  }, 120_000);

  it('c.c. art. 2375: both books name the favorevoli, contrari and astenuti; the board’s prints one meeting a page, numbered', async () => {
    await page.goto(`${service.base}/libri?libro=consiglio`);
    const meeting = page.locator('section.book-meeting').first();
    await meeting.getByText('Favorevoli (3)').first().waitFor();
    const first = meeting.locator('.book-motion').first();
    expect(await first.locator('.voters').textContent()).toBe(
      'Favorevoli (3)Maria Rossi; Luca Bianchi; Elena BruniContrari (1)Sara NeriAstenuti (1)Anna Verdi',
    );
    await screen('libri-consiglio-votanti');

    // The secretariat seals before printing; the footer then names that seal.
    const sealed = sealWithCli(service);
    await page.reload();
    await page.locator('section.book-meeting').first().getByText('Favorevoli (3)').first().waitFor();
    await page.locator('footer.print-footer').waitFor({ state: 'attached' });
    const dir = mkdtempSync(join(tmpdir(), 'coop-print-'));
    try {
      const pdf = join(dir, 'libro-consiglio.pdf');
      await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
      expect(pages).toBe(3); // the cover, the index, the one meeting
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      expect(text).toContain('Pagina 1 di 3');
      expect(text).toContain('Pagina 3 di 3');
      expect(text).toMatch(/Favorevoli \(3\)\s+Maria Rossi; Luca Bianchi; Elena Bruni/);
      expect(text).toMatch(/Astenuti \(1\)\s+Anna Verdi/);
      // The footer of every page: the latest seal's number and Merkle root (c.c. art. 2421: the books kept unaltered).
      expect(text).toContain(`Sigillo n. ${sealed.sealRevision}: radice Merkle ${sealed.logRoot.slice(0, 16)}`);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '3', pdf, join(SHOTS, 'libri-consiglio-stampa')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    await page.goto(`${service.base}/libri?libro=assemblee`);
    const motion = page.locator('section.book-meeting .book-motion').first();
    await motion.getByText('Favorevoli (3)').waitFor();
    const voters = (await motion.locator('.voters').textContent())!;
    expect(voters).toMatch(
      /^Favorevoli \(3\)Rossi Maria \(socio n\. 1\); Bianchi Luca \(socio n\. 2\); Gialli Paolo \(socio n\. 5\)/,
    );
    expect(voters).toContain('Contrari (1)Neri Sara (socio n. 3)');
    expect(voters).toContain('Astenuti (1)Bruni Elena (socio n. 4)');
    await screen('libri-assemblee-votanti');
  }, 120_000);

  it('sent no request off the service’s origin and broke no Content-Security-Policy rule', () => {
    expect(offOrigin).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
