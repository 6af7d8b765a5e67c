/**
 * The web app's link state (#state=…) from a stranger, parsed without a browser: malformed
 * hashes, `__proto__` / `constructor` keys, huge values, script text and names the model does not
 * have all end in a UrlStateError with a message (never another error, never a half-applied
 * state), nothing reaches Object.prototype, and a state written by the app reads back the same.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { readModel } from '../../src/formats/index.js';
import { UrlStateError, hashFromSettings, parseUrlState, settingsFromUrlState, stateTextFromHash, urlStateFromSettings } from '../../src/web/url-state.js';
import { defaultSettings } from '../../src/web/settings.js';
import { FC, expectNoPollution, repo } from './helpers.js';

afterEach(() => expectNoPollution());

const model = readModel(readFileSync(repo('networks/vsmc-mg.json'), 'utf8'), { format: 'native', file: 'vsmc-mg.json' });

/** The whole path a hash takes in the app: text → JSON → schema → settings for the model. */
function apply(hash: string) {
  const text = stateTextFromHash(hash);
  if (text === undefined) return undefined;
  return settingsFromUrlState(parseUrlState(text), model, 'vsmc-mg');
}

function rejected(hash: string): string {
  try {
    apply(hash);
  } catch (e) {
    if (e instanceof UrlStateError) return e.message;
    throw new Error(`not a UrlStateError but ${e instanceof Error ? e.constructor.name : typeof e}: ${String(e)}`);
  }
  throw new Error(`accepted: ${hash}`);
}

const enc = (o: unknown) => '#state=' + encodeURIComponent(typeof o === 'string' ? o : JSON.stringify(o));

