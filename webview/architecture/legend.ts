// The legend: one glyph per node type, the severity colours with the thresholds in force, edge styles.
// Built with DOM and SVG elements; colours are set through CSSOM/attributes (allowed by the CSP).
import type { GraphSettings } from '../../src/protocol/architecture';
import { h } from '../shared/dom';
import { formatDuration } from '../../src/common/format';
import type { Theme } from '../shared/theme';
import { SeverityColours, TYPE_ORDER, typeColour } from './style';

const SVG = 'http://www.w3.org/2000/svg';

const TYPE_LABELS: Record<string, string> = {
  client: 'Client (entry)', aws: 'AWS service', function: 'Lambda function', topic: 'Topic / bus',
  queue: 'Queue', database: 'Database', http: 'HTTP host', service: 'Other service',
};

/** Rough outlines of the cytoscape shapes, in a 16x12 box. */
const GLYPHS: Record<string, string> = {
  function: 'M3 1h10a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2z',
  aws: 'M4 1h8l3 5-3 5H4L1 6z',
  http: 'M8 1l7 5-7 5-7-5z',
  database: 'M2 2.5C2 1 14 1 14 2.5v7C14 11 2 11 2 9.5z',
  queue: 'M1 1h11l3 10H4z',
  topic: 'M1 1h14l-3 5 3 5H1l3-5z',
  client: 'M8 1a7 5 0 1 0 0.01 0z',
  service: 'M5 1h6l4 3v4l-4 3H5L1 8V4z',
};

function glyph(path: string, colour: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 12');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '12');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(SVG, 'path');
  p.setAttribute('d', path);
  p.setAttribute('fill', 'none');
  p.setAttribute('stroke', colour);
  p.setAttribute('stroke-width', '1.5');
  svg.appendChild(p);
  return svg;
}

function swatch(colour: string, kind: 'border' | 'halo' | 'line' | 'dash'): HTMLElement {
  const el = h('span', { class: `legend-swatch legend-${kind}`, attrs: { 'aria-hidden': 'true' } });
  if (kind === 'halo') el.style.backgroundColor = colour;
  else el.style.borderColor = colour;
  return el;
}

export function buildLegend(theme: Theme, sev: SeverityColours, s: GraphSettings, open = true): HTMLDetailsElement {
  const pct = (x: number) => `${+(x * 100).toFixed(2)}%`;
  const row = (icon: Element, text: string) => h('li', {}, icon, h('span', { text }));
  return h('details', { class: 'legend', attrs: { open } },
    h('summary', { text: 'Legend' }),
    h('ul', { class: 'legend-types', attrs: { 'aria-label': 'Node types' } },
      ...TYPE_ORDER.map((t) => row(glyph(GLYPHS[t], typeColour(theme, t)), TYPE_LABELS[t]))),
    h('ul', { class: 'legend-severity', attrs: { 'aria-label': 'Colours' } },
      row(swatch(sev.errWarning, 'border'), `errors ≥ ${pct(s.errorRateWarning)} of calls`),
      row(swatch(sev.errCritical, 'border'), `errors ≥ ${pct(s.errorRateCritical)} of calls`),
      row(swatch(sev.latWarning, 'halo'), `p95 ≥ ${formatDuration(s.p95WarningMs)}`),
      row(swatch(sev.latCritical, 'halo'), `p95 ≥ ${formatDuration(s.p95CriticalMs)}`),
      row(swatch(theme.muted, 'line'), 'call (width grows with calls)'),
      row(swatch(theme.muted, 'dash'), 'asynchronous delivery (topic, queue)')),
    h('p', { class: 'legend-note', text: 'Labels: calls · p95. Settings: traceExplorer.graph.*' }));
}
