// Compiles an expression into a predicate over item indices of one kind, reading the query index.
import type { AttrValue, Invocation, InvocationStatus, Span } from '../model';
import type { CompareOp, Expr, ItemKind, Term } from './ast';
import { groupPercentile, QueryIndex } from './datasetIndex';
import { itemCosts } from './costs';
import { globToRegExp } from './values';
import { someMessage } from '../logs/logLists';

export type Predicate = (i: number) => boolean;

export function compile(expr: Expr, kind: ItemKind, ix: QueryIndex): Predicate {
  switch (expr.type) {
    case 'and': {
      const ps = expr.items.map((e) => compile(e, kind, ix));
      return (i) => { for (const p of ps) if (!p(i)) return false; return true; };
    }
    case 'or': {
      const ps = expr.items.map((e) => compile(e, kind, ix));
      return (i) => { for (const p of ps) if (p(i)) return true; return false; };
    }
    case 'not': {
      const p = compile(expr.item, kind, ix);
      return (i) => !p(i);
    }
    default:
      return kind === 'invocation' ? invocationTerm(expr, ix) : spanTerm(expr, ix);
  }
}

export function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '>': return a > b;
    case '<': return a < b;
    case '>=': return a >= b;
    case '<=': return a <= b;
  }
}

/** Tests each pattern of a name term; exact names compare lower-cased, globs use a regexp. */
export function nameMatcher(patterns: string[]): (name: string | undefined) => boolean {
  const tests = patterns.map((p) => {
    if (/[*?]/.test(p)) { const re = globToRegExp(p); return (s: string) => re.test(s); }
    const lower = p.toLowerCase();
    return (s: string) => s.length === lower.length && s.toLowerCase() === lower;
  });
  return (name) => name !== undefined && tests.some((t) => t(name));
}

function invocationTerm(t: Term, ix: QueryIndex): Predicate {
  const { items, duration, group, groups } = ix.inv;
  switch (t.type) {
    case 'name': {
      if (t.field !== 'function') return () => false;
      const m = nameMatcher(t.patterns);
      const ok = Uint8Array.from(groups, (g) => (m(g.function) ? 1 : 0));
      return (i) => ok[group[i]] === 1;
    }
    case 'status': {
      const set = new Set<InvocationStatus>(t.values);
      return (i) => set.has(items[i].status);
    }
    case 'coldstart': return (i) => items[i].coldStart === t.value;
    case 'trace': return (i) => items[i].traceId === t.traceId;
    case 'request': return (i) => items[i].requestId === t.requestId;
    case 'attr': return () => false; // the parser makes attr. queries span queries
    case 'duration': return durationTerm(t, duration, group, ix.inv.groups);
    case 'cost': return costTerm(t, itemCosts(ix, 'invocation'));
    case 'groupPercentile': return groupTerm(t, group, groups);
    case 'text': {
      const re = textRegExp(t.text);
      return (i) => invocationText(items[i], re);
    }
  }
}

function spanTerm(t: Term, ix: QueryIndex): Predicate {
  const { items, duration, group, groups } = ix.span;
  switch (t.type) {
    case 'name': {
      if (t.field === 'function') {
        const m = nameMatcher(t.patterns);
        const memo = new Map<string, boolean>();
        return (i) => {
          const f = spanFunction(ix, i);
          if (f === undefined) return false;
          let v = memo.get(f);
          if (v === undefined) memo.set(f, (v = m(f)));
          return v;
        };
      }
      // `service:` matches the called service of the span's group or the service that recorded it;
      // `operation:` the group's operation (PutItem) or the span's own name.
      const m = nameMatcher(t.patterns);
      const ok = Uint8Array.from(groups, (g) => (m(t.field === 'service' ? g.service : g.operation) ? 1 : 0));
      const memo = new Map<string, boolean>();
      return (i) => {
        if (ok[group[i]] === 1) return true;
        const own = t.field === 'service' ? items[i].service : items[i].name;
        let v = memo.get(own);
        if (v === undefined) memo.set(own, (v = m(own)));
        return v;
      };
    }
    case 'status': {
      const set = new Set<InvocationStatus>(t.values);
      return (i) => set.has(spanStatus(ix, i));
    }
    case 'coldstart': return (i) => spanColdStart(ix, i) === t.value;
    case 'trace': return (i) => items[i].traceId === t.traceId;
    case 'request': return (i) => (items[i].requestId ?? ix.spanInv[i]?.requestId) === t.requestId;
    case 'attr': return attrTerm(t, items);
    case 'duration': return durationTerm(t, duration, group, groups);
    case 'cost': return costTerm(t, itemCosts(ix, 'span'));
    case 'groupPercentile': return groupTerm(t, group, groups);
    case 'text': {
      const re = textRegExp(t.text);
      return (i) => spanText(ix, i, re);
    }
  }
}

