// The text parts of the view: anomaly list, slow-vs-fast table, invocation list. Text only via textContent.
import type { AnomalyView, ComparisonView, InvocationRowView } from '../../src/protocol/anomalies';
import { clear, h } from '../shared/dom';
import { formatDuration, formatTimestamp, plural } from '../../src/common/format';
import { fmtMetric } from './charts';

const METRIC_LABEL: Record<string, string> = { p95Ms: 'p95', errorRate: 'error rate', coldStartRate: 'cold-start rate' };

export function renderAnomalyList(el: HTMLElement, anomalies: AnomalyView[], selected: { by: string; group?: string }, onPick: (a: AnomalyView) => void): void {
  clear(el);
  if (anomalies.length === 0) {
    el.appendChild(h('p', { class: 'muted', text: 'No anomalies: every bucket stayed within its baseline.' }));
    return;
  }
  const list = h('ul', { class: 'anomaly-list', attrs: { 'aria-label': 'Anomalies' } });
  for (const a of anomalies) {
    const current = a.by === selected.by && a.group === selected.group;
    const button = h('button', { class: 'anomaly', attrs: { type: 'button', 'data-by': a.by, 'data-group': a.group, 'data-bucket': a.bucketStart } },
      h('span', { class: 'mark' }),
      h('span', { class: 'when', text: formatTimestamp(a.bucketStart).slice(0, 16) }),
      h('span', { class: 'by', text: a.by }),
      h('span', { class: 'group', text: a.group }),
      h('span', { class: `metric metric-${a.metric}`, text: METRIC_LABEL[a.metric] ?? a.metric }),
      h('span', { class: 'value', text: `${fmtMetric(a.metric, a.observed)} vs ${fmtMetric(a.metric, a.baseline)}` }),
    );
    markCurrent(button, current);
    button.addEventListener('click', () => onPick(a));
    list.appendChild(h('li', {}, button));
  }
  el.appendChild(list);
}

/** The anomaly whose group the charts show: marked in words ("showing") and for screen readers, not by colour alone. */
export function markCurrent(button: HTMLElement, current: boolean): void {
  button.classList.toggle('current', current);
  if (current) button.setAttribute('aria-current', 'true');
  else button.removeAttribute('aria-current');
  const mark = button.querySelector('.mark');
  if (mark) mark.textContent = current ? '▶ showing' : '';
}

export function renderComparison(el: HTMLElement, c: ComparisonView | undefined, scope: string): void {
  clear(el);
  if (!c) return;
  el.appendChild(h('p', { class: 'muted', text: `${scope}: ${plural(c.slowCount, 'row')} slower than ${formatDuration(c.thresholdMs)} against ${plural(c.fastCount, 'faster row')}. Ranked by total variation distance (0 = same mix, 1 = no overlap).` }));
  if (c.attributes.length === 0) {
    el.appendChild(h('p', { class: 'muted', text: 'Nothing to compare: no slow rows, or no attribute with more than one value.' }));
    return;
  }
  const table = h('table', { class: 'compare' });
  table.appendChild(h('thead', {}, h('tr', {}, h('th', { text: 'attribute / value' }), h('th', { text: 'slow' }), h('th', { text: 'fast' }))));
  const body = h('tbody');
  for (const a of c.attributes.slice(0, 12)) {
    const title = a.sameAs.length ? `also: ${a.sameAs.join(', ')}` : undefined;
    body.appendChild(h('tr', { class: 'attr' },
      h('th', { attrs: { colspan: 3, scope: 'rowgroup' }, title }, h('span', { text: a.attribute }), h('span', { class: 'tvd', text: ` ${a.divergence.toFixed(2)}` }))));
    for (const v of a.values.slice(0, 6)) {
      body.appendChild(h('tr', {}, h('td', { class: 'value', text: v.value, title: v.value }), shareCell(v.slowShare, v.slowCount, 'slow'), shareCell(v.fastShare, v.fastCount, 'fast')));
    }
  }
  table.appendChild(body);
  el.appendChild(table);
}

function shareCell(share: number, count: number, kind: string): HTMLTableCellElement {
  const bar = h('span', { class: `bar bar-${kind}` });
  bar.style.width = `${Math.round(share * 100)}%`; // CSSOM property, allowed by the CSP (unlike a style attribute)
  return h('td', { class: 'share', title: `${count} rows` }, h('span', { class: 'track' }, bar), h('span', { class: 'pct', text: `${(share * 100).toFixed(0)}%` }));
}

export function renderInvocations(el: HTMLElement, caption: string, total: number, rows: InvocationRowView[], onOpen: (r: InvocationRowView) => void): void {
  clear(el);
  el.appendChild(h('p', { class: 'muted', text: `${caption}: ${plural(total, 'row')}${total > rows.length ? `, slowest ${rows.length} shown` : ''}. Click one to open its trace.` }));
  const list = h('ul', { class: 'invocations', attrs: { 'aria-label': 'Invocations' } });
  for (const r of rows) {
    const b = h('button', { class: `invocation outcome-${r.outcome}`, attrs: { type: 'button', disabled: r.traceId === null, 'data-trace': r.traceId ?? undefined } },
      h('span', { class: 'when', text: formatTimestamp(r.startMs).slice(11) }),
      h('span', { class: 'dur', text: formatDuration(r.durationMs) }),
      h('span', { class: 'outcome', text: r.outcome === 'cold' ? 'cold start' : r.outcome }),
      h('span', { class: 'label', text: r.label }),
    );
    if (r.traceId === null) b.title = 'No trace was joined to this row';
    b.addEventListener('click', () => onOpen(r));
    list.appendChild(h('li', {}, b));
  }
  el.appendChild(list);
}
