// The Trace Explorer's timeline is a virtualised list that recycles its row elements: a row element found by its
// span id may be a hidden, recycled one. Tests reach a span's row the way a person does, by scrolling to it.
import type { Locator, Page } from 'playwright-core';

/**
 * Scrolls the (virtualised, recycling) timeline until the row of `spanId` is drawn fully inside the
 * visible area and stays put, so a click lands on that span and not on a recycled row.
 */
export async function revealSpanRow(page: Page, timeline: Locator, spanId: string): Promise<Locator> {
  const tree = timeline.locator('[role="tree"]').first();
  // Not a hidden pooled element that still carries the id from an earlier window.
  const row = timeline.locator(`[data-testid="span-row"][data-span-id="${spanId}"]:not([hidden])`).first();
  await tree.evaluate((el) => (el.scrollTop = 0));
  for (let step = 0; step < 200; step++) {
    await page.waitForTimeout(150);
    if ((await row.count()) > 0) {
      const rb = await row.boundingBox();
      const tb = await tree.boundingBox();
      if (rb && tb) {
        if (rb.y >= tb.y && rb.y + rb.height <= tb.y + tb.height) {
          await page.waitForTimeout(200);
          const again = await row.boundingBox();
          if (again && Math.abs(again.y - rb.y) < 1) return row;
          continue;
        }
        const delta = rb.y + rb.height / 2 - (tb.y + tb.height / 2);
        await tree.evaluate((el, d) => (el.scrollTop += d), delta);
        continue;
      }
    }
    const atEnd = await tree.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollTop = before + Math.max(40, el.clientHeight - 40);
      return el.scrollTop === before;
    });
    if (atEnd && (await row.count()) === 0) break;
  }
  throw new Error(`span row ${spanId} is never drawn inside the visible timeline`);
}
