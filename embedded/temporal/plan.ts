/**
 * Pure decision of where a Temporal server binary comes from. Kept free of I/O so every branch,
 * including the "nothing can work" error text, is unit-tested.
 */

export type ServerKind = 'time-skipping test server' | 'dev server (Temporal CLI)';

/** What the machine offers, probed by the caller. */
export interface ProvisionFacts {
  kind: ServerKind;
  /** An explicit path from the environment (TEMPORAL_TEST_SERVER_PATH / TEMPORAL_CLI_PATH). */
  explicitPath?: string | undefined;
  explicitPathVar: string;
  explicitPathExists: boolean;
  cachedPath: string;
  cachedExists: boolean;
  /** The toolchain that can build it offline, e.g. { Java: true, Maven: false }. */
  toolchain: Record<string, boolean>;
}

export type ProvisionPlan =
  | { source: 'explicit' | 'cached'; path: string }
  | { source: 'build'; path: string }
  | { source: 'sdk-download'; missing: string[] };

export function planServer(facts: ProvisionFacts): ProvisionPlan {
  if (facts.explicitPath !== undefined && facts.explicitPath !== '') {
    if (!facts.explicitPathExists) {
      throw new Error(`${facts.explicitPathVar}=${facts.explicitPath} does not exist (${facts.kind}).`);
    }
    return { source: 'explicit', path: facts.explicitPath };
  }
  if (facts.cachedExists) return { source: 'cached', path: facts.cachedPath };
  const missing = Object.entries(facts.toolchain)
    .filter(([, present]) => !present)
    .map(([name]) => name);
  if (missing.length === 0) return { source: 'build', path: facts.cachedPath };
  return { source: 'sdk-download', missing };
}

/** The error shown when the SDK's own download was the last resort and it failed too. */
export function nothingWorksMessage(
  kind: ServerKind,
  missing: string[],
  explicitPathVar: string,
  cause: unknown,
) {
  const why = cause instanceof Error ? cause.message : String(cause);
  return (
    `Cannot get the Temporal ${kind}. ` +
    `To provision it offline this machine needs ${missing.join(' and ')} (not found on PATH); ` +
    `the fallback, the Temporal SDK's own download, failed too (no internet?): ${why}. ` +
    `Install ${missing.join(' and ')}, or set ${explicitPathVar} to an existing binary` +
    (kind === 'dev server (Temporal CLI)' ? ', or TEMPORAL_ADDRESS to a running Temporal server.' : '.')
  );
}
