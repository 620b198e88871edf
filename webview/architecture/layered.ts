// The cheap layout for large graphs: layers by BFS distance from the entry nodes, one barycenter sweep to
// order each layer, left to right. O(nodes + edges), where dagre's crossing minimisation is far costlier. Pure.

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface Point {
  x: number;
  y: number;
}

export interface LayeredOptions {
  rankSep: number;
  nodeSep: number;
}

export function layeredPositions(nodeIds: string[], edges: LayoutEdge[], opts: LayeredOptions): Map<string, Point> {
  const out = new Map<string, Array<string>>();
  const into = new Map<string, Array<string>>();
  for (const id of nodeIds) { out.set(id, []); into.set(id, []); }
  for (const e of edges) {
    if (e.source === e.target || !out.has(e.source) || !out.has(e.target)) continue;
    out.get(e.source)!.push(e.target);
    into.get(e.target)!.push(e.source);
  }
  // Ranks: BFS from nodes nothing calls (the client entry, roots of cycles are picked up afterwards).
  const rank = new Map<string, number>();
  const queue: string[] = [];
  const sorted = [...nodeIds].sort();
  const bfsFrom = (starts: string[]) => {
    for (const s of starts) if (!rank.has(s)) { rank.set(s, 0); queue.push(s); }
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i];
      const r = rank.get(id)!;
      for (const t of out.get(id)!) if (!rank.has(t)) { rank.set(t, r + 1); queue.push(t); }
    }
    queue.length = 0;
  };
  bfsFrom(sorted.filter((id) => into.get(id)!.length === 0));
  for (const id of sorted) if (!rank.has(id)) bfsFrom([id]); // only reachable through a cycle
  // Layers, ordered by the mean position of their callers in the previous layers (one sweep).
  const layers: string[][] = [];
  for (const id of sorted) (layers[rank.get(id)!] ??= []).push(id);
  const index = new Map<string, number>();
  for (const layer of layers) {
    if (!layer) continue;
    const key = new Map<string, number>();
    for (const id of layer) {
      const placed = into.get(id)!.filter((p) => index.has(p));
      key.set(id, placed.length ? placed.reduce((a, p) => a + index.get(p)!, 0) / placed.length : Number.MAX_SAFE_INTEGER);
    }
    layer.sort((a, b) => key.get(a)! - key.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
    layer.forEach((id, i) => index.set(id, i));
  }
  // A layer taller than the drawing is wide is folded into sub-columns, so large graphs fill a screen-shaped box.
  const perColumnMax = Math.max(8, Math.ceil(Math.sqrt(nodeIds.length) * 1.5));
  const colSep = opts.rankSep * 0.45;
  const pos = new Map<string, Point>();
  let x = 0;
  for (const layer of layers) {
    if (!layer) continue;
    const cols = Math.ceil(layer.length / perColumnMax);
    const perColumn = Math.ceil(layer.length / cols);
    layer.forEach((id, i) => {
      const col = Math.floor(i / perColumn);
      const row = i % perColumn;
      // Alternate columns are shifted half a row so edges into a folded layer do not run through its nodes.
      pos.set(id, { x: x + col * colSep, y: (row - (perColumn - 1) / 2 + (col % 2) * 0.5) * opts.nodeSep });
    });
    x += (cols - 1) * colSep + opts.rankSep;
  }
  return pos;
}
