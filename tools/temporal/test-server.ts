import { existsSync } from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commandWorks, note, runVisible } from '../../embedded/temporal/commands.js';
import { testServerDir, testServerWrapperPath } from '../../embedded/temporal/paths.js';
import { planServer, type ProvisionPlan } from '../../embedded/temporal/plan.js';

/** What `TestWorkflowEnvironment.createTimeSkipping({ server: { executable } })` takes. */
export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

const POM = fileURLToPath(new URL('./test-server-pom.xml', import.meta.url));

/**
 * The SDK passes only the port and gives the server ~5 s to listen, so the wrapper must `exec` the
 * JVM (teardown kills the wrapper's pid) and start it lean: C1 only, serial GC, class-data sharing.
 */
const WRAPPER = `#!/bin/sh
# Temporal time-skipping test server, provisioned by wa-notify (tools/temporal/test-server.ts).
exec "\${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xms64m -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \\
  -Xshare:auto -cp "$(dirname "$0")/lib/*" io.temporal.testserver.TestServer "$@"
`;

export function planTestServer(env: NodeJS.ProcessEnv = process.env): ProvisionPlan {
  const explicitPath = env.TEMPORAL_TEST_SERVER_PATH;
  const cachedPath = testServerWrapperPath(env);
  return planServer({
    kind: 'time-skipping test server',
    explicitPath,
    explicitPathVar: 'TEMPORAL_TEST_SERVER_PATH',
    explicitPathExists: explicitPath !== undefined && existsSync(explicitPath),
    cachedPath,
    cachedExists: existsSync(cachedPath) && existsSync(join(dirname(cachedPath), 'lib')),
    toolchain: { 'Java 17+': commandWorks('java', ['-version']), Maven: commandWorks('mvn', ['-v']) },
  });
}

/** Resolves the cached Java test server through Maven into a temp folder, then renames it into place. */
async function buildTestServer(env: NodeJS.ProcessEnv): Promise<void> {
  const finalDir = testServerDir(env);
  const tmpDir = `${finalDir}.tmp-${process.pid}`;
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  note(`provisioning the time-skipping test server from Maven Central into ${finalDir} (first time only)`);
  const started = Date.now();
  await runVisible('mvn', [
    '-B',
    '-q',
    '-Dstyle.color=never',
    '-f',
    POM,
    'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
    `-DoutputDirectory=${join(tmpDir, 'lib')}`,
    '-DincludeScope=runtime',
  ]);
  const wrapper = join(tmpDir, 'temporal-test-server');
  await writeFile(wrapper, WRAPPER);
  await chmod(wrapper, 0o755);
  await rm(finalDir, { recursive: true, force: true });
  await rename(tmpDir, finalDir);
  note(`time-skipping test server ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Where the time-skipping server comes from: TEMPORAL_TEST_SERVER_PATH, the cache, a Maven build,
 * or (no Java/Maven) the SDK's own download, which needs internet.
 */
export async function ensureTestServer(env: NodeJS.ProcessEnv = process.env): Promise<ServerExecutable> {
  const plan = planTestServer(env);
  switch (plan.source) {
    case 'build':
      await buildTestServer(env);
      return { type: 'existing-path', path: plan.path };
    case 'explicit':
    case 'cached':
      return { type: 'existing-path', path: plan.path };
    case 'sdk-download':
      note(`${plan.missing.join(' and ')} not found: falling back to the SDK's download (needs internet)`);
      return { type: 'cached-download' };
  }
}
