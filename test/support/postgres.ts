import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../embedded/temporal/free-port.js';

/** A throwaway PostgreSQL database for one test file. */
export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
  /** Stops and restarts the private server (not available with TEST_DATABASE_URL): an outage. */
  suspend(): Promise<void>;
  resume(): Promise<void>;
}

/**
 * `TEST_DATABASE_URL` set: a fresh database on that server, dropped at `stop()`. Otherwise Debian's
 * PostgreSQL binaries: `initdb` a temp dir, start a private server on a free loopback port (socket
 * in the temp dir, fsync off, commits synchronous), and remove it all at `stop()`. As root, the
 * binaries run as the `postgres` user, because `initdb` refuses to run as root.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const shared = process.env.TEST_DATABASE_URL;
  return shared ? freshDatabase(shared) : privateServer();
}

async function freshDatabase(serverUrl: string): Promise<TestPostgres> {
  const name = `wa_notify_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    stop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    suspend: () => Promise.reject(new Error('suspend needs the private server, not TEST_DATABASE_URL')),
    resume: () => Promise.reject(new Error('resume needs the private server, not TEST_DATABASE_URL')),
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function findBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      'PostgreSQL is not installed: run `apt-get install postgresql` (Debian) or set TEST_DATABASE_URL ' +
        'to a server where the tests may create databases.',
    );
  }
  return join(root, newest, 'bin');
}

async function privateServer(): Promise<TestPostgres> {
  const bin = findBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'wa-notify-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]): void => {
    const [cmd, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
      : [join(bin, tool), args];
    const result = spawnSync(cmd, argv, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(
        `${tool} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`,
      );
    }
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  run('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ]);
  const port = await freePort();
  // fsync off: nothing is flushed to the disk, which only an OS crash could notice. Commits stay
  // synchronous (written to the OS before they are acknowledged), as on a real server: `suspend()`
  // is an immediate stop — a crash — and must not forget acknowledged commits. With
  // synchronous_commit=off it forgot those of the last ~0.2 s, and the chaos run counted the
  // resolution it lost as an accepted task left unresolved.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = () =>
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start']);
  start();
  const serverUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  await adminQuery(serverUrl, 'CREATE DATABASE wa_notify_test');
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/wa_notify_test`,
    suspend() {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      return Promise.resolve();
    },
    resume() {
      start();
      return Promise.resolve();
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      return Promise.resolve();
    },
  };
}
