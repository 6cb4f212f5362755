// The Excel add-in bundle (dist/addin, built by `npm run build:addin`) at /addin/, and a short
// landing page at /. HTML is revalidated on every load so a new build shows up at once; files
// whose names carry a content hash never change, so browsers may keep them for a year. Source
// maps (*.map) stay on disk for debugging and are never served: they would publish the source.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { NotFoundError } from '../../errors';

export const ADDIN_PREFIX = '/addin/';
export const ADDIN_ENTRY = 'taskpane.html';

/** False for files of the bundle folder that are not for the public (source maps). */
export function isPublicAddinFile(pathName: string): boolean {
  return !/\.map$/i.test(pathName);
}

export function cacheControlFor(filePath: string): string {
  const name = basename(filePath);
  if (/\.html?$/i.test(name)) return 'no-cache';
  if (/[.-][0-9a-f]{8,}\.[a-z0-9]+$/i.test(name)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function landingPage(version: string, addinBuilt: boolean): string {
  const addin = addinBuilt
    ? `<li>Excel add-in task pane: <a href="${ADDIN_PREFIX}${ADDIN_ENTRY}">${ADDIN_PREFIX}${ADDIN_ENTRY}</a> (sideload <code>manifest.xml</code> in Excel)</li>`
    : '<li>The Excel add-in is not built yet: run <code>npm run build:addin</code>, then restart the server.</li>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Crossdock</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#eee;padding:0 .2em}</style>
</head><body>
<h1>Crossdock ${escapeHtml(version)}</h1>
<p>Multi-channel inventory and order analytics, served to Excel.</p>
<ul>
${addin}
<li>API health: <a href="/api/v1/health">/api/v1/health</a>; every other <code>/api/v1/</code> route needs <code>Authorization: Bearer &lt;token&gt;</code> (<code>crossdock token create</code>).</li>
</ul>
</body></html>
`;
}

export async function routes(app: FastifyInstance): Promise<void> {
  const { config } = app.crossdock;
  const root = resolve(config.addinDir);
  const built = existsSync(resolve(root, ADDIN_ENTRY));

  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(landingPage(config.version, built)),
  );

  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: ADDIN_PREFIX,
      index: [ADDIN_ENTRY],
      cacheControl: false, // set per file below
      serveDotFiles: false,
      allowedPath: (pathName) => isPublicAddinFile(pathName), // false → the JSON 404
      setHeaders: (res, filePath) => res.setHeader('cache-control', cacheControlFor(filePath)),
    });
  } else {
    app.get(`${ADDIN_PREFIX}*`, async () => {
      throw new NotFoundError('the add-in bundle is not built: run `npm run build:addin`, then restart the server', 'CD_ADDIN_NOT_BUILT');
    });
  }
}
