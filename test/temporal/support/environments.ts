import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../../../tools/temporal/time-skipping.js';

/** A fresh time-skipping server for this file (skipped time is global to one server). */
export function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return createTimeSkippingEnv(inject('testServerExecutable'));
}

/** A client and native connection to the dev server shared by the whole run. */
export function devServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') });
}

/** Bundling costs ~1.5 s: do it once per file in beforeAll. */
export function bundle(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
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
