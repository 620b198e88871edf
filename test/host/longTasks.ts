// Opt-in CPU profile of the extension host's own thread (HOST_BLOCK_PROFILE=1), to say *what* ran in a long busy
// stretch the responsiveness test saw. The inspector session profiles the thread it runs on, so this works inside
// code-server's extension host with nothing to attach from outside.
import * as inspector from 'inspector';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

export interface LongTask {
  /** Milliseconds after the profile started. */
  atMs: number;
  durationMs: number;
  phase: string;
  /** Functions with the most samples in the stretch (self time), "name url:line ms". */
  top: string[];
}

const IDLE = new Set(['(idle)', '(program)']);

export class HostProfiler {
  private readonly session = new inspector.Session();
  private startedAt = 0;
  private readonly phases: { atMs: number; name: string }[] = [];

  async start(): Promise<void> {
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 250 });
    await this.post('Profiler.start');
    this.startedAt = performance.now();
  }

  phase(name: string): void {
    this.phases.push({ atMs: performance.now() - this.startedAt, name });
  }

  /** Stops, and returns the busy stretches (non-idle samples with gaps under 2 ms) longer than `minMs`. */
  async stop(minMs: number): Promise<{ profile: Profile; tasks: LongTask[] }> {
    const { profile } = await this.post('Profiler.stop') as { profile: Profile };
    this.session.disconnect();
    return { profile, tasks: longTasks(profile, minMs, (at) => [...this.phases].reverse().find((p) => p.atMs <= at)?.name ?? 'start') };
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  }
}

function longTasks(p: Profile, minMs: number, phaseAt: (ms: number) => string): LongTask[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const tasks: LongTask[] = [];
  let t = 0;
  let run: { start: number; end: number; self: Map<string, number> } | undefined;
  const close = () => {
    if (run && run.end - run.start >= minMs) {
      const top = [...run.self].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => `${k} ${v.toFixed(1)}`);
      tasks.push({ atMs: run.start, durationMs: run.end - run.start, phase: phaseAt(run.start), top });
    }
    run = undefined;
  };
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] / 1000;
    t += dt;
    const node = byId.get(p.samples[i]);
    if (!node || IDLE.has(node.callFrame.functionName)) { close(); continue; }
    if (run && t - run.end > 2) close();
    run ??= { start: t - dt, end: t, self: new Map() };
    run.end = t;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
    run.self.set(key, (run.self.get(key) ?? 0) + dt);
  }
  close();
  return tasks;
}
