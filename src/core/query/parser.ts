// Recursive-descent parser: query text -> Query (expression + directives), or a QueryError with position.
//   query   := or? EOF
//   or      := and ('OR' and)*
//   and     := unary ('AND'? unary)*
//   unary   := '-' unary | '(' or ')' | term
// Directives (kind:, since:, until:, sort:, limit:) apply to the whole query, so they are only
// allowed at the top level, outside OR, parentheses and negation.
import type { AttrOp, CompareOp, Expr, ItemKind, Query, SortDir, SortKey, Term, TimeRef } from './ast';
import { STATUSES } from './ast';
import { expectedError, QueryError } from './errors';
import { Token, tokenize, unquote } from './lexer';
import { parseDuration, parseIsoTime, parseRelative } from './values';
import { normalizeTraceId } from '../ids';
import type { InvocationStatus } from '../model';

export const FIELD_NAMES = [
  'function', 'service', 'operation', 'status', 'coldstart', 'trace', 'request', 'attr.<key>',
  'duration', 'cost', 'p50', 'p95', 'p99', 'since', 'until', 'sort', 'limit', 'kind',
] as const;

const FIELD_LIST = 'a field (function, service, operation, status, coldstart, trace, request, attr.<key>, duration, cost, p95, since, until, sort, limit, kind)';
const HEAD = /^([A-Za-z_][A-Za-z0-9_.\-]*)(!=|>=|<=|[:=<>~])/;
const PERCENTILE = /^p(\d{1,2}(?:\.\d+)?)$/;
const DURATION_HINT = 'a duration like 800ms';
const TIME_HINT = 'a relative time like 1h or an ISO 8601 time like 2024-05-01T10:00:00Z';
const SPAN_ONLY = new Set(['service', 'operation', 'attr']);

type Directive = 'kind' | 'since' | 'until' | 'sort' | 'limit';
const DIRECTIVES = new Set<string>(['kind', 'since', 'until', 'sort', 'limit']);

export function parseQuery(source: string): Query {
  return new Parser(source).parse();
}

class Parser {
  private toks: Token[];
  private i = 0;
  private depth = 0;
  private negated = 0;
  private q: Query;
  private seen = new Map<Directive, number>();
  private topLevelDirectives: { name: string; pos: number; len: number }[] = [];
  private firstSpanOnly?: { pos: number; len: number; name: string };

  constructor(private src: string) {
    this.toks = tokenize(src);
    this.q = { source: src, spanOnly: false };
  }

  parse(): Query {
    if (this.peek().type !== 'eof') {
      const expr = this.parseOr(true);
      if (expr) this.q.expr = expr;
    }
    const t = this.peek();
    if (t.type === 'rparen') throw new QueryError(t.pos, 1, 'a term', `unexpected ")" at ${t.pos}: no "(" to close`);
    if (t.type !== 'eof') throw expectedError(t.pos, t.text.length, 'a term', undefined);
    this.checkKind();
    this.checkRange();
    return this.q;
  }

  private peek(): Token { return this.toks[this.i]; }
  private next(): Token { return this.toks[this.i++]; }

  private parseOr(top = false): Expr | undefined {
    const items: Expr[] = [];
    const first = this.parseAnd();
    if (first) items.push(first);
    while (this.peek().type === 'or') {
      const or = this.next();
      if (this.depth === 0 && this.topLevelDirectives.length > 0) this.directiveInOr();
      if (items.length === 0) throw expectedError(or.pos, 2, 'a term before "OR"');
      const before = this.topLevelDirectives.length;
      const rhs = this.parseAnd();
      if (this.depth === 0 && this.topLevelDirectives.length > before) this.directiveInOr(before);
      if (!rhs) throw expectedError(this.peek().pos, this.peek().text.length, 'a term', 'OR');
      items.push(rhs);
    }
    if (top && items.length > 1 && this.topLevelDirectives.length > 0) this.directiveInOr();
    if (items.length === 0) return undefined;
    return items.length === 1 ? items[0] : { type: 'or', items };
  }

