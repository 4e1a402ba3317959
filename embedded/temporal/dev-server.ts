import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { lowerCpuPriority } from '../../lib/cpu-priority.js';
import { ensureCli } from './cli.js';
import { note } from './commands.js';
import { freePort } from './free-port.js';
import { nothingWorksMessage } from './plan.js';

export interface DevServerOptions {
  /** gRPC port; a free loopback port when omitted. */
  port?: number;
  /** Web UI port; omitted = headless. */
  uiPort?: number;
  /** SQLite file so workflows survive a restart; omitted = in memory. */
  dbFilename?: string;
  namespace?: string;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the server to answer gRPC (the first start of a fresh build is slowest). */
  readyTimeoutMs?: number;
  /**
   * The server's nice value (0–19; default 0). `npm start` runs it at 10: on a machine the service
   * shares with it, the intake then answers before the server works a backlog of starts.
   */
  nice?: number;
}

/** A Temporal server this process can use, and how to let go of it. */
export interface RunningTemporal {
  address: string;
  namespace: string;
  /** Set when a Web UI is served. */
  uiUrl?: string;
  /** The server's process, when this process started one. */
  pid?: number;
  /** `external` = TEMPORAL_ADDRESS, nothing was started; `stop()` then does nothing. */
  source: 'external' | 'cli' | 'sdk-download';
  stop(): Promise<void>;
}

/**
 * Starts a Temporal dev server on loopback and waits until it serves, or returns TEMPORAL_ADDRESS
 * when set. Order: TEMPORAL_ADDRESS, TEMPORAL_CLI_PATH, cached CLI, a Go build, the SDK download.
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<RunningTemporal> {
  const env = options.env ?? process.env;
  const namespace = options.namespace ?? env.TEMPORAL_NAMESPACE ?? 'default';
  if (env.TEMPORAL_ADDRESS) {
    return { address: env.TEMPORAL_ADDRESS, namespace, source: 'external', stop: () => Promise.resolve() };
  }
  const cli = await ensureCli(env);
  if (cli.path === undefined) return startWithSdkDownload(options, namespace, cli.missing);
  const port = options.port ?? (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace];
  args.push('--log-level', 'warn', '--log-format', 'json');
  args.push(...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']));
  if (options.dbFilename) {
    // WAL and synchronous=normal: about twice the file-backed throughput (85 -> 169-195 bare starts/s
    // on 2 cores). A power loss can drop the last transactions; a process crash cannot.
    args.push('--db-filename', options.dbFilename);
    args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  const child = spawn(cli.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = keepTail(child);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  // Once at once, so the threads the server makes from now on inherit it, and once when it serves,
  // for the threads it made in between.
  const lower = () => {
    if (options.nice && child.pid !== undefined) lowerCpuPriority(options.nice, child.pid);
  };
  lower();
  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(address, child, output, options.readyTimeoutMs ?? 60_000);
    lower();
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    address,
    namespace,
    source: 'cli',
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    ...(options.uiPort ? { uiUrl: `http://127.0.0.1:${options.uiPort}` } : {}),
    stop: async () => {
      process.off('exit', killOnExit);
      await stopChild(child);
    },
  };
}

/** The last lines the server printed, for an error message that says why it did not start. */
function keepTail(child: ChildProcess): string[] {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return lines;
}

async function waitUntilServing(address: string, child: ChildProcess, output: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Temporal dev server exited (${child.exitCode ?? child.signalCode}):\n${output.join('\n')}`,
      );
    }
    try {
      // connect() calls GetSystemInfo, so success means the frontend answers, not just that a port is open.
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.close();
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(
    `Temporal dev server at ${address} did not serve within ${timeoutMs} ms: ${String(lastError)}`,
  );
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Last resort without Go: the SDK downloads the CLI itself (needs internet). */
async function startWithSdkDownload(options: DevServerOptions, namespace: string, missing: string[]) {
  note(`${missing.join(' and ')} not found: falling back to the SDK's dev-server download (needs internet)`);
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  try {
    const testEnv = await TestWorkflowEnvironment.createLocal({
      server: {
        namespace,
        ...(options.port ? { port: options.port } : {}),
        ...(options.uiPort ? { ui: true, uiPort: options.uiPort } : {}),
        ...(options.dbFilename ? { dbFilename: options.dbFilename } : {}),
      },
    });
    return {
      address: testEnv.address,
      namespace,
      source: 'sdk-download' as const,
      ...(options.uiPort ? { uiUrl: `http://127.0.0.1:${options.uiPort}` } : {}),
      stop: () => testEnv.teardown(),
    };
  } catch (err) {
    throw new Error(nothingWorksMessage('dev server (Temporal CLI)', missing, 'TEMPORAL_CLI_PATH', err));
  }
}
