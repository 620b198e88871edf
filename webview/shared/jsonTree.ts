// A collapsible JSON tree built from <details>/<summary> (keyboard and screen-reader friendly for free).
// Keys and values go in as text nodes only.
import { h } from './dom';

const MAX_CHILDREN = 200;
const OPEN_DEPTH = 2;

export function jsonTree(value: unknown, label?: string): HTMLElement {
  return h('div', { class: 'json-tree' }, node(value, label, 0));
}

function node(value: unknown, key: string | undefined, depth: number): HTMLElement {
  if (value !== null && typeof value === 'object') {
    const isArray = Array.isArray(value);
    const entries: [string, unknown][] = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as object);
    const summary = h('summary', {}, key !== undefined ? h('span', { class: 'json-key', text: key }) : null,
      key !== undefined ? ': ' : null,
      h('span', { class: 'json-meta', text: isArray ? `Array(${entries.length})` : `{${entries.length} ${entries.length === 1 ? 'key' : 'keys'}}` }));
    const details = h('details', { class: 'json-node' }, summary);
    if (depth < OPEN_DEPTH) details.open = true;
    const body = h('div', { class: 'json-children' });
    for (const [k, v] of entries.slice(0, MAX_CHILDREN)) body.appendChild(node(v, k, depth + 1));
    if (entries.length > MAX_CHILDREN) body.appendChild(h('div', { class: 'json-more', text: `… ${entries.length - MAX_CHILDREN} more` }));
    details.appendChild(body);
    return details;
  }
  const type = value === null ? 'null' : typeof value;
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return h('div', { class: 'json-leaf' }, key !== undefined ? h('span', { class: 'json-key', text: key }) : null,
    key !== undefined ? ': ' : null, h('span', { class: `json-value json-${type}`, text }));
}
