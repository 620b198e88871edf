// The log lines of two compared spans side by side (getLogPairs): the whole alignment is computed once
// per pair of spans (a span can have 100,000 lines) and kept for the next window; each reply carries
// only the rows asked for. Pure (no vscode).
import type { LogEvent, SpanNode } from '../../../core/model';
import { alignLogLines, logTemplate } from '../../../core/compare/logPairs';
import type { LogAlignment } from '../../../core/compare/logPairs';
import type { LogPairs, LogSideColumns, LogSpanRef } from '../../../protocol/investigate';

/** Characters of a line sent; the rest is cut (a stack trace or a payload dump can be megabytes). */
export const MAX_LOG_TEXT = 2000;

interface Side { ref: LogSpanRef; node?: SpanNode; lines: readonly LogEvent[] }

export class LogPairsCache {
  private last?: { key: string; align: LogAlignment; sa: Side; sb: Side };

  /** `find` resolves a span ref to its node (undefined: the typical trace, or a span not in the data). */
  /** Drops the kept alignment (the data was reloaded). */
  clear(): void { this.last = undefined; }

  window(a: LogSpanRef, b: LogSpanRef, find: (ref: LogSpanRef) => SpanNode | undefined, offset: number, limit: number): LogPairs {
    const key = `${a.traceId}\u0000${a.spanId}\u0000${b.traceId}\u0000${b.spanId}`;
    if (this.last?.key !== key) {
      const sa = side(a, find);
      const sb = side(b, find);
      const align = alignLogLines(sa.lines.map((l) => logTemplate(l.message)), sb.lines.map((l) => logTemplate(l.message)));
      this.last = { key, align, sa, sb };
    }
    const { align, sa, sb } = this.last;
    const from = Math.min(offset, align.length);
    const to = Math.min(align.length, from + limit);
    const same: number[] = [];
    for (let r = from; r < to; r++) same.push(align.same[r]);
    return {
      a, b, total: align.length, aCount: sa.lines.length, bCount: sb.lines.length, offset: from, same,
      aLines: columns(sa, align.a, from, to), bLines: columns(sb, align.b, from, to),
    };
  }
}

function side(ref: LogSpanRef, find: (ref: LogSpanRef) => SpanNode | undefined): Side {
  const node = ref.traceId && ref.spanId ? find(ref) : undefined;
  return { ref, node, lines: node?.logs ?? [] };
}

function columns(s: Side, idx: Int32Array, from: number, to: number): LogSideColumns {
  const c: LogSideColumns = { index: [], t: [], level: [], kind: [], text: [] };
  const start = s.node?.span.startMs ?? 0;
  for (let r = from; r < to; r++) {
    const i = idx[r];
    const l = i >= 0 ? s.lines[i] : undefined;
    c.index.push(i);
    c.t.push(l && !l.timeUnknown ? l.timestampMs - start : null);
    c.level.push(l?.level ?? '');
    c.kind.push(l?.kind ?? '');
    const text = l ? l.message.replace(/\s+$/, '') : '';
    c.text.push(text.length > MAX_LOG_TEXT ? `${text.slice(0, MAX_LOG_TEXT)}…` : text);
  }
  return c;
}
