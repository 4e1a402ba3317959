import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A `worker_threads` thread running the module `name` beside `callerUrl` (pass `import.meta.url`):
 * `name.js` when the caller is compiled (`dist/`), or `name.ts` under tsx and vitest, where the
 * thread first registers tsx's loader, because a thread does not inherit it.
 */
export function startModuleThread(callerUrl: string, name: string, options: WorkerOptions): Worker {
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), options);
  const tsxApi = join(dirname(createRequire(callerUrl).resolve('tsx/esm/api')), 'index.mjs');
  const source = new URL(`./${name}.ts`, callerUrl).href;
  const bootstrap = `import(${JSON.stringify(pathToFileURL(tsxApi).href)})
    .then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
