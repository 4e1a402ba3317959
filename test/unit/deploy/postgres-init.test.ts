import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../support/postgres.js';

const initScript = fileURLToPath(new URL('../../../deploy/postgres/10-create-wa-notify.sh', import.meta.url));

describe("postgres init script (the service's own role and database)", () => {
  let server: TestPostgres;
  let admin: pg.Client;
  const suffix = randomBytes(4).toString('hex');
  const db = `wa_notify_init_${suffix}`;
  const user = `wa_notify_user_${suffix}`;

  beforeAll(async () => {
    server = await startTestPostgres();
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin?.query(`DROP ROLE IF EXISTS ${user}`);
    await admin?.end();
    await server?.stop();
  });

  it('creates a login role owning its database, quoting the password safely', async () => {
    const url = new URL(server.url);
    const result = spawnSync('sh', [initScript], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PGHOST: url.hostname,
        PGPORT: url.port,
        PGPASSWORD: decodeURIComponent(url.password),
        POSTGRES_USER: decodeURIComponent(url.username),
        WA_NOTIFY_DB: db,
        WA_NOTIFY_DB_USER: user,
        WA_NOTIFY_DB_PASSWORD: "it's; DROP ROLE x; --",
      },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const owner = await admin.query<{ owner: string; login: boolean }>(
      `SELECT r.rolname AS owner, r.rolcanlogin AS login FROM pg_database d
       JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = $1`,
      [db],
    );
    expect(owner.rows).toEqual([{ owner: user, login: true }]);
  });

  it('refuses to run without a password', () => {
    const result = spawnSync('sh', [initScript], {
      encoding: 'utf8',
      env: { ...process.env, POSTGRES_USER: 'postgres', WA_NOTIFY_DB_PASSWORD: '' },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('WA_NOTIFY_DB_PASSWORD');
  });
});
