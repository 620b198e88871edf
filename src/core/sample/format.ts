// Small formatting helpers shared by the emitters.
import * as crypto from 'crypto';
import type { Frame, SimError } from './simTypes';

export function iso(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}

/** Nanosecond epoch with microsecond resolution, as an integer JSON number. */
export function nanos(ms: number): number {
  return Math.round(ms * 1000) * 1000;
}

/** A stable 16-hex id derived from another id: ids of parts the simulation did not name (X-Ray subsegments). */
export function deriveId(id: string, salt: string): string {
  return crypto.createHash('sha1').update(`${id}/${salt}`).digest('hex').slice(0, 16);
}

/** Lambda runtime version ARNs end in a 64-hex digest of the runtime build. */
export function runtimeVersionArn(region: string, runtimeVersion: string): string {
  return `arn:aws:lambda:${region}::runtime:${crypto.createHash('sha256').update(runtimeVersion).digest('hex')}`;
}

/** Node.js `error.stack`: first line, then `    at ...` frames, innermost first. */
export function nodeStack(err: SimError): string[] {
  return [`${err.type}: ${err.message}`, ...err.frames.map(nodeFrame)];
}

function nodeFrame(f: Frame): string {
  if (f.raw) return `    ${f.raw}`;
  const s = f.site!;
  return `    at ${f.async ? 'async ' : ''}${s.function} (${s.deployedPath}:${s.line}:${s.column})`;
}

/** Python traceback frames, outermost first, each with its source line. */
export function pythonFrames(err: SimError): string[] {
  return [...err.frames].reverse().filter((f) => f.site).map((f) => {
    const s = f.site!;
    return `  File "${s.deployedPath}", line ${s.line}, in ${s.function}\n    ${s.text.trim()}\n`;
  });
}

export function pythonTraceback(err: SimError): string {
  return `Traceback (most recent call last):\n${pythonFrames(err).join('')}${err.type}: ${err.message}`;
}

/** X-Ray `cause.exceptions[].stack[]` entries, innermost first. */
export function xrayStack(err: SimError): { path: string; line: number; label: string }[] {
  const out: { path: string; line: number; label: string }[] = [];
  for (const f of err.frames) {
    if (f.site) {
      out.push({ path: f.site.deployedPath, line: f.site.line, label: f.site.function });
      continue;
    }
    const m = /^at (?:async )?(?:(.+?) \()?(.+?):(\d+):\d+\)?$/.exec(f.raw ?? '');
    if (m) out.push({ path: m[2], line: Number(m[3]), label: m[1] ?? 'anonymous' });
  }
  return out;
}
