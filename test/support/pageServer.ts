// A loopback HTTP server that stands in for a webview in a plain browser tab: `/page` is the page the
// caller writes, `/dist/*` and `/media/*` are the extension's own files (nothing outside them).
import { existsSync, promises as fs } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

export const REPO_DIR = path.resolve(__dirname, '../../..');

export interface PageServer {
  origin: string;
  /** Paths requested but not found. */
  missing: string[];
  close(): void;
}

const TYPES: Record<string, string> = { '.css': 'text/css', '.svg': 'image/svg+xml' };

export async function startPageServer(pageHtml: (origin: string, url: URL) => string): Promise<PageServer> {
  const missing: string[] = [];
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = url.pathname.startsWith('/dist/') || url.pathname.startsWith('/media/') ? path.join(REPO_DIR, path.normalize(url.pathname)) : undefined;
    if (url.pathname === '/page') {
      res.setHeader('content-type', 'text/html');
      res.end(pageHtml(origin, url));
    } else if (file && file.startsWith(REPO_DIR) && existsSync(file)) {
      res.setHeader('content-type', TYPES[path.extname(file)] ?? 'text/javascript');
      void fs.readFile(file).then((b) => res.end(b));
    } else if (url.pathname === '/favicon.ico') {
      res.statusCode = 204; // a browser tab asks for it; a webview does not
      res.end();
    } else {
      missing.push(url.pathname);
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, missing, close: () => server.close() };
}