  private directiveInOr(at = 0): never {
    const d = this.topLevelDirectives[at];
    throw new QueryError(d.pos, d.len, 'a filter', `${d.name}: applies to the whole query and cannot be one side of OR, at ${d.pos}`);
  }

  /** Returns undefined when the and-list held only directives (or nothing). */
  private parseAnd(): Expr | undefined {
    const items: Expr[] = [];
    let consumed = 0;
    for (;;) {
      const t = this.peek();
      if (t.type === 'and') {
        this.next();
        if (consumed === 0) throw expectedError(t.pos, 3, 'a term before "AND"');
        const n = this.peek();
        if (n.type === 'eof' || n.type === 'or' || n.type === 'rparen' || n.type === 'and') throw expectedError(n.pos, n.text.length, 'a term', 'AND');
        continue;
      }
      if (t.type === 'eof' || t.type === 'or' || t.type === 'rparen') break;
      const e = this.parseUnary();
      consumed++;
      if (e) items.push(e);
    }
    if (items.length === 0) return undefined;
    return items.length === 1 ? items[0] : { type: 'and', items };
  }

  private parseUnary(): Expr | undefined {
    const t = this.next();
    if (t.type === 'not') {
      const n = this.peek();
      if (n.type !== 'term' && n.type !== 'lparen' && n.type !== 'not') throw expectedError(n.pos, n.text.length, 'a term', '-');
      this.negated++;
      const inner = this.parseUnary();
      this.negated--;
      if (!inner) throw expectedError(n.pos, n.text.length, 'a filter', '-');
      return { type: 'not', item: inner, pos: t.pos, len: 1 };
    }
    if (t.type === 'lparen') {
      this.depth++;
      const inner = this.parseOr();
      this.depth--;
      const close = this.next();
      if (close.type !== 'rparen') throw new QueryError(close.pos, Math.max(1, close.text.length), '")"', `expected ")" to close the "(" at ${t.pos}, at ${close.pos}`);
      if (!inner) throw expectedError(t.pos + 1, close.pos - t.pos, 'a term', '(');
      return inner;
    }
    if (t.type === 'rparen') throw new QueryError(t.pos, 1, 'a term', `unexpected ")" at ${t.pos}: no "(" to close`);
    return this.parseTerm(t);
  }

