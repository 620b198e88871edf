// With `textureOnViewport`, cytoscape pans a bitmap of the nodes that it draws on the first frame of a gesture,
// at twice the pixel ratio when that is 1. The first time, every node's texture is drawn at that finer level:
// a 0.4-0.5 s frame at the start of the user's first drag on a 300-node graph. Drawing that bitmap once while the
// page is idle builds those textures before the user needs them; later gestures reuse them.
import type { Core } from 'cytoscape';

/** The parts of cytoscape's canvas renderer its own gesture path uses (not public API: every one is checked). */
interface CanvasRenderer {
  textureOnViewport?: boolean;
  textureMult?: number;
  pixelRatio?: number;
  canvasWidth?: number;
  canvasHeight?: number;
  TEXTURE_BUFFER?: number;
  /** Set while a gesture pans the bitmap in the texture buffer. */
  textureCache?: unknown;
  data?: { bufferContexts?: CanvasRenderingContext2D[] };
  render?(options: { forcedContext: CanvasRenderingContext2D; drawOnlyNodeLayer: boolean; forcedPxRatio: number }): void;
}

export type WarmState = 'pending' | 'done' | 'skipped' | 'cancelled';

/**
 * Schedules the warm-up for when the page is next idle (at most `timeoutMs` later). `onDone` gets how it ended.
 * Returns a cancel function (a new graph or a restyle makes the textures stale).
 */
export function warmViewportTexture(cy: Core, onDone: (state: WarmState) => void, timeoutMs = 1500): () => void {
  const r = (cy as unknown as { renderer?(): CanvasRenderer }).renderer?.();
  const ctx = r?.TEXTURE_BUFFER !== undefined ? r.data?.bufferContexts?.[r.TEXTURE_BUFFER] : undefined;
  if (!r || !r.textureOnViewport || !ctx || typeof r.render !== 'function' || !r.textureMult || !r.pixelRatio) {
    onDone('skipped');
    return () => undefined;
  }
  // After the first frames are on screen, when nothing else waits.
  const idle = window.requestIdleCallback
    ? (f: () => void) => window.requestIdleCallback(f, { timeout: timeoutMs })
    : (f: () => void) => window.setTimeout(f, 200);
  let over = false;
  let frame = 0;
  const run = () => {
    if (over || cy.destroyed()) return;
    // A gesture is panning the bitmap this would overwrite: try again once it is over.
    if (r.textureCache) { frame = requestAnimationFrame(() => idle(run)); return; }
    over = true;
    // The same calls cytoscape makes when a gesture starts; its gesture frame clears and redraws this buffer.
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, (r.canvasWidth ?? 0) * r.textureMult!, (r.canvasHeight ?? 0) * r.textureMult!);
    r.render!({ forcedContext: ctx, drawOnlyNodeLayer: true, forcedPxRatio: r.pixelRatio! * r.textureMult! });
    onDone('done');
  };
  frame = requestAnimationFrame(() => idle(run));
  return () => {
    if (over) return;
    over = true;
    cancelAnimationFrame(frame);
    onDone('cancelled');
  };
}
