/**
 * Fuzzing every reader with fast-check (fixed seeds): random text and bytes, token soups of each
 * format's syntax, and mutations (delete / insert / duplicate / swap characters and lines) of
 * reference files. Every input must end in a model or a VsmcError within the time bound; a model
 * that reads must also export, re-read and simulate without crashing.
 */
import fc from 'fast-check';
import { afterEach, describe, it } from 'vitest';
import { type FormatName, readModel, sniffFormat } from '../../src/formats/index.js';
import { parseExperiment } from '../../src/experiments/parse.js';
import { parseExpectation } from '../../src/experiments/expect.js';
import { planExperiment } from '../../src/experiments/plan.js';
import { parseRule } from '../../src/rules/parser.js';
import { evalRateExpr, parseRateExpr, printRateExpr } from '../../src/rules/rate-expr.js';
import { parsePerturbationList } from '../../src/model/perturbation.js';
import { parseDose } from '../../src/model/dose.js';
import { readFileSync } from 'node:fs';
import { FC, FORMAT_NAMES, exercise, expectNoPollution, mutate, mutationArb, repo, samples, settle } from './helpers.js';

afterEach(() => expectNoPollution());

const EXT: Record<FormatName, string> = { native: 'json', bnet: 'bnet', booleannet: 'booleannet', sbml: 'sbml', maboss: 'bnd' };

function read(text: string, format: FormatName | undefined, cfg?: string): void {
  const file = format ? `fuzz.${EXT[format]}` : 'fuzz.txt';
  const r = settle(() => readModel(text, { file, format, companion: cfg, companionFile: cfg === undefined ? undefined : 'fuzz.cfg' }), text);
  if (r.ok) exercise(r.value, text);
}

const TOKENS: Record<FormatName, string[]> = {
  native: ['{', '}', '[', ']', ',', ':', '"nodes"', '"id"', '"rule"', '"input"', 'true', '1', '0', '"A"', '"B"', '"A & !B"', '"rateUp"', '"$k"', '"parameters"', '"k"', '-1', '1e999', '"__proto__"', '"constructor"', '"initialStates"', '"drugs"', '"actions"', '"A%0"', '"readouts"', '"terms"'],
  bnet: ['A', 'B', 'C', ',', '\n', '!', '&', '|', '^', '(', ')', ' ', '0', '1', '#', 'targets, factors', 'constructor', '__proto__', 'toString', '.', 'é', 'not', 'and'],
  booleannet: ['A', 'B', 'Ca2+c', 'C-Myc', '*=', '=', '\n', 'not ', ' and ', ' or ', '(', ')', 'True', 'False', 'Random', '1:', '#', 'constructor', '__proto__'],
  sbml: ['<sbml>', '</sbml>', '<model>', '</model>', '<listOfQualitativeSpecies>', '</listOfQualitativeSpecies>', '<qualitativeSpecies id="A" maxLevel="1"/>', '<qualitativeSpecies id="B" maxLevel="2" initialLevel="1"/>', '<listOfTransitions>', '</listOfTransitions>', '<transition id="t">', '</transition>', '<listOfInputs><input qualitativeSpecies="A" sign="constructor"/></listOfInputs>', '<listOfOutputs><output qualitativeSpecies="B"/></listOfOutputs>', '<listOfFunctionTerms>', '</listOfFunctionTerms>', '<defaultTerm resultLevel="0"/>', '<functionTerm resultLevel="1">', '</functionTerm>', '<math xmlns="http://www.w3.org/1998/Math/MathML">', '</math>', '<apply>', '</apply>', '<not/>', '<and/>', '<geq/>', '<ci>A</ci>', '<ci> B </ci>', '<cn>1</cn>', '<cn>NaN</cn>', '&amp;', '&lt;', '<!-- c -->', '<![CDATA[x]]>'],
  maboss: ['node', 'Node', 'A', 'B', '{', '}', 'logic', 'rate_up', 'rate_down', '=', ';', '@logic', '@tmp', 'tmp', '$k', '?', ':', '1.0', '0', '&', '|', '!', 'AND', 'OR', 'NOT', 'XOR', '(', ')', '+', '*', '/', '-', 'log', 'max', 'description', '"text"', '//', '/*', '*/', '\n', 'constructor'],
};

describe('random text and bytes', () => {
  for (const format of [...FORMAT_NAMES, undefined]) {
    it(`${format ?? 'sniffed'}: random strings end in a model or a VsmcError`, () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => read(s, format)),
        FC(101, 50),
      );
    });
  }

  it('random bytes decoded as UTF-8, every format', () => {
    const dec = new TextDecoder('utf-8');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(...FORMAT_NAMES), (bytes, format) => read(dec.decode(bytes), format)),
      FC(102, 80),
    );
  });

  it('sniffing the format never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => void sniffFormat(s)), FC(103, 200));
  });
});

describe('token soups of each format', () => {
  for (const format of FORMAT_NAMES) {
    it(`${format}: sequences of its own syntax`, () => {
      const tok = fc.constantFrom(...TOKENS[format]);
      fc.assert(
        fc.property(fc.array(tok, { maxLength: 60 }), fc.array(tok, { maxLength: 20 }), (a, b) => read(a.join(format === 'native' ? '' : ' '), format, format === 'maboss' ? b.join(' ') : undefined)),
        FC(110 + FORMAT_NAMES.indexOf(format), 80),
      );
    });
  }
});

