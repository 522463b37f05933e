import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextFunction, Request, Response } from 'express';
import { operationPaths } from './openapi.js';

/** The built app (`vite build` writes it here; src/ and dist/ sit side by side under the repository). */
export const WEB_DIR = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

/** No inline script or style, nothing from elsewhere: the app is its own files and its own API. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** The headers every page and asset the service serves to a browser carries. */
export const securityHeaders = (response: Response) =>
  response.set({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });

/**
 * Serves the web app beside the API: its hashed assets under `/assets/`, and its page on
 * every GET that a browser asks as HTML (`Accept: text/html`) on a path that is not an API
 * route, so a reload or a shared link of any app route opens the app. Scripts keep getting
 * JSON and problem+json on every API path.
 */
export function webApp(dir = WEB_DIR) {
  const apiRoutes = operationPaths().map(
    (path) => new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')}/?$`),
  );
  const isApi = (path: string) => apiRoutes.some((route) => route.test(path));
  let index: { html: string; mtime: number } | undefined;
  const page = () => {
    const file = join(dir, 'index.html');
    if (!existsSync(file)) return null;
    const mtime = statSync(file).mtimeMs;
    if (!index || index.mtime !== mtime) index = { html: readFileSync(file, 'utf8'), mtime };
    return index.html;
  };

  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const asset = /^\/assets\/([A-Za-z0-9._-]+)$/.exec(request.path)?.[1];
    if (asset) {
      const file = join(dir, 'assets', asset);
      if (!existsSync(file)) return next();
      securityHeaders(response).set({
        'Content-Type': TYPES[extname(asset)] ?? 'application/octet-stream',
        'Cache-Control': 'public, max-age=31536000, immutable',
      });
      return response.send(readFileSync(file));
    }
    if (isApi(request.path) || !request.accepts(['json', 'html']) || request.accepts(['json', 'html']) !== 'html') return next();
    const html = page();
    securityHeaders(response).set({ 'Cache-Control': 'no-cache' });
    if (!html)
      return response
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm start` (or `node scripts/build-if-needed.js`).\n');
    return response.type('text/html; charset=utf-8').send(html);
  };
}
