// Paged FilterLogEvents over one log group and time slice. The service pages by nextToken, may answer an empty page
// while more remains, and ends the pagination by leaving nextToken out.
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { RawEvent } from './cache';
import { callAws } from './callAws';
import type { Pacer } from './pacer';

export interface SliceRequest {
  logGroupName: string;
  /** Inclusive start, exclusive end (epoch ms). */
  start: number;
  end: number;
  filterPattern?: string;
  logStreamNames?: string[];
  /** Events per page (default: the API maximum, 10,000). */
  limit?: number;
}

export async function filterSlice(
  client: CloudWatchLogsClient, req: SliceRequest, pacer: Pacer | undefined, signal: AbortSignal | undefined,
  onPage: (events: RawEvent[]) => void,
): Promise<void> {
  let nextToken: string | undefined;
  do {
    const input = {
      logGroupName: req.logGroupName,
      startTime: req.start,
      endTime: req.end - 1, // FilterLogEvents' endTime is inclusive; slices are half-open so none overlap
      filterPattern: req.filterPattern,
      logStreamNames: req.logStreamNames,
      limit: req.limit,
      nextToken,
    };
    const page = await callAws((abortSignal) => client.send(new FilterLogEventsCommand(input), { abortSignal }), { pacer, signal });
    const events: RawEvent[] = (page.events ?? []).map((e) => ({
      timestamp: e.timestamp ?? 0,
      message: e.message ?? '',
      logStreamName: e.logStreamName,
      ingestionTime: e.ingestionTime,
      eventId: e.eventId,
    }));
    onPage(events);
    nextToken = page.nextToken;
  } while (nextToken);
}

/** Splits [start, end) into `n` equal half-open slices (at least 1 ms each). */
export function slices(start: number, end: number, n: number): [number, number][] {
  const count = Math.max(1, Math.min(n, end - start));
  const out: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const a = start + Math.floor(((end - start) * i) / count);
    const b = start + Math.floor(((end - start) * (i + 1)) / count);
    if (b > a) out.push([a, b]);
  }
  return out;
}
