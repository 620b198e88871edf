// Recent queries, newest first, without duplicates (kept in workspaceState by the caller).

export const HISTORY_MAX = 20;

export function pushHistory(list: readonly string[], query: string, max = HISTORY_MAX): string[] {
  const q = query.trim();
  if (!q) return [...list];
  return [q, ...list.filter((x) => x !== q)].slice(0, max);
}

export interface SavedQuery {
  name: string;
  query: string;
}

/** Entries of the `traceExplorer.savedQueries` setting that are well formed. */
export function readSavedQueries(value: unknown): SavedQuery[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is SavedQuery => !!v && typeof v === 'object'
    && typeof (v as SavedQuery).name === 'string' && typeof (v as SavedQuery).query === 'string');
}

/** Adds or replaces (same name) a saved query. */
export function upsertSavedQuery(list: readonly SavedQuery[], entry: SavedQuery): SavedQuery[] {
  return [...list.filter((s) => s.name !== entry.name), entry];
}

/**
 * The setting's entries without the query of that name. Works on the raw entries, so that deleting one
 * never drops others the user wrote by hand, well formed or not.
 */
export function removeSavedQuery<T>(entries: readonly T[], name: string): T[] {
  return entries.filter((v) => !(v && typeof v === 'object' && (v as { name?: unknown }).name === name));
}
