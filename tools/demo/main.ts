/**
 * `npm run demo`: the service (as `npm start` runs it) plus the 360dialog mock as the channel, with
 * the demo config applied at start, and curl commands that show every branch and urgency.
 * Offline; stop with Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock360dialog } from '../mock-360dialog/index.js';
import { DEFAULT_PORT } from '../../service/config.js';
import { SERVICE_NODE_FLAGS } from '../../service/node-flags.js';

const PORT = Number(process.env.PORT ?? DEFAULT_PORT);
const MOCK_PORT = Number(process.env.DEMO_MOCK_PORT ?? 10041);
const API_KEY = 'demo-d360-api-key';
const WEBHOOK = '13::9de6d0fbc9a547659457a0f7a0e21eda';
const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? 'demo-admin-token-change-me';
/** One scripted recipient per outcome the mock can produce. */
const RECIPIENTS = {
  success: '79291642944',
  noAccount: '79990000001',
  fail: '79990000002',
  inDialog: '79291642945',
} as const;

async function main(): Promise<void> {
  const mock = await startMock360dialog({ port: MOCK_PORT });
  await mock.control.registerKey({ key: API_KEY, flavour: 'cloud' });
  await mock.control.setScenario({ recipient: RECIPIENTS.success, scenario: 'happy' });
  await mock.control.setScenario({ recipient: RECIPIENTS.noAccount, scenario: 'no_account' });
  await mock.control.setScenario({ recipient: RECIPIENTS.fail, scenario: 'not_delivered' });
  await mock.control.setScenario({ recipient: RECIPIENTS.inDialog, scenario: 'happy' });
  console.log(`360dialog mock on ${mock.url} (control API: ${mock.url}/__mock/...)`);
  const configFile = await demoConfig(mock.url);

  const service = spawn(
    process.execPath,
    [
      ...SERVICE_NODE_FLAGS,
      '--import',
      'tsx',
      fileURLToPath(new URL('../../service/main.ts', import.meta.url)),
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        PORT: String(PORT),
        ADMIN_TOKEN,
        DATA_DIR: process.env.DATA_DIR ?? '.data/demo',
        CONFIG_FILE: configFile,
        DEMO_D360_API_KEY: API_KEY,
        DEMO_D360_CALLBACK_SECRET: 'demo-callback-secret-0123456789',
      },
    },
  );
  const stop = () => {
    service.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  service.on('exit', (code) => {
    void mock.stop().then(() => process.exit(code ?? 0));
  });

  await waitForService();
  console.log(instructions());
}

/** The demo config with its channel pointed at the mock's actual port (DEMO_MOCK_PORT may move it). */
async function demoConfig(mockUrl: string): Promise<string> {
  const text = await readFile(new URL('./demo-config.yaml', import.meta.url), 'utf8');
  const file = join(await mkdtemp(join(tmpdir(), 'wa-notify-demo-')), 'demo-config.yaml');
  await writeFile(file, text.replace('http://127.0.0.1:10041', mockUrl));
  return file;
}

async function waitForService(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the service did not start within 120 s');
}

function instructions(): string {
  const base = `http://localhost:${PORT}`;
  const post = (phone: string, extra = '') =>
    `curl -s -X POST ${base}/notification/${WEBHOOK}/chat -H 'Content-Type: application/json' \\\n` +
    `    -d '{"phone_number": "${phone}"${extra}, "order_id": "A-1042", "customer": {"name": "Anna"}}'`;
  return `
Demo ready. Each command answers {"status": "Accepted for execution", "task_id": "..."}; then read the
task's outcome with:
  curl -s ${base}/notification/${WEBHOOK}/tasks/<task_id>

success (sent → delivered → read):
  ${post(RECIPIENTS.success, ', "is_urgent": true')}
no account (a failed status with 131026):
  ${post(RECIPIENTS.noAccount, ', "is_urgent": true')}
fail (a failed status with 131049, "channel couldn't sent message"):
  ${post(RECIPIENTS.fail, ', "is_urgent": true')}

urgent vs non-urgent: first the recipient writes to the bot, which opens a dialog:
  curl -s -X POST http://127.0.0.1:${MOCK_PORT}/__mock/inbound -H 'Content-Type: application/json' \\
    -d '{"type": "text", "key": "${API_KEY}", "from": "${RECIPIENTS.inDialog}", "text": "Hi bot"}'
  a non-urgent request now waits ("status": "waiting") until the dialog closes (15 min, or closed explicitly):
  ${post(RECIPIENTS.inDialog, ', "is_urgent": false')}
  an urgent one interrupts the dialog and is sent at once (and lets the waiting one go):
  ${post(RECIPIENTS.inDialog, ', "is_urgent": true')}

Admin API (bearer ${ADMIN_TOKEN}): ${base}/docs, e.g.
  curl -s ${base}/admin/companies -H 'Authorization: Bearer ${ADMIN_TOKEN}'
What the mock received: curl -s http://127.0.0.1:${MOCK_PORT}/__mock/requests
Stop with Ctrl-C.
`;
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
