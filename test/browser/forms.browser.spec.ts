import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { personCheckCharacter } from '../../src/shared-kernel/fiscal-code.js';
import { startBuiltService, type RunningService, expectAccessible } from './support/service.js';
import { adminApi, browserSkip, launchChromium, SHOTS, signInThroughInvitation } from './support/session.js';

const LAPTOP = { width: 1280, height: 800 };
const TABLET = { width: 768, height: 1024 };

const skip = browserSkip('Browser tests of the forms and the layout');

/**
 * The forms as a secretary fills them, in a Chromium set to English (so a native date input
 * would read mm/dd/yyyy): dates typed gg/mm/aaaa, a date that does not exist shown before
 * sending, the server's 400 beside the assembly field it names; the header on a laptop and on
 * a tablet; every screen walked at both sizes, axe-clean, with its screenshot.
 */
(skip ? describe.skip : describe)('forms and layout in a real browser', () => {
  let service: RunningService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const api = adminApi(() => service);
  const admit = async (familyName: string, givenName: string, code: string) => {
    const applied = await api('POST', '/membership/applications', {
      applicant: {
        kind: 'natural',
        givenName,
        familyName,
        fiscalCode: code + personCheckCharacter(code),
        birthDate: '1980-01-01',
        residence: { street: 'Via Roma 1', city: 'Genova', postalCode: '16121', province: 'GE' },
      },
      category: 'worker',
      requestedShares: 1,
      appliedOn: '2025-01-05',
    });
    await api('POST', `/membership/applications/${applied.applicationId}/admission`, {
      boardResolutionId: 'cda-2025-01-10',
      admittedOn: '2025-01-10',
    });
  };
  const checkA11y = (screen: string) => expectAccessible(page, screen);
  const shoot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  /** The ids the field's `aria-describedby` names, and the texts they hold. */
  const described = async (label: string) => {
    const ids = ((await page.getByLabel(label).getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    return Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
  };

  beforeAll(async () => {
    service = await startBuiltService();
    browser = await launchChromium('en');
    await admit('Rossi', 'Maria', 'RSSMRA80A41D969');
    await admit('Verdi', 'Luca', 'VRDLCU80A01D969');
    const invitation = (
      await api('POST', '/auth/invitations', { name: 'Giulia Neri', login: 'giulia@example.org', role: 'secretary' })
    ).invitationPath as string;
    // English locale on purpose: the forms must read gg/mm/aaaa whatever the browser's language.
    context = await browser.newContext({ viewport: LAPTOP, locale: 'en-US', timezoneId: 'Europe/Rome' });
    page = await context.newPage();
    await signInThroughInvitation(page, service.base + invitation, 'giulia@example.org');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('every date field reads gg/mm/aaaa, with a numeric keyboard, its hint and its error described', async () => {
    await page.goto(`${service.base}/domande`);
    const birth = page.getByLabel('Data di nascita (gg/mm/aaaa)');
    expect(await birth.getAttribute('type')).toBe('text');
    expect(await birth.getAttribute('inputmode')).toBe('numeric');
    expect(await described('Data di nascita')).toEqual(['Per esempio 01/02/2026.']);
    // No native date input is left on any form screen.
    for (const path of ['/domande', '/libro-soci', '/assemblee', '/consiglio', '/libri', '/servizi']) {
      await page.goto(service.base + path);
      await page.locator('main h1').first().waitFor();
      expect({ path, native: await page.locator('input[type="date"]').count() }).toEqual({ path, native: 0 });
    }
  });

  it('a date that does not exist is the field’s error on leaving it; 1/2/2026, 01-02-2026 and a pasted ISO date are read', async () => {
    await page.goto(`${service.base}/domande`);
    const birth = page.getByLabel('Data di nascita');
    await birth.fill('31/02/1990');
    await birth.press('Tab');
    expect(await birth.getAttribute('aria-invalid')).toBe('true');
    expect(await described('Data di nascita')).toEqual([
      'Per esempio 01/02/2026.',
      'Questa data non esiste: controlla giorno e mese.',
    ]);
    await checkA11y('domande-data-inesistente');
    await shoot('domande-data-inesistente');

    await birth.fill('1/2/1990');
    await birth.press('Tab');
    expect(await birth.inputValue()).toBe('01/02/1990');
    expect(await birth.getAttribute('aria-invalid')).toBeNull();
    await birth.fill('');
    await birth.focus();
    await page.keyboard.insertText('1990-02-01');
    await birth.press('Tab');
    expect(await birth.inputValue()).toBe('01/02/1990');

    await page.getByLabel('Nome', { exact: true }).fill('Paolo');
    await page.getByLabel('Cognome').fill('Gialli');
    await page.getByLabel('Codice fiscale').fill('GLLPLA90B01D969' + personCheckCharacter('GLLPLA90B01D969'));
    await page.getByLabel('Indirizzo di residenza').fill('Via XX Settembre 3');
    await page.getByLabel('Comune').fill('Genova');
    await page.getByLabel('CAP').fill('16121');
    await page.getByLabel('Provincia (sigla)').fill('GE');
    await page.getByLabel('Data della domanda').fill('05-01-2025');
    await page.getByRole('button', { name: 'Registra la domanda' }).click();
    await page.getByText('Domanda registrata.').waitFor();

    await page.goto(`${service.base}/libro-soci`);
    await page.getByLabel('Alla data').fill('1/2/2026');
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByText('Libro soci al 01/02/2026').waitFor();
    expect(page.url()).toContain('2026-02-01');
  });

  it('an assembly form puts the server’s 400 beside the field it names (second call before the first)', async () => {
    await page.goto(`${service.base}/assemblee`);
    await page.getByLabel('Prima convocazione: data').fill('10/06/2027');
    await page.getByLabel('Prima convocazione: luogo').fill('Sede sociale, Genova');
    await page.getByLabel('Seconda convocazione: data').fill('09/06/2027');
    await page.getByLabel('Ordine del giorno (un punto per riga)').fill('Approvazione del bilancio 2026');
    await page.getByRole('button', { name: 'Convoca' }).click();
    const second = page.getByLabel('Seconda convocazione: data');
    await page.locator('[id="secondCall.date-error"]').waitFor();
    expect(await second.getAttribute('aria-invalid')).toBe('true');
    expect(await described('Seconda convocazione: data')).toContain(
      'Questa data non può venire prima dell’altra data del modulo a cui segue.',
    );
    expect(await page.getByLabel('Prima convocazione: data').getAttribute('aria-invalid')).toBeNull();
    await checkA11y('assemblee-errore-campo');
    await shoot('assemblee-errore-campo');
  });

  it('the navigation fits one line at 1280×800; on a tablet it folds behind a Menu button, keyboard first', async () => {
    await page.setViewportSize(LAPTOP);
    await page.goto(`${service.base}/`);
    await page.getByRole('heading', { name: 'Cruscotto' }).waitFor();
    const links = page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link');
    const tops = new Set(await links.evaluateAll((as) => as.map((a) => Math.round(a.getBoundingClientRect().top))));
    expect(tops.size).toBe(1);
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    await checkA11y('cruscotto-1280');
    await shoot('cruscotto-1280');

    await page.setViewportSize(TABLET);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.waitFor();
    // The attribute follows a re-render: wait for it rather than read it once (a loaded machine lags).
    const menuIs = (expanded: boolean) => page.getByRole('button', { name: 'Menu', expanded }).waitFor();
    await menuIs(false);
    expect(await links.first().isVisible()).toBe(false);
    await checkA11y('cruscotto-tablet');
    await shoot('cruscotto-tablet');
    await menu.focus();
    await page.keyboard.press('Enter');
    await menuIs(true);
    await page.getByRole('link', { name: 'Assemblee' }).waitFor();
    await checkA11y('menu-aperto-tablet');
    await shoot('menu-aperto-tablet');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe('Libro soci');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Libro soci' }).waitFor();
    await menuIs(false);
  });

  it('walks every screen of the secretary at 1280×800 and 768×1024: axe-clean, nothing wider than the window', async () => {
    await page.setViewportSize(LAPTOP);
    await page.goto(`${service.base}/`);
    const nav = page.getByRole('navigation', { name: 'Navigazione principale' });
    await nav.getByRole('link').first().waitFor();
    const paths = await nav.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(paths.length).toBeGreaterThanOrEqual(6);
    for (const [size, viewport] of [
      ['1280', LAPTOP],
      ['tablet', TABLET],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const path of paths) {
        await page.goto(service.base + path);
        await page.locator('main h1').first().waitFor();
        await page.locator('.loading').first().waitFor({ state: 'detached' });
        const name = path === '/' ? 'cruscotto' : path.slice(1).replace(/\//g, '-');
        await checkA11y(`${name}-${size}`);
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        expect({ path, size, overflow: overflow > 0 }).toEqual({ path, size, overflow: false });
        await shoot(`giro-${name}-${size}`);
      }
    }
  });
});
