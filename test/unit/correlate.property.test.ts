import { strict as assert } from 'assert';
import fc from 'fast-check';
import { DatasetBuilder } from '../../src/core/correlate/builder';
import type { Span } from '../../src/core/model';

// Random span soups: parents may be missing, point at themselves, form cycles, or repeat ids.
const spanArb = fc.record({
  trace: fc.integer({ min: 0, max: 3 }),
  id: fc.integer({ min: 0, max: 40 }),
  parent: fc.option(fc.integer({ min: 0, max: 45 }), { nil: undefined }),
  start: fc.integer({ min: 0, max: 10_000 }),
  duration: fc.integer({ min: 0, max: 1000 }),
});

function toSpan(r: { trace: number; id: number; parent?: number; start: number; duration: number }, i: number): Span {
  return {
    traceId: r.trace.toString(16).padStart(32, '0'), spanId: `s${r.id}`, parentSpanId: r.parent === undefined ? undefined : `s${r.parent}`,
    name: 'op', service: 'svc', kind: 'internal', startMs: r.start, durationMs: r.duration, status: 'unset',
    attributes: {}, events: [], links: [], exceptions: [], format: 'zipkin', origin: { file: 'prop', line: i + 1 },
  };
}

describe('correlation invariants (property-based)', () => {
  it('every span is in exactly one trace, none is its own ancestor, and the counts add up', () => {
    fc.assert(fc.property(fc.array(spanArb, { maxLength: 120 }), (raw) => {
      const b = new DatasetBuilder();
      raw.forEach((r, i) => b.span(toSpan(r, i)));
      const ds = b.build();
      const seen = new Map<string, number>();
      for (const t of ds.traces) {
        for (const n of t.nodes) {
          const key = `${t.traceId}/${n.span.spanId}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
          assert.equal(n.span.traceId, t.traceId);
        }
        // Walking parents through the tree structure must end at a root without revisiting.
        const parentOf = new Map<object, object>();
        for (const n of t.nodes) for (const c of n.children) parentOf.set(c, n);
        for (const n of t.nodes) {
          const path = new Set<object>([n]);
          let p = parentOf.get(n);
          while (p) {
            assert.ok(!path.has(p), 'span is its own ancestor');
            path.add(p);
            p = parentOf.get(p);
          }
        }
        assert.equal(t.nodes.length, new Set(t.nodes).size);
      }
      for (const c of seen.values()) assert.equal(c, 1, 'span appears in more than one place');
      // Repeats that disagree on timing or parent are different spans under one id: kept apart and flagged.
      const distinct = new Set(raw.map((r) => `${r.trace}/${r.id}`)).size;
      assert.equal(ds.spans.length, distinct + (ds.warned['duplicate-span'] ?? 0));
      assert.equal(seen.size, ds.spans.length);
      const summary = ds.summary();
      assert.equal(summary.spanRecords, raw.length, 'every record is counted');
      assert.equal(ds.spans.length + summary.duplicateSpans, raw.length, 'distinct + merged repeats = input');
    }), { numRuns: 300 });
  });
});
