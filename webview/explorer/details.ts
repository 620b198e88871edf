// The details pane of the selected span: what it is, how long it took, what it sent and got back,
// what went wrong, and its story (events, child calls and log lines in time order).
// Every value here is untrusted data from the traces: text nodes only.
import { KeyValue, SERVICE_TYPES, SpanDetails, StoryItem } from '../../src/protocol/messages';
import { clear, h, setText } from '../shared/dom';
import { formatDuration, formatUtc } from '../../src/common/format';
import { jsonTree } from '../shared/jsonTree';

export interface DetailsEvents {
  openSource(spanId: string): void;
  openLocation(file: string, line: number, column?: number): void;
  selectSpan(spanId: string): void;
}

export class DetailsView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;
  private readonly sourceNote: HTMLElement;
  private current?: SpanDetails;

  constructor(private readonly events: DetailsEvents) {
    this.body = h('div', { class: 'details-body' });
    this.sourceNote = h('div', { class: 'source-note', attrs: { role: 'status', 'aria-live': 'polite' } });
    this.root = h('section', { class: 'details', attrs: { 'data-testid': 'span-details', 'aria-label': 'Span details' } }, this.sourceNote, this.body);
    this.showMessage('Select a span to see its details and its story.');
  }

  get spanId(): string | undefined { return this.current?.spanId; }

  showMessage(text: string): void {
    this.current = undefined;
    setText(this.sourceNote, '');
    this.body.replaceChildren(h('div', { class: 'details-empty', text }));
  }

  showLoading(): void {
    this.root.classList.add('loading');
  }

  showSourceResult(spanId: string, ok: boolean, message: string): void {
    if (this.current?.spanId !== spanId) return;
    setText(this.sourceNote, ok ? '' : message);
    this.sourceNote.classList.toggle('warning', !ok);
  }

  show(d: SpanDetails): void {
    this.root.classList.remove('loading');
    this.current = d;
    setText(this.sourceNote, '');
    const scroll = this.body.scrollTop;
    clear(this.body);
    this.body.append(this.header(d), this.overview(d));
    if (d.invocation) this.body.append(this.invocation(d));
    if (d.http) this.body.append(this.http(d));
    if (d.exceptions.length) this.body.append(this.exceptions(d));
    this.body.append(this.story(d));
    this.body.append(section('Attributes', kvTable(d.attributes, 'No attributes'), true, d.attributes.length));
    if (d.resourceAttributes.length) this.body.append(section('Resource', kvTable(d.resourceAttributes, ''), false, d.resourceAttributes.length));
    this.body.scrollTop = scroll > 0 && this.body.dataset.spanId === d.spanId ? scroll : 0;
    this.body.dataset.spanId = d.spanId;
  }

  private header(d: SpanDetails): HTMLElement {
    const badges = h('div', { class: 'badges' });
    const badge = (text: string, cls: string) => badges.appendChild(h('span', { class: `badge ${cls}`, text }));
    if (d.status === 'error') badge('error', 'badge-error');
    if (d.fault) badge('fault', 'badge-error');
    if (d.throttle) badge('throttled', 'badge-warning');
    if (d.invocation?.status === 'timeout') badge('timeout', 'badge-error');
    if (d.invocation?.coldStart) badge('cold start', 'badge-info');
    if (d.critical) badge('critical path', 'badge-info');
    if (d.orphan) badge('orphan', 'badge-warning');
    if (d.skewed) badge('clock skew', 'badge-warning');
    if (d.inProgress) badge('in progress', 'badge-warning');
    if (d.fromLogs) badge('from logs', 'badge-info');
    const head = h('div', { class: 'details-head' },
      h('span', { class: `svc-dot svc-${SERVICE_TYPES.includes(d.serviceType) ? d.serviceType : 'service'}`, attrs: { 'aria-hidden': 'true' } }),
      h('h3', { class: 'details-title' }, h('span', { class: 'details-service', text: d.service }), ' · ', h('span', { text: d.name })),
      h('span', { class: 'details-duration', text: formatDuration(d.durationMs) }),
      badges);
    if (d.source?.file) {
      const where = `${d.source.file}${d.source.line ? `:${d.source.line}` : ''}`;
      const b = h('button', { class: 'link-button', text: `Open ${shortPath(where)}`, title: `Open ${where}`, attrs: { type: 'button', 'data-testid': 'open-source' } });
      b.addEventListener('click', () => this.events.openSource(d.spanId));
      head.appendChild(b);
    }
    return head;
  }

  private overview(d: SpanDetails): HTMLElement {
    const rows: [string, string][] = [
      ['Service', d.service],
      ['Operation', d.name],
      ['Kind', d.kind],
      ['Start', `${formatUtc(d.startMs)} (+${formatDuration(d.startOffsetMs)})`],
      ['Duration', formatDuration(d.durationMs)],
      ['Status', `${d.status}${d.statusMessage ? `: ${d.statusMessage}` : ''}`],
    ];
    if (d.httpStatus !== undefined) rows.push(['HTTP status', String(d.httpStatus)]);
    if (d.remote) rows.push([d.kind === 'server' || d.kind === 'consumer' ? 'Resource' : 'Calls', d.remote]);
    if (d.source?.file) rows.push(['Source', `${d.source.file}${d.source.line ? `:${d.source.line}` : ''}${d.source.function ? ` (${d.source.function})` : ''}`]);
    rows.push(['Span ID', d.spanId]);
    if (d.parentSpanId) rows.push(['Parent', `${d.parentSpanId}${d.orphan ? ' (not in this trace)' : ''}`]);
    rows.push(['Trace ID', d.traceId]);
    rows.push(['Read from', d.origin]);
    return section('Overview', kvTable(rows.map(([key, value]) => ({ key, value })), ''), true);
  }

  private invocation(d: SpanDetails): HTMLElement {
    const i = d.invocation!;
    const rows: KeyValue[] = [
      { key: 'Function', value: i.functionName },
      { key: 'Request ID', value: i.requestId },
      { key: 'Status', value: `${i.status}${i.errorType ? ` (${i.errorType})` : ''}${i.errorMessage ? `: ${i.errorMessage}` : ''}` },
      { key: 'Cold start', value: i.coldStart ? `yes${i.initDurationMs !== undefined ? `, init ${formatDuration(i.initDurationMs)}` : ''}` : 'no' },
    ];
    if (i.durationMs !== undefined) rows.push({ key: 'Duration', value: `${formatDuration(i.durationMs)}${i.billedDurationMs !== undefined ? ` (billed ${formatDuration(i.billedDurationMs)})` : ''}` });
    if (i.memorySizeMb !== undefined) rows.push({ key: 'Memory', value: `${i.maxMemoryUsedMb ?? '?'} MB used of ${i.memorySizeMb} MB` });
    if (i.cost) rows.push({ key: 'Cost', value: i.cost.text });
    return section('Lambda invocation', kvTable(rows, ''), true);
  }

  private http(d: SpanDetails): HTMLElement {
    const x = d.http!;
    const line = h('div', { class: 'http-line' },
      x.method ? h('span', { class: 'http-method', text: x.method }) : null,
      x.url ? h('span', { class: 'http-url', text: x.url }) : null,
      x.statusCode !== undefined ? h('span', { class: `http-status${x.statusCode >= 400 ? ' bad' : ''}`, text: String(x.statusCode) }) : null);
    const parts: HTMLElement[] = [line];
    if (x.requestHeaders.length) parts.push(section('Request headers', kvTable(x.requestHeaders, ''), false, x.requestHeaders.length, 'sub'));
    if (x.requestBody !== undefined) parts.push(section('Request body', body(x.requestBody), true, undefined, 'sub'));
    if (x.responseHeaders.length) parts.push(section('Response headers', kvTable(x.responseHeaders, ''), false, x.responseHeaders.length, 'sub'));
    if (x.responseBody !== undefined) parts.push(section('Response body', body(x.responseBody), true, undefined, 'sub'));
    return section('HTTP', h('div', {}, ...parts), true);
  }

  private exceptions(d: SpanDetails): HTMLElement {
    const list = h('div', { class: 'exceptions' });
    for (const x of d.exceptions) {
      const title = `${x.type ?? 'Error'}${x.message ? `: ${x.message}` : ''}${x.from === 'log' ? ' (from the log)' : ''}`;
      const item = h('div', { class: 'exception' }, h('div', { class: 'exception-title', text: title }));
      if (x.frames.length) {
        // The whole stack, each frame a link; runtime and library frames dimmed, the user's frame marked.
        const frames = h('ol', { class: 'frames', attrs: { 'data-testid': 'exception-frames' } });
        x.frames.forEach((f, i) => {
          const label = `${f.function ? `${f.function} ` : ''}${f.file}${f.line ? `:${f.line}` : ''}${f.column ? `:${f.column}` : ''}`;
          const cls = i === x.userFrame ? ' user-frame' : f.library ? ' library-frame' : '';
          const li = h('li', { class: cls.trim() });
          if (f.line) {
            const b = h('button', { class: `link-button frame${cls}`, text: label, title: `Open ${f.file}:${f.line}`, attrs: { type: 'button' } });
            b.addEventListener('click', () => this.events.openLocation(f.file, f.line!, f.column));
            li.appendChild(b);
          } else li.appendChild(h('span', { text: label }));
          if (i === x.userFrame) li.appendChild(h('span', { class: 'frame-note', text: ' ← your code' }));
          frames.appendChild(li);
        });
        if (x.framesOmitted) frames.appendChild(h('li', { class: 'library-frame', text: `… ${x.framesOmitted} more frames` }));
        item.appendChild(frames);
      }
      if (x.stack) item.appendChild(section('Stack', h('pre', { class: 'stack', text: x.stack }), !x.frames.length, undefined, 'sub'));
      list.appendChild(item);
    }
    return section('Exceptions', list, true, d.exceptions.length);
  }

  private story(d: SpanDetails): HTMLElement {
    const list = h('ol', { class: 'story', attrs: { 'aria-label': 'Story: events, calls and log lines in time order' } });
    for (const s of d.story) list.appendChild(this.storyItem(s));
    if (d.storyOmitted > 0) list.appendChild(h('li', { class: 'story-more', text: `… ${d.storyOmitted} more log lines not shown` }));
    const logs = d.story.filter((s) => s.kind === 'log').length;
    return section(`Story`, list, true, logs ? logs + d.storyOmitted : undefined, undefined, logs ? 'log lines' : undefined);
  }

  private storyItem(s: StoryItem): HTMLElement {
    const level = (s.level ?? '').toUpperCase();
    const cls = `story-item story-${s.kind}${level === 'ERROR' || level === 'FATAL' ? ' is-error' : level === 'WARN' ? ' is-warn' : ''}`;
    const li = h('li', { class: cls, attrs: s.kind === 'log' ? { 'data-testid': 'log-line' } : {} },
      h('span', { class: 'story-time', text: `+${formatDuration(s.t)}` }),
      h('span', { class: 'story-tag', text: s.kind === 'log' ? (level || (s.logKind ?? 'log')) : TAGS[s.kind] }));
    if (s.kind === 'child' && s.spanId) {
      const b = h('button', { class: 'link-button story-text', text: s.text, attrs: { type: 'button' } });
      const id = s.spanId;
      b.addEventListener('click', () => this.events.selectSpan(id));
      li.appendChild(b);
    } else {
      li.appendChild(h('span', { class: 'story-text', text: s.text }));
    }
    return li;
  }
}