  private parseTerm(t: Token): Term | undefined {
    const raw = t.text;
    const head = raw.startsWith('"') ? null : HEAD.exec(raw);
    if (!head) return { type: 'text', text: unquote(raw), quoted: raw.includes('"'), pos: t.pos, len: raw.length };
    const [, name, op] = head;
    const lower = name.toLowerCase();
    const valuePos = t.pos + name.length + op.length;
    const valueRaw = raw.slice(name.length + op.length);
    const value = unquote(valueRaw);
    const after = raw.slice(0, name.length + op.length);
    const at = { pos: t.pos, len: raw.length };
    const bad = (what: string, pos = valuePos, len = valueRaw.length): QueryError => expectedError(pos, len, what, after);
    const needColon = (): void => {
      if (op !== ':') throw expectedError(t.pos + name.length, op.length, '":"', name);
    };
    if (DIRECTIVES.has(lower)) {
      needColon();
      this.directive(lower as Directive, t, value, bad);
      return undefined;
    }
    if (lower.startsWith('attr.') || lower === 'attr') return this.attrTerm(t, name, op, value, valueRaw, valuePos, at);
    if (SPAN_ONLY.has(lower)) this.markSpanOnly(t.pos, name.length, lower);
    switch (lower) {
      case 'function': case 'service': case 'operation': {
        needColon();
        const hint = lower === 'function' ? 'a function name or glob like orders-*' : lower === 'service' ? 'a service name like DynamoDB' : 'an operation name like PutItem';
        const patterns = alternatives(valueRaw, valuePos).map((a) => {
          if (!a.value) throw bad(hint, a.pos, Math.max(1, a.raw.length));
          return a.value;
        });
        return { type: 'name', field: lower, patterns, ...at };
      }
      case 'status': {
        needColon();
        const values = alternatives(valueRaw, valuePos).map((a) => {
          const v = a.value.toLowerCase() as InvocationStatus;
          if (!STATUSES.includes(v)) throw bad('ok, error, timeout or crash', a.pos, Math.max(1, a.raw.length));
          return v;
        });
        return { type: 'status', values, ...at };
      }
      case 'coldstart': {
        needColon();
        const v = value.toLowerCase();
        if (v !== 'true' && v !== 'false') throw bad('true or false');
        return { type: 'coldstart', value: v === 'true', ...at };
      }
      case 'trace': {
        needColon();
        const id = normalizeTraceId(value.trim());
        if (!id) throw bad('an X-Ray (1-5cc6da37-fbb4e1686b513a8a3dbab690) or W3C (32 hex digits) trace id');
        return { type: 'trace', traceId: id, raw: value, ...at };
      }
      case 'request': {
        needColon();
        if (!value) throw bad('a request id');
        return { type: 'request', requestId: value, ...at };
      }
      case 'duration': {
        const cmp = compareOp(op);
        if (!cmp) throw expectedError(t.pos + name.length, op.length, 'one of >, <, >=, <=', name);
        const p = PERCENTILE.exec(value);
        if (p) return { type: 'duration', op: cmp, percentile: checkPercentile(p[1], valuePos, value.length, after), ...at };
        return { type: 'duration', op: cmp, ms: durationValue(value, valuePos, after, 'a duration like 800ms or a percentile like p95'), ...at };
      }
      case 'cost': {
        const cmp = compareOp(op);
        if (!cmp) throw expectedError(t.pos + name.length, op.length, 'one of >, <, >=, <=', name);
        const usd = Number(value.replace(/^\$/, ''));
        if (value.trim() === '' || !Number.isFinite(usd) || usd < 0) throw bad('an amount in US dollars like 0.0001');
        return { type: 'cost', op: cmp, usd, ...at };
      }
    }
    const p = PERCENTILE.exec(lower);
    if (p) {
      const percentile = checkPercentile(p[1], t.pos + 1, p[1].length, '');
      const cmp = compareOp(op);
      if (!cmp) throw expectedError(t.pos + name.length, op.length, 'one of >, <, >=, <=', name);
      return { type: 'groupPercentile', percentile, op: cmp, ms: durationValue(value, valuePos, after, DURATION_HINT), ...at };
    }
    throw new QueryError(t.pos, name.length, FIELD_LIST,
      `unknown field "${name}" at ${t.pos}: expected ${FIELD_LIST}; put text containing "${op}" in quotes to search for it`);
  }

  private attrTerm(t: Token, name: string, op: string, value: string, valueRaw: string, valuePos: number, at: { pos: number; len: number }): Term {
    const key = name.slice(5);
    if (name.length <= 5 || !key) throw expectedError(t.pos + Math.min(5, name.length), op.length, 'an attribute key like http.status_code', name.slice(0, 5));
    this.markSpanOnly(t.pos, name.length, 'attr');
    const aop = (op === ':' ? '=' : op) as AttrOp;
    const after = `${name}${op}`;
    if (!valueRaw) throw expectedError(valuePos, 1, 'a value', after);
    if (aop === '>' || aop === '<' || aop === '>=' || aop === '<=') {
      const num = Number(value);
      if (value.trim() === '' || !Number.isFinite(num)) throw expectedError(valuePos, valueRaw.length, 'a number', after);
      return { type: 'attr', key, op: aop, value, num, ...at };
    }
    const num = value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
    return { type: 'attr', key, op: aop, value, num, ...at };
  }

