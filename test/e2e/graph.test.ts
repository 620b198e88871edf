// End-to-end: a person opens the Architecture view from the command palette on the bundled sample
// data, sees every function, resource and third-party host of the sample app drawn and connected from the API
// entry through SNS and SQS to the downstream functions, clicks the failing identity-provider edge (HTTP 401),
// sees its 401 traces listed, and clicks one to open it in the Trace Explorer timeline. Once per light and dark
// and high-contrast theme (E2E_THEMES=light,dark,hc picks), each in its own code-server; screenshots of the graph in each.
//
// The expected graph is derived from samples/app/template.yaml (the app as deployed), not from the graph
// builder; the expected 401 traces from the sample data read with the core's loadPaths and its manifest.
// What is drawn is read from cytoscape's model through the webview's test hook (window.traceExplorerGraph)
// and from the details panel's accessible names, never from pixels.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import * as YAML from 'yaml';
import { loadPaths } from '../../src/core/load';
import { REPO_ROOT } from '../support/codeServer';
import { pngStats } from '../support/png';
import { activeTabLabel, poll, runCommand, saveScreenshot, screenshotPath } from '../support/workbench';
import { useWorkbench } from '../support/session';

const THEMES = [
  { key: 'light', name: 'Default Light Modern', baseClass: 'vs', bodyClass: 'vscode-light' },
  { key: 'dark', name: 'Default Dark Modern', baseClass: 'vs-dark', bodyClass: 'vscode-dark' },
  { key: 'hc', name: 'Default High Contrast', baseClass: 'hc-black', bodyClass: 'vscode-high-contrast' },
];

const OPEN_TITLE = 'Serverless Traces: Open Architecture View';
const SAMPLE_DATA = path.join(REPO_ROOT, 'samples', 'data');
const TEMPLATE = path.join(REPO_ROOT, 'samples', 'app', 'template.yaml');

// ---- The app as its SAM template describes it ----

interface ExpectedNode { id: string; name: string; kind: string }
interface ExpectedEdge { source: string; target: string; async: boolean; why: string }
interface ExpectedGraph { nodes: ExpectedNode[]; edges: ExpectedEdge[]; entry: string; api: string; idpEdge: ExpectedEdge; idpHost: string }

type Cfn = Record<string, unknown>;

