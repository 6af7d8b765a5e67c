/** SBML-qual reading (dialects, safety) and writing (signs, MathML, inputs, notes, layout). */
import { describe, expect, it } from 'vitest';
import { readModel, writeModel } from '../../src/formats/index.js';
import { setLimits, limits } from '../../src/util/limits.js';
import { parseRule } from '../../src/rules/parser.js';
import { equivalent } from '../../src/rules/semantics.js';
import { functionDiffs } from './ref-models.js';
import { errorOf as err } from '../helpers/errors.js';


const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sbml xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1" xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1" qual:required="true">';
const eq = (ci: string, n: number) => `<apply><eq/><ci> ${ci} </ci><cn type="integer"> ${n} </cn></apply>`;

/** Opaque ids with names, spaces in <ci>, two terms of one level, true/false, defaultTerm 1, a constant without initialLevel. */
const DIALECT = `${HEAD}
  <model id="m">
    <listOfCompartments><compartment id="c" constant="true"/></listOfCompartments>
    <qual:listOfQualitativeSpecies>
      <qual:qualitativeSpecies qual:id="S_1" qual:name="TNF-α" qual:compartment="c" qual:constant="true" qual:maxLevel="1"/>
      <qual:qualitativeSpecies qual:id="S_2" qual:name="NF-κB" qual:compartment="c" qual:constant="false" qual:maxLevel="1" qual:initialLevel="1"/>
      <qual:qualitativeSpecies qual:id="S_3" qual:name="IκB" qual:compartment="c" qual:constant="false" qual:maxLevel="1"/>
      <qual:qualitativeSpecies qual:id="S_4" qual:compartment="c" qual:constant="false" qual:maxLevel="1"/>
    </qual:listOfQualitativeSpecies>
    <qual:listOfTransitions>
      <qual:transition qual:id="t2">
        <qual:listOfInputs>
          <qual:input qual:id="i1" qual:qualitativeSpecies="S_1" qual:transitionEffect="none" qual:sign="positive"/>
          <qual:input qual:id="i3" qual:qualitativeSpecies="S_3" qual:transitionEffect="none" qual:sign="negative"/>
        </qual:listOfInputs>
        <qual:listOfOutputs><qual:output qual:qualitativeSpecies="S_2" qual:transitionEffect="assignmentLevel"/></qual:listOfOutputs>
        <qual:listOfFunctionTerms>
          <qual:defaultTerm qual:resultLevel="0"/>
          <qual:functionTerm qual:resultLevel="1"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><and/>${eq('S_1', 1)}${eq('S_3', 0)}</apply></math></qual:functionTerm>
          <qual:functionTerm qual:resultLevel="1"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><and/><true/>${eq('S_2', 1)}<apply><lt/><ci>S_3</ci><cn>1</cn></apply></apply></math></qual:functionTerm>
        </qual:listOfFunctionTerms>
      </qual:transition>
      <qual:transition qual:id="t3">
        <qual:listOfInputs><qual:input qual:qualitativeSpecies="S_2" qual:transitionEffect="none" qual:sign="positive"/></qual:listOfInputs>
        <qual:listOfOutputs><qual:output qual:qualitativeSpecies="S_3" qual:transitionEffect="assignmentLevel"/></qual:listOfOutputs>
        <qual:listOfFunctionTerms>
          <qual:defaultTerm qual:resultLevel="1"/>
          <qual:functionTerm qual:resultLevel="0"><math xmlns="http://www.w3.org/1998/Math/MathML"><apply><geq/><cn type="integer">1</cn><ci>S_2</ci></apply></math></qual:functionTerm>
        </qual:listOfFunctionTerms>
      </qual:transition>
      <qual:transition qual:id="t4">
        <qual:listOfOutputs><qual:output qual:qualitativeSpecies="S_4" qual:transitionEffect="assignmentLevel"/></qual:listOfOutputs>
        <qual:listOfFunctionTerms>
          <qual:defaultTerm qual:resultLevel="0"/>
          <qual:functionTerm qual:resultLevel="1"><math xmlns="http://www.w3.org/1998/Math/MathML"><false/></math></qual:functionTerm>
        </qual:listOfFunctionTerms>
      </qual:transition>
    </qual:listOfTransitions>
  </model>
</sbml>`;

