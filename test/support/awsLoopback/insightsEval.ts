// A small Logs Insights for the loopback CloudWatch endpoint: the part of the query language the extension generates
// (src/core/query/insights.ts, src/core/aws/insights.ts) and a little around it, evaluated over the dataset's events
// with the fields CloudWatch discovers. Queries run Scheduled -> Running -> Complete, results are capped at 10,000
// rows, and at most `maxConcurrent` run at once (30 by default, the concurrency StartQuery's reference states).
//
// Commands: `fields` (fields, literals, arithmetic, functions, `as` aliases), `display`, `filter`, `parse` (glob
// with `*` or a regex with named groups), `sort` (several keys, asc/desc), `limit`, `dedup`. Anything else (stats,
// pattern, diff, ...) is refused with MalformedQueryException, so a test never passes on a command nobody evaluated.
//
// Expressions (CWL_QuerySyntax-operations-functions, CWL_QuerySyntax-Filter): `and` / `or` / `not`, parentheses,
// = != < > <= >=, `like /regex/` or `like "substring"`, `=~ /regex/`, `not like`, `in [..]` / `not in [..]`,
// + - * / %, and the functions ispresent, isempty, isblank, coalesce, concat, tolower, toupper, strlen, trim,
// abs, ceil, floor, greatest, least, tomillis, frommillis. A leading `(?i)` in a regex makes it case-insensitive.
// A comparison with a missing field is neither true nor false (SQL-style null), so `filter` drops the row.
//
// Discovered fields (CWL_AnalyzeLogData-discoverable-fields): @timestamp, @message, @logStream, @log,
// @ingestionTime on every event; Lambda's plain-text START / END / REPORT lines add @type and @requestId, REPORT adds
// @duration, @billedDuration, @memorySize and @maxMemoryUsed (bytes, as the AWS sample queries that divide them by
// 1000 * 1000 expect), @initDuration on cold starts, @xrayTraceId and @xraySegmentId when traced. JSON events
// (Lambda's JSON log format included: platform.report is `type` and `record.metrics.durationMs`, not @type and
// @duration) give their fields flattened with dots (`record.metrics.durationMs`, arrays as `stackTrace.0`); in Lambda
// log groups the first JSON fragment embedded in a text line is discovered too.
import { ApiError, Json, num, str } from './apiError';
import { lowerBound, type LoopDataset, type LoopEvent } from './dataset';

export const ROW_CAP = 10_000;

type Value = string | number | boolean | undefined;
/** A row's fields; `undefined` is "not present". */
type Fields = Record<string, Value>;

interface Query {
  id: string;
  startedAt: number;
  rows: Record<string, string>[];
  scanned: number;
  matched: number;
  done: boolean;
  stopped: boolean;
}

export class InsightsEngine {
  private readonly queries = new Map<string, Query>();
  private seq = 0;
  readonly maxConcurrent: number;
  readonly runMs: number;
  /** Every StartQuery accepted, for tests: the ranges asked for. */
  readonly started: { logGroups: string[]; startTime: number; endTime: number; queryString: string; rows: number }[] = [];

  constructor(readonly ds: LoopDataset, opts: { maxConcurrent?: number; runMs?: number } = {}) {
    this.maxConcurrent = opts.maxConcurrent ?? 30;
    this.runMs = opts.runMs ?? 30;
  }

