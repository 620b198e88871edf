// End-to-end (issue 21): the whole Trace Explorer flow with the keyboard alone, in real VS Code: the command
// palette opens the panel, focus lands on the trace list with a visible 2 px ring in the theme's focus colour,
// arrow keys pick a trace, Tab reaches the timeline, arrow keys pick a span with a source location, Enter opens
// its line of code beside, `?` shows the keyboard reference, and going back to the panel puts focus on the same
// span. Not one mouse event is fired: trusted mouse and pointer events are counted in the workbench and in the
// webview, and the test fails if any happened. Runs once, in high contrast when selected (else the first theme).
import * as assert from 'assert';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import {
  activeTabLabel,
  poll,
  quickInput,
  saveScreenshot,
  selectionStatus,
  webviewFrame,
} from '../support/workbench';
import { useWorkbench } from '../support/session';
import { selectedThemes } from '../support/themes';

const MOUSE_EVENTS = ['mousedown', 'mouseup', 'click', 'dblclick', 'pointerdown', 'pointerup', 'contextmenu', 'wheel'];

/** Counts trusted mouse/pointer events in a window from now on (capture phase, before any handler can stop them). */
function countMouse(events: string[]): void {
  const w = window as unknown as { __mouseEvents?: string[] };
  if (w.__mouseEvents) return;
  const seen: string[] = (w.__mouseEvents = []);
  for (const type of events) window.addEventListener(type, (e) => { if (e.isTrusted) seen.push(type); }, true);
}

/** The command palette driven with keys only: F1, type the title, wait until it is the highlighted row, Enter. */
async function paletteByKeyboard(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const focused = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused .label-name').first();
  // The extension's commands are listed once its contributions are known: until then, Escape and ask again.
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await quickInput(page).waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(title, { delay: 5 });
    const ok = await poll(`"${title}" highlighted in the palette`, async () => ((await focused.innerText({ timeout: 1000 }).catch(() => '')).trim() === title) || undefined, 8000)
      .catch((e: Error) => { if (Date.now() > deadline) throw e; return false; });
    if (ok) break;
  }
  await page.keyboard.press('Enter');
}

interface FocusInfo { testid: string; key: string; active: string; activeLabel: string; outlineWidth: number; outlineStyle: string; outlineColour: string; focusBorder: string; visible: boolean }

async function focusInfo(frame: Frame): Promise<FocusInfo> {
  return frame.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const probe = document.createElement('span');
    probe.style.color = 'var(--vscode-focusBorder)';
    document.body.appendChild(probe);
    const focusBorder = getComputedStyle(probe).color;
    probe.remove();
    const cs = el ? getComputedStyle(el) : undefined;
    const activeId = el?.getAttribute('aria-activedescendant') ?? '';
    const active = activeId ? document.getElementById(activeId) : null;
    return {
      testid: el?.dataset.testid ?? el?.tagName.toLowerCase() ?? '',
      key: el?.dataset.focusKey ?? '',
      active: activeId,
      activeLabel: active?.getAttribute('aria-label') ?? active?.textContent ?? '',
      outlineWidth: parseFloat(cs?.outlineWidth ?? '0'),
      outlineStyle: cs?.outlineStyle ?? '',
      outlineColour: cs?.outlineColor ?? '',
      focusBorder,
      visible: !!el && el.matches(':focus-visible'),
    };
  });
}

function assertRing(f: FocusInfo, what: string): void {
  assert.ok(f.visible && f.outlineStyle !== 'none' && f.outlineWidth >= 2, `${what}: no 2 px focus ring (${JSON.stringify(f)})`);
  assert.strictEqual(f.outlineColour, f.focusBorder, `${what}: the ring is not the theme's focusBorder`);
}

const theme = (() => {
  const themes = selectedThemes();
  return themes.find((t) => t.key === 'hc') ?? themes[0];
})();

