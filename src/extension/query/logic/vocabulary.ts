// Names seen in the data, for completing `function:`, `service:`, `operation:` and `attr.` values.
import type { Dataset } from '../../../core/dataset';

export interface Vocabulary {
  functions: string[];
  services: string[];
  operations: string[];
  attributeKeys: string[];
}

/** Attribute keys repeat from span to span: a prefix of the spans finds them without scanning millions. */
const ATTR_SCAN_LIMIT = 50_000;
const cache = new WeakMap<Dataset, Vocabulary>();

export function vocabularyOf(ds: Dataset): Vocabulary {
  let v = cache.get(ds);
  if (v) return v;
  const services = new Set<string>();
  const operations = new Set<string>();
  const keys = new Set<string>();
  ds.spans.forEach((s, i) => {
    services.add(s.service);
    if (s.remote?.service) services.add(s.remote.service);
    operations.add(s.name);
    const m = s.attributes['rpc.method'];
    if (typeof m === 'string') operations.add(m);
    if (i < ATTR_SCAN_LIMIT) for (const k of Object.keys(s.attributes)) keys.add(k);
  });
  const sorted = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));
  v = { functions: ds.functions.map((f) => f.name), services: sorted(services), operations: sorted(operations), attributeKeys: sorted(keys) };
  cache.set(ds, v);
  return v;
}
