// Bench plumbing: every figure is printed as `BENCH <name> <value> <unit>` so scripts can read it.
import { execFileSync } from 'child_process';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export function print(f: Figure): void {
  const v = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(3);
  process.stdout.write(`BENCH ${f.name} ${v} ${f.unit}${f.note ? `   # ${f.note}` : ''}\n`);
}

/** Runs a bench child in its own process so its memory and JIT state are its own; returns its JSON answer. */
export function runChild<T>(script: string, args: string[], maxOldSpaceMb = 8192): T {
  const out = execFileSync(process.execPath, [`--max-old-space-size=${maxOldSpaceMb}`, '--expose-gc', script, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const last = out.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as T;
}
