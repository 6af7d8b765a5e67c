/**
 * The teaching path through the built site: phosphate drives the osteogenic program, Mg²⁺
 * protects, TRPM7 knock-out removes the protection, and the passive hypothesis restores it.
 */
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

describe('VSMC network in the browser', () => {
  it('loads the model with readout meters, node list and controls', async () => {
    for (const name of ['Run', 'Pause', 'Step', 'Reset']) await page.getByRole('button', { name, exact: true }).waitFor();
    const osteo = page.getByRole('meter', { name: 'Osteogenic readout', exact: true });
    const calc = page.getByRole('meter', { name: 'Calcification readout', exact: true });
    expect(await osteo.getAttribute('aria-valuenow')).toBe('0');
    expect(await calc.getAttribute('aria-valuetext')).toBe('not simulated yet');
    expect(await page.getByRole('switch', { name: 'Phosphate load', exact: true }).isChecked()).toBe(false);
    expect(await page.getByRole('switch', { name: 'Mg²⁺ supplement', exact: true }).isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Knock out TRPM7', exact: true }).first().waitFor();
    expect(await page.locator('canvas').count()).toBeGreaterThan(0);
    await shot(page, 'vsmc-01-loaded');
    expect(errors).toEqual([]);
  });

  it('phosphate load drives the osteogenic readout high', async () => {
    await page.getByRole('switch', { name: 'Phosphate load', exact: true }).check();
    await runToEnd(page);
    const o = await meter(page, 'Osteogenic readout');
    expect(o.value).toBeGreaterThan(0.8);
    expect(o.value).toBeLessThanOrEqual(1);
    expect(o.text).toContain(o.value.toFixed(2));
    expect((await meter(page, 'Calcification readout')).value).toBeGreaterThan(0.8);
    await shot(page, 'vsmc-02-phosphate');
  });

  it('adding Mg²⁺ protects', async () => {
    await page.getByRole('switch', { name: 'Mg²⁺ supplement', exact: true }).check();
    await runToEnd(page);
    expect((await meter(page, 'Osteogenic readout')).value).toBeLessThan(0.3);
    expect((await meter(page, 'Calcification readout')).value).toBeLessThan(0.1);
    await shot(page, 'vsmc-03-phosphate-mg');
  });

  it('knocking out TRPM7 removes the protection', async () => {
    await page.getByRole('button', { name: 'Knock out TRPM7', exact: true }).first().click();
    expect(await page.getByRole('button', { name: 'Knock out TRPM7', exact: true }).first().getAttribute('aria-pressed')).toBe('true');
    await runToEnd(page);
    expect((await meter(page, 'Osteogenic readout')).value).toBeGreaterThan(0.7);
    await shot(page, 'vsmc-04-trpm7-ko');
  });

  it('under the passive hypothesis Mg²⁺ protects even without TRPM7', async () => {
    const active = (await meter(page, 'Osteogenic readout')).value;
    await page.getByLabel('Hypothesis', { exact: true }).selectOption('PASSIVE');
    await runToEnd(page);
    const passive = (await meter(page, 'Osteogenic readout')).value;
    expect(passive).toBeLessThan(0.3);
    expect(active - passive).toBeGreaterThan(0.4);
    await shot(page, 'vsmc-05-passive');
  });

  it('Reset returns to t = 0 and keeps the interventions', async () => {
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await page.getByText('t = 0', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Knock out TRPM7', exact: true }).first().getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('switch', { name: 'Phosphate load', exact: true }).isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });
});
