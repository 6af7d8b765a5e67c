/**
 * Identifiers and labels that try to reach Object.prototype or run code — `constructor`,
 * `__proto__`, `toString`, `process.exit(1)`, `"); require('fs')//`, `${…}`, `</script>` — in every
 * format and in every named thing of a native network and of an experiment. Each must end in a
 * clean result or a VsmcError; nothing may be executed (a global sentinel stays unset) or added to
 * a prototype; and a network whose ids are merely unusual must simulate exactly like the same
 * network with plain ids.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type FormatName, readModel, writeModel } from '../../src/formats/index.js';
import { simulate } from '../../src/engine/simulate.js';
import { findAttractors } from '../../src/analysis/index.js';
import { prepare } from '../../src/model/prepare.js';
import { parseExperiment } from '../../src/experiments/parse.js';
import { runExperiment } from '../../src/experiments/runner.js';
import { applyDrug } from '../../src/model/dose.js';
import type { Model } from '../../src/model/model.js';
import { VsmcError } from '../../src/util/errors.js';
import { FORMAT_NAMES, exercise, expectNoPollution, settle } from './helpers.js';

afterEach(() => expectNoPollution());

/** Valid identifiers that name Object.prototype members. */
const PROTO_IDS = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'toLocaleString'];

/** Text that would run code, or set the sentinel, if anything evaluated or spliced it into code or HTML. */
const PAYLOADS = [
  'process.exit(1)',
  `"); require('fs')//`,
  '${process.exit()}',
  '</script><script>alert(1)</script>',
  'globalThis.__vsmcPwned=1',
  '"); globalThis.__vsmcPwned = 1; ("',
  "'+(globalThis.__vsmcPwned=1)+'",
  '${globalThis.__vsmcPwned=1}',
  '*/globalThis.__vsmcPwned=1/*',
  '\nglobalThis.__vsmcPwned=1//',
  '`;globalThis.__vsmcPwned=1;`',
  '<img src=x onerror="globalThis.__vsmcPwned=1">',
  '__proto__',
  'constructor',
];

function run(m: Model, type: 'sync' | 'stochastic' = 'sync') {
  return simulate({ model: m, scheme: type === 'sync' ? { type, cells: 64, seed: 7, steps: 6 } : { type, cells: 64, seed: 7, time: 3, dt: 1 } });
}

/** A small network with a cycle and a fixed point, in plain ids A0…; `ids` renames the nodes. */
function ring(ids: string[]): { nodes: { id: string; rule: string }[] } {
  const k = ids.length;
  return { nodes: ids.map((id, i) => ({ id, rule: `${ids[(i + k - 1) % k]} & !${ids[(i + 1) % k]} | ${id} & ${ids[(i + 2) % k]}` })) };
}
const plainIds = PROTO_IDS.map((_, i) => `A${i}`);

