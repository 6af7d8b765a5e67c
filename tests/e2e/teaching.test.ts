/** Guided tour, attractor panel and a literature experiment, through accessible names. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Browser, launch, meter, openApp, quickSettings, runToEnd, shot } from './browser.js';

let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launch();
  ({ page, errors } = await openApp(browser, inject('baseUrl')));
  await quickSettings(page);
});

afterAll(async () => {
  await browser?.close();
});

describe('teaching features', () => {
  it('the guided tour sets up the 2-APB experiment', async () => {
    await page.getByRole('button', { name: 'Guided tour' }).click();
    const tour = page.getByRole('region', { name: 'Passive interference or active modulation?' });
    await tour.waitFor();
    for (let k = 0; k < 5; k++) await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.getByRole('region', { name: 'Block the channel: 2-APB' }).waitFor();
    await page.getByRole('button', { name: 'Set up this experiment' }).click();
    expect(await page.getByRole('switch', { name: 'Phosphate load', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('switch', { name: 'Mg²⁺ supplement', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Give 2-APB' }).isChecked()).toBe(true);
    await runToEnd(page);
    expect((await meter(page, 'Osteogenic readout')).value).toBeGreaterThan(0.7);
    await shot(page, 'teaching-01-tour-2apb');
    await page.getByRole('button', { name: 'Close the tour' }).click();
  });

  it('finds the attractor reached from the initial state', async () => {
    await page.getByRole('button', { name: 'Find attractors' }).click();
    await page.getByText(/attractors? found/).waitFor({ timeout: 30_000 });
    const first = page.locator('.attr').first();
    expect(await first.innerText()).toMatch(/Fixed point/);
    await first.getByRole('button', { name: 'Show on network' }).click();
    await page.getByText(/Showing Fixed point 1/).waitFor();
    await shot(page, 'teaching-02-attractor');
  });

  it('a scheduled event adds Mg²⁺ during the run, and Step walks the time course', async () => {
    // From the tour's 2-APB set-up: keep phosphate, drop 2-APB and the Mg²⁺ supplement.
    await page.getByRole('checkbox', { name: 'Give 2-APB' }).uncheck();
    await page.getByRole('switch', { name: 'Mg²⁺ supplement', exact: true }).uncheck();
    expect(await page.getByRole('switch', { name: 'Phosphate load', exact: true }).isChecked()).toBe(true);
    await page.getByLabel('Event time').fill('10');
    await page.getByLabel('Event node').selectOption('Mg_supp');
    await page.getByRole('button', { name: 'Add event' }).click();
    await page.getByRole('list', { name: 'Scheduled events' }).getByText('t = 10: Mg²⁺ supplement on').waitFor();
    await runToEnd(page);
    expect((await meter(page, 'Osteogenic readout')).value).toBeLessThan(0.3);
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByText('t = 0', { exact: true }).waitFor();
    for (let k = 0; k < 8; k++) await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.getByText('t = 8 / 30 sweeps').waitFor();
    expect((await meter(page, 'Osteogenic readout')).value).toBeGreaterThan(0.7);
    await shot(page, 'teaching-04-schedule-step');
  });

  it('runs a literature experiment and shows its expectations', async () => {
    await page.getByLabel('Literature experiment', { exact: true }).selectOption('o04-2apb.json');
    await page.getByRole('button', { name: 'Run experiment' }).click();
    await page.getByText(/5 of 5 expectations hold under FULL/).waitFor({ timeout: 30_000 });
    const items = page.getByRole('list', { name: 'Expectations' }).getByRole('listitem');
    expect(await items.count()).toBe(5);
    expect(await items.first().innerText()).toMatch(/^✔/);
    await shot(page, 'teaching-03-experiment');
    expect(errors).toEqual([]);
  });
});
