// Hands fetched events to the existing readers, shaped as the CloudWatch export the readers already know.
import type { Hints, Sink } from '../readers/types';
import { readJsonValue } from '../readers/index';
import type { RawEvent } from './cache';

export function originFor(group: string): string {
  return `cloudwatch:${group}`;
}

// One hints object per group, so the readers' per-stream caches survive from page to page.
const hintsByGroup = new Map<string, Hints>();

export function eventsToSink(sink: Sink, group: string, events: RawEvent[]): void {
  if (events.length === 0) return;
  let hints = hintsByGroup.get(group);
  if (!hints) hintsByGroup.set(group, (hints = {}));
  readJsonValue({ logGroupName: group, events }, { sink, origin: { file: originFor(group), line: 0 }, hints, readNested: readJsonValue });
}

/** A sink that counts what passes through it. */
export function countingSink(sink: Sink): Sink & { records: number } {
  const c = {
    records: 0,
    log: (e: Parameters<Sink['log']>[0]) => { c.records++; sink.log(e); },
    span: (s: Parameters<Sink['span']>[0]) => { c.records++; sink.span(s); },
    skip: (r: Parameters<Sink['skip']>[0], o: Parameters<Sink['skip']>[1], m: string) => sink.skip(r, o, m),
  };
  return c;
}
