/**
 * The model with the user's set-up applied, ready for any writer: the chosen hypothesis becomes
 * the default, input settings become input defaults, whole-population knock-outs / forcings become
 * constant rules, edge cuts are substituted into the target's rule. What a plain Boolean network
 * cannot hold (interventions on a fraction of cells, the schedule) is listed in `notes` and kept
 * in `metadata.webExperiment` of the native JSON.
 */
import type { Model } from '../../model/model.js';
import type { Network } from '../../model/schema.js';
import { formatPerturbation } from '../../model/perturbation.js';
import { validateNetwork } from '../../model/validate.js';
import { simplifyConstants, substitute } from '../../rules/ast.js';
import { printRule } from '../../rules/printer.js';
import { type Settings, inputOverrides, settingsPerturbations } from '../settings.js';

export function modelWithSettings(model: Model, s: Settings): { model: Model; notes: string[] } {
  const net: Network = structuredClone(model.network);
  const notes: string[] = [];
  const nodeOf = (id: string) => net.nodes[model.index.get(id)!]!;
  if (s.hypothesis !== undefined) net.defaultHypothesis = s.hypothesis;
  for (const [id, v] of Object.entries(inputOverrides(model, s))) nodeOf(id).default = v;
  const perts = settingsPerturbations(model, s);
  const partial = perts.filter((p) => p.fraction !== undefined && p.fraction < 1);
  for (const p of perts) {
    if (p.fraction !== undefined && p.fraction < 1) continue;
    if (p.kind === 'input') nodeOf(p.node).default = p.value;
    else if (p.kind === 'node') {
      const n = nodeOf(p.node);
      if (n.input) n.default = p.value;
      else {
        const was = n.rule;
        n.rule = String(p.value);
        delete n.regulations;
        n.notes = `${p.value ? 'Forced on' : 'Knocked out'} in the web app (rule was: ${was}).${n.notes ? ' ' + n.notes : ''}`;
      }
    } else {
      const t = model.index.get(p.target)!;
      const rule = model.rules[t];
      const n = nodeOf(p.target);
      if (rule && n.rule !== undefined && !/^[01]$/.test(n.rule)) {
        n.rule = printRule(simplifyConstants(substitute(rule, (nm) => (nm === p.source ? { kind: 'const', value: p.value === 1 } : undefined))));
        n.regulations = n.regulations?.filter((r) => r.source !== p.source);
      }
    }
  }
  if (partial.length) notes.push(`Interventions on a fraction of cells cannot be written into a Boolean network and were left out: ${partial.map(formatPerturbation).join(', ')}.`);
  if (s.schedule.length) notes.push(`The schedule (${s.schedule.length} event${s.schedule.length > 1 ? 's' : ''}) is not part of the network and was left out.`);
  if (partial.length || s.schedule.length) {
    net.metadata = {
      ...(net.metadata ?? {}),
      webExperiment: {
        perturbations: partial.map(formatPerturbation),
        schedule: s.schedule.map((e) => ({ ...e })),
      },
    };
  }
  return { model: validateNetwork(net, { file: model.file }), notes };
}
