import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../lib/logger.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CONSOLE = join(ROOT, 'console');
/** What the console's bundle is made of (the admin schemas it imports are types only). */
const SOURCES = [join(CONSOLE, 'src'), join(CONSOLE, 'index.html'), join(CONSOLE, 'vite.config.ts')];
const BUILT = join(CONSOLE, 'dist', 'index.html');

/**
 * `npm start` on a fresh clone needs no build command: the console (`console/dist`) is built here
 * when it is missing or older than its sources. In the Docker image the sources are absent and the
 * bundle was built at image build time, so this does nothing there.
 */
export async function ensureConsoleBuilt(logger: Logger): Promise<void> {
  if (!existsSync(join(CONSOLE, 'src'))) return;
  const builtAt = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
  if (builtAt > newestMtime(SOURCES)) return;
  logger.info('building the console (console/dist is missing or older than console/src)');
  const started = Date.now();
  try {
    const vite = await import('vite');
    await vite.build({ configFile: join(CONSOLE, 'vite.config.ts'), logLevel: 'warn' });
    logger.info('console built', { ms: Date.now() - started });
  } catch (error) {
    // The API works without the console; say how to get it rather than refusing to start.
    logger.warn('could not build the console; /console answers 503 until `npm run build:console`', { error });
  }
}

function newestMtime(paths: string[]): number {
  let newest = 0;
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      const children = readdirSync(path).map((name) => join(path, name));
      newest = Math.max(newest, newestMtime(children));
    } else newest = Math.max(newest, stat.mtimeMs);
  }
  return newest;
}