  start(body: Json): Json {
    const groups = Array.isArray(body.logGroupNames) ? (body.logGroupNames as string[])
      : Array.isArray(body.logGroupIdentifiers) ? (body.logGroupIdentifiers as string[]) : str(body.logGroupName) ? [String(body.logGroupName)] : [];
    if (groups.length === 0 || groups.length > 50) throw new ApiError('InvalidParameterException', 'between 1 and 50 log groups are required');
    const startTime = num(body.startTime, 'startTime');
    const endTime = num(body.endTime, 'endTime');
    if (startTime === undefined || endTime === undefined || endTime < startTime) throw new ApiError('InvalidParameterException', 'startTime and endTime (epoch seconds) are required');
    const running = [...this.queries.values()].filter((q) => !q.done && !q.stopped).length;
    if (running >= this.maxConcurrent) throw new ApiError('LimitExceededException', `Account maximum query concurrency limit of [${this.maxConcurrent}] reached.`);
    const queryString = str(body.queryString) ?? '';
    const plan = parseInsights(queryString);
    const ranges = groups.map((name) => {
      const g = this.ds.groups.get(name.replace(/^arn:.*:log-group:/, '').replace(/:\*$/, ''));
      if (!g) throw new ApiError('ResourceNotFoundException', `Log group ${name} does not exist`);
      // Insights time range: whole seconds, both ends included.
      return { g, lo: lowerBound(g.store, startTime * 1000), hi: lowerBound(g.store, (endTime + 1) * 1000) };
    });
    let scanned = 0;
    function* scan(): Generator<ScanEvent> {
      for (const { g, lo, hi } of ranges) {
        for (let i = lo; i < hi; i++) {
          scanned++;
          yield { event: g.store.at(i), group: g.name, ptr: `${g.name}#${i}` };
        }
      }
    }
    const out = runPlan(plan, scan(), this.ds.accountId, Math.min(ROW_CAP, num(body.limit, 'limit') ?? ROW_CAP));
    const id = `q-${++this.seq}-${Date.now().toString(16)}`;
    this.queries.set(id, { id, startedAt: performance.now(), rows: out.rows, scanned, matched: out.matched, done: false, stopped: false });
    this.started.push({ logGroups: groups, startTime, endTime, queryString, rows: out.rows.length });
    return { queryId: id };
  }

  results(body: Json): Json {
    const q = this.queries.get(str(body.queryId) ?? '');
    if (!q) throw new ApiError('ResourceNotFoundException', 'The query does not exist');
    if (q.stopped) return { status: 'Cancelled', results: [] };
    if (!q.done && performance.now() - q.startedAt < this.runMs) {
      return { status: performance.now() - q.startedAt < this.runMs / 2 ? 'Scheduled' : 'Running', results: [] };
    }
    q.done = true;
    return {
      status: 'Complete',
      results: q.rows.map((r) => Object.entries(r).map(([field, value]) => ({ field, value }))),
      statistics: { recordsMatched: q.matched, recordsScanned: q.scanned, bytesScanned: q.scanned * 200 },
    };
  }

  stop(body: Json): Json {
    const q = this.queries.get(str(body.queryId) ?? '');
    if (!q || q.done) return { success: false };
    q.stopped = true;
    return { success: true };
  }
}

// ---------------------------------------------------------------------------------------------- evaluation

export interface ScanEvent {
  event: LoopEvent;
  group: string;
  ptr: string;
}

type Work = { f: Fields; ptr: string };

/**
 * Runs a parsed query over events (in scan order); returns the result rows as StartQuery/GetQueryResults give them.
 * The commands before the first sort / limit / dedup run row by row while scanning, so only matching rows are kept.
 */
