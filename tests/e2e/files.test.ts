/** Opening a model file, exporting CSV, and hostile links. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { referenceDir } from '../helpers/paths.js';
import { type Browser, launch, meter, openApp, quickSettings, runToEnd, shot } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

describe('files and links', () => {
  it('opens a .bnet model with the file picker and runs it', async () => {
    const { page, errors } = await openApp(browser, inject('baseUrl'));
    await page.getByLabel('Open model file').setInputFiles(join(referenceDir(), 'pyboolnet/faure_cellcycle.bnet'));
    await page.getByText(/Opened faure_cellcycle\.bnet: 10 nodes/).waitFor();
    const nodes = page.getByRole('list', { name: 'Nodes' });
    await nodes.getByRole('button', { name: 'Show details of CycD', exact: true }).waitFor();
    expect(await nodes.getByRole('listitem').count()).toBe(10);
    expect(await page.getByRole('meter').count()).toBe(0);
    await quickSettings(page, 128);
    await runToEnd(page);
    await page.getByText(/^Finished: 128 cells/).waitFor();
    await shot(page, 'files-01-faure-bnet');
    page.getByRole('button', { name: 'Show details of CycA', exact: true }).click();
    await page.getByLabel('Rule of CycA').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a read error with its line and column', async () => {
    const { page } = await openApp(browser, inject('baseUrl'));
    await page.getByLabel('Open model file').setInputFiles({ name: 'broken.bnet', mimeType: 'text/plain', buffer: Buffer.from('targets, factors\nA, B & (\nB, A\n') });
    const alert = page.getByRole('alert');
    await alert.getByText(/Could not open the model/).waitFor();
    expect(await alert.innerText()).toMatch(/broken\.bnet: 2:9: /);
    await shot(page, 'files-02-read-error');
    await page.close();
  });

  it('exports the time course as CSV', async () => {
    const { page, errors } = await openApp(browser, inject('baseUrl'));
    await quickSettings(page, 200);
    await page.getByRole('switch', { name: 'Phosphate load', exact: true }).check();
    await runToEnd(page);
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Time course as CSV' }).click()]);
    const text = readFileSync(await download.path(), 'utf8');
    const lines = text.trim().split('\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['time', 'Osteo_score', 'Calc_score']);
    expect(header).toContain('RUNX2');
    expect(lines.length).toBe(31);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      expect(cells.length).toBe(header.length);
      for (const c of cells) expect(Number.isFinite(Number(c))).toBe(true);
    }
    const last = lines[lines.length - 1]!.split(',').map(Number);
    expect(last[1]).toBeCloseTo((await meter(page, 'Osteogenic readout')).value, 2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a link reproduces the experiment', async () => {
    const state = { v: 1, model: 'vsmc-mg', hyp: 'PASSIVE', cells: 300, inputs: [['Pi_load', 1], ['Mg_supp', 1]], iv: [['TRPM7', 'ko']], drugs: [['2-APB', 0.0001]] };
    const { page, errors } = await openApp(browser, `${inject('baseUrl')}#state=${encodeURIComponent(JSON.stringify(state))}`);
    expect(await page.getByRole('switch', { name: 'Phosphate load', exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: 'Knock out TRPM7', exact: true }).first().getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Hypothesis', { exact: true }).inputValue()).toBe('PASSIVE');
    expect(await page.getByRole('checkbox', { name: 'Give 2-APB' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Cells', { exact: true }).inputValue()).toBe('300');
    expect(errors).toEqual([]);
    await page.close();
  });

  const hostile: [string, string, RegExp][] = [
    ['bad JSON', '#state=%7Bnot%20json', /not valid JSON/],
    ['__proto__ node', `#state=${encodeURIComponent('{"v":1,"iv":[["__proto__","ko"]]}')}`, /unknown node "__proto__"/],
    ['huge values', `#state=${encodeURIComponent('{"v":1,"cells":1e12}')}`, /cells/],
    ['script text', `#state=${encodeURIComponent('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">')}`, /not valid JSON/],
    ['script as a name', `#state=${encodeURIComponent('{"v":1,"drugs":[["<img src=x onerror=window.__pwned=3>",1]]}')}`, /unknown drug/],
    ['unknown field', `#state=${encodeURIComponent('{"v":1,"constructor":{"prototype":{"x":1}}}')}`, /unknown field/],
  ];
  for (const [what, hash, message] of hostile) {
    it(`rejects a hostile link (${what}) with a visible message`, async () => {
      const { page, errors } = await openApp(browser, `${inject('baseUrl')}${hash}`);
      const alert = page.getByRole('alert');
      await alert.getByText(/Link rejected/).waitFor();
      expect(await alert.innerText()).toMatch(message);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      // The default experiment is up and usable.
      expect(await page.getByRole('switch', { name: 'Phosphate load', exact: true }).isChecked()).toBe(false);
      if (what === 'script as a name') await shot(page, 'files-03-hostile-link');
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
