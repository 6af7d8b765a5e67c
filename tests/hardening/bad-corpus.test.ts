/**
 * The corpus of bad inputs (tests/fixtures/bad/): each file is read by its reader and must fail
 * with exactly the first message line recorded in expected.json — naming the file, the line and
 * column or the JSON path, and what was expected. The same files through the CLI (`vsmc info` for
 * models, `vsmc run` for experiments) print that message once, without a stack trace, and exit 2.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readModel } from '../../src/formats/index.js';
import { parseExperiment } from '../../src/experiments/parse.js';
import { main } from '../../src/cli/main.js';
import { repoRoot } from '../helpers/paths.js';
import { expectNoPollution, settle } from './helpers.js';

const root = join(repoRoot(), 'tests/fixtures/bad');
const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Record<string, string>;
const dirs = readdirSync(root).filter((d) => !d.includes('.'));

/** A .cfg beside a .bnd of the same name is that model's companion, not a case of its own. */
const isCompanion = (d: string, f: string) => f.endsWith('.cfg') && existsSync(join(root, d, f.replace(/\.cfg$/, '.bnd')));
const cases = dirs.flatMap((d) => readdirSync(join(root, d)).filter((f) => !isCompanion(d, f)).map((f) => `${d}/${f}`)).sort();

afterEach(() => expectNoPollution());

function read(key: string): unknown {
  const text = readFileSync(join(root, key), 'utf8');
  if (key.startsWith('experiment/')) return parseExperiment(text, key);
  const cfgKey = key.replace(/\.bnd$/, '.cfg');
  const companion = key.endsWith('.bnd') && existsSync(join(root, cfgKey)) ? readFileSync(join(root, cfgKey), 'utf8') : undefined;
  return readModel(text, { file: key, companion, companionFile: cfgKey });
}

describe('bad-input corpus', () => {
  it('the manifest lists every file, and only those', () => {
    expect(Object.keys(expected).sort()).toEqual(cases);
    expect(cases.length).toBeGreaterThanOrEqual(25);
    for (const d of ['native', 'bnet', 'booleannet', 'sbml', 'maboss', 'experiment']) expect(cases.some((c) => c.startsWith(`${d}/`)), d).toBe(true);
  });

  for (const key of cases) {
    it(key, () => {
      const r = settle(() => read(key), key);
      expect(r.ok, 'no error').toBe(false);
      if (r.ok) return;
      const first = r.error.message.split('\n')[0];
      expect(first).toBe(expected[key]);
      // Where: a line (and column) or a JSON path after the file name.
      expect(r.error.loc.line !== undefined || r.error.loc.path !== undefined || /\.cfg$/.test(key), 'no location').toBe(true);
      // A caret line, when there is one, points inside the quoted line.
      const [, shown, caret] = r.error.message.split('\n');
      if (caret !== undefined) expect(caret.indexOf('^')).toBeLessThanOrEqual(Math.max(shown!.length, 2 + 200));
    });
  }
});

describe('the same files through the CLI', () => {
  const abs = (line: string) => line.replace(/(^|[\s(])((?:native|bnet|booleannet|sbml|maboss|experiment)\/)/g, (_m, pre: string, dir: string) => `${pre}${root}/${dir}`);
  for (const key of cases) {
    it(`vsmc ${key.startsWith('experiment/') ? 'run' : 'info'} ${key}: one clean message, exit 2`, async () => {
      let err = '';
      let out = '';
      const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
      const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
      let code: number;
      try {
        code = await main([key.startsWith('experiment/') ? 'run' : 'info', join(root, key), ...(key.startsWith('experiment/') ? ['--network', join(repoRoot(), 'networks/vsmc-mg.json'), '--no-progress'] : [])]);
      } finally {
        e.mockRestore();
        o.mockRestore();
      }
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.split('\n')[0]).toBe(`vsmc: ${abs(expected[key]!)}`);
      expect(err).not.toMatch(/\n\s+at [^\n]*:\d+:\d+/);
      expect(err.match(/^vsmc: /gm)?.length).toBe(1);
    });
  }
});
