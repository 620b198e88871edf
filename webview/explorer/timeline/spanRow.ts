// One row of the timeline's label column: the accessible face of a span (treeitem with level,
// expanded state and a spoken label), plus the legend of what the colours and marks mean.
import { RowFlag, SERVICE_TYPES } from '../../../src/protocol/messages';
import { h, setAttr, setText } from '../../shared/dom';
import { formatDuration } from '../../../src/common/format';
import { MAX_INDENT_LEVELS, spanRowText } from '../../shared/a11yText';
import type { RowRef } from './draw';

const INDENT_PX = 12;

export function createSpanRow(): HTMLElement {
  return h('div', { class: 'span-row', attrs: { role: 'treeitem', 'data-testid': 'span-row' } },
    h('span', { class: 'twisty', attrs: { 'aria-hidden': 'true' } }),
    h('span', { class: 'svc-dot', attrs: { 'aria-hidden': 'true' } }),
    h('span', { class: 'span-service' }),
    // A space between the words (the flex gap is not one): checkers and copy-paste read "service name", not "servicename".
    ' ',
    h('span', { class: 'span-name' }),
    h('span', { class: 'span-badges', attrs: { 'aria-hidden': 'true' } }));
}

/**
 * Fills a (recycled) row element; `r` undefined means the row's page is still loading. Its name says what
 * the bar beside it shows (start, duration, status, critical path, cold start, source), the tree its place.
 */
export function renderSpanRow(el: HTMLElement, r: RowRef | undefined, selected: boolean): void {
  const [twisty, dot, service, name, badges] = Array.from(el.children) as HTMLElement[];
  if (!r) {
    el.className = 'vlist-row span-row placeholder';
    for (const a of ['data-span-id', 'data-source-file', 'data-source-line', 'aria-expanded', 'aria-level', 'aria-posinset', 'aria-setsize']) setAttr(el, a, undefined);
    setAttr(el, 'aria-label', 'Loading');
    setText(twisty, ''); setText(service, ''); setText(name, 'Loading…'); setText(badges, '');
    return;
  }
  const { c, j } = r;
  const flags = c.flags[j];
  const depth = c.depth[j];
  const type = SERVICE_TYPES[c.serviceType[j]] ?? 'service';
  const t = spanRowText({
    service: c.service[j], name: c.name[j], depth, start: c.start[j], duration: c.duration[j], init: c.init[j], flags,
    descendants: c.descendants[j], sourceFile: c.sourceFile[j], sourceLine: c.sourceLine[j],
  });
  el.className = `vlist-row span-row${selected ? ' selected' : ''}${flags & (RowFlag.Error | RowFlag.Fault | RowFlag.Timeout) ? ' has-error' : ''}${flags & RowFlag.Critical ? ' critical' : ''}${flags & RowFlag.Match ? ' is-match' : ''}`;
  el.style.paddingLeft = `${4 + Math.min(depth, MAX_INDENT_LEVELS) * INDENT_PX}px`;
  setAttr(el, 'data-span-id', c.spanId[j]);
  setAttr(el, 'aria-level', depth + 1);
  // Position among its siblings (older hosts send none: then the tree says nothing rather than guess).
  setAttr(el, 'aria-posinset', c.posInSet?.[j] || undefined);
  setAttr(el, 'aria-setsize', c.setSize?.[j] || undefined);
  setAttr(el, 'aria-selected', selected ? 'true' : 'false');
  setAttr(el, 'aria-expanded', flags & RowFlag.HasChildren ? (flags & RowFlag.Collapsed ? 'false' : 'true') : undefined);
  setAttr(el, 'aria-label', flags & RowFlag.Match ? `${t.label}, matches the search` : t.label);
  setAttr(el, 'data-source-file', c.sourceFile[j] || undefined);
  setAttr(el, 'data-source-line', c.sourceFile[j] && c.sourceLine[j] ? c.sourceLine[j] : undefined);
  const where = c.sourceFile[j] ? `\n${c.sourceFile[j]}${c.sourceLine[j] ? `:${c.sourceLine[j]}` : ''}` : '';
  el.title = `${c.service[j]} · ${c.name[j]} · ${formatDuration(c.duration[j])}${t.notes.length ? `\n${t.notes.join(', ')}` : ''}${where}`;
  setText(twisty, flags & RowFlag.HasChildren ? (flags & RowFlag.Collapsed ? '▸' : '▾') : '');
  dot.className = `svc-dot svc-${type}`;
  setText(service, t.service);
  setText(name, t.name);
  setText(badges, t.badges);
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