/** Reads template.yaml (CloudFormation short tags as {Ref}/{Fn::GetAtt}/{Fn::Sub}) into the nodes and edges the view should draw. */
function expectedFromTemplate(): ExpectedGraph {
  const tag = (t: string, key: string) => ({ tag: t, resolve: (s: string) => ({ [key]: s }) });
  const doc = YAML.parse(fs.readFileSync(TEMPLATE, 'utf8'), {
    customTags: [tag('!Ref', 'Ref'), tag('!GetAtt', 'Fn::GetAtt'), tag('!Sub', 'Fn::Sub')],
  }) as { Parameters?: Record<string, Cfn>; Resources: Record<string, { Type: string; Properties?: Cfn }> };
  const res = doc.Resources;
  const params = doc.Parameters ?? {};
  /** The logical id a {Ref: X} / {Fn::GetAtt: X.Attr} points at. */
  const target = (v: unknown): string | undefined => {
    if (v && typeof v === 'object') {
      const o = v as Cfn;
      if (typeof o.Ref === 'string') return o.Ref;
      if (typeof o['Fn::GetAtt'] === 'string') return (o['Fn::GetAtt'] as string).split('.')[0];
    }
    return undefined;
  };
  const nodes: ExpectedNode[] = [];
  const idOf = new Map<string, string>(); // logical id -> graph node id
  const add = (logical: string, id: string, name: string, kind: string) => {
    idOf.set(logical, id);
    if (!nodes.some((n) => n.id === id)) nodes.push({ id, name, kind });
  };
  for (const [logical, r] of Object.entries(res)) {
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::Serverless::Api': { const name = `${p.Name}/${p.StageName}`; add(logical, `aws:${name}`, name, 'API Gateway stage'); break; }
      case 'AWS::DynamoDB::Table': add(logical, `aws:${p.TableName}`, String(p.TableName), 'DynamoDB table'); break;
      case 'AWS::SNS::Topic': add(logical, `topic:${p.TopicName}`, String(p.TopicName), 'SNS topic'); break;
      case 'AWS::SQS::Queue': add(logical, `queue:${p.QueueName}`, String(p.QueueName), 'SQS queue'); break;
      case 'AWS::Serverless::Function': add(logical, `function:${p.FunctionName}`, String(p.FunctionName), 'Lambda function'); break;
    }
  }
  const api = nodes.find((n) => n.kind === 'API Gateway stage');
  assert.ok(api, 'template.yaml declares no AWS::Serverless::Api');
  // Requests come from outside: the view draws them as a client entry calling the API stage.
  const entry = { id: 'client:client', name: 'client', kind: 'client entry' };
  nodes.push(entry);
  const edges: ExpectedEdge[] = [{ source: entry.id, target: api.id, async: false, why: 'requests enter through the API' }];
  const edge = (source: string | undefined, tgt: string | undefined, async: boolean, why: string) => {
    assert.ok(source && tgt, `template.yaml: cannot resolve ${why}`);
    if (!edges.some((e) => e.source === source && e.target === tgt)) edges.push({ source, target: tgt, async, why });
  };
  const urlValue = (v: unknown): string | undefined => {
    const ref = target(v);
    const s = ref && params[ref] ? params[ref].Default : v;
    return typeof s === 'string' && /^https?:\/\//.test(s) ? s : undefined;
  };
  let idpHost = '';
  for (const [logical, r] of Object.entries(res)) {
    if (r.Type !== 'AWS::Serverless::Function') continue;
    const p = r.Properties ?? {};
    const fn = idOf.get(logical)!;
    for (const ev of Object.values((p.Events ?? {}) as Record<string, { Type: string; Properties: Cfn }>)) {
      if (ev.Type === 'Api') edge(idOf.get(target(ev.Properties.RestApiId) ?? ''), fn, false, `${logical} Api event`);
      if (ev.Type === 'SNS') edge(idOf.get(target(ev.Properties.Topic) ?? ''), fn, true, `${logical} SNS event`);
      if (ev.Type === 'SQS') edge(idOf.get(target(ev.Properties.Queue) ?? ''), fn, true, `${logical} SQS event`);
    }
    for (const pol of (p.Policies ?? []) as Cfn[]) {
      const [[kind, args]] = Object.entries(pol) as [string, Cfn][];
      if (kind === 'DynamoDBCrudPolicy') edge(fn, idOf.get(target(args.TableName) ?? ''), false, `${logical} ${kind}`);
      if (kind === 'SNSPublishMessagePolicy') edge(fn, idOf.get(target(args.TopicName) ?? ''), true, `${logical} ${kind}`);
      if (kind === 'SQSSendMessagePolicy') edge(fn, idOf.get(target(args.QueueName) ?? ''), true, `${logical} ${kind}`);
    }
    // Third-party HTTP APIs: the URLs the function is configured with (directly or through a parameter).
    for (const [name, v] of Object.entries(((p.Environment as Cfn | undefined)?.Variables ?? {}) as Cfn)) {
      const url = urlValue(v);
      if (!url) continue;
      const host = new URL(url).hostname;
      if (!nodes.some((n) => n.id === `http:${host}`)) nodes.push({ id: `http:${host}`, name: host, kind: 'HTTP host' });
      edge(fn, `http:${host}`, false, `${logical} ${name}`);
      if (/IDP|IDENTITY|AUTH/i.test(name)) idpHost = host;
    }
  }
  assert.ok(idpHost, 'template.yaml: no identity-provider URL');
  const idpEdge = edges.find((e) => e.target === `http:${idpHost}`)!;
  return { nodes, edges, entry: entry.id, api: api.id, idpEdge, idpHost };
}

/** The traces in which the identity provider answered 401, read from the sample data with the core reader. */
async function expected401Traces(idpHost: string): Promise<{ traces: Set<string>; calls: number; window?: { startMs: number; endMs: number }; starts: Map<string, number> }> {
  const ds = await loadPaths([SAMPLE_DATA]);
  const traces = new Set<string>();
  const starts = new Map<string, number>();
  let calls = 0;
  for (const t of ds.traces) {
    const n = t.nodes.filter((x) => x.span.httpStatus === 401 && x.span.remote?.name === idpHost).length;
    if (n > 0) { traces.add(t.traceId); starts.set(t.traceId, t.startMs); calls += n; }
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLE_DATA, 'manifest.json'), 'utf8')) as { incidents?: { idpBurst?: { startMs: number; endMs: number } } };
  return { traces, calls, window: manifest.incidents?.idpBurst, starts };
}

