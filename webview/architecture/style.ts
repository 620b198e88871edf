// The cytoscape stylesheet, from VS Code's theme colours: shape per resource type, border for errors,
// halo for latency, dashed edges for asynchronous delivery. Labels are canvas text (never HTML).
import type { StylesheetJson } from 'cytoscape';
import type { Theme } from '../shared/theme';
import { costSizeStyles } from './costSize';

/** Shapes per node type (and per AWS service where a common symbol exists). */
export const TYPE_SHAPES: Record<string, string> = {
  function: 'round-rectangle', aws: 'round-hexagon', http: 'round-diamond', database: 'barrel',
  queue: 'right-rhomboid', topic: 'concave-hexagon', client: 'ellipse', service: 'round-octagon',
};
const SERVICE_SHAPES: Record<string, string> = { DynamoDB: 'barrel', S3: 'barrel', APIGateway: 'round-tag', StepFunctions: 'round-pentagon' };

export function shapeOf(type: string, service?: string): string {
  return (service && SERVICE_SHAPES[service]) || TYPE_SHAPES[type] || 'ellipse';
}

export const TYPE_ORDER = ['client', 'aws', 'function', 'topic', 'queue', 'database', 'http', 'service'] as const;
const SERVICE_TYPE_INDEX: Record<string, number> = { function: 0, aws: 1, http: 2, database: 3, queue: 4, topic: 5, client: 6, service: 7 };

export interface SeverityColours {
  errWarning: string;
  errCritical: string;
  latWarning: string;
  latCritical: string;
}

export function severityColours(): SeverityColours {
  const style = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    errWarning: v('--vscode-editorWarning-foreground', '#cca700'),
    errCritical: v('--vscode-errorForeground', '#f14c4c'),
    latWarning: v('--vscode-charts-yellow', '#cca700'),
    latCritical: v('--vscode-charts-purple', '#b180d7'),
  };
}

export function typeColour(theme: Theme, type: string): string {
  return theme.serviceColors[SERVICE_TYPE_INDEX[type] ?? 7];
}

const SHAPES = [...new Set([...Object.values(TYPE_SHAPES), ...Object.values(SERVICE_SHAPES), 'ellipse'])];
/** Edge widths in half-pixel steps, 1..6 px (see edgeWidth). */
const WIDTHS = Array.from({ length: 11 }, (_, i) => 1 + i / 2);

/**
 * Shape, colour and width as classes rather than `data(...)` mappers: cytoscape shares the computed style of
 * elements with the same classes, while a mapper is evaluated per element (most of the init time of a large graph).
 */
export function nodeClasses(type: string, service?: string): string[] {
  return [`t-${type in SERVICE_TYPE_INDEX ? type : 'service'}`, `sh-${shapeOf(type, service)}`];
}

export function widthClass(width: number): string {
  return `w${Math.round(Math.min(6, Math.max(1, width)) * 2)}`;
}

/** `vertical`: laid out top to bottom, where most edges are vertical and a label along them would read sideways. */
export function graphStyle(theme: Theme, sev: SeverityColours, large: boolean, vertical = false): StylesheetJson {
  const hc = theme.contrastBorder !== '';
  const edgeColour = hc ? theme.fg : theme.muted;
  return [
    {
      selector: 'node',
      style: {
        width: 44, height: 36,
        'background-opacity': hc ? 0 : 0.22, 'border-width': 2,
        label: 'data(label)', 'text-wrap': 'wrap', 'text-max-width': '160px',
        'text-valign': 'bottom', 'text-halign': 'center', 'text-margin-y': 4,
        color: theme.fg, 'font-family': theme.fontFamily, 'font-size': Math.max(10, theme.fontSize - 2),
        // Opaque: an edge passing behind a name is hidden there rather than striking it through.
        'text-background-color': theme.bg, 'text-background-opacity': 1, 'text-background-padding': '2px',
        // Below this on-screen size labels are not drawn: unreadable anyway, and the costliest part of a frame.
        'min-zoomed-font-size': large ? 9 : 6,
      },
    },
    ...SHAPES.map((shape) => ({ selector: `node.sh-${shape}`, style: { shape: shape as never } })),
    ...Object.keys(SERVICE_TYPE_INDEX).map((type) => {
      const c = typeColour(theme, type);
      return { selector: `node.t-${type}`, style: { 'background-color': c, 'border-color': hc ? theme.contrastBorder : c } };
    }),
    ...costSizeStyles(),
    { selector: 'node.err-warning', style: { 'border-color': sev.errWarning, 'border-width': 4 } },
    { selector: 'node.err-critical', style: { 'border-color': sev.errCritical, 'border-width': 5 } },
    { selector: 'node.lat-warning', style: { 'underlay-color': sev.latWarning, 'underlay-opacity': 0.45, 'underlay-padding': 6 } as never },
    { selector: 'node.lat-critical', style: { 'underlay-color': sev.latCritical, 'underlay-opacity': 0.55, 'underlay-padding': 8 } as never },
    {
      selector: 'edge',
      style: {
        'line-color': edgeColour, 'target-arrow-color': edgeColour, 'mid-target-arrow-color': edgeColour,
        // Large graphs: haystack lines (centre to centre, no intersection maths) with the arrow halfway along.
        ...(large ? { 'curve-style': 'haystack', 'mid-target-arrow-shape': 'triangle' } : { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle' }),
        'arrow-scale': 0.9, opacity: 0.85,
        // No edge labels on large graphs: thousands of them would cover the nodes' names.
        ...(large ? {} : {
          label: 'data(label)', 'font-size': Math.max(10, theme.fontSize - 3), color: theme.muted,
          'font-family': theme.fontFamily, 'text-background-color': theme.bg, 'text-background-opacity': 0.75,
          'text-rotation': vertical ? 'none' : 'autorotate', 'min-zoomed-font-size': 8,
        }),
      },
    },
    ...WIDTHS.map((w) => ({ selector: `edge.${widthClass(w)}`, style: { width: w } })),
    { selector: 'edge.async', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } as never },
    { selector: 'edge.lat-warning', style: { 'line-color': sev.latWarning, 'target-arrow-color': sev.latWarning, 'mid-target-arrow-color': sev.latWarning } },
    { selector: 'edge.lat-critical', style: { 'line-color': sev.latCritical, 'target-arrow-color': sev.latCritical, 'mid-target-arrow-color': sev.latCritical } },
    // Errors win over latency: listed after so they override.
    { selector: 'edge.err-warning', style: { 'line-color': sev.errWarning, 'target-arrow-color': sev.errWarning, 'mid-target-arrow-color': sev.errWarning } },
    { selector: 'edge.err-critical', style: { 'line-color': sev.errCritical, 'target-arrow-color': sev.errCritical, 'mid-target-arrow-color': sev.errCritical } },
    { selector: '.dimmed', style: { opacity: 0.15 } },
    { selector: 'node.match', style: { 'border-color': theme.focus, 'border-width': 5 } },
    { selector: 'node.path', style: { 'border-color': theme.focus, 'border-width': 5, opacity: 1 } },
    { selector: 'edge.path', style: { 'line-color': theme.focus, 'target-arrow-color': theme.focus, 'mid-target-arrow-color': theme.focus, opacity: 1, width: 4 } },
    { selector: ':selected', style: { 'overlay-color': theme.focus, 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
    // The node the arrow keys are on: a ring in the theme's focus colour, drawn outside the border (visible in every theme).
    { selector: 'node.kbd-focus', style: { 'outline-width': 4, 'outline-color': theme.focus, 'outline-offset': 4, 'outline-opacity': 1 } as never },
  ];
}
