/** Report shape, knockout semantics, limits and errors, and the `vsmc attractors` command. */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findAttractors, fixedPoints, formatCsv, formatTable, randomNKNetwork, networkToBnet } from '../../src/analysis/index.js';
import { main } from '../../src/cli/main.js';
import { readModel } from '../../src/formats/index.js';
import { loadModelFile } from '../../src/formats/node-io.js';
import { prepare } from '../../src/model/prepare.js';
import { validateNetwork } from '../../src/model/validate.js';
import { VsmcError } from '../../src/util/errors.js';
import { referenceDir } from '../helpers/paths.js';

const ref = referenceDir();
const cellcycle = join(ref, 'boolnet/cellcycle.txt');

describe('report shape', () => {
  it('has exactly the documented fields', () => {
    const r = findAttractors(prepare(loadModelFile(cellcycle)), { scheme: 'sync' });
    expect(Object.keys(r).sort()).toEqual(['attractors', 'complete', 'mode', 'notes', 'order', 'scheme']);
    for (const a of r.attractors) {
      for (const k of Object.keys(a)) expect(['type', 'size', 'pattern', 'states', 'basin']).toContain(k);
      expect(a.pattern).toHaveLength(r.order.length);
      for (const s of a.states ?? []) expect(s).toMatch(/^[01]{10}$/);
    }
    expect(r.attractors.map((a) => [a.type, a.size, a.basin])).toEqual([
      ['fixed', 1, 512],
      ['cycle', 7, 512],
    ]);
  });

  it('lists states of attractors up to the listing limit only, unless asked', () => {
    const sys = prepare(loadModelFile(cellcycle));
    const a = findAttractors(sys, { scheme: 'async', maxListedStates: 100 });
    const big = a.attractors.find((x) => x.size === 112)!;
    expect(big.states).toBeUndefined();
    expect(big.pattern).toBe('10---0----');
    const b = findAttractors(sys, { scheme: 'async', maxListedStates: 100, includeStates: true });
    expect(b.attractors.find((x) => x.size === 112)!.states).toHaveLength(112);
  });

  it('renders a table and CSV', () => {
    const r = findAttractors(prepare(loadModelFile(cellcycle)), { scheme: 'sync' });
    expect(formatTable(r)).toMatch(/2 synchronous attractors \(exhaustive, complete\)/);
    const csv = formatCsv(r).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0]).toBe('index,type,size,basin,pattern,on,varying,states');
  });
});

describe('knockout semantics', () => {
  const sys = (perturbations: { node: string; value: 0 | 1 }[] = []) =>
    prepare(loadModelFile(cellcycle), { perturbations: perturbations.map((p) => ({ kind: 'node' as const, ...p })) });
  const summary = (r: ReturnType<typeof findAttractors>) => r.attractors.map((a) => `${a.type}:${a.size}:${a.basin}:${a.pattern}`);

  it('a knockout written in the file keeps both values of the node in the space (basins over 2^10)', () => {
    const ko = prepare(loadModelFile(join(ref, 'derived/cellcycle_CycD_KO.txt')));
    const r = findAttractors(ko, { scheme: 'sync' });
    expect(r.attractors.map((a) => a.basin)).toEqual([1024]);
  });

  it('--fix leaves the node out (BoolNet fixGenes), fixedSpace full matches the file knockout', () => {
    const fixed = findAttractors(sys([{ node: 'CycD', value: 0 }]), { scheme: 'sync' });
    expect(fixed.attractors.map((a) => a.basin)).toEqual([512]);
    const full = findAttractors(sys([{ node: 'CycD', value: 0 }]), { scheme: 'sync', fixedSpace: 'full' });
    const ko = findAttractors(prepare(loadModelFile(join(ref, 'derived/cellcycle_CycD_KO.txt'))), { scheme: 'sync' });
    // Same attractors and basins; only the node order differs (CycD first in cellcycle.txt).
    const perm = (r: typeof ko, ids: string[]) => r.attractors.map((a) => `${a.size}:${a.basin}:${[...ids].map((id, i) => `${id}=${a.pattern[i]}`).sort().join(',')}`);
    expect(perm(full, full.order)).toEqual(perm(ko, ko.order));
    // Attractors do not depend on the policy.
    const reduced = findAttractors(sys([{ node: 'CycD', value: 0 }]), { scheme: 'sync', fixedSpace: 'reduced' });
    expect(reduced.attractors.map((a) => a.pattern)).toEqual(full.attractors.map((a) => a.pattern));
  });

  it('forced on: no fixed point, only the cycle', () => {
    const on = sys([{ node: 'CycD', value: 1 }]);
    expect(fixedPoints(on).attractors).toEqual([]);
    expect(summary(findAttractors(on, { scheme: 'async' }))).toEqual(['complex:112:undefined:10---0----']);
  });
});