// ---- Reading the webviews ----

interface HookNode { id: string; label: string; classes: string[] }
interface HookEdge { id: string; source: string; target: string; classes: string[] }
interface Rendered { x: number; y: number; x1: number; y1: number; x2: number; y2: number; fontPx: number; labelColour: string }
interface Hook {
  nodes(): HookNode[];
  edges(): HookEdge[];
  layout(): { name: string; ms: number } | undefined;
  selected(): string | undefined;
  highlighted(): string[];
  panBy(x: number, y: number): void;
  rendered(id: string): Rendered | undefined;
}
type HookWindow = { traceExplorerGraph?: Hook };

/** The content frame of the webview whose document satisfies `test` (several webviews may be open). */
async function frameWhere(page: Page, what: string, test: () => boolean, timeoutMs: number): Promise<Frame> {
  return poll(what, async () => {
    for (const f of page.frames()) {
      if (f === page.mainFrame() || f.isDetached()) continue;
      if (await f.evaluate(test).catch(() => false)) return f;
    }
    return undefined;
  }, timeoutMs, 300);
}

const graphFrame = (page: Page, timeoutMs = 60_000) =>
  frameWhere(page, 'the Architecture webview (window.traceExplorerGraph)', () => !!(window as unknown as HookWindow).traceExplorerGraph, timeoutMs);
const explorerFrame = (page: Page, timeoutMs = 60_000) =>
  frameWhere(page, 'the Trace Explorer webview (its timeline)', () => !!document.querySelector('[data-testid="timeline"]'), timeoutMs);

/**
 * Calls `fn(window.traceExplorerGraph, arg)` in the graph's frame. Sent as an expression evaluated through the
 * devtools protocol (not eval/new Function inside the page, which the webview's CSP forbids).
 */
async function hookRead<T>(frame: Frame, fn: (hook: Hook, arg: string) => T, arg = ''): Promise<T> {
  const expr = `(() => { const hook = window.traceExplorerGraph; if (!hook) throw new Error('no window.traceExplorerGraph'); ` +
    `return (${fn.toString()})(hook, ${JSON.stringify(arg)}); })()`;
  return (await frame.evaluate(expr)) as T;
}

