/**
 * Where a JSON path starts in the source text, so that an error in an experiment file can point at
 * a line and column (JSON.parse keeps no positions). A small scanner over already-valid JSON:
 * it never builds values, and it gives up (returns undefined) on anything unexpected.
 */
import { positionOf } from '../util/errors.js';

export interface TextPosition {
  offset: number;
  line: number;
  col: number;
  lineText: string;
}

export function positionAt(text: string, offset: number): TextPosition {
  return { offset, ...positionOf(text, offset) };
}

class Scanner {
  i = 0;
  constructor(readonly t: string) {}
  ws(): void {
    while (this.i < this.t.length && /\s/.test(this.t[this.i]!)) this.i++;
  }
  /** Reads a string literal starting at the quote; returns its value. */
  str(): string {
    const start = this.i;
    let j = this.i + 1;
    while (j < this.t.length && this.t[j] !== '"') j += this.t[j] === '\\' ? 2 : 1;
    this.i = j + 1;
    return JSON.parse(this.t.slice(start, this.i)) as string;
  }
  /** Skips one value of any kind. Nesting is walked with an explicit counter, not recursion. */
  skip(): void {
    this.ws();
    let depth = 0;
    do {
      const c = this.t[this.i];
      if (c === undefined) return;
      if (c === '"') this.str();
      else if (c === '{' || c === '[') {
        depth++;
        this.i++;
      } else if (c === '}' || c === ']') {
        depth--;
        this.i++;
      } else if (depth > 0) this.i++;
      else {
        while (this.i < this.t.length && !/[\s,\]}]/.test(this.t[this.i]!)) this.i++;
      }
      this.ws();
    } while (depth > 0);
  }
}

/** Offset of the value at `path` (keys and array indices), or of the deepest part found. */
export function locatePath(text: string, path: ReadonlyArray<PropertyKey>): number | undefined {
  const s = new Scanner(text);
  try {
    s.ws();
    let found = s.i;
    for (const part of path) {
      const c = s.t[s.i];
      if (c === '{' && typeof part === 'string') {
        s.i++;
        let hit = false;
        for (;;) {
          s.ws();
          if (s.t[s.i] !== '"') return found;
          const keyAt = s.i;
          const key = s.str();
          s.ws();
          s.i++; // ':'
          s.ws();
          if (key === part) {
            found = keyAt;
            hit = true;
            break;
          }
          s.skip();
          if (s.t[s.i] === ',') s.i++;
          else return found;
        }
        if (!hit) return found;
      } else if (c === '[' && typeof part === 'number') {
        s.i++;
        for (let k = 0; k < part; k++) {
          s.skip();
          if (s.t[s.i] === ',') s.i++;
          else return found;
        }
        s.ws();
        found = s.i;
      } else return found;
    }
    return s.i;
  } catch {
    return undefined;
  }
}
