import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModel } from '../../src/formats/index.js';
import { repoRoot } from '../helpers/paths.js';
import { defaultSettings, settingsPerturbations } from '../../src/web/settings.js';
import { UrlStateError, hashFromSettings, parseUrlState, settingsFromUrlState, stateTextFromHash } from '../../src/web/url-state.js';

const model = readModel(readFileSync(resolve(repoRoot(), 'networks/vsmc-mg.json'), 'utf8'), { file: 'vsmc-mg.json' });

function fromHash(hash: string) {
  const text = stateTextFromHash(hash);
  if (text === undefined) return undefined;
  return settingsFromUrlState(parseUrlState(text), model, 'vsmc-mg');
}

describe('URL state', () => {
  it('round-trips every setting', () => {
    const s = defaultSettings('vsmc-mg');
    s.hypothesis = 'PASSIVE';
    s.scheme = 'stochastic';
    s.cells = 4321;
    s.steps = 17;
    s.seed = 99;
    s.inputs.set('Pi_load', 1).set('Mg_ext', 0);
    s.interventions.set('TRPM7', { kind: 'ko' }).set('RUNX2', { kind: 'on' }).set('BMP2', { kind: 'partial', inhibition: 0.4 });
    s.drugs.set('2-APB', 1e-4).set('TRPM7 siRNA', 5e-8);
    s.schedule.push({ time: 20, node: 'Mg_supp', value: 1, probability: 0.5 });
    s.pinned = ['RUNX2', 'bCatenin'];
    s.layout = 'force';
    const back = fromHash(hashFromSettings(s))!;
    expect(back).toEqual(s);
    expect(settingsPerturbations(model, back).map((p) => [p.kind, 'node' in p ? p.node : '', p.fraction])).toEqual([
      ['node', 'TRPM7', undefined],
      ['node', 'RUNX2', undefined],
      ['node', 'BMP2', 0.4],
      ['input', 'APB2', expect.closeTo(0.917, 3)],
      ['input', 'siTRPM7', expect.closeTo(0.682, 3)],
    ]);
  });

  it('an empty hash means no state', () => {
    expect(stateTextFromHash('')).toBeUndefined();
    expect(stateTextFromHash('#')).toBeUndefined();
  });

  const reject: [string, string, RegExp][] = [
    ['bad JSON', '#state=%7Bnope', /not valid JSON/],
    ['other fragment', '#foo=bar', /unrecognised #fragment/],
    ['bad percent-encoding', '#state=%E0%A4%A', /percent-encoding/],
    ['huge hash', '#state=' + 'a'.repeat(40_000), /limit/],
    ['__proto__ node', `#state=${encodeURIComponent('{"v":1,"iv":[["__proto__","ko"]]}')}`, /unknown node "__proto__"/],
    ['constructor input', `#state=${encodeURIComponent('{"v":1,"inputs":[["constructor",1]]}')}`, /unknown node "constructor"/],
    ['non-input as input', `#state=${encodeURIComponent('{"v":1,"inputs":[["RUNX2",1]]}')}`, /not an input node/],
    ['huge cells', `#state=${encodeURIComponent('{"v":1,"cells":1e12}')}`, /cells/],
    ['negative seed', `#state=${encodeURIComponent('{"v":1,"seed":-1}')}`, /seed/],
    ['NaN-ish dose', `#state=${encodeURIComponent('{"v":1,"drugs":[["2-APB","1e999"]]}')}`, /drugs/],
    ['unknown drug', `#state=${encodeURIComponent('{"v":1,"drugs":[["<script>x</script>",1]]}')}`, /unknown drug/],
    ['unknown hypothesis', `#state=${encodeURIComponent('{"v":1,"hyp":"PASIVE"}')}`, /did you mean PASSIVE/],
    ['unknown field', `#state=${encodeURIComponent('{"v":1,"__proto__":{"polluted":1},"x":1}')}`, /unknown field/],
    ['wrong version', `#state=${encodeURIComponent('{"v":2}')}`, /v/],
    ['script id', `#state=${encodeURIComponent('{"v":1,"pin":["<img onerror=alert(1)>"]}')}`, /identifier/],
    ['too many events', `#state=${encodeURIComponent(JSON.stringify({ v: 1, sched: Array.from({ length: 500 }, () => ({ t: 1, n: 'Mg_supp', v: 1 })) }))}`, /sched/],
  ];
  for (const [what, hash, message] of reject) {
    it(`rejects ${what}`, () => {
      expect(() => fromHash(hash)).toThrow(UrlStateError);
      expect(() => fromHash(hash)).toThrow(message);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});