/** WCAG contrast ratio of two CSS colours (rgb()/rgba()/#hex). */
function contrast(a: string, b: string): number {
  const parse = (c: string): number[] => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (m) return m[1].split(',').slice(0, 3).map((x) => Number(x.trim()));
    const hx = c.replace('#', '');
    const full = hx.length === 3 ? hx.split('').map((x) => x + x).join('') : hx.slice(0, 6);
    return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  };
  const lum = (c: number[]) => {
    const [r, g, bl] = c.map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [l1, l2] = [lum(parse(a)), lum(parse(b))].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

for (const theme of THEMES.filter((t) => !process.env.E2E_THEMES || process.env.E2E_THEMES.split(',').includes(t.key))) {
  describe(`Architecture e2e [${theme.key}: ${theme.name}]`, function () {
    let page: Page;
    let graph: Frame;
    let want: ExpectedGraph;
    let idpEdgeId = '';
    let clickedTrace = '';
    let four01: Awaited<ReturnType<typeof expected401Traces>>;

    useWorkbench({
      name: `e2e-graph-${theme.key}`,
      startTimeoutMs: 240_000,
      server: async () => {
        want = expectedFromTemplate();
        four01 = await expected401Traces(want.idpHost);
        return { theme: theme.name };
      },
      skipAfterFailure: { theme: theme.key, step: 'graph-failure' },
      opened: async (s) => {
        page = s.page;
        await poll(`the workbench to use ${theme.name}`, async () =>
          ((await page.locator('.monaco-workbench').getAttribute('class')) ?? '').split(/\s+/).includes(theme.baseClass), 60_000);
      },
    });

    it('opens from the command palette and draws every function, resource and host of the sample app, connected from the API entry', async function () {
      this.timeout(300_000);
      assert.ok(want.nodes.length >= 10 && four01.traces.size > 0, `sample not as expected: ${want.nodes.length} nodes, ${four01.traces.size} 401 traces`);
      await runCommand(page, OPEN_TITLE, 90_000);
      await poll('the Architecture tab to open', async () => (await activeTabLabel(page)) === 'Architecture', 60_000);
      graph = await graphFrame(page, 90_000);
      // The first graph may be the "loading" one (no nodes): wait until the sample's graph is laid out.
      const wantIds = want.nodes.map((n) => n.id).sort();
      await poll(
        `the graph to draw ${wantIds.length} nodes`,
        async () => {
          const got = await hookRead(graph, (h) => (h.layout() ? h.nodes().map((n) => n.id) : []));
          return wantIds.every((id) => got.includes(id)) || undefined;
        },
        180_000,
        500,
      ).catch(async (e) => {
        const got = await hookRead(graph, (h) => h.nodes().map((n) => n.id)).catch(() => []);
        throw new Error(`${(e as Error).message}; drawn: ${JSON.stringify(got)}`);
      });
      const nodes = await hookRead(graph, (h) => h.nodes());
      const edges = await hookRead(graph, (h) => h.edges());
      // Exactly the app: nothing missing, nothing stray (a stray node means a reader lost a resource's name).
      assert.deepStrictEqual(nodes.map((n) => n.id).sort(), wantIds, 'drawn nodes vs samples/app/template.yaml');
      for (const n of want.nodes) {
        const label = nodes.find((x) => x.id === n.id)!.label;
        assert.strictEqual(label.split('\n')[0], n.name, `label of the ${n.kind} ${n.id}`);
      }
      const missing = want.edges.filter((e) => !edges.some((x) => x.source === e.source && x.target === e.target));
      assert.deepStrictEqual(missing, [], `edges missing (have ${edges.map((e) => e.id).join(', ')})`);
      const stray = edges.filter((x) => !want.edges.some((e) => e.source === x.source && e.target === x.target));
      assert.deepStrictEqual(stray.map((e) => e.id), [], 'edges the template does not explain');
      // SNS and SQS deliveries are asynchronous (drawn dashed); calls are not.
      for (const e of want.edges) {
        const x = edges.find((y) => y.source === e.source && y.target === e.target)!;
        assert.strictEqual(x.classes.includes('async'), e.async, `${x.id} async (${e.why})`);
      }
      // Connected: every node is reached from the client entry, through the API stage.
      const seen = new Set([want.entry]);
      for (let grew = true; grew;) {
        grew = false;
        for (const e of edges) if (seen.has(e.source) && !seen.has(e.target)) { seen.add(e.target); grew = true; }
      }
      assert.deepStrictEqual([...seen].sort(), wantIds, 'nodes not reachable from the API entry');
      const deliveries = want.nodes.filter((n) => n.kind === 'Lambda function').flatMap((fn) =>
        edges.filter((e) => e.target === fn.id && /^(topic|queue):/.test(e.source)).map((e) => `${e.source} -> ${fn.id}`));
      process.stdout.write(`      drawn: ${nodes.length} nodes, ${edges.length} edges; async deliveries: ${deliveries.join(', ')}\n`);
      assert.ok(deliveries.some((d) => d.startsWith('topic:')) && deliveries.some((d) => d.startsWith('queue:')), 'no function is reached through SNS and SQS');

      // Drawn where a person sees it: every node inside the canvas, with a label big enough to read, in a
      // colour that stands out from the background.
      const canvas = graph.locator('[data-testid="graph-canvas"]');
      const box = await canvas.boundingBox();
      assert.ok(box && box.width > 300 && box.height > 200, `graph canvas too small: ${JSON.stringify(box)}`);
      const page0 = await graph.evaluate(() => ({ bg: getComputedStyle(document.body).backgroundColor, body: document.body.className }));
      assert.ok(page0.body.split(/\s+/).includes(theme.bodyClass), `webview body is "${page0.body}", not ${theme.bodyClass}`);
      for (const n of nodes) {
        const r = await hookRead(graph, (h, id) => h.rendered(id), n.id);
        assert.ok(r, `${n.id} not rendered`);
        assert.ok(r.x1 >= -1 && r.y1 >= -1 && r.x2 <= box.width + 1 && r.y2 <= box.height + 1, `${n.id} drawn outside the canvas: ${JSON.stringify(r)} in ${JSON.stringify(box)}`);
        assert.ok(r.fontPx >= 9, `${n.id}: label drawn at ${r.fontPx.toFixed(1)} px, too small to read`);
        const c = contrast(r.labelColour, page0.bg);
        assert.ok(c >= 4.5, `${n.id}: label colour ${r.labelColour} on ${page0.bg} has contrast ${c.toFixed(2)}, too low to read`);
      }
      // The details panel names every node (accessible names of its "Graph nodes" list: their text, name first).
      const names = await graph.locator('[aria-label="Graph nodes"] button.element-ref').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      for (const n of want.nodes) assert.ok(names.some((a) => a.startsWith(`${n.name},`)), `"${n.name}" not in the Graph nodes list: ${JSON.stringify(names)}`);

      // Not blank: the canvas shows coloured shapes and text.
      await page.waitForTimeout(300);
      const png = await canvas.screenshot({ timeout: 20_000 });
      fs.writeFileSync(screenshotPath(theme.key, 'graph-canvas'), png);
      const stats = pngStats(png);
      process.stdout.write(`      graph canvas pixels: ${JSON.stringify(stats)}\n`);
      assert.ok(stats.nonBackgroundRatio > 0.01 && stats.distinctColours >= 4 && stats.colouredRatio > 0.002, `graph canvas looks blank: ${JSON.stringify(stats)}`);
      await saveScreenshot(page, theme.key, 'graph');
    });

    it('clicking the failing identity-provider edge lists its HTTP 401 traces', async function () {
      this.timeout(180_000);
      const edges = await hookRead(graph, (h) => h.edges());
      const e = edges.find((x) => x.source === want.idpEdge.source && x.target === want.idpEdge.target)!;
      idpEdgeId = e.id;
      assert.ok(e.classes.some((c) => c.startsWith('err-')), `the identity-provider edge is not drawn as failing: ${JSON.stringify(e.classes)}`);
      const canvas = graph.locator('[data-testid="graph-canvas"]');
      // Click the middle of the edge, as a person would; if something sits on top of it there (the legend),
      // pan the graph a little first, as a person would too.
      let clicked = false;
      for (let attempt = 0; attempt < 6 && !clicked; attempt++) {
        const box = (await canvas.boundingBox())!;
        const r = (await hookRead(graph, (h, id) => h.rendered(id), e.id))!;
        const free = await graph.evaluate(([x, y]) => {
          const c = document.querySelector('[data-testid="graph-canvas"]')!;
          const b = c.getBoundingClientRect();
          const hit = document.elementFromPoint(b.left + x, b.top + y);
          return !!hit && c.contains(hit) && x > 4 && y > 4 && x < b.width - 4 && y < b.height - 4;
        }, [r.x, r.y] as const);
        if (!free) {
          await hookRead(graph, (h) => h.panBy(60, -60));
          await page.waitForTimeout(300);
          continue;
        }
        await page.mouse.move(box.x + r.x, box.y + r.y);
        await page.mouse.click(box.x + r.x, box.y + r.y);
        clicked = await poll('the edge to be selected', async () => (await hookRead(graph, (h) => h.selected())) === e.id, 5000).then(() => true, () => false);
        if (!clicked) await page.waitForTimeout(500);
      }
      assert.ok(clicked, `clicking the middle of ${e.id} did not select it (selected: ${await hookRead(graph, (h) => h.selected())})`);
      const details = graph.locator('[data-testid="graph-details"]');
      const title = details.locator('[data-testid="selected-element"]');
      assert.strictEqual(await title.getAttribute('data-element-id'), e.id);
      assert.strictEqual((await title.innerText()).trim(), `${want.nodes.find((n) => n.id === e.source)!.name} → ${want.idpHost}`);
      const errors = (await details.locator('table.stats tr', { hasText: /^Errors/ }).locator('td').innerText()).trim();
      assert.ok(errors.startsWith(`${four01.calls} `), `Errors "${errors}", want ${four01.calls} (the 401 answers in the data)`);
      const failing = details.locator('[aria-label="Failing traces"] button.trace-ref');
      await poll('the failing traces to be listed', async () => (await failing.count()) > 0, 30_000);
      const listed = await failing.evaluateAll((els) => els.map((x) => ({
        id: x.getAttribute('data-trace-id') ?? '', cls: x.className, label: x.textContent ?? '',
        // The visible words only (the "failed: " before them is for screen readers).
        failure: [...(x.querySelector('.trace-failure')?.childNodes ?? [])].filter((c) => c.nodeType === 3).map((c) => c.textContent).join(''),
      })));
      process.stdout.write(`      401 traces listed: ${listed.length} of ${four01.traces.size} (${listed.slice(0, 3).map((x) => x.id).join(', ')}, ...)\n`);
      for (const t of listed) {
        assert.ok(four01.traces.has(t.id), `${t.id} is listed but the identity provider did not answer 401 in it`);
        assert.ok(/\bfailing\b/.test(t.cls) && /failed/.test(t.label), `${t.id} not shown as failed: ${t.label}`);
        // What failed is on the row, before the duration: the identity provider's answer.
        assert.ok(t.failure.startsWith('401'), `${t.id}: row says "${t.failure}", not the 401 answer`);
        if (four01.window) {
          const at = four01.starts.get(t.id)!;
          assert.ok(at >= four01.window.startMs && at < four01.window.endMs, `${t.id} starts outside the 401 burst of the manifest`);
        }
      }
      assert.ok(listed.length >= Math.min(5, four01.traces.size), `only ${listed.length} of ${four01.traces.size} 401 traces listed`);
      await details.locator('[aria-label="Failing traces"]').scrollIntoViewIfNeeded();
      clickedTrace = listed[0].id;
      await saveScreenshot(page, theme.key, 'graph-idp-edge');
    });

    it('clicking a 401 trace opens the Trace Explorer timeline on it', async function () {
      this.timeout(180_000);
      const ref = graph.locator(`[aria-label="Failing traces"] button.trace-ref[data-trace-id="${clickedTrace}"]`);
      await ref.click();
      await poll('the Trace Explorer tab to open', async () => (await activeTabLabel(page)) === 'Trace Explorer', 60_000);
      const explorer = await explorerFrame(page, 90_000);
      const timeline = explorer.locator('[data-testid="timeline"]');
      await poll('span rows in the timeline', async () => (await timeline.locator('[data-testid="span-row"]').count()) > 0, 60_000);
      // The opened trace is the clicked one: its selected span's details carry the trace id.
      const details = explorer.locator('[data-testid="span-details"]');
      await poll(`span details of trace ${clickedTrace}`, async () => (await details.innerText({ timeout: 2000 })).includes(clickedTrace), 60_000)
        .catch(async (err) => { throw new Error(`${(err as Error).message}; details read: ${(await details.innerText().catch(() => '?')).slice(0, 300)}`); });
      // The row of the identity-provider call is in the timeline (names or services mention the host).
      const rows = await timeline.locator('[data-testid="span-row"]').evaluateAll((els) => els.map((x) => (x as HTMLElement).innerText.replace(/\s+/g, ' ').trim()));
      const title = (await timeline.locator('#tl-title').innerText()).trim();
      assert.ok(title.length > 0 && title !== 'Timeline', `timeline title "${title}"`);
      assert.ok(rows.some((r) => r.includes(want.idpHost)), `no timeline row for the call to ${want.idpHost}: ${JSON.stringify(rows)}`);
      process.stdout.write(`      opened ${clickedTrace}: "${title}", ${rows.length} rows drawn\n`);
      // Back on the graph (kept alive while hidden), the trace's path is highlighted, the 401 edge on it.
      const lit = await poll('the trace path to be highlighted on the graph', async () => {
        const ids = await hookRead(graph, (h) => h.highlighted());
        return ids.length > 0 ? ids : undefined;
      }, 30_000);
      assert.ok(lit.includes(idpEdgeId), `highlighted path ${JSON.stringify(lit)} lacks ${idpEdgeId}`);
      await page.waitForTimeout(500);
      await saveScreenshot(page, theme.key, 'graph-opened-trace');
    });
  });
}
