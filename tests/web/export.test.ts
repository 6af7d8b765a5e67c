import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModel, writeModel } from '../../src/formats/index.js';
import { prepare } from '../../src/model/prepare.js';
import { repoRoot } from '../helpers/paths.js';
import { csvField, timeCourseCsv } from '../../src/web/export/csv.js';
import { modelWithSettings } from '../../src/web/export/model-export.js';
import { networkSvg, xmlEscape } from '../../src/web/export/svg.js';
import { buildModelGraph } from '../../src/web/graph/model-graph.js';
import { compartmentLayout } from '../../src/web/graph/layout.js';
import { defaultSettings } from '../../src/web/settings.js';

const vsmc = readModel(readFileSync(resolve(repoRoot(), 'networks/vsmc-mg.json'), 'utf8'), { file: 'vsmc-mg.json' });

describe('exports', () => {
  it('writes a time-course CSV with a time column and quoted text', () => {
    const csv = timeCourseCsv({ times: [0, 1], columns: [{ name: 'Osteo_score', values: [0, 0.5] }, { name: 'a,b', values: [1, 1 / 3] }] });
    expect(csv).toBe('time,Osteo_score,"a,b"\n0,0,1\n1,0.5,0.333333\n');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-0.5')).toBe('-0.5');
  });

  it('escapes model text in the SVG', () => {
    expect(xmlEscape(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    const m = readModel('targets, factors\nA, B\nB, !A\n', { file: 't.bnet' });
    m.network.nodes[0]!.label = '<script>alert(1)</script>';
    const g = buildModelGraph(m);
    const svg = networkSvg({ graph: g, positions: new Map([['A', { x: 0, y: 0 }], ['B', { x: 100, y: 0 }]]), bands: [], marks: new Map([['A', 'ko']]), faded: new Set() });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it('draws the whole VSMC network with its bands', () => {
    const g = buildModelGraph(vsmc);
    const { positions } = compartmentLayout(g);
    const svg = networkSvg({ graph: g, positions, bands: [{ label: 'Nucleus', bg: '#fff', x1: 0, y1: 0, x2: 10, y2: 10 }], marks: new Map(), faded: new Set(), title: 'T' });
    expect(svg.match(/<rect [^>]*rx="7"/g)?.length).toBe(vsmc.ids.length - vsmc.inputs.filter(Boolean).length);
    expect(svg).toContain('NUCLEUS');
  });

  it('exports the model with the set-up applied, in every format', () => {
    const s = defaultSettings('vsmc-mg');
    s.hypothesis = 'PASSIVE';
    s.inputs.set('Pi_load', 1);
    s.interventions.set('TRPM7', { kind: 'ko' }).set('BMP2', { kind: 'partial', inhibition: 0.5 });
    s.schedule.push({ time: 5, node: 'Mg_supp', value: 1, probability: 1 });
    const { model, notes } = modelWithSettings(vsmc, s);
    expect(model.network.defaultHypothesis).toBe('PASSIVE');
    expect(model.network.nodes[model.index.get('Pi_load')!]!.default).toBe(1);
    expect(model.network.nodes[model.index.get('TRPM7')!]!.rule).toBe('0');
    expect(notes.join(' ')).toMatch(/BMP2%0@0.5/);
    expect(notes.join(' ')).toMatch(/schedule/);
    const sys = prepare(model);
    expect(sys.rules[model.index.get('TRPM7')!]).toEqual({ kind: 'const', value: false });
    for (const f of ['native', 'bnet', 'booleannet', 'sbml', 'maboss'] as const) {
      const out = writeModel(model, f);
      expect(out.text.length).toBeGreaterThan(100);
    }
    // The original model is untouched.
    expect(vsmc.network.nodes[vsmc.index.get('TRPM7')!]!.rule).not.toBe('0');
  });
});
