// The k largest items by a key, without sorting them all (the side bar tree and the engine pick 20 of 100,000 traces).
export function topBy<T>(items: readonly T[], k: number, key: (t: T) => number): T[] {
  const best: T[] = [];
  for (const t of items) {
    if (best.length === k && key(t) <= key(best[best.length - 1])) continue;
    let i = best.length;
    while (i > 0 && key(best[i - 1]) < key(t)) i--;
    best.splice(i, 0, t);
    if (best.length > k) best.pop();
  }
  return best;
}
