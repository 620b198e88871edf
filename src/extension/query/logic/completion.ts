// Completion for the query box: looks at the word being typed (the last one) and proposes field
// names, or values seen in the data for the field it names. Each suggestion is the whole query
// with that word completed, so a Quick Pick can show it and put it back in the input.
import type { Vocabulary } from './vocabulary';

export interface Suggestion {
  /** The query text after accepting. */
  query: string;
  /** What is proposed (shown as the label). */
  label: string;
  description?: string;
}

const FIELDS: [string, string][] = [
  ['function:', 'function name or glob, e.g. orders-*'],
  ['service:', 'service (recording or called), e.g. DynamoDB'],
  ['operation:', 'operation or span name, e.g. PutItem'],
  ['status:', 'ok | error | timeout | crash'],
  ['coldstart:', 'true | false'],
  ['duration>', 'slower than: 800ms, 1.5s, p95, p99'],
  ['duration<', 'faster than'],
  ['p95>', 'groups whose p95 is above, e.g. p95>100ms'],
  ['attr.', 'span attribute, e.g. attr.http.status_code=500'],
  ['trace:', 'X-Ray or W3C trace id'],
  ['request:', 'Lambda request id'],
  ['since:', 'relative (1h) or ISO 8601 time'],
  ['until:', 'relative or ISO 8601 time'],
  ['sort:', 'duration | start | function, then asc | desc'],
  ['limit:', 'number of results'],
  ['kind:', 'invocation | span'],
];

const FIXED: Record<string, string[]> = {
  status: ['error', 'timeout', 'crash', 'ok', 'error|timeout|crash'],
  coldstart: ['true', 'false'],
  kind: ['invocation', 'span'],
  sort: ['duration desc', 'duration asc', 'start desc', 'start asc', 'function'],
  since: ['15m', '1h', '6h', '1d', '7d'],
  until: ['15m', '1h', '1d'],
  limit: ['10', '50', '100'],
};

const MAX = 30;

export function complete(text: string, vocab: Vocabulary): Suggestion[] {
  const start = lastWordStart(text);
  const head = text.slice(0, start);
  const word = text.slice(start);
  const neg = word.startsWith('-') ? '-' : '';
  const w = word.slice(neg.length);
  const out: Suggestion[] = [];
  const add = (completed: string, label: string, description?: string): void => {
    if (out.length < MAX) out.push({ query: `${head}${neg}${completed}`, label, description });
  };

  const field = /^([A-Za-z][\w.]*)(:|>=|<=|>|<|=)(.*)$/.exec(w);
  if (field) {
    const [, name, op, partial] = field;
    const lower = name.toLowerCase();
    const values = lower === 'function' ? vocab.functions : lower === 'service' ? vocab.services
      : lower === 'operation' ? vocab.operations : FIXED[lower];
    if (lower === 'duration' || /^p\d+$/.test(lower)) {
      for (const v of lower === 'duration' ? ['p95', 'p99', 'p50', '100ms', '500ms', '1s', '3s'] : ['100ms', '500ms', '1s']) {
        if (v.startsWith(partial)) add(`${name}${op}${v} `, `${name}${op}${v}`);
      }
      return out;
    }
    if (values) {
      // Names from the data match anywhere (typing "orders" finds "shop-orders-api"); fixed words by prefix.
      const fixed = FIXED[lower] !== undefined;
      const p = partial.replace(/^"/, '').toLowerCase();
      for (const v of values) {
        const lv = v.toLowerCase();
        if (fixed ? lv.startsWith(p) : lv.includes(p)) add(`${name}${op}${fixed ? v : quoteIfNeeded(v)} `, `${name}${op}${v}`);
      }
    }
    return out;
  }
  if (/^attr\./i.test(w)) {
    const p = w.slice(5).toLowerCase();
    for (const k of vocab.attributeKeys) if (k.toLowerCase().startsWith(p)) add(`attr.${k}=`, `attr.${k}`, 'attribute');
    return out;
  }
  for (const [f, description] of FIELDS) if (f.startsWith(w.toLowerCase())) add(f, f, description);
  return out;
}

/** Start of the word under the cursor (the end of the text), ignoring spaces inside quotes. */
function lastWordStart(text: string): number {
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ' ' || c === '(' || c === ')')) start = i + 1;
  }
  return start;
}

function quoteIfNeeded(v: string): string {
  return /[\s"()|]/.test(v) || v === '' ? JSON.stringify(v) : v;
}
