// Small helpers: log group -> function name, level names.
import type { LogLevel } from '../../model';

/** `/aws/lambda/<name>` (also `account:/aws/lambda/<name>` from Logs Insights) -> `<name>`. */
export function functionNameFromLogGroup(logGroup: string | undefined): string | undefined {
  if (typeof logGroup !== 'string') return undefined;
  const at = logGroup.indexOf('/aws/lambda/');
  if (at < 0) return undefined;
  const name = logGroup.slice(at + 12);
  return name.length > 0 && name.indexOf('/') < 0 ? name : undefined;
}

/** Any spelling of a log level (`warning`, `CRITICAL`, pino's 30) -> LogLevel. */
export function normalizeLevel(raw: unknown): LogLevel | undefined {
  if (typeof raw === 'number') {
    if (raw >= 60) return 'FATAL';
    if (raw >= 50) return 'ERROR';
    if (raw >= 40) return 'WARN';
    if (raw >= 30) return 'INFO';
    if (raw >= 20) return 'DEBUG';
    return raw >= 0 ? 'TRACE' : undefined;
  }
  if (typeof raw !== 'string' || raw.length < 3 || raw.length > 8) return undefined;
  switch (raw) {
    case 'INFO': case 'info': case 'Info': case 'NOTICE': case 'notice': return 'INFO';
    case 'WARN': case 'warn': case 'Warn': case 'WARNING': case 'warning': case 'Warning': return 'WARN';
    case 'ERROR': case 'error': case 'Error': case 'ERR': case 'err': return 'ERROR';
    case 'DEBUG': case 'debug': case 'Debug': return 'DEBUG';
    case 'TRACE': case 'trace': case 'Trace': return 'TRACE';
    case 'FATAL': case 'fatal': case 'Fatal': case 'CRITICAL': case 'critical': case 'Critical': case 'CRIT': case 'crit':
      return 'FATAL';
    default: return undefined;
  }
}

/** The Lambda runtimes' upper-case level words in text[from, to), without slicing (hot path). */
export function levelAt(text: string, from: number, to: number): LogLevel | undefined {
  switch (to - from) {
    case 4:
      if (text.startsWith('INFO', from)) return 'INFO';
      if (text.startsWith('WARN', from)) return 'WARN';
      // .NET's text format: info, warn, fail, crit, dbug, trce
      if (text.startsWith('fail', from)) return 'ERROR';
      if (text.startsWith('info', from)) return 'INFO';
      if (text.startsWith('warn', from)) return 'WARN';
      if (text.startsWith('crit', from)) return 'FATAL';
      if (text.startsWith('dbug', from)) return 'DEBUG';
      if (text.startsWith('trce', from)) return 'TRACE';
      break;
    case 5:
      if (text.startsWith('ERROR', from)) return 'ERROR';
      if (text.startsWith('DEBUG', from)) return 'DEBUG';
      if (text.startsWith('TRACE', from)) return 'TRACE';
      if (text.startsWith('FATAL', from)) return 'FATAL';
      break;
    case 7:
      if (text.startsWith('WARNING', from)) return 'WARN';
      break;
    case 8:
      if (text.startsWith('CRITICAL', from)) return 'FATAL';
      break;
  }
  return undefined;
}
