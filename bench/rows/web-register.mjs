// web.register: the built service (dist/main.js) over a seeded 5,000-member cooperative, a
// secretary signed in in headless Chromium (playwright-core, never a downloaded browser), and
// the time from asking for Libro soci to its first rows, and to interactive (a search typed
// and applied answers with its rows). The baseline is the same JSON the screen asked for,
// fetched from the API with the same session cookie. No timing is asserted anywhere.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { seedHistory } from '../../dist/seed/history.js';
import { rowMain } from '../lib/child.mjs';
import { openEventStore } from '../lib/product.mjs';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const ADMIN_KEY = 'bench-admin-key-0123456789abcdefghijkl';
const PASSWORD = 'una password da banco lunga';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function until(what, check, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not in ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

async function run({ dataDir, members = 5_000, runs = 5 }) {
  mkdirSync(dataDir, { recursive: true });
  const events = openEventStore({ dir: dataDir });
  await seedHistory({ events, members, years: 5, seed: 7 });
  await events.close();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      COOP_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      COOP_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  let browser;
  try {
    await until('service ready', async () => (await fetch(`${base}/health/ready`)).ok);
    await until('projections caught up', async () => {
      const ready = await (await fetch(`${base}/health/ready`)).json();
      return ready.checks.projections.every((p) => p.lag === '0');
    });
    const admin = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const invited = await (
      await fetch(`${base}/auth/invitations`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ name: 'Segreteria banco', login: 'segreteria@bench.example', role: 'secretary' }),
      })
    ).json();
    const accepted = await fetch(`${base}/auth/invitations/acceptance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: invited.invitationToken, password: PASSWORD }),
    });
    if (accepted.status !== 201) throw new Error(`accepting the invitation answered ${accepted.status}`);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-background-networking'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'it-IT' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.getByLabel('E-mail o nome utente').fill('segreteria@bench.example');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Accedi', exact: true }).click();
    await page.getByRole('navigation', { name: 'Navigazione principale' }).waitFor();
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

    // The API requests the screen makes, to fetch the same ones for the baseline.
    const asked = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/membership/')) asked.push(url.pathname + url.search);
    });

    const firstRows = [];
    const interactive = [];
    let searched = null;
    // What the screen asked for its first rows, and then for the search (the dashboard's own
    // requests, made before the timing starts, are no part of either).
    let forRows = [];
    let forSearch = [];
    for (let i = 0; i < runs + 1; i++) {
      await page.goto(`${base}/`);
      await page.getByRole('heading', { name: 'Cruscotto' }).waitFor();
      await page.waitForLoadState('networkidle');
      asked.length = 0;
      const t0 = performance.now();
      await page.goto(`${base}/libro-soci`);
      await page.locator('tbody tr').first().waitFor();
      const t1 = performance.now();
      forRows = [...asked];
      const name = (await page.locator('tbody tr').nth(2).locator('td').nth(1).innerText()).split('\n')[0].trim();
      await page.getByLabel('Cerca per nome, codice fiscale o numero').fill(name);
      // The name is on the first page already: wait for the search's own answer, then its rows.
      const answered = page.waitForResponse((r) => new URL(r.url()).searchParams.has('q'), { timeout: 120_000 });
      await page.getByRole('button', { name: 'Mostra' }).click();
      await answered;
      await page.getByRole('status').filter({ hasText: /^1 socio$|^\d+ soci$/ }).first().waitFor();
      await page.getByRole('cell', { name, exact: true }).first().waitFor();
      const t2 = performance.now();
      forSearch = asked.slice(forRows.length);
      searched = name;
      if (i === 0) continue; // a warm-up: the first load compiles the app's script
      firstRows.push(t1 - t0);
      interactive.push(t2 - t0);
    }
    const pageRequests = [...new Set([...forRows, ...forSearch])];

    // Baselines: the same JSON the screen asked for, with the same session, from this process:
    // for the first rows, the register's page; to interactive, that page and then the search.
    const fetchAll = async (paths) => {
      const t0 = performance.now();
      for (const path of paths) {
        const response = await fetch(base + path, { headers: { cookie, accept: 'application/json' } });
        if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
        await response.json();
      }
      return performance.now() - t0;
    };
    const api = [];
    const apiSearch = [];
    for (let i = 0; i < runs + 1; i++) {
      const rows = await fetchAll(forRows);
      const search = await fetchAll(forSearch);
      if (i > 0) {
        api.push(rows);
        apiSearch.push(rows + search);
      }
    }

    // Is a member beyond the first thousand found by the search? (A finding, not a timing.)
    await page.goto(`${base}/libro-soci?q=${members}`);
    await page
      .getByRole('status')
      .filter({ hasText: /\d|Nessun/ })
      .first()
      .waitFor()
      .catch(() => {});
    await page.waitForLoadState('networkidle');
    const lastFound = (await page.getByRole('cell', { name: String(members), exact: true }).count()) > 0;

    return {
      members,
      runs,
      firstRowsMs: median(firstRows),
      interactiveMs: median(interactive),
      apiMs: median(api),
      apiInteractiveMs: median(apiSearch),
      requests: pageRequests,
      searched,
      lastFound,
    };
  } finally {
    await browser?.close();
    server.kill('SIGTERM');
    await exited;
  }
}

await rowMain(run);
