// Every example in the README and docs/ runs verbatim on the bundled sample and returns something: each line of
// a ```query block through the query engine, each `trace-explorer` line of a ```sh block through the CLI's main().
// Blocks that fetch from AWS are the one exception (they need an account; the loopback tests cover fetch).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';
import type { Dataset } from '../../src/core/dataset';
import { loadPaths } from '../../src/core/load';
import { runQuery } from '../../src/core/query';

const REPO = path.resolve(__dirname, '..', '..', '..');
const DOCS = ['README.md', ...fs.readdirSync(path.join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

interface Block { file: string; lang: string; lines: string[] }

function blocks(file: string): Block[] {
  const out: Block[] = [];
  const re = /^```(\w*)\n([\s\S]*?)^```$/gm;
  const text = fs.readFileSync(path.join(REPO, file), 'utf8');
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ file, lang: m[1], lines: m[2].split('\n').filter((l) => l.trim() !== '') });
  return out;
}

/** `npx trace-explorer query 'a b' samples/data --json` -> [query, 'a b', samples/data, --json] (single quotes only, as the docs write). */
function argv(line: string): string[] {
  const words = line.match(/'[^']*'|\S+/g) ?? [];
  const i = words.findIndex((w) => w === 'trace-explorer');
  return words.slice(i + 1).map((w) => (w.startsWith("'") ? w.slice(1, -1) : w));
}

const all = DOCS.flatMap(blocks);
const queries = all.filter((b) => b.lang === 'query').flatMap((b) => b.lines.map((l) => ({ file: b.file, query: l.replace(/\s+#.*$/, '').trim() })));
const cliLines = all
  .filter((b) => b.lang === 'sh' && !b.lines.some((l) => /trace-explorer fetch\b/.test(l)))
  .flatMap((b) => b.lines.filter((l) => /^(npx )?trace-explorer\s/.test(l)).map((l) => ({ file: b.file, line: l })));

describe('the examples in the README and docs/ run on the bundled sample', function () {
  this.timeout(60_000);
  let ds: Dataset;
  const cwd = process.cwd();

  before(async () => {
    ds = await loadPaths([path.join(REPO, 'samples', 'data')]);
    process.chdir(REPO); // the docs write paths relative to the repository folder
  });
  after(() => process.chdir(cwd));

  it('finds the examples (a query block in the README and in docs/query.md, CLI lines in the README and docs/cli.md)', () => {
    for (const f of ['README.md', 'docs/query.md']) assert.ok(queries.some((q) => q.file === f), `no query examples in ${f}`);
    for (const f of ['README.md', 'docs/cli.md']) assert.ok(cliLines.some((q) => q.file === f), `no CLI examples in ${f}`);
  });

  for (const { file, query } of queries) {
    it(`${file}: \`${query}\` returns results`, () => {
      const run = runQuery(ds, query);
      assert.ok(run.results.length > 0, `no results for ${query}`);
    });
  }

  for (const { file, line } of cliLines) {
    it(`${file}: \`${line}\` exits 0 and prints results`, async () => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(argv(line), { out: (t) => out.push(t), err: (t) => err.push(t) });
      assert.strictEqual(code, 0, `exit ${code}: ${err.join('\n')}`);
      const text = out.join('\n');
      assert.ok(text.trim().length > 0, 'printed nothing');
      assert.ok(!/^0 (invocations|spans)\b/m.test(text) && !/"results": \[\]/.test(text), `no results:\n${text.slice(0, 500)}`);
    });
  }
});
