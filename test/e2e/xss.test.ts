// End-to-end: untrusted span data (attributes, names, events) is shown as text and runs nothing.
// A temp workspace holds an OTLP file whose span carries markup; `traceExplorer.localPaths` points at
// it; the test opens that trace and span as a person would and checks what the webview shows.
import * as assert from 'assert';
import type { FrameLocator, Page } from 'playwright-core';
import { poll, runCommand, saveScreenshot, testId, webview, webviewFrame } from '../support/workbench';
import { useWorkbench } from '../support/session';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const ROOT_ID = 'eee19b7ec3c1b174';
const CHILD_ID = 'aaa19b7ec3c1b175';
const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '</script><script>window.__pwned=1</script>';
const NAME = '<b>bold</b><img src=x onerror=alert(2)> GET /orders';
const EVENT = '<svg onload=alert(3)>event</svg>';
const REQUEST_ID = '7d3c2a10-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const LOG = `<img src=x onerror=alert(4)> ${SCRIPT} <iframe src="javascript:alert(5)"></iframe>`;

function str(key: string, value: string) {
  return { key, value: { stringValue: value } };
}

export function xssOtlp(): string {
  const t0 = 1_700_000_000_000_000_000n;
  const ns = (ms: number) => String(t0 + BigInt(ms) * 1_000_000n);
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'xss-service'), str('cloud.provider', 'aws')] },
        scopeSpans: [
          {
            scope: { name: 'xss-test' },
            spans: [
              {
                traceId: TRACE_ID,
                spanId: ROOT_ID,
                name: NAME,
                kind: 2,
                startTimeUnixNano: ns(0),
                endTimeUnixNano: ns(250),
                attributes: [
                  str('evil.img', IMG),
                  str('evil.script', SCRIPT),
                  str('http.method', 'GET'),
                  str('http.url', `https://example.com/${IMG}`),
                  str('faas.invocation_id', REQUEST_ID),
                ],
                events: [{ timeUnixNano: ns(10), name: EVENT, attributes: [str('evil.event', SCRIPT)] }],
                status: { code: 2, message: IMG },
              },
              {
                traceId: TRACE_ID,
                spanId: CHILD_ID,
                parentSpanId: ROOT_ID,
                name: 'child span',
                kind: 3,
                startTimeUnixNano: ns(20),
                endTimeUnixNano: ns(120),
                attributes: [str('note', SCRIPT)],
                status: {},
              },
            ],
          },
        ],
      },
    ],
  });
}

/** The invocation's Lambda log lines, as `aws logs filter-log-events` prints them; one app line carries markup. */
export function xssLogs(): string {
  const t0 = 1_700_000_000_000;
  const ev = (ms: number, message: string) => ({ logStreamName: '2023/11/14/[$LATEST]abc', timestamp: t0 + ms, message, ingestionTime: t0 + ms + 500 });
  const iso = (ms: number) => new Date(t0 + ms).toISOString();
  return JSON.stringify({
    logGroupName: '/aws/lambda/xss-service',
    events: [
      ev(1, `START RequestId: ${REQUEST_ID} Version: $LATEST\n`),
      ev(5, `${iso(5)}\t${REQUEST_ID}\tINFO\t${LOG}\n`),
      ev(240, `END RequestId: ${REQUEST_ID}\n`),
      ev(241, `REPORT RequestId: ${REQUEST_ID}\tDuration: 239.00 ms\tBilled Duration: 240 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n`),
    ],
  });
}

