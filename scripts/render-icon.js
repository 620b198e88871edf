#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (128x128, the Marketplace icon) in Debian's Chromium through
// playwright-core, which the e2e tests already use: no image library needed for a file made once.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

(async () => {
  const media = path.join(__dirname, '..', 'media');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<html><body style="margin:0">${fs.readFileSync(path.join(media, 'icon.svg'), 'utf8')}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(media, 'icon.png'), omitBackground: true });
  await browser.close();
})();