describe('mutated reference files', () => {
  for (const s of samples()) {
    it(`${s.format}: ${s.name}`, () => {
      // The file itself reads.
      read(s.text, s.format, s.cfg);
      fc.assert(
        fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), fc.array(mutationArb, { maxLength: 2 }), (ms, cms) => {
          read(mutate(s.text, ms), s.format, s.cfg === undefined ? undefined : mutate(s.cfg, cms));
        }),
        FC(200 + s.name.length, s.format === 'native' ? 12 : 30),
      );
    });
  }
});

describe('experiment files', () => {
  const texts = ['experiments/examples/2apb-dose.json', 'experiments/literature/o03-mg-protects.json'].map((p) => readFileSync(repo(p), 'utf8'));
  const model = readModel(readFileSync(repo('networks/vsmc-mg.json'), 'utf8'), { format: 'native', file: 'vsmc-mg.json' });
  it('mutations of example experiments, parsed and planned against the model', () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (t, ms) => {
        const text = mutate(t, ms);
        const r = settle(() => parseExperiment(text, 'fuzz.json'), text);
        if (r.ok) settle(() => planExperiment(model, r.value), text);
      }),
      FC(301, 150),
    );
  });
  it('random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (t) => void settle(() => parseExperiment(t, 'fuzz.json'), t)), FC(302, 150));
  });
  it('random JSON values in every field', () => {
    const fields = ['title', 'network', 'hypothesis', 'flags', 'inputs', 'initial', 'scheme', 'readouts', 'conditions', 'expect'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields, '__proto__', 'constructor'), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }), (obj) => {
        const text = JSON.stringify({ conditions: { a: {} }, ...obj });
        const r = settle(() => parseExperiment(text, 'fuzz.json'), text);
        if (r.ok) settle(() => planExperiment(model, r.value), text);
      }),
      FC(303, 150),
    );
  });
  it('random conditions with hostile names, planned against the model', () => {
    const name = fc.constantFrom('Pi_load', 'Mg_supp', 'TRPM7', 'RUNX2', '2-APB', 'FULL', 'PASSIVE', 'healthy', 'constructor', 'toString', '__proto__', 'valueOf', 'process.exit(1)', '');
    const val = fc.oneof(fc.constantFrom(0, 1, -1, 0.5, 2, 1e308, true, null, 'default', '100 µM', 'x', 'TRPM7%0', 'A:B%1', 'Pi_load=1@0.5'), fc.jsonValue({ maxDepth: 2 }));
    const cond = fc.dictionary(
      fc.constantFrom('inputs', 'flags', 'drugs', 'perturbations', 'initial', 'scheme', 'schedule', 'hypothesis', 'from', 'description'),
      fc.oneof(fc.dictionary(name, val, { maxKeys: 3 }), fc.array(val, { maxLength: 3 }), name, val),
      { maxKeys: 4 },
    );
    fc.assert(
      fc.property(fc.dictionary(name.filter((n) => n !== ''), cond, { minKeys: 1, maxKeys: 3 }), fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }), (conditions, expect) => {
        const text = JSON.stringify({ conditions, expect });
        const r = settle(() => parseExperiment(text, 'fuzz.json'), text);
        if (r.ok) settle(() => planExperiment(model, r.value), text);
      }),
      FC(305, 200),
    );
  });

  it('expectation strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (t) => void settle(() => parseExpectation(t), t)), FC(304, 300));
  });
});

describe('expression languages and small parsers', () => {
  const ruleTok = fc.constantFrom('A', 'B', 'constructor', '__proto__', '!', '~', 'not', '&', '&&', 'and', '|', '||', 'or', '^', 'xor', '(', ')', '0', '1', 'true', 'False', ' ', '12', '$', '@');
  it('rule language', () => {
    fc.assert(fc.property(fc.array(ruleTok, { maxLength: 40 }), (a) => void settle(() => parseRule(a.join(' ')), a.join(' '))), FC(401, 400));
  });
  const rateTok = fc.constantFrom('A', 'B', '$k', '@logic', '1', '0.5', '1e308', '.5e-3', '+', '-', '*', '/', '<', '<=', '==', '!=', '>', '&&', '||', 'AND', 'OR', 'XOR', 'NOT', '!', '?', ':', '(', ')', ',', 'log', 'pow', 'max', 'min', 'constructor', 'toString', 'TRUE', '"s"', '#');
  it('rate expressions parse, print and evaluate (numbers only, never a crash)', () => {
    fc.assert(
      fc.property(fc.array(rateTok, { maxLength: 40 }), (a) => {
        const text = a.join(' ');
        const r = settle(() => parseRateExpr(text), text);
        if (r.ok) {
          const printed = settle(() => printRateExpr(r.value), text);
          if (printed.ok) settle(() => parseRateExpr(printed.value), printed.value);
          settle(() => evalRateExpr(r.value, { node: () => 1, param: () => 2, attr: () => 0 }), text);
        }
      }),
      FC(402, 400),
    );
  });
  it('perturbation lists and doses', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (t) => void settle(() => parsePerturbationList(t), t)), FC(403, 300));
    fc.assert(fc.property(fc.string({ maxLength: 20 }), fc.constantFrom('µM', 'mM', 'M', 'mg/L', ''), (t, u) => void settle(() => parseDose(t, u), t)), FC(404, 300));
  });
});
