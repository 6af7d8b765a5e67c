/**
 * JSON reading with positions. JSON.parse only reports a character offset (and differently in each
 * engine), so this finds the offset and turns it into line and column for the error message.
 */
import { VsmcError, positionOf } from './errors.js';


export function parseJsonText(text: string, file?: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Engines word JSON errors differently and some give no position: find it ourselves.
    const { offset, expected } = findJsonError(text);
    throw new VsmcError('syntax', `invalid JSON: ${expected}`, { file, ...positionOf(text, offset) });
  }
}

/**
 * A small JSON scanner used only after JSON.parse failed, to say where and what was expected.
 * Iterative (explicit stack), so deeply nested input cannot overflow.
 */
export function findJsonError(text: string): { offset: number; expected: string } {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const found = () => (i >= n ? 'end of file' : `"${text[i]}"`);
  const fail = (what: string) => ({ offset: Math.min(i, n), expected: `expected ${what}, found ${found()}` });
  const stack: Array<'obj' | 'arr'> = [];
  // state: value | afterValue | key
  let want: 'value' | 'after' | 'key' | 'firstKeyOrEnd' | 'firstValueOrEnd' = 'value';
  let commaAt = -1;
  for (let guard = 0; guard <= n + 2; guard++) {
    ws();
    // A comma just before "]" or "}": the most common hand-editing slip gets its own words.
    if (commaAt >= 0 && (text[i] === ']' || text[i] === '}')) return { offset: commaAt, expected: `a comma before "${text[i]}": JSON allows no trailing comma; remove it` };
    commaAt = -1;
    if (want === 'value' || want === 'firstValueOrEnd') {
      if (want === 'firstValueOrEnd' && text[i] === ']') {
        i++;
        stack.pop();
        want = 'after';
        continue;
      }
      const c = text[i];
      if (c === '{') {
        stack.push('obj');
        i++;
        want = 'firstKeyOrEnd';
      } else if (c === '[') {
        stack.push('arr');
        i++;
        want = 'firstValueOrEnd';
      } else if (c === '"') {
        const r = scanString();
        if (r) return r;
        want = 'after';
      } else if (c !== undefined && /[-0-9]/.test(c)) {
        const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
        if (!m) return fail('a number');
        i += m[0].length;
        want = 'after';
      } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
        i += 4;
        want = 'after';
      } else if (text.startsWith('false', i)) {
        i += 5;
        want = 'after';
      } else return fail('a value (object, array, string, number, true, false or null)');
    } else if (want === 'key' || want === 'firstKeyOrEnd') {
      if (want === 'firstKeyOrEnd' && text[i] === '}') {
        i++;
        stack.pop();
        want = 'after';
        continue;
      }
      if (text[i] !== '"') return fail('a property name in double quotes');
      const r = scanString();
      if (r) return r;
      ws();
      if (text[i] !== ':') return fail('":" after the property name');
      i++;
      want = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (i >= n) return { offset: n, expected: 'JSON.parse failed but no error was found' };
        return fail('end of file after the JSON value');
      }
      if (text[i] === ',') {
        commaAt = i;
        i++;
        want = top === 'obj' ? 'key' : 'value';
      } else if ((top === 'obj' && text[i] === '}') || (top === 'arr' && text[i] === ']')) {
        i++;
        stack.pop();
        want = 'after';
      } else return fail(top === 'obj' ? '"," or "}"' : '"," or "]"');
    }
  }
  return { offset: Math.min(i, n), expected: 'well-formed JSON' };

  function scanString(): { offset: number; expected: string } | undefined {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return undefined;
      }
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, expected: 'expected a \\uXXXX escape with four hex digits' };
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return { offset: i, expected: `expected a valid escape, found "\\${e ?? ''}"` };
        continue;
      }
      if (c < 32) return { offset: i, expected: 'expected a closing quote (strings cannot span lines or hold control characters)' };
      i++;
    }
    return { offset: n, expected: 'expected a closing quote, found end of file' };
  }
}

/** `a.b[2].c` style path from zod / manual walks; keys that are not identifiers are quoted. */
export function jsonPath(parts: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const s = String(p);
      out += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? (out ? '.' : '') + s : `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

/**
 * Two hazards of JSON-parsed data, found in one linear walk (iterative, with parent links):
 *  - `proto`: path of the first "__proto__" key. JSON.parse makes it an own property, but copying
 *    it into a plain object (zod records do that) sets the prototype instead, so readers refuse it;
 *  - `deep`: path of the first value nested deeper than `maxDepth`. JSON.parse copes, but every
 *    later JSON.stringify (export, handing the model to worker threads) recurses and would overflow.
 */
export function inspectJson(data: unknown, maxDepth: number): { proto?: PropertyKey[]; deep?: PropertyKey[] } {
  interface Item {
    v: unknown;
    key: PropertyKey | undefined;
    parent: Item | undefined;
    depth: number;
  }
  const pathOf = (it: Item | undefined, last?: PropertyKey): PropertyKey[] => {
    const out: PropertyKey[] = last === undefined ? [] : [last];
    for (let x = it; x && x.key !== undefined; x = x.parent) out.push(x.key);
    return out.reverse();
  };
  const stack: Item[] = [{ v: data, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length) {
    const it = stack.pop()!;
    const v = it.v;
    if (v === null || typeof v !== 'object') continue;
    if (it.depth >= maxDepth) return { deep: pathOf(it) };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: i, parent: it, depth: it.depth + 1 });
    } else {
      const keys = Object.keys(v);
      if (keys.includes('__proto__')) return { proto: pathOf(it, '__proto__') };
      for (let k = keys.length - 1; k >= 0; k--) stack.push({ v: (v as Record<string, unknown>)[keys[k]!], key: keys[k]!, parent: it, depth: it.depth + 1 });
    }
  }
  return {};
}
