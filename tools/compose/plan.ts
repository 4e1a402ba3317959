/**
 * Pure decision of which compose binary validates docker-compose.yml. Free of I/O so every branch,
 * including the "nothing works" message, is unit-tested.
 */

/** A way to run compose: the program and the arguments that come before compose's own. */
export interface ComposeCommand {
  program: string;
  prefix: string[];
}

/** What the machine offers, probed by the caller. */
export interface ComposeFacts {
  /** DOCKER_COMPOSE_PATH: a compose v2+ binary chosen by the user. */
  explicitPath?: string | undefined;
  explicitPathExists: boolean;
  cachedPath: string;
  cachedExists: boolean;
  /** `docker compose version` works (the Docker CLI plugin). */
  dockerPlugin: boolean;
  /** `docker-compose version` works and reports v2 or later (v1 predates the Compose spec). */
  standaloneV2: boolean;
  /** `go version` works. */
  go: boolean;
}

export type ComposePlan =
  | { source: 'explicit' | 'cached' | 'docker-plugin' | 'standalone'; command: ComposeCommand }
  | { source: 'build'; command: ComposeCommand }
  | { source: 'none'; message: string };

const binary = (program: string): ComposeCommand => ({ program, prefix: [] });

export function planCompose(facts: ComposeFacts): ComposePlan {
  if (facts.explicitPath !== undefined && facts.explicitPath !== '') {
    if (!facts.explicitPathExists) {
      throw new Error(`DOCKER_COMPOSE_PATH=${facts.explicitPath} does not exist.`);
    }
    return { source: 'explicit', command: binary(facts.explicitPath) };
  }
  if (facts.cachedExists) return { source: 'cached', command: binary(facts.cachedPath) };
  if (facts.dockerPlugin)
    return { source: 'docker-plugin', command: { program: 'docker', prefix: ['compose'] } };
  if (facts.standaloneV2) return { source: 'standalone', command: binary('docker-compose') };
  if (facts.go) return { source: 'build', command: binary(facts.cachedPath) };
  return { source: 'none', message: noComposeMessage(facts.cachedPath) };
}

export function noComposeMessage(cachedPath: string): string {
  return (
    'Cannot validate docker-compose.yml: no Docker Compose v2+ found. Tried DOCKER_COMPOSE_PATH (unset), ' +
    `the cache (${cachedPath}), \`docker compose\` and \`docker-compose\`; building it needs Go ` +
    '(not found on PATH). Install Go (Debian: apt-get install golang-go) or Docker Compose, or set ' +
    'DOCKER_COMPOSE_PATH to a compose binary.'
  );
}