  private directive(name: Directive, t: Token, value: string, bad: (what: string) => QueryError): void {
    if (this.negated > 0 || this.depth > 0) {
      throw new QueryError(t.pos, t.text.length, 'a filter', `${name}: applies to the whole query and cannot be negated or put in parentheses, at ${t.pos}`);
    }
    if (this.seen.has(name)) throw new QueryError(t.pos, t.text.length, 'a different term', `${name}: is given twice (first at ${this.seen.get(name)}), at ${t.pos}`);
    this.seen.set(name, t.pos);
    this.topLevelDirectives.push({ name, pos: t.pos, len: t.text.length });
    switch (name) {
      case 'kind': {
        const v = value.toLowerCase();
        if (v !== 'invocation' && v !== 'span') throw bad('invocation or span');
        this.q.kind = v as ItemKind;
        return;
      }
      case 'limit': {
        if (!/^\d+$/.test(value) || Number(value) < 1) throw bad('a positive whole number');
        this.q.limit = Number(value);
        return;
      }
      case 'sort': {
        const key = value.toLowerCase();
        if (key !== 'duration' && key !== 'start' && key !== 'function' && key !== 'cost') throw bad('duration, start, function or cost');
        // The direction is the next word: `sort:duration desc`. Without it, slowest/costliest first for
        // duration and cost, and ascending for start and function.
        let dir: SortDir = key === 'duration' || key === 'cost' ? 'desc' : 'asc';
        const n = this.peek();
        if (n.type === 'term' && (n.text.toLowerCase() === 'asc' || n.text.toLowerCase() === 'desc')) {
          dir = n.text.toLowerCase() as SortDir;
          this.next();
        }
        this.q.sort = { key: key as SortKey, dir };
        return;
      }
      case 'since': case 'until': {
        const ref = timeRef(value);
        if (!ref) throw bad(TIME_HINT);
        this.q[name] = ref;
        return;
      }
    }
  }

  private markSpanOnly(pos: number, len: number, name: string): void {
    this.q.spanOnly = true;
    this.firstSpanOnly ??= { pos, len, name };
  }

  private checkKind(): void {
    if (this.q.kind === 'invocation' && this.firstSpanOnly) {
      const f = this.firstSpanOnly;
      throw new QueryError(f.pos, f.len, 'a filter that applies to invocations',
        `${f.name === 'attr' ? 'attr.' : f.name + ':'} applies to spans only and cannot be combined with kind:invocation, at ${f.pos}`);
    }
  }

  private checkRange(): void {
    const { since, until } = this.q;
    if (!since || !until) return;
    // Both relative or both absolute can be compared without knowing "now".
    const bad = 'absoluteMs' in since && 'absoluteMs' in until ? since.absoluteMs > until.absoluteMs
      : 'relativeMs' in since && 'relativeMs' in until ? since.relativeMs < until.relativeMs : false;
    if (bad) {
      const pos = this.seen.get('until')!;
      throw new QueryError(pos, 6, 'an until: time after the since: time', `until: is before since: at ${pos}`);
    }
  }
}

function compareOp(op: string): CompareOp | undefined {
  return op === '>' || op === '<' || op === '>=' || op === '<=' ? op : undefined;
}

function checkPercentile(text: string, pos: number, len: number, after: string): number {
  const p = Number(text);
  if (!(p > 0 && p < 100)) throw expectedError(pos, len, 'a percentile between p1 and p99', after || undefined);
  return p;
}

function durationValue(value: string, pos: number, after: string, hint: string): number {
  const ms = parseDuration(value);
  if (ms !== undefined) return ms;
  if (/^\d+(\.\d+)?$/.test(value)) throw expectedError(pos + value.length, 1, 'a unit (ms, s, m or h)', value);
  throw expectedError(pos, value.length, hint, after);
}

function timeRef(value: string): TimeRef | undefined {
  const rel = parseRelative(value);
  if (rel !== undefined) return { relativeMs: rel };
  const abs = parseIsoTime(value);
  return abs !== undefined ? { absoluteMs: abs } : undefined;
}

/** Splits `a|b|"c d"` on unquoted `|`, with each piece's position. */
function alternatives(raw: string, pos: number): { raw: string; value: string; pos: number }[] {
  const out: { raw: string; value: string; pos: number }[] = [];
  let start = 0;
  let quoted = false;
  for (let j = 0; j <= raw.length; j++) {
    const c = raw[j];
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && quoted) j++;
    else if ((c === '|' && !quoted) || j === raw.length) {
      const piece = raw.slice(start, j);
      out.push({ raw: piece, value: unquote(piece), pos: pos + start });
      start = j + 1;
    }
  }
  return out;
}