export function runPlan(plan: Plan, events: Iterable<ScanEvent>, accountId: string, cap = ROW_CAP): { rows: Record<string, string>[]; matched: number } {
  const columns: string[] = [];
  let display: string[] | undefined;
  for (const cmd of plan.commands) {
    if (cmd.kind === 'fields') for (const it of cmd.items) { if (!columns.includes(it.name)) columns.push(it.name); }
    if (cmd.kind === 'display') display = cmd.names;
  }
  const firstSetWise = plan.commands.findIndex((c) => c.kind === 'sort' || c.kind === 'limit' || c.kind === 'dedup');
  const streamed = firstSetWise < 0 ? plan.commands : plan.commands.slice(0, firstSetWise);
  const rest = firstSetWise < 0 ? [] : plan.commands.slice(firstSetWise);
  let rows: Work[] = [];
  for (const e of events) {
    const r = { f: fieldsOf(e.event, e.group, accountId), ptr: e.ptr };
    if (streamed.every((cmd) => rowWise(cmd, r))) rows.push(r);
  }
  let limit = cap;
  for (const cmd of rest) {
    switch (cmd.kind) {
      case 'sort': {
        const keys = cmd.keys;
        const vals = new Map(rows.map((r) => [r, keys.map((k) => value(k.expr, r.f))]));
        rows.sort((a, b) => {
          const va = vals.get(a)!;
          const vb = vals.get(b)!;
          for (let k = 0; k < keys.length; k++) {
            const d = sortCompare(va[k], vb[k], keys[k].desc);
            if (d !== 0) return d;
          }
          return 0;
        });
        break;
      }
      case 'limit':
        rows = rows.slice(0, cmd.n);
        limit = Math.min(limit, cmd.n);
        break;
      case 'dedup': {
        const seen = new Set<string>();
        rows = rows.filter((r) => {
          const key = JSON.stringify(cmd.names.map((n) => r.f[n] ?? null));
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        break;
      }
      default:
        rows = rows.filter((r) => rowWise(cmd, r));
    }
  }
  const matched = rows.length;
  const shown = display ?? (columns.length ? columns : ['@timestamp', '@message']);
  return {
    matched,
    rows: rows.slice(0, limit).map((r) => {
      const out: Record<string, string> = {};
      for (const c of shown) {
        const v = r.f[c];
        if (v !== undefined) out[c] = typeof v === 'string' ? v : String(v);
      }
      out['@ptr'] = r.ptr;
      return out;
    }),
  };
}

/** A row-wise command on one row: computes its fields; false when a filter drops the row. */
function rowWise(cmd: Command, r: Work): boolean {
  switch (cmd.kind) {
    case 'fields':
      for (const it of cmd.items) if (!(it.expr.k === 'field' && it.expr.name === it.name)) r.f[it.name] = value(it.expr, r.f);
      return true;
    case 'filter':
      return truth(value(cmd.expr, r.f)) === true;
    case 'parse': {
      const src = value(cmd.source, r.f);
      const m = typeof src === 'string' || typeof src === 'number' ? cmd.re.exec(String(src)) : null;
      cmd.names.forEach((n, k) => { r.f[n] = m ? (cmd.named ? m.groups?.[n] : m[k + 1]) : undefined; });
      return true;
    }
    default:
      return true;
  }
}

/** Null-aware truth of a filter value: booleans as they are, a missing value is neither. */
function truth(v: Value): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  throw new ApiError('MalformedQueryException', `filter needs a condition, got the value ${JSON.stringify(v)}`);
}

/** Three-valued and (`decisive` false) / or (true): either side equal to `decisive` decides; an unknown side leaves it unknown. */
function junction(x: Expr, y: Expr, f: Fields, decisive: boolean): boolean | undefined {
  const a = truth(value(x, f));
  if (a === decisive) return decisive;
  const b = truth(value(y, f));
  if (b === decisive) return decisive;
  return a === undefined || b === undefined ? undefined : !decisive;
}

function value(e: Expr, f: Fields): Value {
  switch (e.k) {
    case 'lit': return e.v;
    case 'field': return f[e.name];
    case 'neg': {
      const a = toNum(value(e.a, f));
      return a === undefined ? undefined : -a;
    }
    case 'not': {
      const a = truth(value(e.a, f));
      return a === undefined ? undefined : !a;
    }
    case 'and': return junction(e.a, e.b, f, false);
    case 'or': return junction(e.a, e.b, f, true);
    case 'cmp': {
      const a = value(e.a, f);
      const b = value(e.b, f);
      if (a === undefined || b === undefined) return undefined;
      const d = compareValues(a, b);
      switch (e.op) {
        case '=': return d === 0;
        case '!=': return d !== 0;
        case '<': return d < 0;
        case '>': return d > 0;
        case '<=': return d <= 0;
        default: return d >= 0;
      }
    }
    case 'arith': {
      const a = toNum(value(e.a, f));
      const b = toNum(value(e.b, f));
      if (a === undefined || b === undefined) return undefined;
      switch (e.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return b === 0 ? undefined : a / b;
        case '%': return b === 0 ? undefined : a % b;
        default: return a ** b;
      }
    }
    case 'like': {
      const a = value(e.a, f);
      if (a === undefined) return undefined;
      const s = String(a);
      const hit = e.re ? e.re.test(s) : s.includes(e.sub!);
      return e.neg ? !hit : hit;
    }
    case 'in': {
      const a = value(e.a, f);
      if (a === undefined) return undefined;
      const hit = e.list.some((x) => { const v = value(x, f); return v !== undefined && compareValues(a, v) === 0; });
      return e.neg ? !hit : hit;
    }
    case 'call': return call(e.fn, e.args.map((x) => value(x, f)), e.args);
  }
}

function call(fn: string, args: Value[], exprs: Expr[]): Value {
  const arity = (n: number) => {
    if (args.length !== n) throw new ApiError('MalformedQueryException', `${fn}() takes ${n} argument(s)`);
  };
  switch (fn) {
    case 'ispresent':
      arity(1);
      if (exprs[0].k !== 'field') throw new ApiError('MalformedQueryException', 'ispresent() takes a field');
      return args[0] !== undefined;
    case 'isempty': arity(1); return args[0] === undefined || args[0] === '';
    case 'isblank': arity(1); return args[0] === undefined || String(args[0]).trim() === '';
    case 'coalesce': return args.find((a) => a !== undefined && a !== '');
    case 'concat': return args.every((a) => a === undefined) ? undefined : args.map((a) => (a === undefined ? '' : String(a))).join('');
    case 'tolower': arity(1); return args[0] === undefined ? undefined : String(args[0]).toLowerCase();
    case 'toupper': arity(1); return args[0] === undefined ? undefined : String(args[0]).toUpperCase();
    case 'trim': arity(1); return args[0] === undefined ? undefined : String(args[0]).trim();
    case 'strlen': arity(1); return args[0] === undefined ? undefined : String(args[0]).length;
    case 'abs': case 'ceil': case 'floor': {
      arity(1);
      const a = toNum(args[0]);
      return a === undefined ? undefined : Math[fn as 'abs' | 'ceil' | 'floor'](a);
    }
    case 'greatest': case 'least': {
      const ns = args.map(toNum).filter((a): a is number => a !== undefined);
      return ns.length ? (fn === 'greatest' ? Math.max(...ns) : Math.min(...ns)) : undefined;
    }
    case 'tomillis': {
      arity(1);
      const t = args[0] === undefined ? NaN : Date.parse(`${String(args[0]).replace(' ', 'T')}Z`);
      return Number.isNaN(t) ? undefined : t;
    }
    case 'frommillis': {
      arity(1);
      const n = toNum(args[0]);
      return n === undefined ? undefined : insightsTime(n);
    }
    default:
      throw new ApiError('MalformedQueryException', `unsupported function: ${fn}()`);
  }
}

function toNum(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

/** Numbers (and numeric strings) numerically, anything else as text. */
function compareValues(a: Exclude<Value, undefined>, b: Exclude<Value, undefined>): number {
  const x = toNum(a);
  const y = toNum(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/**
 * The sort command's order (CWL_QuerySyntax-Sort): non-number values before numbers, numbers by value, text in
 * chunks of digits (by length, then value) and non-digits (by code point); descending is the reverse. Rows without
 * the field go last either way. Ties keep their scan order.
 */
function sortCompare(a: Value, b: Value, desc: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const d = naturalCompare(a, b);
  return desc ? -d : d;
}

function naturalCompare(a: Exclude<Value, undefined>, b: Exclude<Value, undefined>): number {
  const x = toNum(a);
  const y = toNum(b);
  if (x !== undefined || y !== undefined) {
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x - y;
  }
  const ca = String(a).match(/\d+|\D+/g) ?? [];
  const cb = String(b).match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const p = ca[i];
    const q = cb[i];
    if (p === q) continue;
    const pd = /^\d/.test(p);
    const qd = /^\d/.test(q);
    if (pd && qd) return p.length !== q.length ? p.length - q.length : p < q ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return ca.length - cb.length;
}

// ---------------------------------------------------------------------------------------------- fields

const REPORT = /^REPORT RequestId: (\S+)\tDuration: ([\d.]+) ms\tBilled Duration: (\d+) ms\tMemory Size: (\d+) MB\tMax Memory Used: (\d+) MB(?:\tInit Duration: ([\d.]+) ms)?/;
const MB = 1000 * 1000;

export function fieldsOf(e: LoopEvent, group: string, account: string): Fields {
  const f: Fields = {
    '@timestamp': insightsTime(e.timestamp),
    '@message': e.message,
    '@logStream': e.logStreamName,
    '@log': `${account}:${group}`,
    '@ingestionTime': insightsTime(e.ingestionTime),
  };
  const m = REPORT.exec(e.message);
  if (m) {
    Object.assign(f, {
      '@type': 'REPORT', '@requestId': m[1], '@duration': Number(m[2]), '@billedDuration': Number(m[3]),
      '@memorySize': Number(m[4]) * MB, '@maxMemoryUsed': Number(m[5]) * MB,
    });
    if (m[6]) f['@initDuration'] = Number(m[6]);
    const x = /XRAY TraceId: (\S+)\tSegmentId: ([0-9a-f]+)/.exec(e.message) ?? /XRAY TraceId: (\S+)/.exec(e.message);
    if (x) {
      f['@xrayTraceId'] = x[1];
      if (x[2]) f['@xraySegmentId'] = x[2];
    }
    return f;
  }
  const se = /^(START|END) RequestId: (\S+)/.exec(e.message);
  if (se) {
    Object.assign(f, { '@type': se[1], '@requestId': se[2] });
    return f;
  }
  const json = jsonOf(e.message, group.startsWith('/aws/lambda/'));
  if (json) flatten(json, '', f);
  return f;
}

/** The event as JSON, or (Lambda log groups) the first JSON object embedded in a text line. */
function jsonOf(message: string, embedded: boolean): Record<string, unknown> | undefined {
  const text = message.trim();
  const at = text.startsWith('{') ? 0 : embedded ? text.indexOf('{') : -1;
  if (at < 0) return undefined;
  const end = at === 0 ? text.length : objectEnd(text, at);
  if (end < 0) return undefined;
  try {
    const v = JSON.parse(text.slice(at, end)) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** End (exclusive) of the balanced {...} starting at `at`, strings respected; -1 when it does not close. */
function objectEnd(text: string, at: number): number {
  let depth = 0;
  let inString = false;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function flatten(v: unknown, prefix: string, into: Fields): void {
  if (v === null || v === undefined) return;
  if (typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}.${k}` : k, into);
    return;
  }
  if (prefix && !(prefix in into)) into[prefix] = typeof v === 'boolean' ? v : typeof v === 'number' ? v : String(v);
}

export function insightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

// ---------------------------------------------------------------------------------------------- parsing

export type Expr =
  | { k: 'lit'; v: Value }
  | { k: 'field'; name: string }
  | { k: 'neg' | 'not'; a: Expr }
  | { k: 'and' | 'or'; a: Expr; b: Expr }
  | { k: 'cmp'; op: string; a: Expr; b: Expr }
  | { k: 'arith'; op: string; a: Expr; b: Expr }
  | { k: 'like'; a: Expr; re?: RegExp; sub?: string; neg: boolean }
  | { k: 'in'; a: Expr; list: Expr[]; neg: boolean }
  | { k: 'call'; fn: string; args: Expr[] };

export type Command =
  | { kind: 'fields'; items: { name: string; expr: Expr }[] }
  | { kind: 'display'; names: string[] }
  | { kind: 'filter'; expr: Expr }
  | { kind: 'parse'; source: Expr; re: RegExp; names: string[]; named: boolean }
  | { kind: 'sort'; keys: { expr: Expr; desc: boolean }[] }
  | { kind: 'limit'; n: number }
  | { kind: 'dedup'; names: string[] };

export interface Plan {
  commands: Command[];
}

type Tok =
  | { t: 'num'; v: number; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 're'; v: string; at: number }
  | { t: 'id'; v: string; quoted: boolean; at: number }
  | { t: 'op'; v: string; at: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'like', 'in', 'as', 'asc', 'desc', 'by']);
const OPS = ['!=', '<=', '>=', '=~', '=', '<', '>', '+', '-', '*', '/', '%', '^', '(', ')', ',', '[', ']', '|'];

function malformed(msg: string, qs: string, at: number): never {
  throw new ApiError('MalformedQueryException', `${msg} at ${at}: ${qs.slice(Math.max(0, at - 20), at + 20)}`);
}

function lex(qs: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const regexAllowed = (): boolean => {
    const p = out[out.length - 1];
    if (!p) return true;
    if (p.t === 'op') return p.v !== ')' && p.v !== ']';
    if (p.t === 'id' && !p.quoted && KEYWORDS.has(p.v.toLowerCase())) return true;
    const pp = out[out.length - 2];
    return p.t === 'id' && pp?.t === 'id' && pp.v.toLowerCase() === 'parse'; // parse @message /re/
  };
  while (i < qs.length) {
    const c = qs[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '#') { while (i < qs.length && qs[i] !== '\n') i++; continue; }
    const at = i;
    if (c === '"' || c === "'") {
      let s = '';
      for (i++; i < qs.length && qs[i] !== c; i++) {
        if (qs[i] === '\\' && i + 1 < qs.length) {
          i++;
          s += qs[i] === 'n' ? '\n' : qs[i] === 't' ? '\t' : qs[i];
        } else s += qs[i];
      }
      if (i >= qs.length) malformed('unterminated string', qs, at);
      i++;
      out.push({ t: 'str', v: s, at });
      continue;
    }
    if (c === '`') {
      const end = qs.indexOf('`', i + 1);
      if (end < 0) malformed('unterminated `field`', qs, at);
      out.push({ t: 'id', v: qs.slice(i + 1, end), quoted: true, at });
      i = end + 1;
      continue;
    }
    if (c === '/' && regexAllowed()) {
      let s = '';
      let inClass = false;
      for (i++; i < qs.length; i++) {
        const d = qs[i];
        if (d === '\\' && i + 1 < qs.length) { s += d + qs[++i]; continue; }
        if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        s += d;
      }
      if (i >= qs.length) malformed('unterminated /regex/', qs, at);
      i++;
      out.push({ t: 're', v: s, at });
      continue;
    }
    const numM = /^\d+(\.\d+)?([eE][-+]?\d+)?/.exec(qs.slice(i));
    if (numM) {
      out.push({ t: 'num', v: Number(numM[0]), at });
      i += numM[0].length;
      continue;
    }
    const idM = /^[@A-Za-z_$][\w.@$]*/.exec(qs.slice(i));
    if (idM) {
      out.push({ t: 'id', v: idM[0].replace(/\.$/, ''), quoted: false, at });
      i += idM[0].replace(/\.$/, '').length;
      continue;
    }
    const op = OPS.find((o) => qs.startsWith(o, i));
    if (!op) malformed(`unexpected character "${c}"`, qs, at);
    out.push({ t: 'op', v: op, at });
    i += op.length;
  }
  return out;
}

/** `(?i)` up front -> the i flag; otherwise the pattern as JavaScript reads it. */
function toRegExp(src: string, qs: string, at: number): RegExp {
  let flags = '';
  let body = src;
  if (body.startsWith('(?i)')) { flags = 'i'; body = body.slice(4); }
  try {
    return new RegExp(body, flags);
  } catch (e) {
    malformed(`bad regular expression /${src}/ (${(e as Error).message})`, qs, at);
  }
}

export function parseInsights(qs: string): Plan {
  const toks = lex(qs);
  const commands: Command[] = [];
  let start = 0;
  for (let i = 0; i <= toks.length; i++) {
    const tk = toks[i];
    if (i < toks.length && !(tk.t === 'op' && tk.v === '|')) continue;
    if (i > start) commands.push(parseCommand(toks.slice(start, i), qs, tk?.at ?? qs.length));
    else if (i < toks.length || start > 0) malformed('empty command', qs, tk?.at ?? qs.length);
    start = i + 1;
  }
  return { commands };
}

function parseCommand(toks: Tok[], qs: string, endAt: number): Command {
  const p = new Parser(toks, qs);
  const head = p.next();
  if (head.t !== 'id') malformed('expected a command', qs, head.at);
  const name = head.v.toLowerCase();
  let cmd: Command;
  switch (name) {
    case 'fields': {
      const items: { name: string; expr: Expr }[] = [];
      do {
        const s = p.peek()?.at ?? endAt;
        const expr = p.expr();
        const text = qs.slice(s, p.peek()?.at ?? endAt).trim();
        const alias = p.keyword('as') ? p.ident() : undefined;
        items.push({ name: alias ?? (expr.k === 'field' ? expr.name : text), expr });
      } while (p.op(','));
      cmd = { kind: 'fields', items };
      break;
    }
    case 'display': {
      const names = p.idents();
      cmd = { kind: 'display', names };
      break;
    }
    case 'filter':
      cmd = { kind: 'filter', expr: p.expr() };
      break;
    case 'parse': {
      let source: Expr = { k: 'field', name: '@message' };
      const first = p.peek();
      if (first && first.t !== 'str' && first.t !== 're') source = p.primary();
      const pat = p.next();
      if (pat.t === 'str') {
        // Glob: each `*` captures (the last one greedily), everything else is literal; fields named after `as`.
        const parts = pat.v.split('*');
        const esc = parts.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        const body = esc.map((x, k) => (k === 0 ? x : `${k === esc.length - 1 && x === '' ? '(.*)' : '(.*?)'}${x}`)).join('');
        if (!p.keyword('as')) malformed('parse with a glob needs `as` and field names', qs, pat.at);
        const names = p.idents();
        if (names.length !== parts.length - 1) malformed(`the glob has ${parts.length - 1} * but ${names.length} names`, qs, pat.at);
        cmd = { kind: 'parse', source, re: new RegExp(body, 's'), names, named: false };
      } else if (pat.t === 're') {
        const re = toRegExp(pat.v, qs, pat.at);
        const names = [...pat.v.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]);
        if (names.length === 0) malformed('parse with a regex needs named groups (?<name>...)', qs, pat.at);
        cmd = { kind: 'parse', source, re, names, named: true };
      } else malformed('parse needs a "glob" or a /regex/', qs, pat.at);
      break;
    }
    case 'sort': {
      p.keyword('by');
      const keys: { expr: Expr; desc: boolean }[] = [];
      do {
        const expr = p.expr();
        const desc = p.keyword('desc') ? true : (p.keyword('asc'), false);
        keys.push({ expr, desc });
      } while (p.op(','));
      cmd = { kind: 'sort', keys };
      break;
    }
    case 'limit': {
      const n = p.next();
      if (n.t !== 'num' || !Number.isInteger(n.v) || n.v < 1 || n.v > ROW_CAP) malformed(`limit takes a whole number from 1 to ${ROW_CAP}`, qs, n.at);
      cmd = { kind: 'limit', n: n.v };
      break;
    }
    case 'dedup': {
      const names = p.idents();
      cmd = { kind: 'dedup', names };
      break;
    }
    default:
      malformed(`unsupported command: ${head.v}`, qs, head.at);
  }
  if (p.peek()) malformed('unexpected text after the command', qs, p.peek()!.at);
  return cmd;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly qs: string) {}

  peek(): Tok | undefined { return this.toks[this.i]; }

  next(): Tok {
    const t = this.toks[this.i++];
    if (!t) malformed('unexpected end of command', this.qs, this.qs.length);
    return t;
  }

  op(v: string): boolean {
    const t = this.peek();
    if (t?.t === 'op' && t.v === v) { this.i++; return true; }
    return false;
  }

  keyword(v: string): boolean {
    const t = this.peek();
    if (t?.t === 'id' && !t.quoted && t.v.toLowerCase() === v) { this.i++; return true; }
    return false;
  }

  ident(): string {
    const t = this.next();
    if (t.t !== 'id' || (!t.quoted && KEYWORDS.has(t.v.toLowerCase()))) malformed('expected a field name', this.qs, t.at);
    return t.v;
  }

  /** `a, b, c`: one field name or more, comma-separated. */
  idents(): string[] {
    const names = [this.ident()];
    while (this.op(',')) names.push(this.ident());
    return names;
  }

  expr(): Expr { return this.or(); }

  private or(): Expr {
    let a = this.and();
    while (this.keyword('or')) a = { k: 'or', a, b: this.and() };
    return a;
  }

  private and(): Expr {
    let a = this.not();
    while (this.keyword('and')) a = { k: 'and', a, b: this.not() };
    return a;
  }

  private not(): Expr {
    if (this.keyword('not')) return { k: 'not', a: this.not() };
    return this.comparison();
  }

  private comparison(): Expr {
    const a = this.additive();
    const t = this.peek();
    if (t?.t === 'op' && ['=', '!=', '<', '>', '<=', '>='].includes(t.v)) {
      this.i++;
      return { k: 'cmp', op: t.v, a, b: this.additive() };
    }
    if (t?.t === 'op' && t.v === '=~') {
      this.i++;
      return this.likeRhs(a, false);
    }
    let neg = false;
    const save = this.i;
    if (this.keyword('not')) neg = true;
    if (this.keyword('like')) return this.likeRhs(a, neg);
    if (this.keyword('in')) {
      if (!this.op('[')) malformed('in needs [ ... ]', this.qs, this.peek()?.at ?? this.qs.length);
      const list: Expr[] = [];
      if (!this.op(']')) {
        do list.push(this.additive()); while (this.op(','));
        if (!this.op(']')) malformed('expected ]', this.qs, this.peek()?.at ?? this.qs.length);
      }
      return { k: 'in', a, list, neg };
    }
    this.i = save;
    return a;
  }

  private likeRhs(a: Expr, neg: boolean): Expr {
    const t = this.next();
    if (t.t === 're') return { k: 'like', a, re: toRegExp(t.v, this.qs, t.at), neg };
    if (t.t === 'str') return { k: 'like', a, sub: t.v, neg };
    malformed('like needs a /regex/ or a "string"', this.qs, t.at);
  }

  private additive(): Expr {
    let a = this.multiplicative();
    for (;;) {
      const t = this.peek();
      if (t?.t === 'op' && (t.v === '+' || t.v === '-')) { this.i++; a = { k: 'arith', op: t.v, a, b: this.multiplicative() }; } else return a;
    }
  }

  private multiplicative(): Expr {
    let a = this.unary();
    for (;;) {
      const t = this.peek();
      if (t?.t === 'op' && ['*', '/', '%', '^'].includes(t.v)) { this.i++; a = { k: 'arith', op: t.v, a, b: this.unary() }; } else return a;
    }
  }

  private unary(): Expr {
    if (this.op('-')) return { k: 'neg', a: this.unary() };
    return this.primary();
  }

  primary(): Expr {
    const t = this.next();
    if (t.t === 'num') return { k: 'lit', v: t.v };
    if (t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'op' && t.v === '(') {
      const e = this.expr();
      if (!this.op(')')) malformed('expected )', this.qs, this.peek()?.at ?? this.qs.length);
      return e;
    }
    if (t.t === 'id') {
      if (!t.quoted && this.op('(')) {
        const args: Expr[] = [];
        if (!this.op(')')) {
          do args.push(this.expr()); while (this.op(','));
          if (!this.op(')')) malformed('expected )', this.qs, this.peek()?.at ?? this.qs.length);
        }
        return { k: 'call', fn: t.v.toLowerCase(), args };
      }
      if (!t.quoted && KEYWORDS.has(t.v.toLowerCase())) malformed(`unexpected ${t.v}`, this.qs, t.at);
      return { k: 'field', name: t.v };
    }
    malformed('expected a field, a value or (', this.qs, t.at);
  }
}