describe('SBML-qual reading', () => {
  it('reads opaque ids with names, <ci> with spaces, ORed terms, true/false, defaultTerm and constants', () => {
    const m = readModel(DIALECT, { format: 'sbml', file: 'd.sbml' });
    expect(m.ids).toEqual(['S_1', 'S_2', 'S_3', 'S_4']);
    expect(m.network.nodes.map((n) => n.label)).toEqual(['TNF-α', 'NF-κB', 'IκB', undefined]);
    const r = (id: string) => m.rules[m.index.get(id)!]!;
    expect(equivalent(r('S_2'), parseRule('S_1 & !S_3 | S_2 & !S_3'))).toBe(true);
    // default level 1, level 0 when 1 >= S_2 (i.e. always): constant 0.
    expect(equivalent(r('S_3'), parseRule('0'))).toBe(true);
    expect(equivalent(r('S_4'), parseRule('0'))).toBe(true);
    expect(m.network.nodes[0]).toMatchObject({ input: true, default: 0 });
    expect(m.diagnostics.some((d) => /without initialLevel.*S_1/.test(d.message))).toBe(true);
    expect(m.network.initialStates).toEqual({ initialLevel: { S_2: 1 } });
    expect(m.network.nodes[1]!.regulations).toEqual([
      { source: 'S_1', sign: '+' },
      { source: 'S_3', sign: '-' },
    ]);
  });

  it('refuses DOCTYPE / ENTITY declarations (entity bombs) with a clear error', () => {
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<sbml><model/></sbml>`;
    const e = err(() => readModel(bomb, { format: 'sbml', file: 'bomb.sbml' }));
    expect(e.code).toBe('format');
    expect(e.message).toMatch(/bomb\.sbml: 2:1: XML with a <!DOCTYPE declaration is refused/);
    expect(err(() => readModel('<!ENTITY x "y"><sbml/>', { format: 'sbml' })).message).toMatch(/ENTITY/);
  });

  it('refuses XML nested deeper than maxXmlDepth before parsing', () => {
    const saved = limits().maxXmlDepth;
    try {
      setLimits({ maxXmlDepth: 50 });
      const deep = '<sbml>' + '<a>'.repeat(60) + '</a>'.repeat(60) + '</sbml>';
      const e = err(() => readModel(deep, { format: 'sbml' }));
      expect(e.code).toBe('limit');
      expect(e.message).toMatch(/nested deeper than 50/);
    } finally {
      setLimits({ maxXmlDepth: saved });
    }
    // The default limit also holds against a very deep document (no stack overflow).
    const huge = '<sbml>' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000) + '</sbml>';
    expect(err(() => readModel(huge, { format: 'sbml' })).code).toBe('limit');
  });

  it('reports malformed XML with line and column, and an unknown <ci> with a suggestion', () => {
    const e = err(() => readModel('<sbml>\n  <model>\n</sbml>', { format: 'sbml', file: 'bad.sbml' }));
    expect(e.loc).toMatchObject({ file: 'bad.sbml', line: 3 });
    const bad = DIALECT.replace('<ci> S_3 </ci><cn type="integer"> 0', '<ci> S_33 </ci><cn type="integer"> 0');
    const e2 = err(() => readModel(bad, { format: 'sbml', file: 'd.sbml' }));
    expect(e2.code).toBe('unknown-identifier');
    expect(e2.message).toMatch(/S_33.*did you mean S_3\?/);
    expect(e2.loc.line).toBeGreaterThan(1);
  });
});

describe('SBML-qual writing', () => {
  const native = JSON.stringify({
    name: 'demo',
    description: 'A demo network.',
    nodes: [
      { id: 'In', label: 'Input 1', input: true, default: 1, position: { x: 10, y: 20 } },
      {
        id: 'A',
        label: 'β-catenin',
        rule: 'In & !B',
        description: 'what A is',
        evidence: [{ text: 'Someone 2020', pmid: '123' }],
        regulations: [
          { source: 'In', sign: '+' },
          { source: 'C', sign: '-' },
        ],
        position: { x: 30, y: 40 },
      },
      { id: 'B', rule: 'A ^ C' },
      { id: 'C', rule: '!C | 0' },
    ],
  });

  it('writes one transition per node with computed signs, canonical MathML and inputs as constants', () => {
    const m = readModel(native, { format: 'native' });
    const w = writeModel(m, 'sbml');
    const t = w.text;
    expect(t).toContain('xmlns="http://www.sbml.org/sbml/level3/version1/core" level="3" version="1"');
    expect(t).toContain('xmlns:qual="http://www.sbml.org/sbml/level3/version1/qual/version1" qual:required="true"');
    expect(t).toContain('xmlns:layout="http://www.sbml.org/sbml/level3/version1/layout/version1" layout:required="false"');
    expect(t).toMatch(/qual:id="In" qual:name="Input 1" qual:compartment="default" qual:constant="true" qual:maxLevel="1" qual:initialLevel="1"/);
    expect(t).toContain('qual:name="β-catenin"');
    expect((t.match(/<qual:transition /g) ?? []).length).toBe(3);
    expect(t).toContain('<qual:input qual:id="tr_A_in_In" qual:qualitativeSpecies="In" qual:transitionEffect="none" qual:sign="positive"/>');
    expect(t).toContain('<qual:input qual:id="tr_A_in_B" qual:qualitativeSpecies="B" qual:transitionEffect="none" qual:sign="negative"/>');
    // A declared regulator that the rule does not read is kept as an input.
    expect(t).toContain('qual:id="tr_A_in_C" qual:qualitativeSpecies="C" qual:transitionEffect="none" qual:sign="negative"');
    expect(t).toContain('qual:id="tr_B_in_A" qual:qualitativeSpecies="A" qual:transitionEffect="none" qual:sign="dual"');
    expect(t).toContain('<qual:defaultTerm qual:resultLevel="0"/>');
    expect(t).toContain('<ci> In </ci>\n');
    expect(t).toContain('<cn type="integer"> 1 </cn>');
    expect(t).toContain('<xor/>');
    expect(t).toContain('http://identifiers.org/pubmed/123');
    expect(t).toContain('<p>what A is</p>');
    expect(t).toContain('layout:reference="A"');
    const back = readModel(t, { format: 'sbml' });
    expect(functionDiffs(m, back)).toEqual([]);
    expect(back.network).toMatchObject({ name: 'demo', description: 'A demo network.' });
    expect(back.network.nodes[1]).toMatchObject({ label: 'β-catenin', description: 'what A is', evidence: [{ text: 'Someone 2020', pmid: '123' }], position: { x: 30, y: 40 } });
    expect(back.network.nodes[1]!.regulations).toEqual(m.network.nodes[1]!.regulations);
  });
});
