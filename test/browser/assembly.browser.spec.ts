import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { personCheckCharacter } from '../../src/shared-kernel/fiscal-code.js';
import { startBuiltService, type RunningService, expectAccessible } from './support/service.js';
import { adminApi, browserSkip, launchChromium, SHOTS, signInThroughInvitation } from './support/session.js';

const skip = browserSkip('Browser tests of assemblies and books', () =>
  existsSync('/usr/bin/pdftoppm') ? null : 'pdftoppm is missing (apt-get install -y poppler-utils)',
);

/**
 * An assembly from convening to minutes in Chromium, as the secretary records it: a late
 * notice refused (G5), a member without a vote (G2), a proxy refused then granted (G3), a
 * deserted first call and the second call's quorum (G4), the votes, the result, the minutes'
 * sha256; then the books of the year, printed to PDF and looked at as PNG.
 */
(skip ? describe.skip : describe)('assemblies and books in a real browser', () => {
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  const offOrigin: string[] = [];
  const cspViolations: string[] = [];
  const members: Record<'anna' | 'bruno' | 'carla' | 'dario' | 'elena', string> = {} as never;

  const api = adminApi(() => service);
  const admit = async (familyName: string, givenName: string, code: string, appliedOn: string, admittedOn: string) => {
    const fiscalCode = code + personCheckCharacter(code);
    const applied = await api('POST', '/membership/applications', {
      applicant: {
        kind: 'natural',
        givenName,
        familyName,
        fiscalCode,
        birthDate: '1980-01-01',
        residence: { street: 'Via Roma 1', city: 'Genova', postalCode: '16121', province: 'GE' },
      },
      category: 'worker',
      requestedShares: 1,
      appliedOn,
    });
    const member = await api('POST', `/membership/applications/${applied.applicationId}/admission`, {
      boardResolutionId: `cda-${admittedOn}`,
      admittedOn,
    });
    return member.memberId as string;
  };

  const checkA11y = (screen: string) => expectAccessible(page, screen);
  const shoot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const assemblyId = () => /\/assemblee\/([0-9a-f-]{36})$/.exec(page.url())![1]!;

  beforeAll(async () => {
    service = await startBuiltService();
    browser = await launchChromium();
    // Four members on the register long before the assembly (G2: 90 days), one admitted too late to vote.
    members.anna = await admit('Neri', 'Anna', 'NRENNA80A41D969', '2025-12-01', '2026-01-10');
    members.bruno = await admit('Galli', 'Bruno', 'GLLBRN80A01D969', '2025-12-01', '2026-01-10');
    members.carla = await admit('Ferri', 'Carla', 'FRRCRL80A41D969', '2025-12-01', '2026-01-10');
    members.dario = await admit('Conti', 'Dario', 'CNTDRA80A01D969', '2025-12-01', '2026-01-10');
    members.elena = await admit('Longo', 'Elena', 'LNGLNE80A41D969', '2026-05-01', '2026-05-20');

    const invitation = (
      await api('POST', '/auth/invitations', { name: 'Sara Segre', login: 'sara@example.org', role: 'secretary' })
    ).invitationPath as string;
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
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signInThroughInvitation(page, service.base + invitation, 'sara@example.org');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('convenes an assembly: a late notice is refused with its rule (G5), then it is convened', async () => {
    await page.getByRole('link', { name: 'Assemblee' }).click();
    await page.getByRole('heading', { name: 'Assemblee dei soci' }).waitFor();
    await page.getByText('Nessuna assemblea convocata.').waitFor();
    await page.getByLabel('Prima convocazione: data').fill('10/06/2026');
    await page.getByLabel('Prima convocazione: luogo').fill('Sede sociale, Genova');
    await page.getByLabel('Seconda convocazione: data (facoltativa)').fill('11/06/2026');
    await page.getByLabel('Seconda convocazione: luogo').fill('Sede sociale, Genova');
    await page.getByLabel('Ordine del giorno (un punto per riga)').fill('Approvazione del bilancio 2025\nVarie ed eventuali');
    await page.getByLabel('Avviso inviato il').fill('05/06/2026');
    await page.getByRole('button', { name: 'Convoca' }).click();
    const refusal = page.getByRole('alert');
    await refusal.getByText(/regola G5 \(c\.c\. art\. 2366/).waitFor();
    await checkA11y('assemblee-convocazione-rifiutata');
    await shoot('assemblee-convocazione-rifiutata');

    await page.getByLabel('Avviso inviato il').fill('25/05/2026');
    await page.getByRole('button', { name: 'Convoca' }).click();
    await page.getByRole('heading', { name: 'Assemblea ordinaria del 10/06/2026' }).waitFor();
    await page.getByText('Stato: convocata').waitFor();
  }, 60_000);

  it('shows the voters with the reason for the member without a vote (G2), and refuses then records a proxy (G3)', async () => {
    const voters = page.getByRole('region', { name: 'Soci iscritti alla data della prima convocazione' });
    await voters
      .getByRole('row', { name: /Longo Elena/ })
      .getByText('iscritto dal 20/05/2026: vota dal 18/08/2026', { exact: false })
      .waitFor();
    expect(
      await voters
        .getByRole('row', { name: /Neri Anna/ })
        .getByRole('cell')
        .nth(2)
        .textContent(),
    ).toBe('1');

    await page.getByLabel('Socio che delega').selectOption(members.carla);
    await page.getByLabel('Socio delegato').selectOption(members.elena);
    await page.getByRole('button', { name: 'Registra la delega' }).click();
    await page
      .getByRole('alert')
      .getByText(/regola G3/)
      .waitFor();
    await shoot('assemblea-delega-rifiutata');

    await page.getByLabel('Socio delegato').selectOption(members.bruno);
    await page.getByRole('button', { name: 'Registra la delega' }).click();
    await page.getByText(/Ferri Carla delega .*Galli Bruno/).waitFor();
    await checkA11y('assemblea-convocata');
    await shoot('assemblea-convocata');
  }, 60_000);

  it('a deserted first call, then attendance as it happens and the second call reaches its quorum (G4)', async () => {
    await page.getByLabel('Socio presente').selectOption(members.anna);
    await page.getByRole('button', { name: 'Registra la presenza' }).click();
    await page.getByRole('region', { name: 'Presenti, in proprio e per delega' }).getByText('Neri Anna').waitFor();
    await page.getByRole('button', { name: 'Apri in prima convocazione' }).click();
    await page.getByText(/Prima convocazione: 10\/06\/2026, voti presenti 1 su 4.*quorum non raggiunto/).waitFor();
    await page.getByText('Stato: prima convocazione andata deserta: si attende la seconda').waitFor();

    // Those present at the deserted first call are recorded anew for the second (G4).
    await page.getByText('i presenti alla seconda si registrano di nuovo', { exact: false }).waitFor();
    await page.getByLabel('Socio presente').selectOption(members.anna);
    await page.getByRole('button', { name: 'Registra la presenza' }).click();
    await page.getByRole('row', { name: /Neri Anna Seconda convocazione/ }).waitFor();
    // Recorded at another desk (through the API): the open page shows it without a reload.
    await api('POST', `/governance/assemblies/${assemblyId()}/attendance`, { memberId: members.bruno });
    const present = page.getByRole('region', { name: 'Presenti, in proprio e per delega' });
    await present
      .getByRole('row', { name: /Galli Bruno/ })
      .getByText('Ferri Carla (1)')
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Apri in seconda convocazione' }).click();
    await page.getByText(/Seconda convocazione: 11\/06\/2026, voti presenti 3 su 4.*quorum costitutivo raggiunto/).waitFor();
    await page.getByText('Stato: aperta').waitFor();
    await checkA11y('assemblea-aperta');
    await shoot('assemblea-aperta');
  }, 60_000);

  it('puts a motion, records the votes (a refusal G2 beside the step), declares the result with tally and majority', async () => {
    await page.getByLabel('Punto dell’ordine del giorno').selectOption('1');
    await page.getByLabel('Testo della proposta').fill('L’assemblea approva il bilancio dell’esercizio 2025.');
    await page.getByRole('button', { name: 'Metti in votazione' }).click();
    const motion = page.getByRole('article', { name: /Proposta m1/ });
    await motion.waitFor();
    const vote = async (memberId: string, value: string) => {
      await motion.getByLabel('Socio che vota').selectOption(memberId);
      await motion.getByLabel('Voto', { exact: true }).selectOption(value);
      await motion.getByRole('button', { name: 'Registra il voto' }).click();
    };
    await vote(members.anna, 'for');
    await motion.getByRole('row', { name: /Neri Anna/ }).waitFor();
    await vote(members.carla, 'for');
    await motion.getByText('per delega, espresso da Galli Bruno', { exact: false }).waitFor();
    await vote(members.bruno, 'against');
    // Bruno's own row (Carla's also names him, as her proxy holder): his vote is recorded
    // before the next one is chosen in the same form.
    await motion.getByRole('row', { name: /^Galli Bruno\b.*contrario/ }).waitFor();
    await vote(members.elena, 'for');
    await motion
      .getByRole('alert')
      .getByText(/regola G2/)
      .waitFor();
    await shoot('assemblea-voto-rifiutato');

    await motion.getByRole('button', { name: 'Proclama il risultato' }).click();
    await page.getByRole('heading', { name: /Proposta m1 \(punto 1\): approvata/ }).waitFor();
    await motion.getByText('Favorevoli 2, contrari 1, astenuti 0').waitFor();
    await motion.getByText(/Maggioranza: maggioranza dei voti espressi/).waitFor();
    await checkA11y('assemblea-risultato');
    await shoot('assemblea-risultato');
  }, 60_000);

  it('closes the assembly and approves the minutes, showing their sha256', async () => {
    await page.getByLabel('Chiusa il').fill('11/06/2026');
    await page.getByRole('button', { name: 'Chiudi l’assemblea' }).click();
    await page.getByText('Assemblea chiusa il 11/06/2026.').waitFor();
    const text = 'Verbale dell’assemblea ordinaria dell’11 giugno 2026, in seconda convocazione.';
    await page.getByLabel('Presidente').fill('Anna Neri');
    await page.getByLabel('Segretario').fill('Bruno Galli');
    await page.getByLabel('Testo del verbale').fill(text);
    await page.getByRole('button', { name: 'Approva il verbale' }).click();
    await page.getByText(createHash('sha256').update(text).digest('hex')).waitFor();
    await checkA11y('assemblea-chiusa');
    await shoot('assemblea-chiusa');

    await page.getByRole('link', { name: 'Assemblee', exact: true }).click();
    await page.getByRole('link', { name: '11/06/2026' }).waitFor();
    await checkA11y('assemblee');
    await shoot('assemblee');
  }, 60_000);

  it('shows the books of the year and prints one meeting per page with numbered pages', async () => {
    await page.getByRole('link', { name: 'Libri' }).click();
    await page.getByRole('heading', { name: 'Libri sociali' }).waitFor();
    await page.getByLabel('Anno').fill('2026');
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByRole('heading', { name: 'Assemblea ordinaria del 11/06/2026' }).waitFor();
    await page.getByText('Favorevoli 2, contrari 1, astenuti 0').waitFor();
    await page.getByText('Nessun sigillo ancora registrato.', { exact: false }).waitFor();
    await checkA11y('libri-assemblee');
    await shoot('libri-assemblee');

    const dir = mkdtempSync(join(tmpdir(), 'coop-print-'));
    try {
      const pdf = join(dir, 'libro.pdf');
      await page.pdf({ path: pdf, format: 'A4', preferCSSPageSize: true });
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
      // The cover, the index, one page for the one meeting.
      expect(pages).toBe(3);
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
      expect(text).toContain('Pagina 1 di 3');
      expect(text).toContain('Pagina 3 di 3');
      expect(text).not.toContain('Registri della cooperativa');
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '3', pdf, join(SHOTS, 'libri-assemblee-stampa')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    await page.getByLabel('Libro', { exact: true }).selectOption('consiglio');
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByText('Nessuna adunanza in questo periodo.').waitFor();
    await checkA11y('libri-consiglio');
    await shoot('libri-consiglio');

    await page.getByLabel('Libro', { exact: true }).selectOption('volontari');
    await page.getByLabel('Anno').fill('');
    await page.getByLabel('Alla data').fill('30/06/2026');
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByText('Nessun volontario iscritto a questa data.').waitFor();
    await page.getByText('Alla data del 30/06/2026').waitFor();
    await checkA11y('libri-volontari');
    await shoot('libri-volontari');

    expect(offOrigin).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 90_000);
});
