// `trace-explorer`: the command-line face of the core. Exit 0 ok, 1 input partly unreadable, 2 usage error.
import { COMMANDS } from './commands/index';
import { EXIT_USAGE, Io, UsageError } from './args';

export async function main(argv: string[], io: Io): Promise<number> {
  const [verb, ...rest] = argv;
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

function usage(): string {
  return ['usage: trace-explorer <command> ...', '', ...Object.values(COMMANDS).map((c) => `  ${c.help}`)].join('\n');
}

if (require.main === module) {
  const io: Io = {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
  };
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (err) => { process.stderr.write(`trace-explorer: ${(err as Error).stack ?? err}\n`); process.exitCode = 1; },
  );
}
