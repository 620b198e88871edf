// Attribute values as display text (the webview renders them as text, never as HTML).
import type { AttrValue, Attributes } from '../../../core/model';
import { KeyValue } from '../../../protocol/messages';

/** Long values are cut so one huge attribute cannot bloat a message. */
export const MAX_VALUE_CHARS = 20_000;

export function attrToString(v: AttrValue | undefined): string {
  let s: string;
  if (v === undefined) s = '';
  else if (typeof v === 'string') s = v;
  else if (v === null || typeof v !== 'object') s = String(v);
  else { try { s = JSON.stringify(v); } catch { s = String(v); } }
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}… (${s.length} chars)` : s;
}

export function attrsToList(attrs: Attributes | undefined): KeyValue[] {
  if (!attrs) return [];
  return Object.keys(attrs).sort().map((key) => ({ key, value: attrToString(attrs[key]) }));
}
