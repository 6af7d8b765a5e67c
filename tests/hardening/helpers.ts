/**
 * Shared pieces of the hardening tests: run a reader on hostile input and insist that it ends in a
 * result or a VsmcError (never a TypeError, RangeError or other crash) within a time bound, and
 * check that nothing leaked into Object.prototype or the global object.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { type FormatName, readModel, writeModel, FORMATS } from '../../src/formats/index.js';
import type { Model } from '../../src/model/model.js';
import { simulate } from '../../src/engine/simulate.js';
import { VsmcError } from '../../src/util/errors.js';
import { referenceDir, repoRoot } from '../helpers/paths.js';

/**
 * Safety net against hangs, not a performance assertion: generous for a loaded two-core machine
 * (each input here normally takes milliseconds).
 */
export const TIME_BOUND_MS = 2000;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: VsmcError };

function describeInput(input: unknown): string {
  const s = typeof input === 'string' ? input : JSON.stringify(input);
  return s === undefined ? String(input) : s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
}

/**
 * Run `f`; a VsmcError is a fine answer, anything else thrown is a bug. Also fails when the call
 * takes longer than `bound` ms.
 */
export function settle<T>(f: () => T, input?: unknown, bound = TIME_BOUND_MS): Outcome<T> {
  const t0 = performance.now();
  let out: Outcome<T>;
  try {
    out = { ok: true, value: f() };
  } catch (e) {
    if (!(e instanceof VsmcError)) {
      const name = e instanceof Error ? e.constructor.name : typeof e;
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error(`not a VsmcError but ${name}: ${msg}\n  input: ${describeInput(input)}`, { cause: e });
    }
    out = { ok: false, error: e };
  }
  const ms = performance.now() - t0;
  if (ms > bound) throw new Error(`took ${ms.toFixed(0)} ms (bound ${bound} ms)\n  input: ${describeInput(input)}`);
  return out;
}

/** Async variant (CLI main, runners). */
export async function settleAsync<T>(f: () => Promise<T>, input?: unknown, bound = TIME_BOUND_MS): Promise<Outcome<T>> {
  const t0 = performance.now();
  let out: Outcome<T>;
  try {
    out = { ok: true, value: await f() };
  } catch (e) {
    if (!(e instanceof VsmcError)) throw new Error(`not a VsmcError but ${e instanceof Error ? e.constructor.name : typeof e}: ${String(e)}\n  input: ${describeInput(input)}`, { cause: e });
    out = { ok: false, error: e };
  }
  const ms = performance.now() - t0;
  if (ms > bound) throw new Error(`took ${ms.toFixed(0)} ms (bound ${bound} ms)\n  input: ${describeInput(input)}`);
  return out;
}

/** A VsmcError's message must say where (file given to the reader) and must not be a stack trace. */
export function expectCleanMessage(e: VsmcError, file?: string): void {
  expect(e.message).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  if (file !== undefined) expect(e.message.startsWith(`${file}: `) || e.message.startsWith(`${file}:`)).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// Prototype pollution and code execution sentinels

const protoNames = Object.getOwnPropertyNames(Object.prototype).sort();
const arrayProtoNames = Object.getOwnPropertyNames(Array.prototype).sort();
const functionProtoNames = Object.getOwnPropertyNames(Function.prototype).sort();

/** Nothing was added to the built-in prototypes or the global object, and no sentinel was set. */
export function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayProtoNames);
  expect(Object.getOwnPropertyNames(Function.prototype).sort()).toEqual(functionProtoNames);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  const g = globalThis as Record<string, unknown>;
  expect(g.__vsmcPwned).toBeUndefined();
  expect(g.polluted).toBeUndefined();
}

// ---------------------------------------------------------------------------------------------
// Reference files (read in place) and the formats they are in

export const ref = (rel: string): string => join(referenceDir(), rel);
export const repo = (rel: string): string => resolve(repoRoot(), rel);
export const readRef = (rel: string): string => readFileSync(ref(rel), 'utf8');

export interface Sample {
  name: string;
  format: FormatName;
  text: string;
  /** MaBoSS .cfg read with the .bnd. */
  cfg?: string;
}

