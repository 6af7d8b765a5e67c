/** Colours shared by the canvas, the legend, the node list and the SVG export. */
const OFF = [241, 245, 249];
const ON = [29, 78, 216];

/** Fill for a node that is on in a fraction `a` of the cells (undefined: nothing simulated yet). */
export function activityFill(a: number | undefined): string {
  if (a === undefined || !Number.isFinite(a)) return '#ffffff';
  const t = Math.max(0, Math.min(1, a));
  const c = OFF.map((o, k) => Math.round(o + (ON[k]! - o) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export function activityText(a: number | undefined): string {
  return a !== undefined && a > 0.5 ? '#ffffff' : '#0f172a';
}

export const MODULE_COLORS: ReadonlyMap<string, string> = new Map([
  ['MOD_INTRA', '#7c3aed'],
  ['MOD_MEMB', '#0e7490'],
  ['MOD_PASSIVE', '#b45309'],
  ['MOD_PIDIRECT', '#be185d'],
]);
export const OTHER_MODULE_COLOR = '#4d7c0f';

export function moduleColor(m: string | undefined): string | undefined {
  if (m === undefined) return undefined;
  return MODULE_COLORS.get(m) ?? OTHER_MODULE_COLOR;
}

export const EDGE_ACTIVATE = '#64748b';
export const EDGE_INHIBIT = '#dc2626';
export const EDGE_DUAL = '#9333ea';
export const KO_COLOR = '#dc2626';
export const ON_COLOR = '#15803d';
export const PARTIAL_COLOR = '#ea580c';

export const BAND_FILLS: ReadonlyMap<string, string> = new Map([
  ['inputs', '#f5f5f4'],
  ['extracellular', '#fefce8'],
  ['membrane', '#ecfeff'],
  ['cytoplasm', '#f0fdf4'],
  ['nucleus', '#f5f3ff'],
  ['other', '#f8fafc'],
  ['phenotype', '#fff1f2'],
]);
