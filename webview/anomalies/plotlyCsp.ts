// Must run before plotly.js is evaluated (index.ts imports it first).
// plotly adds CSS by injecting <style> elements, which the panel's CSP (no 'unsafe-inline' in style-src)
// refuses, with a violation report each time. Both injections are skipped when an element with their id
// already exists, so this module puts placeholders with those ids in <head>:
// - plotly's own rules: skipped when the element carries `no-inline-styles`; the rules this view needs are
//   in media/anomalies.css instead;
// - MapLibre's stylesheet (bundled for map traces, which this view does not use), keyed by a content hash
//   of plotly.js 3.7.0. After a plotly upgrade the hash may change: the webview test reports the violation.
// Inline *style properties* set from script (which plotly and d3 use everywhere) are not affected by
// style-src, so nothing else needs 'unsafe-inline'.
const PLACEHOLDERS: [string, string][] = [
  ['plotly.js-style-global', 'no-inline-styles'],
  ['ce8d464691048653ffe3a57c6c18ab566e8366f186677868cf724621a857b4fe', ''],
];

for (const [id, className] of PLACEHOLDERS) {
  const marker = document.createElement('meta');
  marker.id = id;
  if (className) marker.className = className;
  document.head.appendChild(marker);
}

export {};
