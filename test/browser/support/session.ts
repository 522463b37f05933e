import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { reportSkip } from '../../support/skip.js';
import { CHROMIUM, type RunningService } from './service.js';

/*
 * What every browser spec does the same way: whether it can run, the admin's API calls that
 * set up its history, the Chromium it drives, and a person signing in through an invitation.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Where the specs write their screenshots. */
export const SHOTS = join(root, 'test', 'browser', 'screenshots');

/** The password every invited person sets in the specs. */
export const PASSWORD = 'una password di prova lunga';

/**
 * Why the suite `title` cannot run here (no Chromium, the web app not built, or what `more`
 * says is missing), printed; null when it can.
 */
export function browserSkip(title: string, more: () => string | null = () => null): string | null {
  const skip = !existsSync(CHROMIUM)
    ? `${CHROMIUM} is missing (apt-get install -y chromium; .ci/run does it)`
    : !existsSync(join(root, 'dist', 'web', 'index.html'))
      ? 'the web app is not built (npm test builds it: node scripts/build-if-needed.js)'
      : more();
  if (skip) reportSkip(title, skip);
  return skip;
}

/** The API as the admin calls it (the bootstrap key), JSON in and out; anything but a 2xx throws with the answer. */
export const adminApi =
  (service: () => RunningService) =>
  async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const { base, adminKey } = service();
    const response = await fetch(base + path, {
      method,
      headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

/** Headless Chromium in Italian (or in English, for the specs that check the forms do not depend on it). */
export function launchChromium(language: 'it' | 'en' = 'it'): Promise<Browser> {
  const [lang, locale] = language === 'it' ? ['it-IT', 'it_IT'] : ['en-US', 'en_US'];
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-background-networking', `--lang=${lang}`],
    env: { ...process.env, LANG: `${locale}.UTF-8`, LANGUAGE: language },
  });
}

/**
 * The invited person at `invitationUrl` sets {@link PASSWORD}, then signs in as `login` and
 * waits for the main navigation. `typed` runs with each form filled in, before it is sent
 * (a spec that looks at those screens).
 */
export async function signInThroughInvitation(
  page: Page,
  invitationUrl: string,
  login: string,
  typed: { password?: () => Promise<void>; signIn?: () => Promise<void> } = {},
): Promise<void> {
  await page.goto(invitationUrl);
  await page.getByLabel('Nuova password (almeno 12 caratteri)').fill(PASSWORD);
  await page.getByLabel('Ripeti la password').fill(PASSWORD);
  await typed.password?.();
  await page.getByRole('button', { name: 'Imposta la password' }).click();
  await page.getByText('Password impostata. Ora puoi accedere.').waitFor();
  await page.getByLabel('E-mail o nome utente').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await typed.signIn?.();
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByRole('navigation', { name: 'Navigazione principale' }).waitFor();
}
