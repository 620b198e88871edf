// Disk cache of fetched log events, per connection (account/profile, region, endpoint) and log group, as segments
// that each cover a fetched time range [start, end). A later open serves covered ranges from disk and fetches only the
// gaps, so a refresh asks for nothing but the time after the cache's high-water mark. Size-limited: least recently
// used log groups are evicted first.
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';

export interface RawEvent {
  timestamp: number;
  message: string;
  logStreamName?: string;
  ingestionTime?: number;
  eventId?: string;
}

/** The cache holds the user's own logs, secrets included (masking happens when they are read): owner-only. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

interface Segment { start: number; end: number; file: string; bytes: number; count: number }
interface GroupIndex { scope: string; group: string; lastUsed: number; segments: Segment[] }

export interface CacheOptions {
  /** Total bytes kept on disk (default 512 MiB). */
  maxBytes?: number;
  /**
   * Events can arrive minutes after their timestamp, so the newest part of a fetch is not recorded as covered:
   * coverage ends at most `settleMs` before the time of the fetch (default 5 min).
   */
  settleMs?: number;
}

export class LogCache {
  readonly maxBytes: number;
  readonly settleMs: number;
  private readonly locks = new Map<string, Promise<void>>();
  private tmpSeq = 0;

  constructor(readonly dir: string, opts: CacheOptions = {}) {
    this.maxBytes = opts.maxBytes ?? 512 * 1024 * 1024;
    this.settleMs = opts.settleMs ?? 5 * 60_000;
  }

  private groupDir(scope: string, group: string): string {
    return path.join(this.dir, createHash('sha1').update(`${scope}\u0000${group}`).digest('hex').slice(0, 20));
  }

  /** A group's folder and the cache folder, owner-only even when an older version made them with the umask's mode. */
  private async makeDir(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
    await fs.chmod(this.dir, DIR_MODE);
    await fs.chmod(dir, DIR_MODE);
  }

  private async index(scope: string, group: string): Promise<GroupIndex> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.groupDir(scope, group), 'index.json'), 'utf8')) as GroupIndex;
    } catch {
      return { scope, group, lastUsed: 0, segments: [] };
    }
  }

  private async saveIndex(ix: GroupIndex): Promise<void> {
    const dir = this.groupDir(ix.scope, ix.group);
    await this.makeDir(dir);
    const tmp = path.join(dir, `index.json.${process.pid}.${++this.tmpSeq}.tmp`);
    await fs.writeFile(tmp, JSON.stringify(ix), { mode: FILE_MODE });
    await fs.rename(tmp, path.join(dir, 'index.json'));
  }

  /** Which parts of [start, end) are on disk and which must be fetched. */
  async plan(scope: string, group: string, start: number, end: number): Promise<{ cached: Segment[]; gaps: [number, number][]; highWater?: number }> {
    const ix = await this.index(scope, group);
    const cached = ix.segments.filter((s) => s.end > start && s.start < end).sort((a, b) => a.start - b.start);
    const gaps: [number, number][] = [];
    let at = start;
    for (const s of cached) {
      if (s.start > at) gaps.push([at, Math.min(s.start, end)]);
      at = Math.max(at, s.end);
    }
    if (at < end) gaps.push([at, end]);
    const highWater = ix.segments.reduce<number | undefined>((m, s) => Math.max(m ?? s.end, s.end), undefined);
    return { cached, gaps, highWater };
  }

  /** Events of the cached segments that fall in [start, end), each event once even where segments overlap. */
  async read(scope: string, group: string, segments: Segment[], start: number, end: number): Promise<RawEvent[]> {
    const dir = this.groupDir(scope, group);
    const out: RawEvent[] = [];
    let coveredTo = -Infinity;
    for (const s of segments) {
      let events: RawEvent[];
      try {
        events = JSON.parse(await fs.readFile(path.join(dir, s.file), 'utf8')) as RawEvent[];
      } catch {
        continue; // a segment evicted or damaged meanwhile: its range is simply fetched again next time
      }
      const from = Math.max(start, s.start, coveredTo);
      const to = Math.min(end, s.end);
      for (const e of events) if (e.timestamp >= from && e.timestamp < to) out.push(e);
      coveredTo = Math.max(coveredTo, to);
    }
    await this.locked(dir, async () => {
      const ix = await this.index(scope, group);
      ix.lastUsed = Date.now();
      await this.saveIndex(ix);
    }).catch(() => undefined);
    return out;
  }

  /** Index updates of one group are serialised: slices of the same group finish concurrently. */
  private locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.then(() => undefined, () => undefined);
    this.locks.set(key, tail);
    void tail.then(() => { if (this.locks.get(key) === tail) this.locks.delete(key); });
    return next;
  }

  /** Records that [start, end) was fetched completely with these events. */
  async write(scope: string, group: string, start: number, end: number, events: RawEvent[], fetchedAt = Date.now()): Promise<void> {
    const coveredEnd = Math.min(end, fetchedAt - this.settleMs);
    if (coveredEnd <= start) return;
    const kept = events.filter((e) => e.timestamp >= start && e.timestamp < coveredEnd);
    const dir = this.groupDir(scope, group);
    await this.makeDir(dir);
    const file = `${start}-${coveredEnd}-${process.pid}-${Math.floor(performance.now() * 1000)}.json`;
    const text = JSON.stringify(kept);
    await fs.writeFile(path.join(dir, file), text, { mode: FILE_MODE });
    await this.locked(dir, async () => {
      const ix = await this.index(scope, group);
      ix.segments.push({ start, end: coveredEnd, file, bytes: Buffer.byteLength(text), count: kept.length });
      ix.lastUsed = Date.now();
      await this.saveIndex(ix);
    });
    await this.locked('evict', () => this.evict());
  }

  async sizeBytes(): Promise<number> {
    let total = 0;
    for (const ix of await this.allIndexes()) total += ix.segments.reduce((n, s) => n + s.bytes, 0);
    return total;
  }

  async clear(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private async allIndexes(): Promise<GroupIndex[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const out: GroupIndex[] = [];
    for (const n of names) {
      try {
        out.push(JSON.parse(await fs.readFile(path.join(this.dir, n, 'index.json'), 'utf8')) as GroupIndex);
      } catch { /* not a group folder */ }
    }
    return out;
  }

  /** Drops whole log groups, least recently used first, until the cache fits. */
  private async evict(): Promise<void> {
    const all = (await this.allIndexes()).sort((a, b) => a.lastUsed - b.lastUsed);
    let total = all.reduce((n, ix) => n + ix.segments.reduce((m, s) => m + s.bytes, 0), 0);
    for (const ix of all.slice(0, -1)) { // the most recently used group (the one just written) stays
      if (total <= this.maxBytes) break;
      total -= ix.segments.reduce((m, s) => m + s.bytes, 0);
      await fs.rm(this.groupDir(ix.scope, ix.group), { recursive: true, force: true });
    }
  }
}
