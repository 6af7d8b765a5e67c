/**
 * Identifier policy shared by every importer. Native ids match `[A-Za-z_][A-Za-z0-9_]*`; a name
 * from a file that does not (BooleanNet `Ca2+c`, `C-Myc`, a label such as `β-catenin`) gets a
 * sanitised id and keeps the original spelling as the node's label:
 *
 *   - compatibility forms are unfolded (superscripts `²⁺` → `2+`) and accents dropped;
 *   - Greek letters are spelled out (`β` → `beta`, `κ` → `kappa`);
 *   - `+` becomes `_plus`, every other run of characters outside [A-Za-z0-9_] becomes `_`;
 *   - leading/trailing/double `_` from that step are removed; a leading digit gets a `_` prefix;
 *   - a clash with an id already taken gets `_2`, `_3`, … appended.
 *
 * So `β-catenin` → `beta_catenin`, `miR-30b` → `miR_30b`, `Mg2+` → `Mg2_plus`, `Ca2+c` →
 * `Ca2_plus_c`, `4EBP1` → `_4EBP1`.
 */

export const ID_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

const GREEK: Record<string, string> = {
  α: 'alpha', β: 'beta', γ: 'gamma', δ: 'delta', ε: 'epsilon', ζ: 'zeta', η: 'eta', θ: 'theta',
  ι: 'iota', κ: 'kappa', λ: 'lambda', μ: 'mu', µ: 'mu', ν: 'nu', ξ: 'xi', ο: 'omicron', π: 'pi',
  ρ: 'rho', σ: 'sigma', ς: 'sigma', τ: 'tau', υ: 'upsilon', φ: 'phi', χ: 'chi', ψ: 'psi', ω: 'omega',
  Α: 'Alpha', Β: 'Beta', Γ: 'Gamma', Δ: 'Delta', Ε: 'Epsilon', Ζ: 'Zeta', Η: 'Eta', Θ: 'Theta',
  Ι: 'Iota', Κ: 'Kappa', Λ: 'Lambda', Μ: 'Mu', Ν: 'Nu', Ξ: 'Xi', Ο: 'Omicron', Π: 'Pi',
  Ρ: 'Rho', Σ: 'Sigma', Τ: 'Tau', Υ: 'Upsilon', Φ: 'Phi', Χ: 'Chi', Ψ: 'Psi', Ω: 'Omega',
};

export function isValidId(s: string): boolean {
  return ID_RE.test(s);
}

/** The sanitised form of one name (without the uniqueness suffix). Valid ids are returned as is. */
export function sanitizeId(name: string): string {
  if (ID_RE.test(name)) return name;
  let s = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let out = '';
  for (const ch of s) {
    const g = GREEK[ch];
    if (g !== undefined) {
      // Keep word boundaries readable: "TNFα" → "TNFalpha", "β-catenin" → "beta_catenin".
      out += g;
    } else if (ch === '+') out += '_plus_';
    else if (/[A-Za-z0-9_]/.test(ch)) out += ch;
    else out += '_';
  }
  s = out.replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (s === '') s = 'node';
  if (/^[0-9]/.test(s)) s = '_' + s;
  return s;
}

/** Assigns unique sanitised ids to names, in first-seen order. */
export class IdTable {
  private readonly byName = new Map<string, string>();
  private readonly taken = new Set<string>();
  /** Next suffix to try per base: thousands of names sanitising alike stay linear. */
  private readonly nextSuffix = new Map<string, number>();

  constructor(reserved: Iterable<string> = []) {
    // "__proto__" is a valid identifier but cannot be a key of the plain objects a network uses
    // (initial states, flags): a node of that name gets another id and keeps the name as label.
    this.taken.add('__proto__');
    for (const r of reserved) this.taken.add(r);
  }

  /** The id for `name`, allocating one on first use. */
  id(name: string): string {
    const known = this.byName.get(name);
    if (known !== undefined) return known;
    const base = sanitizeId(name);
    let id = base;
    let k = this.nextSuffix.get(base) ?? 2;
    while (this.taken.has(id)) id = `${base}_${k++}`;
    this.nextSuffix.set(base, k);
    this.taken.add(id);
    this.byName.set(name, id);
    return id;
  }

  /** Allocate ids for many names: valid names first, so that they keep their spelling. */
  allocate(names: Iterable<string>): void {
    const list = [...names];
    for (const n of list) if (ID_RE.test(n)) this.id(n);
    for (const n of list) this.id(n);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Names whose id differs from the name (they keep the name as label). */
  renamed(): Array<[string, string]> {
    return [...this.byName].filter(([n, i]) => n !== i);
  }
}

/** Names valid in the plain identifier syntax of .bnet / MaBoSS / SBML SId. */
export function needsSanitising(name: string): boolean {
  return !ID_RE.test(name);
}
