import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModel } from '../../src/formats/index.js';
import { repoRoot, referenceDir } from '../helpers/paths.js';
import { buildModelGraph } from '../../src/web/graph/model-graph.js';
import { bandOf, compartmentLayout, defaultLayout, forceLayout } from '../../src/web/graph/layout.js';
import { fadedEdges } from '../../src/web/model-info.js';

const vsmc = readModel(readFileSync(resolve(repoRoot(), 'networks/vsmc-mg.json'), 'utf8'), { file: 'vsmc-mg.json' });
const graph = buildModelGraph(vsmc);

describe('network graph and layouts', () => {
  it('takes edge signs and modules from the regulations', () => {
    const e = (s: string, t: string) => graph.edges.find((x) => x.source === s && x.target === t);
    expect(e('APB2', 'TRPM7')?.sign).toBe('-');
    expect(e('Mg_int', 'bCatenin')).toMatchObject({ sign: '-', module: 'MOD_INTRA' });
    expect(e('Mg_hi', 'Cav12')).toMatchObject({ sign: '-', module: 'MOD_MEMB' });
  });

  it('computes signs from the rule when a model declares none', () => {
    const m = readModel(readFileSync(join(referenceDir(), 'pyboolnet/faure_cellcycle.bnet'), 'utf8'), { file: 'faure_cellcycle.bnet' });
    const g = buildModelGraph(m);
    expect(g.edges.find((x) => x.source === 'Rb' && x.target === 'CycE')?.sign).toBe('-');
    expect(g.edges.find((x) => x.source === 'E2F' && x.target === 'CycE')?.sign).toBe('+');
    expect(defaultLayout(g)).toBe('force');
  });

  it('stacks compartments top to bottom like Figure 3', () => {
    expect(defaultLayout(graph)).toBe('compartment');
    const { positions, bands } = compartmentLayout(graph);
    expect(bands.map((b) => b.key)).toEqual(['inputs', 'extracellular', 'membrane', 'cytoplasm', 'nucleus', 'phenotype']);
    const y = (id: string) => positions.get(id)!.y;
    expect(y('Pi_load')).toBeLessThan(y('HAP'));
    expect(y('HAP')).toBeLessThan(y('TRPM7'));
    expect(y('TRPM7')).toBeLessThan(y('Mg_int'));
    expect(y('Mg_int')).toBeLessThan(y('RUNX2'));
    expect(y('RUNX2')).toBeLessThan(y('OsteoTD'));
    expect(bandOf(graph.nodes.find((n) => n.id === 'Cells')!)).toBe('inputs');
    expect(positions.size).toBe(vsmc.ids.length);
  });

  it('gives every node a distinct finite position with ForceAtlas2, the same each time', () => {
    const a = forceLayout(graph).positions;
    const b = forceLayout(graph).positions;
    const keys = new Set([...a.values()].map((p) => `${Math.round(p.x)},${Math.round(p.y)}`));
    expect(keys.size).toBe(vsmc.ids.length);
    for (const [id, p] of a) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      expect(b.get(id)).toEqual(p);
    }
  });

  it('fades the edges a hypothesis switches off', () => {
    const passive = fadedEdges(vsmc, graph, 'PASSIVE');
    expect(passive.has('Mg_int->bCatenin')).toBe(true);
    expect(passive.has('PiT1->Wnt')).toBe(true);
    expect(passive.has('Pi_load->Pi_ext')).toBe(false);
    const full = fadedEdges(vsmc, graph, 'FULL');
    expect(full.has('Mg_int->bCatenin')).toBe(false);
  });
});
