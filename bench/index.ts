// `npm run bench -- [prefix]`: runs the measures whose names start with the prefix.
import { Figure, print } from './measure';
import { coreBench } from './core';
import { queryBench } from './query';
import { statsBench } from './stats';
import { awsBench } from './aws';
import { lensBench } from './lenses';
import { graphBench } from './graph';
import { explorerBench } from './explorer';
import { engineBench } from './engine';
import { hostBench } from './host';

const SUITES: { prefix: string; run(): Promise<Figure[]> }[] = [
  { prefix: 'core', run: coreBench },
  { prefix: 'query', run: queryBench },
  { prefix: 'stats', run: statsBench },
  { prefix: 'aws', run: awsBench },
  { prefix: 'lenses', run: lensBench },
  { prefix: 'graph', run: graphBench },
  { prefix: 'explorer', run: explorerBench },
  { prefix: 'engine', run: engineBench },
  { prefix: 'host', run: hostBench },
];

async function main(): Promise<void> {
  const prefix = process.argv[2] ?? '';
  const chosen = SUITES.filter((s) => s.prefix.startsWith(prefix) || prefix.startsWith(s.prefix));
  if (chosen.length === 0) {
    process.stderr.write(`no bench matches "${prefix}"; known: ${SUITES.map((s) => s.prefix).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  for (const s of chosen) {
    for (const f of await s.run()) if (f.name.startsWith(prefix)) print(f);
  }
}

main().catch((err) => { process.stderr.write(`${(err as Error).stack}\n`); process.exitCode = 1; });
