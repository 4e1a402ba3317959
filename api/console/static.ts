import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';

/**
 * Serves the built console (`console/dist`, Vite output) at `/console`. Every unknown path under
 * `/console/` gets `index.html`, so the app's own routes survive a reload. Assets have hashed names
 * and are cached for a year; `index.html` never is. The CSP allows this origin only: nothing is
 * loaded from the internet at run time. `given` null: not built (503 saying how to build it); undefined: look for `console/dist`.
 */
export function createConsoleStatic(given?: string | null): Hono {
  const app = new Hono();
  // Looked up per request until found, so a console built after start is served without a restart.
  let found = given;
  app.get('/console', (c) => c.redirect('/console/', 308));
  app.get('/console/*', async (c) => {
    if (found === undefined) found = consoleDistDir();
    const distDir = found;
    if (!distDir) return notBuilt(c);
    const relative = decodeURIComponent(c.req.path.slice('/console/'.length));
    const file = normalize(join(distDir, relative));
    const inside = file.startsWith(distDir + sep) && extname(file) !== '';
    const body = inside ? await readFile(file).catch(() => undefined) : undefined;
    // Vite empties dist/ while it rebuilds (`npm start` does that after a source change).
    const served = body ?? (await readFile(join(distDir, 'index.html')).catch(() => undefined));
    if (!served) {
      if (given === undefined) found = undefined; // look again next time: it may move or come back
      return notBuilt(c);
    }
    const isIndex = body === undefined || relative === 'index.html';
    return c.body(new Uint8Array(served), 200, {
      'Content-Type': isIndex
        ? 'text/html; charset=utf-8'
        : (TYPES[extname(file)] ?? 'application/octet-stream'),
      'Cache-Control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
      'Content-Security-Policy':
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
  });
  return app;
}

/** `npm start` builds a missing or stale console after the API is up; until then, say so. */
function notBuilt(c: Context): Response {
  c.header('Retry-After', '5');
  return c.text(
    'The console is not built yet. `npm start` builds it in the background on a fresh clone ' +
      '(reload in a few seconds); otherwise run `npm run build:console`.',
    503,
  );
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** `console/dist` from the sources (tsx) or from the compiled `dist/api/console/` (Docker image). */
export function consoleDistDir(): string | undefined {
  const candidates = ['../../console/dist', '../../../console/dist'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  return candidates.map((p) => normalize(p)).find((p) => existsSync(join(p, 'index.html')));
}
