/** `vsmc info`, `vsmc convert`, `vsmc check`: happy paths and exit codes. */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { loadModelFile } from '../../src/formats/node-io.js';
import { referenceDir, repoRoot } from '../helpers/paths.js';
import { functionDiffs } from './ref-models.js';

const ref = (rel: string) => join(referenceDir(), rel);
const dir = mkdtempSync(join(tmpdir(), 'vsmc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function vsmc(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true));
  process.exitCode = undefined;
  try {
    const code = await main(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

const NATIVE = JSON.stringify({
  name: 'toy',
  nodes: [
    { id: 'Pi', input: true, default: 1 },
    { id: 'RUNX2', label: 'RUNX2', rule: 'Pi & !SM22a & MOD_X', regulations: [{ source: 'Pi', sign: '+' }] },
    { id: 'SM22a', label: 'SM22α', rule: '!RUNX2' },
  ],
  flags: { MOD_X: { value: 1 } },
  hypotheses: { H1: { flags: { MOD_X: 0 } } },
  readouts: { calc: { terms: ['RUNX2'] } },
  drugs: { blocker: { actions: ['RUNX2%0'] } },
});

describe('vsmc info', () => {
  it('prints nodes, inputs, regulators, degrees, flags, hypotheses, readouts and drugs', async () => {
    const f = join(dir, 'toy.json');
    writeFileSync(f, NATIVE);
    const r = await vsmc('info', f);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/nodes: +3/);
    expect(r.out).toMatch(/inputs: +1 \(Pi\)/);
    expect(r.out).toMatch(/module flags: +1 \(MOD_X=1\)/);
    expect(r.out).toMatch(/hypotheses: +1 \(H1\)/);
    expect(r.out).toMatch(/readouts: +1 \(calc\)/);
    expect(r.out).toMatch(/drugs: +1 \(blocker\)/);
    expect(r.out).toMatch(/RUNX2 +2 +1 +\+Pi -SM22a \+MOD_X\[flag\]/);
    expect(r.out).toMatch(/SM22a +1 +1 +-RUNX2 +"SM22α"/);
  });

  it('--json, and any format (BoolNet .txt by content, MaBoSS with --cfg)', async () => {
    const r = await vsmc('info', ref('boolnet/cellcycle.txt'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.nodes).toBe(10);
    expect(j.format).toBe('bnet');
    expect(j.table.find((t: { id: string }) => t.id === 'Cdc20')).toMatchObject({ in: 1, regulators: [{ source: 'CycB', sign: '+' }] });
    const m = await vsmc('info', ref('maboss/p53_Mdm2/p53_Mdm2.bnd'), '--cfg', ref('maboss/p53_Mdm2/p53_Mdm2_runcfg.cfg'), '--json');
    expect(m.code).toBe(0);
    expect(JSON.parse(m.out).parameters.case_a).toBe(1);
  });
});

describe('vsmc convert', () => {
  it('converts between formats and lists what the target cannot hold', async () => {
    const out = join(dir, 'cc.sbml');
    const r = await vsmc('convert', ref('pyboolnet/faure_cellcycle.bnet'), out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<qual:listOfTransitions>');
    expect(functionDiffs(loadModelFile(ref('pyboolnet/faure_cellcycle.bnet')), loadModelFile(out))).toEqual([]);

    const f = join(dir, 'toy.json');
    writeFileSync(f, NATIVE);
    const b = await vsmc('convert', f, join(dir, 'toy.bnet'));
    expect(b.code).toBe(0);
    expect(b.err).toMatch(/note: bnet: hypotheses are not written/);
    expect(b.err).toMatch(/wrote .*toy\.bnet \(bnet, 3 nodes\)/);
  });

  it('writes MaBoSS as OUT.bnd + OUT.cfg, and one-file formats to stdout with -', async () => {
    const r = await vsmc('convert', ref('maboss/sbml/cell_fate.sbml'), join(dir, 'cf'), '--to', 'maboss');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'cf.bnd'))).toBe(true);
    expect(readFileSync(join(dir, 'cf.cfg'), 'utf8')).toContain('FASL.istate = 0;');
    const back = loadModelFile(join(dir, 'cf.bnd'));
    expect(functionDiffs(loadModelFile(ref('maboss/sbml/cell_fate.sbml')), back)).toEqual([]);
    const s = await vsmc('convert', ref('pyboolnet/raf.bnet'), '-', '--to', 'booleannet');
    expect(s.code).toBe(0);
    expect(s.out).toContain('Raf *= not Erk or not Raf');
  });

  it('exits 2 when the output format is unknown or the input is unreadable', async () => {
    const r = await vsmc('convert', ref('pyboolnet/raf.bnet'), join(dir, 'x.unknown'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--to/);
    expect((await vsmc('convert', join(dir, 'missing.bnet'), join(dir, 'y.sbml'))).code).toBe(2);
    expect((await vsmc('convert', ref('pyboolnet/raf.bnet'), join(dir, 'y.sbml'), '--to', 'pdf')).code).toBe(2);
  });
});

describe('vsmc check', () => {
  it('exits 0 on a clean model, 1 on an error-level diagnostic, 2 on unreadable input', async () => {
    const ok = await vsmc('check', ref('pyboolnet/raf.bnet'));
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/raf\.bnet: 0 errors, 0 warnings \(3 nodes\)/);

    // A declared sign that the rule contradicts is an error for check (a warning elsewhere).
    const wrong = join(dir, 'wrong-sign.json');
    writeFileSync(wrong, JSON.stringify({ nodes: [{ id: 'A', rule: '!B', regulations: [{ source: 'B', sign: '+' }] }, { id: 'B', rule: 'A' }] }));
    const sign = await vsmc('check', wrong);
    expect(sign.code, sign.out + sign.err).toBe(1);
    expect(sign.out).toMatch(/error: nodes\.A\.regulations\[0\]: A: B is declared \+ but the rule makes it -/);
    expect((await vsmc('info', wrong)).out).toMatch(/warning: .*B is declared \+/);

    const bad = join(dir, 'bad.bnet');
    writeFileSync(bad, 'targets, factors\nA, B\nB, A &\n');
    const syn = await vsmc('check', bad);
    expect(syn.code).toBe(1);
    expect(syn.out).toMatch(/bad\.bnet: 3:7: rule is incomplete/);

    const unk = join(dir, 'unk.bnet');
    writeFileSync(unk, 'Alpha, Beta\nBeta, Alpa\n');
    const u = await vsmc('check', unk);
    expect(u.code).toBe(1);
    expect(u.out).toMatch(/did you mean Alpha\?/);

    expect((await vsmc('check', join(dir, 'nope.bnet'))).code).toBe(2);
    const xml = join(dir, 'broken.sbml');
    writeFileSync(xml, '<sbml><model></sbml>');
    expect((await vsmc('check', xml)).code).toBe(2);
  });

  it('the installed command maps results to exit codes (bin/vsmc.js)', () => {
    const bad = join(dir, 'dup.bnet');
    writeFileSync(bad, 'A, B\nB, A\nA, !B\n');
    let status = 0;
    let stdout = '';
    try {
      execFileSync(process.execPath, [join(repoRoot(), 'bin/vsmc.js'), 'check', bad], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const x = e as { status: number; stdout: string };
      status = x.status;
      stdout = x.stdout;
    }
    expect(status).toBe(1);
    expect(stdout).toMatch(/dup\.bnet: 3:1: node "A" has a second rule/);
  });
});
