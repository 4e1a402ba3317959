/**
 * `tsx tools/build-workflow-bundle.ts [OUT]`: bundles workflows/index.ts with the Temporal SDK's
 * webpack bundler into one file (default `dist/workflow-bundle.js`). The Docker image runs it at build
 * time and sets WORKFLOW_BUNDLE_PATH, so a production worker never runs webpack at start.
 */
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';

export const DEFAULT_BUNDLE_PATH = 'dist/workflow-bundle.js';

export interface BuiltBundle {
  path: string;
  bytes: number;
  seconds: number;
}

/** The bundler's own messages: warnings and errors only (its info lines list every module). */
const bundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
  error: (message: string) => process.stderr.write(`[bundle] ${message}\n`),
};

/**
 * Writes the bundle (source map inlined) to `outPath` through a temp file and a rename, so a failed
 * build never leaves a truncated bundle that a worker would load.
 */
export async function buildWorkflowBundle(
  outPath: string = DEFAULT_BUNDLE_PATH,
  workflowsPath: string = WORKFLOWS_PATH,
): Promise<BuiltBundle> {
  const started = Date.now();
  const target = resolve(outPath);
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: bundlerLogger });
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.tmp-${process.pid}`;
  await writeFile(temp, code);
  await rename(temp, target);
  const { size } = await stat(target);
  return { path: target, bytes: size, seconds: (Date.now() - started) / 1000 };
}

async function main(args: string[]): Promise<void> {
  const out = args.find((a) => !a.startsWith('-')) ?? DEFAULT_BUNDLE_PATH;
  const built = await buildWorkflowBundle(out);
  process.stdout.write(
    `workflow bundle: ${built.path} (${(built.bytes / 1024).toFixed(0)} KiB, ${built.seconds.toFixed(1)} s)\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`workflow bundle failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
