// Money as people read it: the one formatter lives in src/common (the webviews use it too).
export { formatUsd } from '../../common/money';

/** JSON numbers: 12 significant digits, enough for micro-dollars without float noise. */
export function usdJson(usd: number): number {
  return Number.isFinite(usd) ? Number(usd.toPrecision(12)) : 0;
}