const TAGS: Record<string, string> = { 'span-start': 'start', 'span-end': 'end', child: 'call', event: 'event', exception: 'exception', log: 'log' };

function section(title: string, content: HTMLElement, open: boolean, count?: number, variant?: string, countLabel?: string): HTMLElement {
  const summary = h('summary', {}, h('span', { class: 'section-title', text: title }),
    count !== undefined ? h('span', { class: 'section-count', text: countLabel ? `${count} ${countLabel}` : String(count) }) : null);
  const d = h('details', { class: `section${variant ? ` section-${variant}` : ''}` }, summary, content);
  d.open = open;
  return d;
}

function kvTable(rows: KeyValue[], empty: string): HTMLElement {
  if (rows.length === 0) return h('div', { class: 'muted', text: empty });
  const table = h('table', { class: 'kv' });
  const tbody = h('tbody', {});
  for (const r of rows) tbody.appendChild(h('tr', {}, h('th', { text: r.key, attrs: { scope: 'row' } }), h('td', { text: r.value })));
  table.appendChild(tbody);
  return table;
}

function body(v: unknown): HTMLElement {
  return typeof v === 'object' && v !== null ? jsonTree(v) : h('pre', { class: 'body-text', text: String(v) });
}

function shortPath(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts.length > 2 ? `…/${parts.slice(-2).join('/')}` : p;
}
