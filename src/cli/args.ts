// Shared CLI plumbing: usage errors, loading paths, printing problems, exit codes.
import type { Dataset } from '../core/dataset';
import { loadPaths } from '../core/load';
import type { MaskOptions } from '../core/mask';

export class UsageError extends Error {}

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Secret masking of what is read (main sets `enabled: false` for `--no-mask`). */
  mask?: MaskOptions;
}

export const EXIT_OK = 0;
export const EXIT_UNREADABLE = 1;
export const EXIT_USAGE = 2;

export async function loadForCli(paths: string[], io: Io): Promise<Dataset> {
  if (paths.length === 0) throw new UsageError('no input paths given');
  try {
    return await loadPaths(paths, { mask: io.mask }); // in this thread: the parse pool measured slower on 2 cores (docs/performance.md)
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES') throw new UsageError(`cannot read ${e.path ?? ''}: ${e.code}`);
    throw err;
  }
}

/** Problems go to stderr as `file:line: reason: message`, so editors and scripts can jump to them. */
export function reportProblems(ds: Dataset, io: Io, limit = 20): void {
  ds.problems.slice(0, limit).forEach((p) => io.err(`${p.file}:${p.line}: ${p.reason}: ${p.message}`));
  const total = Object.entries(ds.skipped).reduce((n, [, c]) => n + c, 0);
  if (total > limit) io.err(`... ${total - Math.min(limit, ds.problems.length)} more skipped record(s); see "skipped" counts`);
  // Records kept but flagged (out-of-range numbers, bad ids, conflicting duplicate span ids).
  ds.warnings.slice(0, limit).forEach((p) => io.err(`${p.file}:${p.line}: warning ${p.reason}: ${p.message}`));
  const warned = Object.values(ds.warned).reduce((n, c) => n + c, 0);
  if (warned > limit) io.err(`... ${warned - Math.min(limit, ds.warnings.length)} more warning(s); see "warnings" counts`);
}

/** Exit 1 when part of the input could not be read. */
export function exitCodeFor(ds: Dataset): number {
  return Object.values(ds.skipped).some((n) => n > 0) ? EXIT_UNREADABLE : EXIT_OK;
}

/** An instant as ISO 8601, or null when unknown: time 0 is how the model says no line carried a time. */
export function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

/** isoOrNull for text output. */
export function isoOrUnknown(ms: number): string {
  return isoOrNull(ms) ?? 'unknown time';
}
