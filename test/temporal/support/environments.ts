import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../../../tools/temporal/time-skipping.js';
import { WORKFLOWS_PATH } from '../../../worker/create-worker.js';

/** A fresh time-skipping server for this file (skipped time is global to one server). */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return createTimeSkippingEnv(inject('testServerExecutable'));
}

/** A client and native connection to the dev server shared by the whole run. */
export function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') });
}

/**
 * The service's workflows come from the bundle global-setup built once for the whole run; any other
 * workflows file (test-only workflows) is bundled here (~1.5 s).
 */
export async function bundle(workflowsPath: string = WORKFLOWS_PATH): Promise<WorkflowBundleWithSourceMap> {
  if (workflowsPath === WORKFLOWS_PATH) {
    const dir = inject('workflowBundleDir');
    const [code, sourceMap] = await Promise.all([
      readFile(join(dir, 'workflows.js'), 'utf8'),
      readFile(join(dir, 'workflows.js.map'), 'utf8'),
    ]);
    return { code, sourceMap };
  }
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
}

/** One task queue per test, so a long-lived workflow of one test never takes another's tasks. */
export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
