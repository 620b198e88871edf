// One entry per CLI verb; each verb lives in its own module.
import type { Io } from '../args';
import { queryCommand, queryHelp } from './query';
import { summaryCommand, summaryHelp } from './summary';
import { statsCommand, statsHelp } from './stats';
import { traceCommand, traceHelp } from './trace';
import { graphCommand, graphHelp } from './graph';
import { fetchCommand, fetchHelp } from './fetch';
import { receiveCommand, receiveHelp } from './receive';
import { diffCommand, diffHelp } from './diff';

export interface Command {
  run(argv: string[], io: Io): Promise<number>;
  help: string;
}

export const COMMANDS: Record<string, Command> = {
  summary: { run: summaryCommand, help: summaryHelp },
  stats: { run: statsCommand, help: statsHelp },
  trace: { run: traceCommand, help: traceHelp },
  query: { run: queryCommand, help: queryHelp },
  graph: { run: graphCommand, help: graphHelp },
  diff: { run: diffCommand, help: diffHelp },
  fetch: { run: fetchCommand, help: fetchHelp },
  receive: { run: (argv, io) => receiveCommand(argv, io), help: receiveHelp },
};
