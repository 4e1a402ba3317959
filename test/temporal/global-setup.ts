import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../embedded/temporal/dev-server.js';
import { ensureTestServer, type ServerExecutable } from '../../tools/temporal/test-server.js';

/**
 * Once per `npm test`: provisions both Temporal servers (a no-op when cached) and starts ONE dev
 * server shared by all files (unless TEMPORAL_ADDRESS points at a running one). Time-skipping
 * servers are started per file, because skipped time is global to a server.
 */
export default async function setup(project: TestProject) {
  project.provide('testServerExecutable', await ensureTestServer());
  const devServer = await startDevServer();
  project.provide('temporalAddress', devServer.address);
  return () => devServer.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    testServerExecutable: ServerExecutable;
    temporalAddress: string;
  }
}
