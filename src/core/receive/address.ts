// Receiver addresses: `host:port` parsing and the loopback test behind the "reachable from the network" warning.
import * as net from 'net';

export interface Endpoint { host: string; port: number }

/** `127.0.0.1:4318`, `[::1]:4318`, `:4318` or `4318` (host defaults to 127.0.0.1). Throws naming the bad text. */
export function parseEndpoint(text: string, defaultPort: number): Endpoint {
  const t = text.trim();
  let host = '127.0.0.1';
  let port = String(defaultPort);
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (v6) { host = v6[1]; port = v6[2] ?? port; }
  else if (/^\d+$/.test(t)) port = t;
  else {
    const i = t.lastIndexOf(':');
    if (i >= 0) { host = t.slice(0, i) || host; port = t.slice(i + 1); } else if (t) host = t;
  }
  const n = Number(port);
  if (!/^\d+$/.test(port) || n > 65535) throw new Error(`"${text}" is not host:port (port 0-65535)`);
  return { host, port: n };
}

export function formatEndpoint(ep: Endpoint): string {
  return net.isIPv6(ep.host) ? `[${ep.host}]:${ep.port}` : `${ep.host}:${ep.port}`;
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (h.startsWith('::ffff:')) return h.slice(7).startsWith('127.');
  return false;
}
