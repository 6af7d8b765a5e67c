/**
 * Build the site (vite build → dist/) and serve it with a tiny static server on a free localhost
 * port; tests get the URL with inject('baseUrl'). The server refuses anything outside dist/.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { repoRoot } from '../helpers/paths.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

let served: { url: string; close(): Promise<void> } | undefined;

/** Serve a built site on a free localhost port; refuses anything outside `dist`. */
export async function serveDist(dist: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(dist, path));
    if (file !== dist && !file.startsWith(dist + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/** vite build → dist/ */
export async function buildSite(): Promise<string> {
  const root = repoRoot();
  await build({ root, logLevel: 'warn', configFile: resolve(root, 'vite.config.ts') });
  return resolve(root, 'dist');
}

export async function setup(project: TestProject): Promise<void> {
  served = await serveDist(await buildSite());
  project.provide('baseUrl', served.url);
}

export async function teardown(): Promise<void> {
  await served?.close();
}