describe('limits', () => {
  const big = prepare(validateNetwork(randomNKNetwork(40, 2, 7)));

  it('an exhaustive synchronous search beyond the limit fails at once and names the alternatives', () => {
    let err: unknown;
    try {
      findAttractors(big, { scheme: 'sync' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(VsmcError);
    expect((err as VsmcError).code).toBe('limit');
    expect((err as VsmcError).message).toMatch(/limit of 30 free nodes.*restricted.*sampled/);
    expect(() => findAttractors(prepare(validateNetwork(randomNKNetwork(12, 2, 1))), { scheme: 'sync', maxExhaustiveNodes: 10 })).toThrow(/limit of 10 free nodes/);
  });

  it('an exhaustive asynchronous search beyond the budget fails at once', () => {
    expect(() => findAttractors(big, { scheme: 'async' })).toThrow(/budget is 33,554,432 states/);
    const small = prepare(validateNetwork(randomNKNetwork(12, 2, 1)));
    expect(() => findAttractors(small, { scheme: 'async', budget: 1000 })).toThrow(/2\^12 states.*budget is 1,000/);
  });

  it('a restricted asynchronous search stops at its budget', () => {
    const x = new Uint8Array(40);
    expect(() => findAttractors(big, { scheme: 'async', mode: 'restricted', from: [x], budget: 50 })).toThrow(/more than 50 states/);
  });

  it('restricted mode needs states; states must fit the model', () => {
    expect(() => findAttractors(big, { scheme: 'sync', mode: 'restricted' })).toThrow(/needs initial states/);
    expect(() => findAttractors(big, { scheme: 'sync', from: [new Uint8Array(3)] })).toThrow(/has 3 values; the model has 40 nodes/);
  });

  it('sampled synchronous search on 40 nodes is labelled incomplete', () => {
    const r = findAttractors(big, { scheme: 'sync', mode: 'sampled', samples: 50, seed: 2 });
    expect(r.complete).toBe(false);
    expect(r.notes.join(' ')).toMatch(/not exhaustive/);
    expect(r.attractors.reduce((s, a) => s + a.basin!, 0)).toBe(50);
  });

  it('falls back to a successor table when the attractors hold too many states', () => {
    const nodes = Array.from({ length: 12 }, (_, i) => ({ id: `x${i}`, rule: i < 10 ? `x${i}` : `!x${i}` }));
    const sys = prepare(validateNetwork({ nodes }));
    const r = findAttractors(sys, { scheme: 'sync', maxSweepEntries: 64 });
    expect(r.notes.join(' ')).toMatch(/full successor table/);
    expect(r.attractors).toHaveLength(1024 * 2);
    expect(r.attractors.every((a) => a.type === 'cycle' && a.size === 2 && a.basin === 2)).toBe(true);
  });

  it('honours an aborted signal', () => {
    const ac = new AbortController();
    ac.abort();
    expect(() => findAttractors(prepare(validateNetwork(randomNKNetwork(20, 2, 1))), { scheme: 'sync', signal: ac.signal })).toThrow();
  });
});

describe('random N-K networks', () => {
  it('are reproducible and read back through the .bnet reader', () => {
    const a = networkToBnet(randomNKNetwork(12, 3, 5));
    expect(networkToBnet(randomNKNetwork(12, 3, 5))).toBe(a);
    expect(networkToBnet(randomNKNetwork(12, 3, 6))).not.toBe(a);
    const m = readModel(a, { file: 'x.bnet' });
    expect(m.ids).toHaveLength(12);
    const r1 = findAttractors(prepare(m), { scheme: 'sync' });
    const r2 = findAttractors(prepare(validateNetwork(randomNKNetwork(12, 3, 5))), { scheme: 'sync' });
    expect(r1.attractors).toEqual(r2.attractors);
  });
});

describe('vsmc attractors', () => {
  let out = '';
  let errOut = '';
  const run = async (...args: string[]) => {
    out = '';
    errOut = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((errOut += String(s)), true));
    const code = await main(['attractors', ...args]);
    vi.restoreAllMocks();
    return code;
  };
  afterEach(() => vi.restoreAllMocks());

  it('--json prints the report', async () => {
    expect(await run(cellcycle, '--json')).toBe(0);
    const r = JSON.parse(out);
    expect(r.scheme).toBe('sync');
    expect(r.attractors).toHaveLength(2);
  });

  it('--scheme async --csv, --fix, --fixed-points-only', async () => {
    expect(await run(cellcycle, '--scheme', 'async', '--csv')).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(3);
    expect(await run(cellcycle, '--fix', 'CycD=1', '--fixed-points-only', '--json')).toBe(0);
    expect(JSON.parse(out).attractors).toEqual([]);
  });

  it('--init with a bit string runs a restricted search', async () => {
    expect(await run(cellcycle, '--init', '0000000000', '--json')).toBe(0);
    const r = JSON.parse(out);
    expect(r.mode).toBe('restricted');
    expect(r.attractors.map((a: { basin: number }) => a.basin)).toEqual([1]);
  });

  it('errors exit 2 with one line', async () => {
    expect(await run(join(ref, 'pyboolnet/jaoude_thdiff.bnet'))).toBe(2);
    expect(errOut).toMatch(/beyond the limit of 30 free nodes/);
    expect(await run(cellcycle, '--scheme', 'both')).toBe(2);
    expect(await run(cellcycle, '--fix', 'CycZ=1')).toBe(2);
    expect(errOut).toMatch(/did you mean CycD/);
  });
});
