import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleStatic } from '../../../api/console/static.js';

/** `/console` serves the built app: assets, the SPA fallback, and nothing outside console/dist. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'console-dist-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
  await writeFile(join(dir, '..', 'secret.txt'), 'outside');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(join(dir, '..', 'secret.txt'), { force: true });
});

describe('console static files', () => {
  it('serves hashed assets for a year and index.html uncached, with a self-only CSP', async () => {
    const app = createConsoleStatic(dir);
    const asset = await app.request('/console/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('Cache-Control')).toContain('immutable');
    const index = await app.request('/console/');
    expect(await index.text()).toContain('<title>console</title>');
    expect(index.headers.get('Cache-Control')).toBe('no-cache');
    expect(index.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
  });

  it('answers unknown app paths with index.html and never reads outside console/dist', async () => {
    const app = createConsoleStatic(dir);
    expect(await (await app.request('/console/companies/13')).text()).toContain('<title>console</title>');
    const escape = await app.request('/console/..%2fsecret.txt');
    expect(await escape.text()).not.toContain('outside');
    expect((await app.request('/console')).headers.get('Location')).toBe('/console/');
  });

  it('says how to build it when console/dist is missing', async () => {
    const reply = await createConsoleStatic(null).request('/console/');
    expect(reply.status).toBe(503);
    expect(await reply.text()).toContain('npm run build:console');
    expect(reply.headers.get('Retry-After')).toBe('5');
  });

  it('answers 503, not 500, while a rebuild has emptied console/dist, and serves it again after', async () => {
    const app = createConsoleStatic(dir);
    await rm(join(dir, 'index.html'));
    const during = await app.request('/console/companies');
    expect(during.status).toBe(503);
    expect(await during.text()).toContain('not built yet');
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    expect((await app.request('/console/companies')).status).toBe(200);
  });
});
