/** CSV writers for time courses and tables (RFC 4180 quoting; numbers printed in full precision). */

export function csvField(s: string): string {
  // A leading = + - @ would make spreadsheet programs evaluate model text as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(fields: (string | number)[]): string {
  return fields.map((f) => (typeof f === 'number' ? formatNumber(f) : csvField(f))).join(',');
}

function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 1e6) / 1e6);
}

export interface TimeCourse {
  times: number[];
  /** Column name → values, one per time. */
  columns: { name: string; values: ArrayLike<number> }[];
}

/** `time,<col1>,<col2>…` then one row per time point. */
export function timeCourseCsv(tc: TimeCourse): string {
  const lines = [csvRow(['time', ...tc.columns.map((c) => c.name)])];
  tc.times.forEach((t, k) => lines.push(csvRow([t, ...tc.columns.map((c) => c.values[k] ?? NaN)])));
  return lines.join('\n') + '\n';
}

export function tableCsv(header: string[], rows: (string | number)[][]): string {
  return [csvRow(header), ...rows.map(csvRow)].join('\n') + '\n';
}
