/**
 * Test/bench-only reader for BoolNet/.bnet files ("target, factors" lines). Uses the formats
 * registry's bnet reader when it is there, else this tiny fallback, so the engine tests do not
 * depend on the formats work landing first.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Model } from '../../src/model/model.js';
import { validateNetwork } from '../../src/model/validate.js';
import { readModel } from '../../src/formats/index.js';

export function loadBnetText(text: string, file = 'model.bnet'): Model {
  try {
    return readModel(text, { file, format: 'bnet' as never });
  } catch (e) {
    if (!(e instanceof Error) || !/not supported|unknown format|format "bnet"/i.test(e.message)) throw e;
  }
  const nodes: { id: string; rule: string }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const comma = line.indexOf(',');
    if (comma < 0) continue;
    const target = line.slice(0, comma).trim();
    const factors = line.slice(comma + 1).trim();
    if (target.toLowerCase() === 'targets' && factors.toLowerCase() === 'factors') continue;
    nodes.push({ id: target, rule: factors });
  }
  return validateNetwork({ name: basename(file), nodes }, { file });
}

export function loadBnet(path: string): Model {
  return loadBnetText(readFileSync(path, 'utf8'), path);
}