function durationTerm(t: Extract<Term, { type: 'duration' }>, duration: Float64Array, group: Int32Array, groups: QueryIndex['inv']['groups']): Predicate {
  if (t.ms !== undefined) {
    const ms = t.ms;
    return (i) => compare(t.op, duration[i], ms);
  }
  const thresholds = Float64Array.from(groups, (g) => groupPercentile(g, t.percentile!));
  return (i) => compare(t.op, duration[i], thresholds[group[i]]);
}

function costTerm(t: Extract<Term, { type: 'cost' }>, costs: Float64Array): Predicate {
  // Costs are sums of float products: compare with a relative tolerance so `cost>=x` holds for x printed from a cost.
  const x = t.usd;
  const eps = Math.abs(x) * 1e-9;
  switch (t.op) {
    case '>': return (i) => costs[i] > x + eps;
    case '>=': return (i) => costs[i] >= x - eps;
    case '<': return (i) => costs[i] < x - eps;
    case '<=': return (i) => costs[i] <= x + eps;
  }
}

function groupTerm(t: Extract<Term, { type: 'groupPercentile' }>, group: Int32Array, groups: QueryIndex['inv']['groups']): Predicate {
  const ok = Uint8Array.from(groups, (g) => (compare(t.op, groupPercentile(g, t.percentile), t.ms) ? 1 : 0));
  return (i) => ok[group[i]] === 1;
}

function attrTerm(t: Extract<Term, { type: 'attr' }>, items: readonly Span[]): Predicate {
  const want = t.value.toLowerCase();
  const test = (v: AttrValue | undefined): boolean => {
    // A missing attribute matches no attr. term, not even `!=` (use `-attr.k=v` to include spans without it).
    if (v === undefined || v === null) return false;
    if (t.op === '~') return stringOf(v).toLowerCase().includes(want);
    if (t.op === '=' || t.op === '!=') {
      const eq = typeof v === 'number' && t.num !== undefined ? v === t.num : stringOf(v).toLowerCase() === want;
      return t.op === '=' ? eq : !eq;
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    return Number.isFinite(n) && compare(t.op, n, t.num!);
  };
  return (i) => {
    const s = items[i];
    return test(s.attributes[t.key] ?? s.resourceAttributes?.[t.key]);
  };
}

function stringOf(v: AttrValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function textRegExp(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
}

function invocationText(x: Invocation, re: RegExp): boolean {
  if ((x.errorMessage && re.test(x.errorMessage)) || (x.errorType && re.test(x.errorType))) return true;
  return someMessage(x, (m) => re.test(m));
}

function spanText(ix: QueryIndex, i: number, re: RegExp): boolean {
  const s = ix.span.items[i];
  if (re.test(s.name) || (s.statusMessage && re.test(s.statusMessage))) return true;
  for (const ex of s.exceptions) if ((ex.message && re.test(ex.message)) || (ex.type && re.test(ex.type))) return true;
  const node = ix.spanNode[i];
  return node ? someMessage(node, (m) => re.test(m)) : false;
}

/** A span's function (see QueryIndex.spanFunction). */
export function spanFunction(ix: QueryIndex, i: number): string | undefined {
  return ix.spanFunction[i];
}

/** The joined invocation's status when there is one (timeout/crash only exist there), else error/ok. */
export function spanStatus(ix: QueryIndex, i: number): InvocationStatus {
  const inv = ix.spanInv[i];
  if (inv && inv.status !== 'ok') return inv.status;
  return ix.span.items[i].status === 'error' ? 'error' : 'ok';
}

export function spanColdStart(ix: QueryIndex, i: number): boolean {
  const inv = ix.spanInv[i];
  return inv ? inv.coldStart : ix.span.items[i].attributes['faas.coldstart'] === true;
}
