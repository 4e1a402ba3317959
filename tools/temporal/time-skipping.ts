import { TestWorkflowEnvironment } from '@temporalio/testing';
import { nothingWorksMessage } from '../../embedded/temporal/plan.js';
import type { ServerExecutable } from './test-server.js';

/**
 * A time-skipping environment on the provisioned Java test server. When the executable is the SDK's
 * download (no Java/Maven) and that fails, the error names what is missing instead of a bare socket error.
 */
export async function createTimeSkippingEnv(executable: ServerExecutable): Promise<TestWorkflowEnvironment> {
  try {
    return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } });
  } catch (err) {
    if (executable.type !== 'cached-download') throw err;
    throw new Error(
      nothingWorksMessage(
        'time-skipping test server',
        ['Java 17+', 'Maven'],
        'TEMPORAL_TEST_SERVER_PATH',
        err,
      ),
    );
  }
}
