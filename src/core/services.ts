// What "service" means, once for every count and list: the name of whatever recorded a span (OTel service.name,
// the X-Ray segment name its subsegments inherit, Zipkin localEndpoint). What a span calls (a table, a host) is a
// resource of the graph, not a service.
import type { Span } from './model';

export function serviceOf(s: Span): string {
  return s.service;
}

export function serviceNames(spans: Iterable<Span>): string[] {
  const names = new Set<string>();
  for (const s of spans) names.add(serviceOf(s));
  return [...names].sort();
}
