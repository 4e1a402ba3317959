/**
 * The service as a user starts it (`service/main.ts`, what `npm start` runs), as a child process in
 * its own process group so a test can crash it together with its embedded Temporal dev server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_FLAGS } from '../../../service/node-flags.js';

const MAIN = fileURLToPath(new URL('../../../service/main.ts', import.meta.url));

export interface ServiceProcessOptions {
  env: Record<string, string>;
}

export class ServiceProcess {
  output = '';
  private child?: ChildProcess;

  constructor(
    readonly port: number,
    private readonly options: ServiceProcessOptions,
  ) {}

  /** The service's process id while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the service and waits until `/healthz` answers (bundling and the dev server take seconds). */
  async start(timeoutMs = 90_000): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.options.env, PORT: String(this.port) };
    delete env.TEMPORAL_ADDRESS; // embedded mode, as on a fresh machine
    this.child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '--import', 'tsx', MAIN], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`service exited early:\n${this.output}`);
      try {
        if ((await fetch(`${this.baseUrl}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`service did not answer /healthz within ${timeoutMs} ms:\n${this.output}`);
  }

  /** A crash: SIGKILL to the whole process group (service and its dev server), no cleanup at all. */
  async crash(): Promise<void> {
    await this.signalGroup('SIGKILL');
  }

  /** What an orchestrator does: SIGTERM, then wait for a clean exit. */
  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  }

  private async signalGroup(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(-child.pid, signal);
    await exited;
    // Give the killed dev server a moment to release its ports and SQLite file.
    await new Promise((r) => setTimeout(r, 500));
  }
}
