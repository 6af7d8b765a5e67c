/**
 * One error type for everything a user can get wrong. It carries where the problem is
 * (file, JSON path or rule location, line, column) so every face (CLI, web app, tests)
 * can print the same precise message without a stack trace.
 */
export interface SourceLocation {
  /** File name as the user gave it (or a label such as "<url>"). */
  file?: string;
  /** JSON path inside a native file or an experiment, e.g. `nodes.RUNX2.rule`. */
  path?: string;
  /** 1-based line and column. */
  line?: number;
  col?: number;
  /** The full text of the offending line, shown with a caret under `col`. */
  lineText?: string;
}

export type ErrorCode =
  | 'syntax'
  | 'unknown-identifier'
  | 'schema'
  | 'format'
  | 'limit'
  | 'semantic'
  | 'io'
  | 'unsupported';

export class VsmcError extends Error {
  readonly code: ErrorCode;
  readonly loc: SourceLocation;
  /** Plain message without location prefix. */
  readonly detail: string;

  constructor(code: ErrorCode, detail: string, loc: SourceLocation = {}) {
    super(formatLocated(detail, loc));
    this.name = 'VsmcError';
    this.code = code;
    this.detail = detail;
    this.loc = loc;
  }

  /** A copy of this error with outer location facts filled in where this one lacks them. */
  within(outer: SourceLocation): VsmcError {
    const loc: SourceLocation = { ...this.loc };
    if (loc.file === undefined && outer.file !== undefined) loc.file = outer.file;
    if (outer.path !== undefined) loc.path = loc.path === undefined ? outer.path : loc.path;
    if (outer.line !== undefined && loc.line !== undefined && outer.col !== undefined) {
      // Position inside an embedded text (a rule inside a file): shift to file coordinates.
      if (loc.line === 1) loc.col = (loc.col ?? 1) + outer.col - 1;
      loc.line = loc.line + outer.line - 1;
      if (outer.lineText !== undefined && loc.line === outer.line) loc.lineText = outer.lineText;
    } else if (loc.line === undefined && outer.line !== undefined) {
      loc.line = outer.line;
      loc.col = outer.col;
      loc.lineText = outer.lineText;
    }
    return new VsmcError(this.code, this.detail, loc);
  }
}

/** Line, column (1-based) and the text of the line holding `offset` in `text`. */
export function positionOf(text: string, offset: number): { line: number; col: number; lineText: string } {
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

export function formatLocated(detail: string, loc: SourceLocation): string {
  const head: string[] = [];
  if (loc.file) head.push(loc.file);
  let where = loc.path ?? '';
  if (loc.line !== undefined) where += `${where ? ':' : ''}${loc.line}${loc.col !== undefined ? ':' + loc.col : ''}`;
  if (where) head.push(where);
  let msg = head.length ? `${head.join(': ')}: ${detail}` : detail;
  if (loc.lineText !== undefined && loc.col !== undefined) {
    const shown = loc.lineText.length > 200 ? loc.lineText.slice(0, 200) + '…' : loc.lineText;
    const caretCol = Math.min(loc.col - 1, 200);
    msg += `\n  ${shown}\n  ${' '.repeat(Math.max(0, caretCol))}^`;
  }
  return msg;
}

export function isVsmcError(e: unknown): e is VsmcError {
  return e instanceof VsmcError;
}

/** Levenshtein distance, bounded so that suggestions stay cheap on huge identifier lists. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    let rowMin = prev[0];
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + cost);
      diag = tmp;
      if (prev[j]! < rowMin) rowMin = prev[j]!;
    }
    if (rowMin > max) return max + 1;
  }
  return prev[b.length]!;
}

/** " (did you mean X?)" or "" — the closest known name within a small edit distance. */
export function suggest(name: string, known: Iterable<string>): string {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  for (const k of known) {
    const d = editDistance(name, k, limit);
    if (d < bestD && d <= limit) {
      best = k;
      bestD = d;
    }
  }
  return best === undefined ? '' : ` (did you mean ${best}?)`;
}