describe('Trace Explorer e2e: untrusted span text is shown literally and runs nothing', function () {
  let page: Page;
  let view: FrameLocator;

  const session = useWorkbench({
    name: 'e2e-xss',
    server: () => ({
      theme: 'Default Dark Modern',
      files: { 'xss/traces.otlp.json': xssOtlp(), 'xss/logs/xss-service.json': xssLogs() },
      settings: { 'traceExplorer.localPaths': ['xss'] },
    }),
    skipAfterFailure: { theme: 'xss' },
    opened: (s) => { page = s.page; view = webview(page); },
  });

  it('lists the trace from traceExplorer.localPaths with its markup name as text', async function () {
    this.timeout(120_000);
    await runCommand(page, 'Serverless Traces: Open Trace Explorer', 60_000);
    const row = view.locator(`[data-testid="trace-row"][data-trace-id="${TRACE_ID}"]`);
    await poll(`the trace row ${TRACE_ID}`, async () => (await row.count()) > 0, 60_000);
    const text = await row.first().innerText();
    assert.ok(text.includes('<b>bold</b>') || text.includes('<img'), `the trace row does not show the span name literally: ${JSON.stringify(text)}`);
  });

  it('shows the hostile attributes, name and event literally in span details', async function () {
    this.timeout(60_000);
    await view.locator(`[data-testid="trace-row"][data-trace-id="${TRACE_ID}"]`).first().click();
    const span = view.locator(`[data-testid="span-row"][data-span-id="${ROOT_ID}"]`).first();
    await span.waitFor({ state: 'visible', timeout: 20_000 });
    await span.click();
    const details = testId(view, 'span-details').first();
    const text = await poll(
      'span details with the attributes',
      async () => {
        const t = await details.innerText({ timeout: 2000 });
        return t.includes('evil.img') ? t : '';
      },
      20_000,
    );
    assert.ok(text.includes(IMG), `span details do not show ${IMG} literally:\n${text.slice(0, 1500)}`);
    assert.ok(text.includes(SCRIPT), `span details do not show ${SCRIPT} literally:\n${text.slice(0, 1500)}`);
    assert.ok(text.includes('<b>bold</b>'), `span details do not show the name's markup literally:\n${text.slice(0, 1500)}`);
    // The invocation's log line (untrusted text) is part of the span's story, shown literally.
    const logs = details.locator('[data-testid="log-line"]');
    await poll('the invocation\'s log lines in the span details', async () => (await logs.count()) > 0, 10_000);
    const logText = (await logs.allInnerTexts()).join('\n');
    assert.ok(logText.includes(LOG), `the log line is not shown literally:\n${logText.slice(0, 1500)}`);
    if (text.includes('svg')) assert.ok(text.includes(EVENT), `the span event is not shown literally`);
    await logs.first().scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'xss', 'details');
  });

  it('created no element from the data, fired no dialog and ran no script', async function () {
    this.timeout(30_000);
    await page.waitForTimeout(1000); // let any injected onerror/onload fire, if it would
    const frame = await webviewFrame(page);
    const probe = await frame.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      imgX: document.querySelectorAll('img[src="x"]').length,
      imgs: Array.from(document.querySelectorAll('img')).map((i) => i.getAttribute('src')),
      svgOnload: document.querySelectorAll('svg[onload]').length,
      iframes: document.querySelectorAll('iframe').length,
      bold: Array.from(document.querySelectorAll('b')).filter((b) => b.textContent === 'bold').length,
      handlers: Array.from(document.querySelectorAll('*')).filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name))).length,
      injectedScripts: Array.from(document.querySelectorAll('script')).filter((s) => (s.textContent ?? '').includes('__pwned')).length,
    }));
    assert.strictEqual(probe.pwned, undefined, 'window.__pwned was set: the injected script ran');
    assert.strictEqual(probe.imgX, 0, `an <img src=x> element was created: ${JSON.stringify(probe.imgs)}`);
    assert.strictEqual(probe.svgOnload, 0, 'an <svg onload> element was created');
    assert.strictEqual(probe.iframes, 0, 'an <iframe> element was created in the webview');
    assert.strictEqual(probe.bold, 0, 'the span name\'s <b> became an element');
    assert.strictEqual(probe.handlers, 0, 'an element with an inline on* handler exists');
    assert.strictEqual(probe.injectedScripts, 0, 'a <script> containing the injected code exists');
    assert.deepStrictEqual(session.wb.dialogs, [], `a dialog fired: ${session.wb.dialogs.join('; ')}`);
    const outer = await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
    assert.strictEqual(outer, undefined, 'window.__pwned set in the workbench');
  });

  it('the webview has a Content-Security-Policy with a script nonce and no unsafe-inline/eval scripts', async function () {
    this.timeout(30_000);
    const frame = await webviewFrame(page);
    const csp = await frame.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.getAttribute('content') ?? '');
    assert.ok(csp, 'no Content-Security-Policy meta tag in the webview');
    const scriptSrc = (csp.split(';').find((d) => /^\s*script-src\s/.test(d)) ?? csp.split(';').find((d) => /^\s*default-src\s/.test(d)) ?? '').trim();
    assert.ok(/'nonce-[^']+'/.test(scriptSrc), `script-src has no nonce: ${csp}`);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(scriptSrc), `script-src allows inline or eval: ${scriptSrc}`);
  });
});
