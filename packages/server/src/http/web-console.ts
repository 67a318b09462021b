// Serves the built web console (packages/web/dist) at `/`: hashed assets under /assets with a
// year-long immutable cache (their names change with their content), every other path that is
// not the API answers the console's index.html (the console routes in the browser: /persons/…,
// /dashboards, … are its pages), with no-cache so a new build is picked up at once. The API stays
// under /api: an unknown /api path is a problem document, never the console.
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProblemError } from '../problems.ts';

/** Where `npm run build -w @cancuoc/web` writes the console (beside this package in the repo). */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

export const webConsoleBuilt = (root = WEB_DIST) => existsSync(path.join(root, 'index.html'));

// The console's own pages: scripts only from this origin, no inline script; inline styles are
// needed by the component library (Mantine sets CSS variables in style attributes); the API is
// the only place the page talks to; images also from blob: URLs, since the card face and a
// chosen photo are fetched or read by the page itself (an <img> cannot send the officer's token);
// no framing by other sites.
const CONSOLE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'self'",
].join('; ');

const SAFE_PATH = /^[A-Za-z0-9._~/-]*$/;

export const webConsole: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  await app.register(fastifyStatic, { root, serve: false });
  const hidden = { hide: true };

  app.get('/assets/*', { config: { public: true }, schema: hidden }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    if (!SAFE_PATH.test(file) || file.includes('..')) throw new ProblemError('not-found', `no asset ${file}`);
    return reply.sendFile(`assets/${file}`, { maxAge: '365d', immutable: true });
  });

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const rel = ((request.params as { '*'?: string })['*'] ?? '').replace(/^\/+/, '');
    if (rel === 'api' || rel.startsWith('api/')) throw new ProblemError('not-found', `${request.url} does not exist`);
    // A file the build put at the top level (icons, the map's licence notice) …
    if (rel && SAFE_PATH.test(rel) && !rel.includes('..')) {
      const full = path.join(root, rel);
      if (full.startsWith(root) && existsSync(full) && statSync(full).isFile()) return reply.sendFile(rel, { maxAge: '1h', immutable: false });
    }
    // … else one of the console's pages: the browser routes it.
    reply.header('content-security-policy', CONSOLE_CSP).header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  };
  app.get('/', { config: { public: true }, schema: hidden }, page);
  app.get('/*', { config: { public: true }, schema: hidden }, page);
};