describe('ids that name Object.prototype members', () => {
  const plain = readModel(JSON.stringify(ring(plainIds)), { format: 'native' });
  const plainSync = run(plain);
  const plainStoch = run(plain, 'stochastic');
  const plainAttr = findAttractors(prepare(plain), { scheme: 'sync' });

  // __proto__ is a valid native id (it is never a key); importers rename it (see sanitize.ts).
  const texts: Record<FormatName, string> = {
    native: JSON.stringify(ring(PROTO_IDS)),
    bnet: 'targets, factors\n' + ring(PROTO_IDS).nodes.map((n) => `${n.id}, ${n.rule}`).join('\n') + '\n',
    booleannet: ring(PROTO_IDS).nodes.map((n) => `${n.id} *= ${n.rule.replace(/&/g, 'and').replace(/\|/g, 'or').replace(/!/g, 'not ')}`).join('\n') + '\n',
    maboss: ring(PROTO_IDS).nodes.map((n) => `node ${n.id} { logic = ${n.rule}; }`).join('\n') + '\n',
    sbml: '',
  };
  // SBML-qual written by our own writer from the plain network, with the ids swapped in.
  texts.sbml = plainIds.reduceRight((t, id, i) => t.replaceAll(`"${id}"`, `"${PROTO_IDS[i]}"`).replaceAll(`>${id}<`, `>${PROTO_IDS[i]}<`).replaceAll(` ${id} `, ` ${PROTO_IDS[i]} `).replaceAll(`tr_${id}`, `tr_${PROTO_IDS[i]}`), writeModel(plain, 'sbml').text);

  for (const format of FORMAT_NAMES) {
    it(`${format}: simulates and analyses exactly like plain ids`, () => {
      const r = settle(() => readModel(texts[format], { format, file: `ids.${format}` }), texts[format]);
      // MaBoSS keeps names as they are; "__proto__" then cannot key its initial state: a clean refusal.
      if (!r.ok) {
        expect(format).toBe('maboss');
        expect(r.error.message).toMatch(/__proto__.*reserved/);
        return;
      }
      const m = r.value;
      expect(m.ids.length).toBe(PROTO_IDS.length);
      expect(m.ids.filter((id) => id !== '__proto__' && id !== '__proto___2')).toEqual(PROTO_IDS.filter((id) => id !== '__proto__'));
      const s = run(m);
      expect(Array.from(s.final.nodeFractions)).toEqual(Array.from(plainSync.final.nodeFractions));
      expect(s.nodeFractions.map((x) => Array.from(x))).toEqual(plainSync.nodeFractions.map((x) => Array.from(x)));
      const st = run(m, 'stochastic');
      expect(Array.from(st.final.nodeFractions)).toEqual(Array.from(plainStoch.final.nodeFractions));
      const a = findAttractors(prepare(m), { scheme: 'sync' });
      expect(a.attractors.map((x) => [x.type, x.size, x.basin, x.pattern])).toEqual(plainAttr.attractors.map((x) => [x.type, x.size, x.basin, x.pattern]));
      exercise(m, texts[format]);
    });
  }

  it('every export of such a network reads back to the same functions', () => {
    const m = readModel(texts.native, { format: 'native' });
    for (const f of FORMAT_NAMES) {
      const w = settle(() => writeModel(m, f), f);
      if (!w.ok) continue;
      const back = settle(() => readModel(w.value.text, { format: f, companion: w.value.companion }), w.value.text);
      if (!back.ok) {
        expect(back.error.message).toMatch(/__proto__/);
        continue;
      }
      expect(Array.from(run(back.value).final.nodeFractions)).toEqual(Array.from(plainSync.final.nodeFractions));
    }
  });

  it('prepare() takes inputs and flags keyed by such names from JSON without touching prototypes', () => {
    const m = readModel(JSON.stringify({ nodes: [{ id: '__proto__', input: true }, { id: 'constructor', rule: '__proto__ & !constructor' }] }), { format: 'native' });
    const sys = prepare(m, { inputs: JSON.parse('{"__proto__": 1}') as Record<string, 0 | 1> });
    expect(sys.forced[0]).toBe(1);
    const e = settle(() => prepare(m, { flags: JSON.parse('{"__proto__": 1, "toString": 0}') as Record<string, 0 | 1> }));
    expect(e.ok).toBe(false);
  });
});

describe('payloads as labels, names and notes', () => {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

  for (const p of PAYLOADS) {
    it(`every format keeps ${JSON.stringify(p)} as inert text`, () => {
      const meta = JSON.stringify({ id: 'A', label: p });
      // In a comment line the payload must stay on that line (a newline would end the comment).
      const line = p.replace(/\n/g, ' ');
      const inputs: [FormatName, string, string?][] = [
        ['bnet', `# ${line}\n# vsmc: ${meta}\nA, !B\nB, A\n`],
        ['booleannet', `# ${line}\n# vsmc: ${meta}\nA *= not B\nB *= A\n`],
        ['sbml', `<?xml version="1.0"?><sbml><model name="${esc(p)}"><notes><p>${esc(p)}</p></notes><listOfQualitativeSpecies><qualitativeSpecies id="A" name="${esc(p)}" maxLevel="1"/><qualitativeSpecies id="B" name="${esc(p)}" maxLevel="1"/></listOfQualitativeSpecies><listOfTransitions><transition id="t"><listOfInputs><input qualitativeSpecies="B" sign="${esc(p)}"/></listOfInputs><listOfOutputs><output qualitativeSpecies="A"/></listOfOutputs><listOfFunctionTerms><defaultTerm resultLevel="0"/><functionTerm resultLevel="1"><math><apply><not/><ci>B</ci></apply></math></functionTerm></listOfFunctionTerms></transition></listOfTransitions></model></sbml>`],
        ['maboss', `// ${line}\nnode A { logic = !B; description = ${JSON.stringify(p)}; }\nnode B { logic = A; note = ${JSON.stringify(p)}; }\n`, `$k = 1; // ${line}\n`],
        ['native', JSON.stringify({ name: p, description: p, nodes: [{ id: 'A', rule: '!B', label: p, notes: p, description: p, kind: p, compartment: p, module: p }, { id: 'B', rule: 'A', label: p }], metadata: { [p === '__proto__' ? 'x' : p]: p } })],
      ];
      for (const [format, text, cfg] of inputs) {
        const r = settle(() => readModel(text, { format, file: `payload.${format}`, companion: cfg }), text);
        if (!r.ok) throw new Error(`${format} refused a payload in a label: ${r.error.message}`);
        const m = r.value;
        // A → !B, B → A: the 2-cycle must be intact whatever the labels say.
        const s = run(m);
        expect(s.ids).toEqual(['A', 'B']);
        if (format === 'bnet' || format === 'booleannet' || format === 'native') expect(m.network.nodes[0]!.label).toBe(p);
        exercise(m, text);
      }
    });
  }
});

