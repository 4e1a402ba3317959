import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

/**
 * The Temporal SDK logs bundling and worker state changes at INFO; the service keeps its own logs
 * at LOG_LEVEL and the SDK's at WARN or above. The SDK would also start draining workers on SIGTERM
 * by itself; the service owns the shutdown order (intake first, then the worker), so it takes none.
 * Must run before any connection or worker exists.
 */
export function installTemporalRuntime(level: 'debug' | 'info' | 'warn' | 'error'): void {
  const sdkLevel: LogLevel = level === 'debug' ? 'DEBUG' : level === 'error' ? 'ERROR' : 'WARN';
  Runtime.install({ logger: new DefaultLogger(sdkLevel), shutdownSignals: [] });
}
