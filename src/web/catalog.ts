/**
 * Models bundled with the site: every networks/*.json of the repository, each a lazily loaded chunk.
 */
export interface CatalogEntry {
  key: string;
  file: string;
  load(): Promise<string>;
}

const networks = import.meta.glob('../../networks/*.json', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

function entries(globbed: Record<string, () => Promise<string>>): CatalogEntry[] {
  return Object.entries(globbed)
    .map(([path, load]) => {
      const file = path.slice(path.lastIndexOf('/') + 1);
      return { key: file.replace(/\.json$/i, ''), file, load };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

export const CATALOG: CatalogEntry[] = entries(networks);

/** The model the app opens with: the VSMC network when present. */
export const DEFAULT_MODEL_KEY = CATALOG.find((e) => e.key === 'vsmc-mg')?.key ?? CATALOG[0]?.key ?? '';

export function catalogEntry(key: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.key === key);
}