describe('payloads as names in a native network', () => {
  const base = () => ({
    nodes: [
      { id: 'In', input: true },
      { id: 'A', rule: 'In & !B & MOD' },
      { id: 'B', rule: 'A', rateUp: '$k', rateDown: 1 },
    ] as Record<string, unknown>[],
    parameters: { k: 1 } as Record<string, number>,
    flags: { MOD: { value: 1 } } as Record<string, unknown>,
  });

  for (const p of PAYLOADS) {
    it(`${JSON.stringify(p)} as a parameter, flag, hypothesis, initial state, readout and drug name`, () => {
      const net = {
        ...base(),
        hypotheses: { [p]: { label: p, flags: { MOD: 0 } } },
        initialStates: { [p]: { A: 1, In: 1 } },
        readouts: { [p]: { label: p, terms: ['A', '!B'] } },
        drugs: { [p]: { label: p, actions: ['A%0'], dose: { ec50: 1, unit: p } } },
        parameters: { k: 1, [p]: 2 },
        metadata: { note: p },
      };
      const text = JSON.stringify(net);
      const r = settle(() => readModel(text, { format: 'native', file: 'names.json' }), text);
      if (p === '__proto__') {
        // zod would drop the key silently: refused by name instead.
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.message).toMatch(/^names\.json: (hypotheses|initialStates|readouts|drugs|parameters)\.__proto__: the name "__proto__" is reserved/);
        return;
      }
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const m = r.value;
      const s = simulate({ model: m, hypothesis: p, initial: p, scheme: { type: 'sync', cells: 32, seed: 1, steps: 4 } });
      expect(s.readoutNames).toEqual([p]);
      // Hypothesis p sets MOD = 0, so A stays off after the first step and B follows it.
      expect(s.final.nodeFractions[1]).toBe(0);
      const d = applyDrug(m, p, 2);
      expect(d.fraction).toBeCloseTo(2 / 3, 12);
      settle(() => simulate({ model: m, perturbations: d.perturbations, scheme: { type: 'stochastic', cells: 16, seed: 1, time: 2 } }), p);
      exercise(m, text);
      // A flag named like that cannot be a rule identifier, but may be declared and set.
      const flagged = { ...base(), flags: { MOD: { value: 1 }, [p]: { value: 0 } }, hypotheses: { h: { flags: { [p]: 1 } } } };
      const fr = settle(() => readModel(JSON.stringify(flagged), { format: 'native' }), p);
      if (fr.ok) settle(() => simulate({ model: fr.value, hypothesis: 'h', scheme: { type: 'sync', cells: 8, seed: 1, steps: 2 } }), p);
    });
  }

  it('names that only look up Object.prototype members are unknown, not found', () => {
    const m = readModel(JSON.stringify(base()), { format: 'native', file: 'plain.json' });
    for (const name of PROTO_IDS) {
      const calls: (() => unknown)[] = [
        () => simulate({ model: m, hypothesis: name, scheme: { type: 'sync', cells: 4, seed: 1, steps: 1 } }),
        () => simulate({ model: m, initial: name, scheme: { type: 'sync', cells: 4, seed: 1, steps: 1 } }),
        () => applyDrug(m, name, 1),
        () => readModel(JSON.stringify({ ...base(), defaultHypothesis: name }), { format: 'native' }),
        () => readModel(JSON.stringify({ ...base(), defaultInitial: name }), { format: 'native' }),
        () => readModel(JSON.stringify({ ...base(), nodes: [...base().nodes, { id: 'C', rule: 'C', rateUp: `$${name}` }] }), { format: 'native' }),
        () => readModel(JSON.stringify({ ...base(), nodes: [...base().nodes, { id: 'C', rule: 'C', rateUp: `${name}(1)` }] }), { format: 'native' }),
      ];
      for (const f of calls) {
        const r = settle(f, name);
        expect(r.ok, `${name} was found`).toBe(false);
        if (!r.ok) expect(r.error).toBeInstanceOf(VsmcError);
      }
    }
  });
});

describe('payloads as experiment condition names', () => {
  const model = readModel(JSON.stringify({ nodes: [{ id: 'In', input: true }, { id: 'A', rule: 'In' }], readouts: { R: { terms: ['A'] } } }), { format: 'native', file: 'm.json' });
  for (const p of PAYLOADS.filter((x) => x.trim() === x)) {
    it(`condition ${JSON.stringify(p)}`, async () => {
      const text = JSON.stringify({ scheme: { type: 'sync', cells: 8, steps: 3, seed: 1 }, conditions: { [p]: { inputs: { In: 1 } }, off: {} }, expect: [`A@${p} > A@off`] });
      const r = settle(() => parseExperiment(text, 'exp.json'), text);
      if (!r.ok) {
        // Names holding @ < > = ! (they delimit expectations) or "__proto__" are refused by name.
        expect(r.error.message).toMatch(/^exp\.json: conditions.*(must not contain|reserved)/);
        return;
      }
      const res = await runExperiment(model, r.value, (req) => simulate(req));
      expect(res.expectations[0]!.holds).toBe(true);
      expect(res.conditions.map((c) => c.name)).toContain(p);
    });
  }
});
