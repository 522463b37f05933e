import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { securityHeaders } from './web-app.js';

/** Where swagger-ui-dist's files are: served from the package, so `/docs` works offline. */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * The page at `/docs`: Swagger UI over `/openapi.json`, its own files only and no inline
 * script or style, so it runs under the web app's Content-Security-Policy.
 */
export const docsPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>coop-ledger API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css">
    <link rel="stylesheet" href="/docs/index.css">
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-initializer.js"></script>
  </body>
</html>
`;

/**
 * Swagger UI's initializer, a file of its own (the CSP forbids inline scripts): the service's
 * document, its tags closed until opened (some 160 operations: listing them all at once stalls
 * the page), "try it out" on every operation, and the bearer key (Authorize) kept across
 * reloads. No validator badge: it would send the document to a server elsewhere.
 */
export const docsInitializer = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    docExpansion: 'none',
    persistAuthorization: true,
    tryItOutEnabled: false,
    displayOperationId: true,
    displayRequestDuration: true,
    filter: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

/** The package's files the page loads, with their types. */
const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/**
 * Serves `/docs/<file>`: the initializer above and Swagger UI's own files, read once from the
 * package, under the web app's security headers. The page itself is the `GET /docs` operation.
 */
export function apiDocsAssets(dir = SWAGGER_UI_DIR) {
  const cache = new Map<string, Buffer>();
  const read = (name: string) => {
    let content = cache.get(name);
    if (!content) cache.set(name, (content = readFileSync(join(dir, name))));
    return content;
  };
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const name = /^\/docs\/([A-Za-z0-9._-]+)$/.exec(request.path)?.[1];
    if (!name) return next();
    if (name === 'swagger-initializer.js') {
      securityHeaders(response).set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
      return response.send(docsInitializer);
    }
    const type = FILES[name];
    if (!type) return next();
    securityHeaders(response).set({ 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
    return response.send(read(name));
  };
}
