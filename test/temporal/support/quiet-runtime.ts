import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes are logged at INFO by default and drown test output; WARN keeps real problems.
// Runtime.install may run once per process; vitest forks give each file its own process.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process: keep the existing runtime.
}
