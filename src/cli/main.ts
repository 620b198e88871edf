// `trace-explorer`: the command-line face of the core. Exit 0 ok, 1 input partly unreadable, 2 usage error.
import { COMMANDS } from './commands/index';
import { EXIT_USAGE, Io, UsageError } from './args';
import { createMasker } from '../core/mask';

export async function main(argv: string[], rawIo: Io): Promise<number> {
  const { args, noMask } = takeNoMask(argv);
  const io = maskedErrors(rawIo, noMask);
  const [verb, ...rest] = args;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    io.out(usage());
    return verb ? 0 : EXIT_USAGE;
  }
  const cmd = COMMANDS[verb];
  if (!cmd) {
    io.err(`trace-explorer: unknown command "${verb}"\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`trace-explorer ${verb}: ${(err as Error).message}\nusage: trace-explorer ${cmd.help}`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

/** `--no-mask` anywhere before `--` turns secret masking off for every verb. */
function takeNoMask(argv: string[]): { args: string[]; noMask: boolean } {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const args = head.filter((a) => a !== '--no-mask');
  return { args: end < 0 ? args : [...args, ...argv.slice(end)], noMask: args.length !== head.length };
}

/**
 * Records are masked as they are read; stderr is masked once more because it also echoes what the user typed
 * (`"AKIA..." is not a trace id`, a query with its caret line).
 */
function maskedErrors(io: Io, noMask: boolean): Io {
  if (noMask) return { ...io, mask: { ...io.mask, enabled: false } };
  const masker = createMasker(io.mask);
  return { ...io, err: (t) => io.err(masker ? masker.text(t) : t) };
}

function usage(): string {
  return ['usage: trace-explorer <command> ... [--no-mask]', '', ...Object.values(COMMANDS).map((c) => `  ${c.help}`), '',
    '  --no-mask   show secrets (keys, tokens, passwords) as they are; masked by default, see docs/masking.md'].join('\n');
}

if (require.main === module) {
  const io: Io = {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
  };
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`trace-explorer: ${createMasker()!.text(String((err as Error).stack ?? err))}\n`); process.exitCode = 1; },
  );
}
