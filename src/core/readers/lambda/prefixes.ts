// The prefixes CLI tools print before each CloudWatch message when they copy a log to a terminal or file.
// Sources: aws-cli awscli/customizations/logs/tail.py (formatters), aws-sam-cli samcli/lib/observability/cw_logs.
import { toEpochMs } from '../lambdaLogs';

export interface LinePrefix {
  /** Epoch ms of the event, when the prefix carries one that parses. */
  ts: number | undefined;
  /** Log stream name, when printed (`detailed`, `json`, `sam logs`). */
  stream?: string;
  /** Where the message starts; may equal the line's length (`--format json` puts the message on the next lines). */
  bodyStart: number;
}

/**
 * `aws logs tail`: `--format detailed` / `json`: `<isoformat ts> <stream> <message>`;
 * `--format short`: `2024-01-01T00:00:00 <message>` (seconds, no zone, no stream).
 * `sam logs`: `<stream> <isoformat ts> <message>`.
 * A Lambda runtime line (`2024-01-01T00:00:00.000Z\t<id>\t...`) has a tab, not a space, after its time: not a prefix.
 */
export function cliPrefix(text: string): LinePrefix | undefined {
  if (!isDigit(text.charCodeAt(0))) return undefined;
  return text.charCodeAt(4) === 47 /* / */ ? samLogs(text) : awsLogsTail(text);
}

function awsLogsTail(text: string): LinePrefix | undefined {
  if (!isIsoStart(text, 0)) return undefined;
  const s1 = text.indexOf(' ');
  if (s1 < 19 || s1 > 40) return undefined;
  const tab = text.indexOf('\t');
  if (tab >= 0 && tab < s1) return undefined;
  const ts = toEpochMs(text.slice(0, s1));
  if (ts === undefined) return undefined;
  if (s1 === 19) return { ts, bodyStart: s1 + 1 }; // short: whole seconds, no stream follows
  const s2 = text.indexOf(' ', s1 + 1);
  const stream = text.slice(s1 + 1, s2 < 0 ? text.length : s2);
  if (!isStreamName(stream)) return undefined;
  return { ts, stream, bodyStart: s2 < 0 ? text.length : s2 + 1 };
}

function samLogs(text: string): LinePrefix | undefined {
  const s1 = text.indexOf(' ');
  if (s1 < 0) return undefined;
  const stream = text.slice(0, s1);
  if (!isStreamName(stream) || !isIsoStart(text, s1 + 1)) return undefined;
  const s2 = text.indexOf(' ', s1 + 1);
  const ts = toEpochMs(text.slice(s1 + 1, s2 < 0 ? text.length : s2));
  if (ts === undefined) return undefined;
  return { ts, stream, bodyStart: s2 < 0 ? text.length : s2 + 1 };
}

/** Lambda stream names: `2024/01/01/[$LATEST]hex` or `2024/01/01/name[$LATEST]hex`; other streams are any word with a slash or bracket. */
function isStreamName(s: string): boolean {
  if (s.length < 3 || s.length > 512) return false;
  const open = s.indexOf('[');
  return (open >= 0 && s.indexOf(']', open) > open) || (s.indexOf('/') > 0 && s.charCodeAt(4) === 47);
}

/** `YYYY-MM-DDTHH:MM:SS` at `at`. */
function isIsoStart(text: string, at: number): boolean {
  return text.charCodeAt(at + 4) === 45 && text.charCodeAt(at + 7) === 45 && text.charCodeAt(at + 10) === 84 &&
    text.charCodeAt(at + 13) === 58 && text.charCodeAt(at + 16) === 58 && isDigit(text.charCodeAt(at)) &&
    isDigit(text.charCodeAt(at + 3)) && isDigit(text.charCodeAt(at + 18));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
