/**
 * Hostile input in the browser, beyond files.test.ts's links: more link shapes (a __proto__ key,
 * an over-long hash, broken percent-encoding, a foreign fragment) and hostile model files dropped
 * on the page (script text as labels, a __proto__ key, an XML entity bomb, 100,000 nesting levels,
 * too many nodes). Each ends in a visible message or a clean model; nothing runs, nothing is
 * injected, the page stays usable.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type Browser, launch, openApp, quickSettings, runToEnd, shot } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

/** Nothing ran and nothing was injected; the default controls are still there. */
async function expectIntact(page: Page, errors: string[]): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => ({} as Record<string, unknown>).polluted)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('script:not([src])').count()).toBe(0);
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
  expect(await page.getByRole('list', { name: 'Nodes' }).getByRole('listitem').count()).toBeGreaterThan(0);
  expect(errors).toEqual([]);
}

/** Drop files on the window the way a user drags them in (DataTransfer + drop event). */
async function drop(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.evaluate((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

describe('more hostile links', () => {
  const links: [string, string, RegExp][] = [
    ['a __proto__ key', `#state=${encodeURIComponent('{"v":1,"__proto__":{"polluted":1}}')}`, /unknown field "__proto__"/],
    ['an over-long hash', `#state=${'%7B'.repeat(12_000)}`, /the limit is 32000/],
    ['broken percent-encoding', '#state=%E0%A4%A', /not valid percent-encoding/],
    ['a foreign fragment with script text', '#<img src=x onerror=window.__pwned=1>', /unrecognised #fragment/],
  ];
  for (const [what, hash, message] of links) {
    it(`rejects ${what} with a visible message`, async () => {
      const { page, errors } = await openApp(browser, `${inject('baseUrl')}${hash}`);
      const alert = page.getByRole('alert');
      await alert.getByText(/Link rejected/).waitFor();
      expect(await alert.innerText()).toMatch(message);
      expect(await page.getByRole('switch', { name: 'Phosphate load', exact: true }).isChecked()).toBe(false);
      await expectIntact(page, errors);
      await page.close();
    });
  }
});

describe('hostile model files dropped on the page', () => {
  it('script text as labels and notes is shown as text, never run', async () => {
    const { page, errors } = await openApp(browser, inject('baseUrl'));
    const label = '<img src=x onerror=window.__pwned=2>';
    const bnet = [
      '# </script><script>window.__pwned=1</script>',
      `# vsmc: ${JSON.stringify({ id: 'A', label })}`,
      `# vsmc: ${JSON.stringify({ id: 'constructor', label: '</script><script>window.__pwned=3</script>' })}`,
      'A, !constructor',
      'constructor, A',
    ].join('\n');
    await drop(page, [{ name: '<b>hostile</b>.bnet', text: bnet }]);
    await page.getByText(/Opened <b>hostile<\/b>\.bnet: 2 nodes/).waitFor();
    expect(await page.getByRole('list', { name: 'Nodes' }).getByRole('listitem').count()).toBe(2);
    expect(await page.getByText(label).count()).toBeGreaterThan(0);
    await shot(page, 'hostile-01-labels');
    await expectIntact(page, errors);
    await page.close();
  });

  it('node ids that name Object.prototype members open, draw and run', async () => {
    const { page, errors } = await openApp(browser, inject('baseUrl'));
    const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const net = { nodes: ids.map((id, i) => ({ id, rule: `!${ids[(i + 1) % ids.length]} | ${id}`, label: `${id}()` })), readouts: { valueOf: { terms: ['constructor & !__proto__'] } } };
    await drop(page, [{ name: 'proto-ids.json', text: JSON.stringify(net) }]);
    await page.getByText(/Opened proto-ids\.json: 4 nodes/).waitFor();
    await quickSettings(page, 64);
    await runToEnd(page);
    await page.getByText(/^Finished: 64 cells/).waitFor();
    await expectIntact(page, errors);
    await page.close();
  });

  const refused: [string, string, RegExp][] = [
    ['proto.json', JSON.stringify({ nodes: [{ id: 'A', rule: 'A' }] }).replace('{"nodes"', '{"initialStates":{"s":{"__proto__":{"polluted":1}}},"nodes"'), /proto\.json: initialStates\.s\.__proto__: the name "__proto__" is reserved/],
    ['bomb.sbml', '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<sbml><model name="&lol2;"/></sbml>', /bomb\.sbml: 2:1: XML with a <!DOCTYPE declaration is refused/],
    ['deep.json', `{"nodes":[{"id":"A","rule":"A"}],"metadata":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`, /deep\.json: metadata\.a.*: data nested deeper than 200 levels is refused/],
    ['deep-rule.bnet', `A, ${'('.repeat(100_000)}A${')'.repeat(100_000)}\n`, /deep-rule\.bnet: 1:260: expression nested deeper than 256 levels/],
    ['many.bnet', Array.from({ length: 6000 }, (_, i) => `N${i}, N${i}`).join('\n'), /many\.bnet: 5001:1: more than 5000 nodes; the limit is 5000/],
  ];
  for (const [name, text, message] of refused) {
    it(`${name} is refused with its message and the page stays usable`, async () => {
      const { page, errors } = await openApp(browser, inject('baseUrl'));
      await drop(page, [{ name, text }]);
      const alert = page.getByRole('alert');
      await alert.getByText(/Could not open the model/).waitFor();
      expect(await alert.innerText()).toMatch(message);
      if (name === 'bomb.sbml') await shot(page, 'hostile-02-entity-bomb');
      // The model that was open is still there and runs.
      expect(await page.getByRole('switch', { name: 'Phosphate load', exact: true }).count()).toBe(1);
      await expectIntact(page, errors);
      await page.close();
    });
  }
});
