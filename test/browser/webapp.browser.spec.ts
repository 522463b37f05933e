import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { personCheckCharacter } from '../../src/shared-kernel/fiscal-code.js';
import { startBuiltService, type RunningService, expectAccessible } from './support/service.js';
import { adminApi, browserSkip, launchChromium, SHOTS, signInThroughInvitation } from './support/session.js';

const LAPTOP = { width: 1280, height: 860 };
const TABLET = { width: 820, height: 1180 };

const skip = browserSkip('Browser tests of the web app');

(skip ? describe.skip : describe)('the web app in a real browser', () => {
  let service: RunningService;
  let browser: Browser;
  const offOrigin: string[] = [];
  const cspViolations: string[] = [];

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
  });
  const admitted = async (body: object, appliedOn: string, admittedOn: string) => {
    const applied = await api('POST', '/membership/applications', { ...body, appliedOn });
    const member = await api('POST', `/membership/applications/${applied.applicationId}/admission`, {
      boardResolutionId: `cda-${admittedOn}`,
      admittedOn,
    });
    return { applicationId: applied.applicationId as string, memberId: member.memberId as string };
  };

  /** A browser context whose every request is checked to stay on the service's origin. */
  const newContext = async (viewport = LAPTOP): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport, locale: 'it-IT', timezoneId: 'Europe/Rome' });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === service.base || url.startsWith('data:')) return route.continue();
      offOrigin.push(url);
      return route.abort();
    });
    context.on('page', watch);
    return context;
  };
  const watch = (page: Page) =>
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });

  /** axe-core in the page (evaluated through the debugging protocol, so the CSP stays strict). */
  const checkA11y = (page: Page, screen: string) => expectAccessible(page, screen);
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  const invite = async (name: string, login: string, role: string) =>
    (await api('POST', '/auth/invitations', { name, login, role })).invitationPath as string;
  /** With `screenshots`, the set-password and sign-in screens are checked and shot as they are filled in. */
  const signInAs = (page: Page, invitationPath: string, login: string, screenshots = false) =>
    signInThroughInvitation(
      page,
      service.base + invitationPath,
      login,
      screenshots
        ? {
            password: async () => {
              await checkA11y(page, 'set-password');
              await shoot(page, 'imposta-password');
            },
            signIn: async () => {
              await checkA11y(page, 'sign-in');
              await shoot(page, 'accesso');
            },
          }
        : {},
    );

  let erasedMemberId: string;

  beforeAll(async () => {
    service = await startBuiltService();
    browser = await launchChromium();
    const rossi = await admitted(person('Rossi', 'Maria', 'RSSMRA80A01H501U', '1980-01-01'), '2025-01-05', '2025-01-10');
    // The admission subscribed the 2 shares the application asked for (c.c. art. 2528 c. 1); 2 more here.
    await api('POST', `/membership/members/${rossi.memberId}/shares/subscriptions`, { count: 2, subscribedOn: '2025-01-10' });
    await api('POST', `/membership/members/${rossi.memberId}/shares/payments`, { amountCents: 5_000, paidOn: '2025-01-20' });
    await admitted(person('Bianchi', 'Luca', 'BNCLCU85M10D969T', '1985-08-10'), '2025-08-20', '2025-09-01');
    const erased = await admitted(person('Verdi', 'Anna', 'VRDNNA70C41D969O', '1970-03-01'), '2025-02-01', '2025-02-10');
    erasedMemberId = erased.memberId;
    await api('POST', `/membership/members/${erased.memberId}/death`, { diedOn: '2025-03-01' });
    await api('POST', `/membership/applications/${erased.applicationId}/erasure`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('a secretary signs in through an invitation, records an application (a 400 beside the fiscal code first) and sees it pending', async () => {
    const context = await newContext();
    const page = await context.newPage();
    watch(page);
    await signInAs(page, await invite('Giulia Neri', 'giulia@example.org', 'secretary'), 'giulia@example.org', true);

    await page.getByRole('heading', { name: 'Cruscotto' }).waitFor();
    await page.getByText('Totale soci').waitFor();
    await checkA11y(page, 'cruscotto');
    await shoot(page, 'cruscotto');

    // English is a switch; Italian stays the default.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('button', { name: 'Passa all’italiano' }).click();
    await page.getByRole('heading', { name: 'Cruscotto' }).waitFor();

    await page.getByRole('link', { name: 'Domande di ammissione' }).click();
    await page.getByLabel('Nome', { exact: true }).fill('Paolo');
    await page.getByLabel('Cognome').fill('Gialli');
    await page.getByLabel('Codice fiscale').fill('GLLPLA90A01D969X');
    await page.getByLabel('Data di nascita').fill('1/1/1990');
    await page.getByLabel('Indirizzo di residenza').fill('Via XX Settembre 3');
    await page.getByLabel('Comune').fill('Genova');
    await page.getByLabel('CAP').fill('16121');
    await page.getByLabel('Provincia (sigla)').fill('GE');
    await page.getByRole('button', { name: 'Registra la domanda' }).click();
    const fiscalCodeError = page.locator('[id="applicant.fiscalCode-error"]');
    await fiscalCodeError.waitFor();
    expect(await fiscalCodeError.textContent()).toBe('Codice fiscale non valido: formato o carattere di controllo errato.');
    expect(await page.getByLabel('Codice fiscale').getAttribute('aria-invalid')).toBe('true');
    await checkA11y(page, 'domande with a refused field');
    await shoot(page, 'domande-errore');

    await page.getByLabel('Codice fiscale').fill('GLLPLA90A01D969' + personCheckCharacter('GLLPLA90A01D969'));
    await page.getByRole('button', { name: 'Registra la domanda' }).click();
    await page.getByText('Domanda registrata.').waitFor();
    const pending = page.locator('#pending-list');
    await pending.getByText('Gialli Paolo').waitFor();
    expect(await pending.textContent()).toContain('giorni su 60');
    await checkA11y(page, 'domande');
    await shoot(page, 'domande');

    // A reload of an app route serves the app again, signed in.
    await page.reload();
    await page.locator('#pending-list').getByText('Gialli Paolo').waitFor();
    await context.close();
  });

  it('the register as of a date, by section, with an erased person reading "dati cancellati", and a member’s page', async () => {
    const context = await newContext();
    const page = await context.newPage();
    watch(page);
    await signInAs(page, await invite('Marco Blu', 'marco@example.org', 'board'), 'marco@example.org');
    await page.getByRole('link', { name: 'Libro soci' }).click();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('row').count()).toBe(4);
    expect(await page.getByRole('table').textContent()).toContain('dati cancellati');

    await page.getByLabel('Alla data').fill('30-06-2025');
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByText('Libro soci al 30/06/2025').waitFor();
    await page.getByText('2 soci').waitFor();
    const table = (await page.getByRole('table').textContent())!.replace(/\u00a0/g, ' ');
    expect(table).toContain('Rossi Maria');
    expect(table).not.toContain('Bianchi');
    expect(table).toContain('10/01/2025');
    expect(table).toContain('decesso, 01/03/2025');
    expect(table).toContain('4 quote: 100,00 € sottoscritte, 50,00 € versate');
    expect(page.url()).toContain('/libro-soci?data=2025-06-30');
    // The search runs on the server over the whole register, as of the same date; case ignored.
    await page.getByLabel('Cerca per nome, codice fiscale o numero').fill('rossi');
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByText('1 socio').waitFor();
    expect(await page.getByRole('table').textContent()).toContain('Rossi Maria');
    expect(page.url()).toContain('q=rossi');
    await page.getByLabel('Cerca per nome, codice fiscale o numero').fill('');
    await page.getByRole('button', { name: 'Mostra' }).click();
    await page.getByText('2 soci').waitFor();
    await checkA11y(page, 'libro soci');
    await shoot(page, 'libro-soci');
    expect(await page.getByRole('link', { name: 'Esporta in CSV' }).getAttribute('href')).toBe(
      '/membership/register/export?format=csv&asOf=2025-06-30',
    );

    await page.getByRole('link', { name: 'Rossi Maria' }).click();
    await page.getByRole('heading', { name: /Socio n\. 1/ }).waitFor();
    await checkA11y(page, 'socio');
    await shoot(page, 'socio');
    await page.goto(`${service.base}/libro-soci/${erasedMemberId}`);
    await page.getByRole('heading', { name: /dati cancellati/ }).waitFor();

    await page.setViewportSize(TABLET);
    await page.goto(`${service.base}/libro-soci`);
    await page.getByRole('table').waitFor();
    await checkA11y(page, 'libro soci on a tablet');
    await shoot(page, 'libro-soci-tablet');
    await context.close();
  });

  it('an auditor sees no write action, and a forged write with the cookie is refused', async () => {
    const context = await newContext();
    const page = await context.newPage();
    watch(page);
    await signInAs(page, await invite('Revisore Uno', 'revisore@example.org', 'auditor'), 'revisore@example.org');
    await page.getByRole('link', { name: 'Domande di ammissione' }).click();
    await page.getByText('Il tuo ruolo consente di consultare le domande, non di registrarle.').waitFor();
    expect(await page.getByRole('button', { name: 'Registra la domanda' }).count()).toBe(0);
    await checkA11y(page, 'domande for an auditor');
    await shoot(page, 'domande-revisore');

    const forged = await page.evaluate(async () => {
      const session = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
      const body = JSON.stringify({ category: 'worker', requestedShares: 1, applicant: {} });
      const headers = { 'Content-Type': 'application/json' };
      const withToken = await fetch('/membership/applications', {
        method: 'POST',
        headers: { ...headers, 'X-CSRF-Token': session.csrfToken },
        body,
      });
      const withoutToken = await fetch('/membership/applications', { method: 'POST', headers, body });
      return [withToken.status, withoutToken.status];
    });
    expect(forged).toEqual([403, 403]);
    await context.close();
  });

  it('sent no request off the service’s origin and broke no Content-Security-Policy rule', () => {
    expect(offOrigin).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
