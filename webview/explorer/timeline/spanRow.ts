// One row of the timeline's label column: the accessible face of a span (treeitem with level,
// expanded state and a spoken label), plus the legend of what the colours and marks mean.
import { RowFlag, SERVICE_TYPES } from '../../../src/protocol/messages';
import { h, setAttr, setText } from '../../shared/dom';
import { formatDuration } from '../../../src/common/format';
import type { RowRef } from './draw';

const INDENT_PX = 12;
/** Deeper rows stop indenting (and say their level) so names stay readable in deep traces. */
const MAX_INDENT_LEVELS = 24;

export function createSpanRow(): HTMLElement {
  return h('div', { class: 'span-row', attrs: { role: 'treeitem', 'data-testid': 'span-row' } },
    h('span', { class: 'twisty', attrs: { 'aria-hidden': 'true' } }),
    h('span', { class: 'svc-dot', attrs: { 'aria-hidden': 'true' } }),
    h('span', { class: 'span-service' }),
    h('span', { class: 'span-name' }),
    h('span', { class: 'span-badges', attrs: { 'aria-hidden': 'true' } }));
}

/** Fills a (recycled) row element; `r` undefined means the row's page is still loading. */
export function renderSpanRow(el: HTMLElement, r: RowRef | undefined, selected: boolean): void {
  const [twisty, dot, service, name, badges] = Array.from(el.children) as HTMLElement[];
  if (!r) {
    el.className = 'vlist-row span-row placeholder';
    for (const a of ['data-span-id', 'data-source-file', 'data-source-line', 'aria-expanded', 'aria-level', 'aria-description']) setAttr(el, a, undefined);
    setAttr(el, 'aria-label', 'Loading');
    setText(twisty, ''); setText(service, ''); setText(name, 'Loading…'); setText(badges, '');
    return;
  }
  const { c, j } = r;
  const flags = c.flags[j];
  const depth = c.depth[j];
  const dur = formatDuration(c.duration[j]);
  const type = SERVICE_TYPES[c.serviceType[j]] ?? 'service';
  el.className = `vlist-row span-row${selected ? ' selected' : ''}${flags & (RowFlag.Error | RowFlag.Fault | RowFlag.Timeout) ? ' has-error' : ''}${flags & RowFlag.Critical ? ' critical' : ''}`;
  el.style.paddingLeft = `${4 + Math.min(depth, MAX_INDENT_LEVELS) * INDENT_PX}px`;
  setAttr(el, 'data-span-id', c.spanId[j]);
  setAttr(el, 'aria-level', depth + 1);
  setAttr(el, 'aria-selected', selected ? 'true' : 'false');
  setAttr(el, 'aria-expanded', flags & RowFlag.HasChildren ? (flags & RowFlag.Collapsed ? 'false' : 'true') : undefined);
  setAttr(el, 'aria-label', `${c.service[j]} ${c.name[j]} ${dur}`);
  const notes = describeFlags(flags, c.descendants[j], c.init[j]);
  setAttr(el, 'aria-description', notes.length ? notes.join(', ') : undefined);
  setAttr(el, 'data-source-file', c.sourceFile[j] || undefined);
  setAttr(el, 'data-source-line', c.sourceFile[j] && c.sourceLine[j] ? c.sourceLine[j] : undefined);
  const where = c.sourceFile[j] ? `\n${c.sourceFile[j]}${c.sourceLine[j] ? `:${c.sourceLine[j]}` : ''}` : '';
  el.title = `${c.service[j]} · ${c.name[j]} · ${dur}${notes.length ? `\n${notes.join(', ')}` : ''}${where}`;
  setText(twisty, flags & RowFlag.HasChildren ? (flags & RowFlag.Collapsed ? '▸' : '▾') : '');
  dot.className = `svc-dot svc-${type}`;
  // A Lambda's own span is often named after its service: say it once.
  setText(service, c.service[j] === c.name[j] ? '' : c.service[j]);
  setText(name, c.name[j]);
  const b: string[] = [];
  if (depth > MAX_INDENT_LEVELS) b.push(`L${depth}`);
  if (flags & RowFlag.Collapsed) b.push(`+${c.descendants[j]}`);
  if (flags & (RowFlag.Error | RowFlag.Fault)) b.push('✕');
  if (flags & RowFlag.Timeout) b.push('timeout');
  if (flags & RowFlag.ColdStart) b.push('❄');
  if (flags & RowFlag.Orphan) b.push('orphan');
  if (flags & RowFlag.Skewed) b.push('skew');
  if (flags & RowFlag.InProgress) b.push('in progress');
  setText(badges, b.join(' '));
}

export function describeFlags(flags: number, descendants: number, init: number): string[] {
  const out: string[] = [];
  if (flags & RowFlag.Error) out.push('error');
  if (flags & RowFlag.Fault) out.push('fault');
  if (flags & RowFlag.Throttle) out.push('throttled');
  if (flags & RowFlag.Timeout) out.push('timed out');
  if (flags & RowFlag.ColdStart) out.push(`cold start${init > 0 ? `, init ${formatDuration(init)}` : ''}`);
  if (flags & RowFlag.Critical) out.push('on the critical path');
  if (flags & RowFlag.Orphan) out.push('orphan: its parent span is missing');
  if (flags & RowFlag.Skewed) out.push('clock skew: outside its parent');
  if (flags & RowFlag.InProgress) out.push('in progress: no end recorded, shown open to the end of the trace');
  if (flags & RowFlag.Collapsed) out.push(`collapsed, ${descendants} hidden`);
  return out;
}

const LEGEND_NAMES: Record<string, string> = {
  function: 'Lambda', aws: 'AWS service', http: 'HTTP', database: 'database', queue: 'queue', topic: 'topic / bus', client: 'client', service: 'service',
};

/** Service types seen so far, then the marks (critical path, init, error, orphan/skew). */
export function renderLegend(el: HTMLElement, serviceTypes: number[]): void {
  const item = (mark: HTMLElement, label: string) => h('span', { class: 'legend-item' }, mark, label);
  const types = serviceTypes.slice().sort((a, b) => a - b).map((t) => {
    const type = SERVICE_TYPES[t] ?? 'service';
    return item(h('span', { class: `svc-dot svc-${type}`, attrs: { 'aria-hidden': 'true' } }), LEGEND_NAMES[type] ?? type);
  });
  el.replaceChildren(...types,
    item(h('span', { class: 'legend-critical', attrs: { 'aria-hidden': 'true' } }), 'critical path'),
    item(h('span', { class: 'legend-init', attrs: { 'aria-hidden': 'true' } }), 'cold-start init'),
    item(h('span', { class: 'legend-error', attrs: { 'aria-hidden': 'true' } }), 'error'),
    item(h('span', { class: 'legend-orphan', attrs: { 'aria-hidden': 'true' } }), 'orphan / skewed'));
}
