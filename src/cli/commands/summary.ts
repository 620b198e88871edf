import { parseArgs } from 'util';
import type { Io } from '../args';
import { exitCodeFor, loadForCli, reportProblems } from '../args';

export const summaryHelp = 'summary <paths...> [--json]   counts of what was read, and what was skipped and why';

export async function summaryCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const ds = await loadForCli(positionals, io);
  const s = ds.summary();
  if (values.json) {
    const { problems, ...counts } = s;
    io.out(JSON.stringify({ ...counts, problems: problems.slice(0, 100) }, null, 2));
  } else {
    const rows: [string, number | string][] = [
      ['files', s.files], ['log events', s.logEvents], ['spans', s.spans], ['traces', s.traces],
      ['services', s.services], ['invocations', s.invocations], ['  joined to a trace', s.joinedInvocations],
      ['functions', s.functions], ['errors', s.errors], ['cold starts', s.coldStarts], ['timeouts', s.timeouts],
      ['orphan spans', s.orphanSpans], ['clock-skewed spans', s.skewedSpans],
    ];
    for (const [k, v] of rows) io.out(`${k.padEnd(20)} ${v}`);
    const skipped = Object.entries(s.skipped);
    io.out(`${'skipped'.padEnd(20)} ${skipped.length === 0 ? 0 : skipped.map(([r, n]) => `${r}=${n}`).join(' ')}`);
    const warned = Object.entries(s.warnings);
    io.out(`${'warnings'.padEnd(20)} ${warned.length === 0 ? 0 : warned.map(([r, n]) => `${r}=${n}`).join(' ')}`);
  }
  reportProblems(ds, io);
  return exitCodeFor(ds);
}
