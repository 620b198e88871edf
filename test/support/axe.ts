// axe-core inside a webview frame. The source is evaluated in the frame through playwright (the DevTools
// protocol), not added as a <script>, so the panel's CSP stays as strict as users get it.
import * as fs from 'fs';
import type { Frame } from 'playwright-core';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules issue 21 holds every panel to. */
export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string; html: string }[];
}

let source: string | undefined;

export async function runAxe(frame: Frame, tags = WCAG_AA_TAGS): Promise<{ violations: AxeViolation[]; passes: number; version: string }> {
  source ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const loaded = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await frame.evaluate(source);
  return frame.evaluate(async (runOnly) => {
    type AxeResult = { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string; html: string }[] };
    const axe = (window as unknown as { axe: { version: string; run(ctx: unknown, o: unknown): Promise<{ violations: AxeResult[]; passes: AxeResult[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: runOnly }, resultTypes: ['violations'] });
    return {
      version: axe.version,
      passes: r.passes.length,
      violations: r.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => {
          // What the element shows and what it is called: enough to see a name mismatch in the log.
          const el = n.target.length === 1 ? document.querySelector(String(n.target[0])) as HTMLElement | null : null;
          const said = el ? ` [text "${el.innerText.replace(/\s+/g, ' ').slice(0, 120)}" label "${(el.getAttribute('aria-label') ?? '').slice(0, 160)}"]` : '';
          return { target: n.target.map(String).join(' '), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ') + said, html: n.html.slice(0, 160) };
        }),
      })),
    };
  }, tags);
}

/** One line per violation with its first nodes, for an assertion message and the log CI keeps. */
export function describeViolations(vs: AxeViolation[], nodesEach = 4): string {
  return vs.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.help}\n` +
    v.nodes.slice(0, nodesEach).map((n) => `    ${n.target}: ${n.summary} | ${n.html}`).join('\n')).join('\n');
}
