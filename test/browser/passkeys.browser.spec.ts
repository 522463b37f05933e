import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, startBuiltService, type RunningService, expectAccessible } from './support/service.js';
import { adminApi, browserSkip, PASSWORD, SHOTS } from './support/session.js';

const skip = browserSkip('Browser tests of passkeys');

/**
 * Passkeys with Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain):
 * a real browser ceremony, a real signature, no mock. WebAuthn wants a domain for the relying
 * party, so the page is opened at `localhost` (mapped onto the service's loopback address).
 */
(skip ? describe.skip : describe)('passkeys in a real browser', () => {
  let service: RunningService;
  let browser: Browser;
  let origin: string;

  const api = adminApi(() => service);

  const checkA11y = (page: Page, screen: string) => expectAccessible(page, screen);
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    service = await startBuiltService();
    const port = new URL(service.base).port;
    origin = `http://localhost:${port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        '--disable-background-networking',
        '--lang=it-IT',
        '--host-resolver-rules=MAP localhost 127.0.0.1',
      ],
      env: { ...process.env, LANG: 'it_IT.UTF-8', LANGUAGE: 'it' },
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('a secretary registers a passkey on the profile, signs out, and signs in with it to the dashboard', async () => {
    const invited = await api('POST', '/auth/invitations', { name: 'Sara Neri', login: 'sara@example.org', role: 'secretary' });
    await fetch(service.base + '/auth/invitations/acceptance', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: invited.invitationToken, password: PASSWORD }),
    });

    const context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'it-IT',
      timezoneId: 'Europe/Rome',
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });

    await page.goto(origin + '/');
    await page.getByLabel('E-mail o nome utente').fill('sara@example.org');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.getByRole('heading', { name: 'Cruscotto' }).waitFor();

    await page.getByRole('link', { name: 'Profilo' }).click();
    await page.getByRole('heading', { name: 'Il tuo profilo' }).waitFor();
    await page.getByText('Nessuna passkey registrata.').waitFor();
    await checkA11y(page, 'profile-empty');
    await page.getByRole('button', { name: 'Registra una passkey' }).click();
    expect(await page.getByLabel('Nome della passkey').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Nome della passkey').fill('Portatile');
    await page.getByRole('button', { name: 'Registra una passkey' }).click();
    await page.getByText('Passkey «Portatile» registrata.').waitFor();
    await page.getByRole('cell', { name: 'Portatile', exact: true }).waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    await checkA11y(page, 'profile');
    await shoot(page, 'profilo-passkey');

    await page.getByRole('button', { name: 'Esci' }).click();
    await page.goto(origin + '/');
    await page.getByRole('button', { name: 'Entra con una passkey' }).waitFor();
    await checkA11y(page, 'sign-in-passkey');
    await shoot(page, 'accesso-passkey');
    await page.getByRole('button', { name: 'Entra con una passkey' }).click();
    await page.getByRole('heading', { name: 'Cruscotto' }).waitFor();
    await page.getByText('Sara Neri, segreteria').waitFor();

    // The passkey session is a session like any other: the cookie and CSRF token write, the profile shows the use.
    await page.getByRole('link', { name: 'Profilo' }).click();
    await page.getByRole('cell', { name: 'Portatile', exact: true }).waitFor();
    expect(await page.getByRole('cell', { name: 'mai', exact: true }).count()).toBe(0);

    // Removed, it no longer signs in: the browser still holds it, the service refuses it.
    await page.getByRole('button', { name: 'Rimuovi Portatile' }).click();
    await page.getByText('Passkey «Portatile» rimossa.').waitFor();
    await page.getByText('Nessuna passkey registrata.').waitFor();
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByRole('button', { name: 'Entra con una passkey' }).click();
    await page.getByRole('alert').filter({ hasText: 'Accesso con passkey non riuscito' }).waitFor();
    await context.close();
  }, 120_000);
});