if (theme) {
  describe(`Keyboard-only e2e [${theme.key}: ${theme.name}]`, function () {
    let page: Page;
    let frame: Frame;
    let spanLabel = '';
    let spanRow = '';
    let file = '';
    let line = 0;

    useWorkbench({
      name: `e2e-keyboard-${theme.key}`,
      server: () => ({ theme: theme.name }),
      skipAfterFailure: { theme: theme.key, step: 'keyboard-failure' },
      opened: async (s) => {
        page = s.page;
        await page.evaluate(countMouse, MOUSE_EVENTS);
      },
    });

    it('the palette opens the Trace Explorer with focus on the trace list, ringed in the theme\'s focus colour', async function () {
      this.timeout(180_000);
      await paletteByKeyboard(page, 'Serverless Traces: Open Trace Explorer');
      frame = await webviewFrame(page, 60_000);
      await frame.evaluate(countMouse, MOUSE_EVENTS);
      const f = await poll('focus on the trace list', async () => {
        const x = await focusInfo(frame);
        return x.testid === 'trace-list' && x.active ? x : undefined;
      }, 60_000).catch(async (e) => { throw new Error(`${(e as Error).message}; focus: ${JSON.stringify(await focusInfo(frame))}`); });
      // The list's cursor exists from the first focus and says where it is in the whole list.
      const pos = await frame.evaluate((id) => {
        const el = document.getElementById(id)!;
        return { pos: Number(el.getAttribute('aria-posinset')), size: Number(el.getAttribute('aria-setsize')), rows: document.querySelectorAll('[data-testid="trace-row"]:not([hidden])').length };
      }, f.active);
      assert.ok(pos.pos >= 1 && pos.size > pos.rows, `position not exposed: ${JSON.stringify(pos)}`);
      assertRing(f, 'the trace list');
      await saveScreenshot(page, theme.key, 'keyboard-list');
    });

    it('arrow keys open another trace; Tab reaches the timeline', async function () {
      this.timeout(60_000);
      const title = () => frame.evaluate(() => document.querySelector('.tl-title')?.textContent ?? '');
      const before = await focusInfo(frame);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const after = await poll('the list cursor to move', async () => {
        const x = await focusInfo(frame);
        return x.active && x.active !== before.active ? x : undefined;
      }, 10_000);
      await poll('the trace under the cursor to be selected', () => frame.evaluate((id) => document.getElementById(id)?.getAttribute('aria-selected') === 'true', after.active), 20_000);
      assert.ok((await title()).length > 0);
      let tabs = 0;
      for (; tabs < 20; tabs++) {
        if ((await focusInfo(frame)).key === 'timeline') break;
        await page.keyboard.press('Tab');
      }
      const f = await focusInfo(frame);
      assert.strictEqual(f.key, 'timeline', `20 Tabs did not reach the timeline (focus on ${f.testid})`);
      console.log(`      Tabs from the trace list to the timeline: ${tabs}`);
      assertRing(f, 'the timeline');
    });

    it('arrow keys reach a span with a source location; its name says start, duration, status and source', async function () {
      this.timeout(60_000);
      for (let k = 0; k < 60; k++) {
        const f = await focusInfo(frame);
        const src = f.active ? await frame.evaluate((id) => {
          const el = document.getElementById(id);
          return el ? { file: el.getAttribute('data-source-file') ?? '', line: Number(el.getAttribute('data-source-line') ?? 0) } : undefined;
        }, f.active) : undefined;
        if (src?.file && src.line > 0) { spanRow = f.active; spanLabel = f.activeLabel; file = src.file; line = src.line; break; }
        await page.keyboard.press('ArrowDown');
        await page.waitForTimeout(60);
      }
      assert.ok(spanRow, 'no span with a source location reached with ArrowDown');
      assert.match(spanLabel, /starts at .+, lasts .+, .*source \S+ line \d+/, `the span's name: ${spanLabel}`);
      // The tree says where the row is among its siblings.
      const pos = await frame.evaluate((id) => [document.getElementById(id)!.getAttribute('aria-posinset'), document.getElementById(id)!.getAttribute('aria-setsize')], spanRow);
      assert.ok(Number(pos[0]) >= 1 && Number(pos[1]) >= Number(pos[0]), `aria-posinset/setsize: ${pos}`);
      await saveScreenshot(page, theme.key, 'keyboard-span');
    });

    it('? shows the keyboard reference; Escape closes it and focus is back on the span', async function () {
      this.timeout(30_000);
      await page.keyboard.press('Shift+Slash');
      const open = await poll('the keyboard reference open', () => frame.evaluate(() => {
        const d = document.querySelector<HTMLDialogElement>('dialog[data-testid="keyboard-help"]');
        return d?.open ? d.innerText : undefined;
      }), 5000);
      for (const want of ['Trace list', 'Timeline', 'zoom in', 'fit the whole trace', 'this list']) assert.ok(open.includes(want), `"${want}" missing from:\n${open}`);
      await saveScreenshot(page, theme.key, 'keyboard-help');
      await page.keyboard.press('Escape');
      await poll('the reference closed, focus back on the timeline', async () => {
        const f = await focusInfo(frame);
        const closed = await frame.evaluate(() => !document.querySelector<HTMLDialogElement>('dialog[data-testid="keyboard-help"]')?.open);
        return closed && f.key === 'timeline' && f.active === spanRow ? f : undefined;
      }, 5000);
    });

    it('Enter opens the span\'s line of code beside the panel', async function () {
      this.timeout(60_000);
      await page.keyboard.press('Enter');
      const base = path.basename(file);
      await poll(`${base} to open`, async () => (await activeTabLabel(page)) === base || undefined, 30_000);
      await poll(`the cursor on line ${line}`, async () => new RegExp(`Ln ${line}\\b`).test(await selectionStatus(page)) || undefined, 15_000);
    });

    it('back to the panel with the keyboard: focus is on the same span, with its ring', async function () {
      this.timeout(60_000);
      await paletteByKeyboard(page, 'View: Focus First Editor Group');
      const f = await poll('focus back on the timeline, on the same span', async () => {
        const x = await focusInfo(frame);
        return x.key === 'timeline' && x.active === spanRow ? x : undefined;
      }, 20_000).catch(async (e) => { throw new Error(`${(e as Error).message}; focus: ${JSON.stringify(await focusInfo(frame))}`); });
      assertRing(f, 'the timeline after coming back');
      await saveScreenshot(page, theme.key, 'keyboard-back');
    });

    it('no mouse event was fired, in the workbench or in the panel', async function () {
      const outer = await page.evaluate(() => (window as unknown as { __mouseEvents: string[] }).__mouseEvents);
      const inner = await frame.evaluate(() => (window as unknown as { __mouseEvents: string[] }).__mouseEvents);
      assert.ok(Array.isArray(outer) && Array.isArray(inner), 'the mouse-event counters were not installed');
      assert.deepStrictEqual(outer, [], `mouse events in the workbench: ${outer.join(', ')}`);
      assert.deepStrictEqual(inner, [], `mouse events in the panel: ${inner.join(', ')}`);
    });
  });
}
