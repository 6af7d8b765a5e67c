/**
 * JSON reading with positions. JSON.parse only reports a character offset (and differently in each
 * engine), so this finds the offset and turns it into line and column for the error message.
 */
import { VsmcError } from './errors.js';

function lineCol(text: string, offset: number): { line: number; col: number; lineText: string } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  return { line, col: offset - start + 1, lineText: text.slice(start, end).replace(/\r$/, '') };
}

export function parseJsonText(text: string, file?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg) ?? /at (?:index|offset) (\d+)/.exec(msg);
    const lc = /line (\d+) column (\d+)/.exec(msg);
    let loc: { line?: number; col?: number; lineText?: string } = {};
    if (m) loc = lineCol(text, Number(m[1]));
    else if (lc) loc = { line: Number(lc[1]), col: Number(lc[2]) };
    else if (/end of (JSON )?input/i.test(msg)) loc = lineCol(text, text.length);
    const clean = msg.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
    throw new VsmcError('syntax', `invalid JSON: ${clean}`, { file, ...loc });
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
