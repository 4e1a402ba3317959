import { describe, expect, it } from 'vitest';
import { nothingWorksMessage, planServer, type ProvisionFacts } from '../../../embedded/temporal/plan.js';

const facts = (over: Partial<ProvisionFacts>): ProvisionFacts => ({
  kind: 'time-skipping test server',
  explicitPathVar: 'TEMPORAL_TEST_SERVER_PATH',
  explicitPathExists: false,
  cachedPath: '/cache/test-server-1.38.0/temporal-test-server',
  cachedExists: false,
  toolchain: { 'Java 17+': true, Maven: true },
  ...over,
});

describe('where a Temporal server comes from', () => {
  it('uses an explicit path from the environment first, even when a cached one exists', () => {
    const plan = planServer(facts({ explicitPath: '/opt/ts', explicitPathExists: true, cachedExists: true }));
    expect(plan).toEqual({ source: 'explicit', path: '/opt/ts' });
  });

  it('refuses an explicit path that does not exist, naming the variable', () => {
    expect(() => planServer(facts({ explicitPath: '/nope' }))).toThrow(
      'TEMPORAL_TEST_SERVER_PATH=/nope does not exist (time-skipping test server).',
    );
  });

  it('reuses the cache before building anything', () => {
    expect(planServer(facts({ cachedExists: true }))).toEqual({
      source: 'cached',
      path: '/cache/test-server-1.38.0/temporal-test-server',
    });
  });

  it('builds into the cache when the toolchain is present', () => {
    expect(planServer(facts({}))).toEqual({
      source: 'build',
      path: '/cache/test-server-1.38.0/temporal-test-server',
    });
  });

  it('falls back to the SDK download and remembers what was missing', () => {
    expect(planServer(facts({ toolchain: { 'Java 17+': true, Maven: false } }))).toEqual({
      source: 'sdk-download',
      missing: ['Maven'],
    });
  });
});

describe('the error when nothing can work', () => {
  it('names the missing toolchain, the failed download and the override for the test server', () => {
    const message = nothingWorksMessage(
      'time-skipping test server',
      ['Java 17+', 'Maven'],
      'TEMPORAL_TEST_SERVER_PATH',
      new Error('getaddrinfo ENOTFOUND temporal.download'),
    );
    expect(message).toBe(
      'Cannot get the Temporal time-skipping test server. To provision it offline this machine needs ' +
        "Java 17+ and Maven (not found on PATH); the fallback, the Temporal SDK's own download, failed too " +
        '(no internet?): getaddrinfo ENOTFOUND temporal.download. Install Java 17+ and Maven, or set ' +
        'TEMPORAL_TEST_SERVER_PATH to an existing binary.',
    );
  });

  it('also offers TEMPORAL_ADDRESS for the dev server', () => {
    const message = nothingWorksMessage('dev server (Temporal CLI)', ['Go'], 'TEMPORAL_CLI_PATH', 'offline');
    expect(message).toContain('needs Go (not found on PATH)');
    expect(message).toMatch(
      /or set TEMPORAL_CLI_PATH to an existing binary, or TEMPORAL_ADDRESS to a running Temporal server\.$/,
    );
  });
});
