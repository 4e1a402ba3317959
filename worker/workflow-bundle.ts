/**
 * The workflow code a worker runs: the prebuilt bundle named by WORKFLOW_BUNDLE_PATH (the Docker
 * image builds one at image build time), or one bundled now from `workflows/index.ts`.
 *
 * Bundling is its own step, not left to `Worker.create`, so `npm start` can run it while the
 * Temporal dev server starts and the embedded store opens: on a cold start those wait on other
 * processes and on the disk, and webpack's few seconds of CPU fit in that wait.
 */
import { bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from '../lib/logger.js';
import { WORKFLOWS_PATH } from './create-worker.js';

export type WorkflowBundle = NonNullable<WorkerOptions['workflowBundle']>;

export async function prepareWorkflowBundle(
  prebuiltPath: string | undefined,
  logger: Logger,
): Promise<WorkflowBundle> {
  if (prebuiltPath) return { codePath: prebuiltPath };
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    // The bundler's info lines list every module; only its warnings and errors matter here.
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => logger.warn(`workflow bundler: ${message}`),
      error: (message: string) => logger.error(`workflow bundler: ${message}`),
    },
  });
  logger.info('workflows bundled', { ms: Date.now() - started });
  return { code };
}
