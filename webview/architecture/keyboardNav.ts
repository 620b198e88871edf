// Arrow keys on the graph canvas: from the focused node to the neighbour that lies that way on screen. Pure
// (positions in, id out) so it is unit-tested without cytoscape.

export type Direction = 'left' | 'right' | 'up' | 'down';
export interface Placed { id: string; x: number; y: number }

const VECTORS: Record<Direction, [number, number]> = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] };

/**
 * The candidate best placed in `dir` from `from`: within 60 degrees of the direction, the nearest, with
 * sideways distance counted double. Neighbours (connected by an edge) first; when none lies that way, any
 * node does, so every node can be reached. Undefined when nothing lies that way.
 */
export function nextInDirection(from: Placed, dir: Direction, neighbours: Placed[], others: Placed[]): string | undefined {
  return best(from, dir, neighbours) ?? best(from, dir, others);
}

function best(from: Placed, dir: Direction, candidates: Placed[]): string | undefined {
  const [vx, vy] = VECTORS[dir];
  let bestId: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c.id === from.id) continue;
    const dx = c.x - from.x;
    const dy = c.y - from.y;
    const along = dx * vx + dy * vy;
    const across = Math.abs(dx * vy - dy * vx);
    // Ahead, and within 60 degrees of the direction (tan 60 = 1.732).
    if (along <= 0 || across > along * 1.732) continue;
    const score = along + 2 * across;
    if (score < bestScore || (score === bestScore && bestId !== undefined && c.id < bestId)) { bestScore = score; bestId = c.id; }
  }
  return bestId;
}

/** Where keyboard focus starts on the canvas: the selected node, else the top-left-most one (the entry, drawn first). */
export function startNode(nodes: Placed[], selected?: string): string | undefined {
  if (selected && nodes.some((n) => n.id === selected)) return selected;
  let first: Placed | undefined;
  for (const n of nodes) if (!first || n.x + n.y < first.x + first.y || (n.x + n.y === first.x + first.y && n.id < first.id)) first = n;
  return first?.id;
}