export function samples(): Sample[] {
  return [
    { name: 'vsmc-mg.json', format: 'native', text: readFileSync(repo('networks/vsmc-mg.json'), 'utf8') },
    { name: 'raf.bnet', format: 'bnet', text: readRef('pyboolnet/raf.bnet') },
    { name: 'faure_cellcycle.bnet', format: 'bnet', text: readRef('pyboolnet/faure_cellcycle.bnet') },
    { name: 'boolnet cellcycle.txt', format: 'bnet', text: readRef('boolnet/cellcycle.txt') },
    { name: 'maboss model.bnet', format: 'bnet', text: readRef('maboss/bnet/model.bnet') },
    { name: 'ABA.txt', format: 'booleannet', text: readRef('booleannet/ABA.txt') },
    { name: 'demo-rules.txt', format: 'booleannet', text: readRef('booleannet/demo-rules.txt') },
    { name: 'simple_model.txt', format: 'booleannet', text: readRef('pystablemotifs/simple_model.txt') },
    { name: 'minimal_example.sbml', format: 'sbml', text: readRef('biolqm/minimal_example.sbml') },
    { name: 'simpleX0-T-X1.sbml', format: 'sbml', text: readRef('boolesim/simpleX0-T-X1.sbml') },
    { name: 'importGraphTest.sbml', format: 'sbml', text: readRef('ginsim/importGraphTest.sbml') },
    { name: 'basic-network.bnd', format: 'maboss', text: readRef('maboss/doc/basic-network.bnd'), cfg: readRef('maboss/doc/basic-network.cfg') },
    { name: 'Four_cycle.bnd', format: 'maboss', text: readRef('maboss/toymodel/Four_cycle.bnd'), cfg: readRef('maboss/toymodel/Four_cycle_FEscape.cfg') },
    { name: 'p53_Mdm2.bnd', format: 'maboss', text: readRef('maboss/p53_Mdm2/p53_Mdm2.bnd'), cfg: readRef('maboss/p53_Mdm2/p53_Mdm2_runcfg.cfg') },
  ];
}

export const FORMAT_NAMES: FormatName[] = FORMATS.map((f) => f.name);

/**
 * What a user can do next with a model read from hostile text: export it to every format and read
 * that back, and run a tiny simulation. Each step may refuse with a VsmcError, never crash.
 */
export function exercise(m: Model, input: unknown): void {
  for (const f of FORMAT_NAMES) {
    const w = settle(() => writeModel(m, f), input);
    if (w.ok) settle(() => readModel(w.value.text, { format: f, companion: w.value.companion }), input);
  }
  if (m.ids.length <= 200) {
    settle(() => simulate({ model: m, scheme: { type: 'sync', cells: 8, seed: 1, steps: 4 } }), input);
    settle(() => simulate({ model: m, scheme: { type: 'stochastic', cells: 8, seed: 1, time: 2, dt: 0.5 } }), input);
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations

export type Mutation =
  | { op: 'delete-char'; at: number; len: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'duplicate-char'; at: number; len: number }
  | { op: 'swap-char'; at: number; to: number }
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number }
  | { op: 'swap-line'; at: number; to: number };

/** Pieces worth inserting: syntax of every format, hostile names, odd numbers. */
const SNIPPETS = [
  '(', ')', '!', '&', '|', '^', ',', ';', ':', '=', '*=', '{', '}', '[', ']', '"', "'", '<', '>', '/>', '</', '<!--', '&amp;', '&#0;', '&#x110000;',
  '$', '@', '@logic', '$k', '#', '//', '/*', '\n', '\r\n', '\t', '\u0000', '\uFEFF', '\uD800', 'é', 'β', '²⁺',
  'not ', ' and ', ' or ', 'True', 'Random', 'node ', 'logic = ', 'rate_up = ', '.istate = ', 'maxLevel="3"', 'maxLevel="99999999"',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'process.exit(1)', '"); require(\'fs\')//', '${process.exit()}', '</script><script>alert(1)</script>',
  '0', '1', '-1', '1e308', '1e999', 'NaN', 'Infinity', '-0', '0.5', '99999999999999999999', 'null', 'true', '[]', '{}',
];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete-char' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 8 })) }),
  fc.record({ op: fc.constant('duplicate-char' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('swap-char' as const), at: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap-line' as const), at: fc.nat(), to: fc.nat() }),
);

export function mutate(text: string, ms: Mutation[]): string {
  let s = text;
  for (const m of ms) {
    const n = Math.max(1, s.length);
    const at = m.at % n;
    switch (m.op) {
      case 'delete-char':
        s = s.slice(0, at) + s.slice(at + m.len);
        break;
      case 'insert':
        s = s.slice(0, at) + m.text + s.slice(at);
        break;
      case 'duplicate-char':
        s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
        break;
      case 'swap-char': {
        const to = m.to % n;
        const a = Math.min(at, to);
        const b = Math.max(at, to);
        if (a !== b && b < s.length) s = s.slice(0, a) + s[b] + s.slice(a + 1, b) + s[a] + s.slice(b + 1);
        break;
      }
      default: {
        const lines = s.split('\n');
        const i = m.at % lines.length;
        if (m.op === 'delete-line') lines.splice(i, 1);
        else if (m.op === 'duplicate-line') lines.splice(i, 0, lines[i]!);
        else {
          const j = m.to % lines.length;
          [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        }
        s = lines.join('\n');
      }
    }
  }
  return s;
}

/**
 * Fixed seeds: failures reproduce; each property uses its own. VSMC_FUZZ_SCALE (a factor on the
 * number of runs) and VSMC_FUZZ_SEED (an offset on the seeds) are for longer hunts by hand.
 */
export const FC = (seed: number, numRuns: number): fc.Parameters<unknown> => ({
  seed: seed + Number(process.env.VSMC_FUZZ_SEED ?? 0),
  numRuns: Math.max(1, Math.round(numRuns * Number(process.env.VSMC_FUZZ_SCALE ?? 1))),
  endOnFailure: true,
});
