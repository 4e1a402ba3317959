import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startDevServer } from '../../embedded/temporal/dev-server.js';
import { ensureTestServer, type ServerExecutable } from '../../tools/temporal/test-server.js';
import { WORKFLOWS_PATH } from '../../worker/create-worker.js';

/**
 * Once per `npm test`: provisions both Temporal servers (a no-op when cached), starts ONE dev
 * server shared by all files (unless TEMPORAL_ADDRESS points at a running one), and bundles the
 * service's workflows ONCE for every file. Time-skipping servers are started per file, because
 * skipped time is global to a server.
 */
export default async function setup(project: TestProject) {
  project.provide('testServerExecutable', await ensureTestServer());
  const dir = await mkdtemp(join(tmpdir(), 'wa-notify-bundle-'));
  const built = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
  });
  await writeFile(join(dir, 'workflows.js'), built.code);
  await writeFile(join(dir, 'workflows.js.map'), built.sourceMap);
  project.provide('workflowBundleDir', dir);
  const devServer = await startDevServer();
  project.provide('temporalAddress', devServer.address);
  return async () => {
    await devServer.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    testServerExecutable: ServerExecutable;
    temporalAddress: string;
    workflowBundleDir: string;
  }
}
