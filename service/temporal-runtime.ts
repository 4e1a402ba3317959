import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

/**
 * Installs the Temporal SDK runtime once per process, before any connection or worker exists:
 * - its logs at WARN or above (it logs bundling and worker state at INFO), the service's at LOG_LEVEL;
 * - no shutdown signals: the service owns the shutdown order (intake first, then the worker);
 * - its metrics served on `sdkMetricsPort` (loopback), which the service's `/metrics` appends.
 * Returns the URL of the SDK's metrics, if any.
 */
export function installTemporalRuntime(
  level: 'debug' | 'info' | 'warn' | 'error',
  sdkMetricsPort?: number,
): string | undefined {
  const sdkLevel: LogLevel = level === 'debug' ? 'DEBUG' : level === 'error' ? 'ERROR' : 'WARN';
  const bindAddress = sdkMetricsPort ? `127.0.0.1:${sdkMetricsPort}` : undefined;
  Runtime.install({
    logger: new DefaultLogger(sdkLevel),
    shutdownSignals: [],
    ...(bindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress } } } } : {}),
  });
  return bindAddress ? `http://${bindAddress}/metrics` : undefined;
}