describe('hostile hashes are refused with a message', () => {
  const cases: [string, string, string | RegExp][] = [
    ['malformed JSON', '#state=%7Bnot%20json', /^the link state is not valid JSON \(/],
    ['bad percent-encoding', '#state=%E0%A4%A', 'the link state is not valid percent-encoding'],
    ['an unknown fragment', '#<script>alert(1)</script>', 'the link has an unrecognised #fragment (expected #state=…)'],
    ['a huge hash', '#state=' + 'a'.repeat(40_000), 'the link\'s state is 40006 characters long; the limit is 32000'],
    ['script text instead of JSON', enc('<script>globalThis.__vsmcPwned=1</script>'), /^the link state is not valid JSON/],
    ['a JSON string', enc('"hello"'), /^the link state is invalid at state: /],
    ['null', enc('null'), /^the link state is invalid at state: /],
    ['a wrong version', enc({ v: 2 }), /^the link state is invalid at v: /],
    ['a __proto__ key', enc('{"v":1,"__proto__":{"polluted":1}}'), 'the link state is invalid at state: unknown field "__proto__"'],
    ['a constructor.prototype key', enc({ v: 1, constructor: { prototype: { polluted: 1 } } }), 'the link state is invalid at state: unknown field "constructor"'],
    ['cells = 1e12', enc({ v: 1, cells: 1e12 }), 'the link state is invalid at cells: Too big: expected number to be <=100000'],
    ['cells = 1e999 (Infinity)', enc('{"v":1,"cells":1e999}'), /^the link state is invalid at cells: /],
    ['negative steps', enc({ v: 1, steps: -5 }), /^the link state is invalid at steps: Too small/],
    ['a fractional seed', enc({ v: 1, seed: 0.5 }), /^the link state is invalid at seed: /],
    ['6000 interventions (over the length cap first)', enc({ v: 1, iv: Array.from({ length: 6000 }, () => ['A', 'ko']) }), /characters long; the limit is 32000$/],
    ['300 pinned nodes', enc({ v: 1, pin: Array.from({ length: 300 }, () => 'A') }), /^the link state is invalid at pin: Too big/],
    ['script as a node id', enc({ v: 1, iv: [['</script><script>alert(1)</script>', 'ko']] }), 'the link state is invalid at iv.0.0: must be a node identifier'],
    ['script as a model name', enc({ v: 1, model: '<img src=x onerror=alert(1)>' }), 'the link state is invalid at model: must be a model name'],
    ['a 300-character id', enc({ v: 1, pin: ['A'.repeat(300)] }), /^the link state is invalid at pin\.0: Too big/],
    ['__proto__ as a node', enc({ v: 1, iv: [['__proto__', 'ko']] }), 'the link names an unknown node "__proto__" (intervention)'],
    ['constructor as a hypothesis', enc({ v: 1, hyp: 'constructor' }), /^the link names an unknown hypothesis "constructor"/],
    ['toString as an input', enc({ v: 1, inputs: [['toString', 1]] }), /^the link names an unknown node "toString" \(input\)/],
    ['__proto__ as a drug', enc({ v: 1, drugs: [['__proto__', 1]] }), /^the link names an unknown drug "__proto__"/],
    ['script as a drug', enc({ v: 1, drugs: [['<img src=x onerror=globalThis.__vsmcPwned=1>', 1]] }), /^the link names an unknown drug "<img src=x onerror=globalThis.__vsmcPwned=1>"/],
    ['a negative dose', enc({ v: 1, drugs: [['2-APB', -1]] }), /^the link state is invalid at drugs\.0\.1: Too small/],
    ['a node that is not an input set as one', enc({ v: 1, inputs: [['RUNX2', 1]] }), 'the link sets "RUNX2" as an input, but it is not an input node'],
    ['a schedule on an unknown node', enc({ v: 1, sched: [{ t: 1, n: 'hasOwnProperty', v: 1 }] }), /^the link names an unknown node "hasOwnProperty" \(schedule\)/],
  ];
  for (const [what, hash, msg] of cases) {
    it(what, () => {
      const m = rejected(hash);
      if (typeof msg === 'string') expect(m).toBe(msg);
      else expect(m).toMatch(msg);
    });
  }

  it('an empty hash or "#" is no state at all', () => {
    expect(apply('')).toBeUndefined();
    expect(apply('#')).toBeUndefined();
  });
});

describe('well-formed links', () => {
  it('a state written by the app reads back to the same settings', () => {
    const s = defaultSettings('vsmc-mg');
    s.hypothesis = 'PASSIVE';
    s.cells = 300;
    s.inputs.set('Pi_load', 1);
    s.interventions.set('TRPM7', { kind: 'ko' });
    s.interventions.set('MGP', { kind: 'partial', inhibition: 0.25 });
    s.drugs.set('2-APB', 0.0001);
    s.schedule.push({ time: 5, node: 'Mg_supp', value: 1, probability: 0.5 });
    const back = apply(hashFromSettings(s))!;
    expect(urlStateFromSettings(back)).toEqual(urlStateFromSettings(s));
  });
});

describe('fuzzing the link parser', () => {
  const isOk = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof UrlStateError)) throw e;
    }
  };
  it('random hash text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => isOk(() => apply('#state=' + s))), FC(701, 300));
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => isOk(() => apply(s))), FC(702, 200));
  });
  it('random JSON with the state\'s own keys (and prototype names)', () => {
    const keys = ['v', 'model', 'hyp', 'scheme', 'cells', 'steps', 'seed', 'inputs', 'iv', 'drugs', 'sched', 'pin', 'layout', '__proto__', 'constructor', 'prototype'];
    const names = fc.constantFrom('Pi_load', 'TRPM7', 'RUNX2', '2-APB', '__proto__', 'constructor', 'toString', 'PASSIVE', '</script>', '');
    const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), names, fc.array(fc.tuple(names, fc.oneof(fc.constantFrom(0, 1, 'ko', 'on', 0.5, -1, 1e308), fc.double())), { maxLength: 4 }));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 5 }), fc.boolean(), (o, withV) => {
        const text = JSON.stringify(withV ? { v: 1, ...o } : o);
        isOk(() => apply('#state=' + encodeURIComponent(text)));
        // JSON.stringify drops a __proto__ own key made by a literal: write it as JSON text too.
        isOk(() => apply('#state=' + encodeURIComponent(text.replace('{', '{"__proto__":{"polluted":1},'))));
      }),
      FC(703, 300),
    );
  });
});
