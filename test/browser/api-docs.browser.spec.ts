import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { reportSkip } from '../support/skip.js';
import { CHROMIUM, startBuiltService, type RunningService } from './support/service.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const skip = !existsSync(CHROMIUM)
  ? `${CHROMIUM} is missing (apt-get install -y chromium; .ci/run does it)`
  : !existsSync(join(root, 'dist', 'main.js'))
    ? 'the service is not built (npm test builds it: node scripts/build-if-needed.js)'
    : null;
if (skip) reportSkip('Browser test of /docs', skip);

/** Swagger UI at /docs renders the service's operations under the strict CSP, from its own files. */
(skip ? describe.skip : describe)('/docs in a real browser', () => {
  let service: RunningService;
  let browser: Browser;

  beforeAll(async () => {
    service = await startBuiltService();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-background-networking'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('renders every operation, offers try it out and the bearer key, with no CSP violation', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    const offOrigin: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (!url.startsWith(service.base)) {
        offOrigin.push(url);
        return route.abort();
      }
      return route.continue();
    });
    await page.goto(`${service.base}/docs/`);
    await page.locator('.opblock-tag').first().waitFor({ timeout: 30_000 });
    const document = (await (await fetch(`${service.base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const byTag = new Map<string, number>();
    for (const methods of Object.values(document.paths))
      for (const operation of Object.values(methods))
        for (const tag of operation.tags ?? ['default']) byTag.set(tag, (byTag.get(tag) ?? 0) + 1);
    expect(await page.locator('.opblock-tag').count()).toBe(byTag.size);
    // A tag opens on its operations, each named by its operationId.
    await page
      .locator('.opblock-tag', { hasText: /^membership/ })
      .first()
      .click();
    for (let i = 0; i < 100 && (await page.locator('.opblock').count()) < byTag.get('membership')!; i++)
      await page.waitForTimeout(100);
    expect(await page.locator('.opblock').count()).toBe(byTag.get('membership'));
    expect(await page.locator('.opblock-summary-operation-id', { hasText: /^membershipCommands\.apply$/ }).count()).toBe(1);

    // The bearer key: Authorize, the key, and every request carries it (kept across a reload).
    await page
      .getByRole('button', { name: /Authorize/ })
      .first()
      .click();
    await page.locator('.auth-container input').first().fill(service.adminKey);
    await page.locator('.auth-btn-wrapper button.authorize').first().click();
    await page.locator('.auth-btn-wrapper button.btn-done').first().click();

    // Try it out on a read: the answer comes from the service, authorised.
    const register = page
      .locator('.opblock-get')
      .filter({ has: page.locator('.opblock-summary-operation-id', { hasText: /^membershipReports\.register$/ }) });
    await register.locator('.opblock-summary').click();
    await register.getByRole('button', { name: 'Try it out' }).click();
    await register.getByRole('button', { name: 'Execute' }).click();
    await register.locator('.live-responses-table .response-col_status', { hasText: '200' }).first().waitFor({ timeout: 15_000 });

    await page.reload();
    await page.locator('.opblock-tag').first().waitFor({ timeout: 30_000 });
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('authorized'),
      ),
    ).toContain('apiKey');

    expect(offOrigin).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
