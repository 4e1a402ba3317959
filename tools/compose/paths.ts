import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Docker Compose built from the Go module proxy. v5.0.2 is the newest tag whose go.mod has neither
 * `replace` nor `exclude` directives (every later v5 tag and v2.35+ carry an `exclude` block), which
 * `go install module@version` refuses. Bump both together.
 */
export const COMPOSE_VERSION = 'v5.0.2';
export const COMPOSE_MODULE = 'github.com/docker/compose/v5';
/** The `main` package of the compose CLI plugin; `go install` names the binary after it: `cmd`. */
export const COMPOSE_PACKAGE = `${COMPOSE_MODULE}/cmd`;
/** Stamped into the binary, or `docker-compose version` prints "dev". */
export const COMPOSE_VERSION_LDFLAG = `-X ${COMPOSE_MODULE}/internal.Version=${COMPOSE_VERSION}`;

/**
 * Where the compose binary is cached: outside the clone, beside the Temporal servers, so a fresh clone
 * (what CI runs) reuses it. `COMPOSE_TOOLS_DIR` moves it.
 */
export function composeToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COMPOSE_TOOLS_DIR) return env.COMPOSE_TOOLS_DIR;
  const cacheHome = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'wa-notify', 'compose');
}

export function cachedComposePath(env?: NodeJS.ProcessEnv): string {
  return join(composeToolsDir(env), `compose-${COMPOSE_VERSION}`, 'docker-compose');
}
