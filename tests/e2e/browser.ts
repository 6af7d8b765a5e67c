/**
 * Shared browser plumbing for the e2e tests: Debian's Chromium (or $VSMC_CHROMIUM) driven by
 * playwright-core with a fresh profile, and small helpers that go through accessible names only.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { repoRoot } from '../helpers/paths.js';

export const SHOTS = resolve(repoRoot(), 'test-results/e2e');

export function chromiumPath(): string {
  const p = process.env.VSMC_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((x) => existsSync(x));
  if (!p || !existsSync(p)) throw new Error('Chromium not found: install it (apt-get install chromium) or set VSMC_CHROMIUM');
  return p;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launch(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'vsmc-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
  });
  mkdirSync(SHOTS, { recursive: true });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Open the app and wait until the model is on screen. Page errors are collected for the test to check. */
export async function openApp(b: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await b.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`unexpected dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
  await page.getByRole('list', { name: 'Nodes' }).getByRole('listitem').first().waitFor();
  return { page, errors };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Small, fast runs: few cells, instant playback. */
export async function quickSettings(page: Page, cells = 256): Promise<void> {
  await page.getByLabel('Playback speed').selectOption('instant');
  const c = page.getByLabel('Cells', { exact: true });
  await c.fill(String(cells));
  await c.press('Enter');
}

/** Press Run and wait until this run (not an earlier one) has finished. */
export async function runToEnd(page: Page): Promise<void> {
  const status = page.locator('.status[data-finished]');
  const before = Number((await status.getAttribute('data-finished')) ?? '0');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('.status[data-finished]') as HTMLElement | null;
      return !!el && el.dataset.state === 'finished' && Number(el.dataset.finished) > n;
    },
    before,
    { timeout: 45_000 },
  );
}

export async function meter(page: Page, name: string): Promise<{ value: number; text: string }> {
  const m = page.getByRole('meter', { name, exact: true });
  const now = Number(await m.getAttribute('aria-valuenow'));
  const text = (await m.innerText()).trim();
  return { value: now, text };
}
