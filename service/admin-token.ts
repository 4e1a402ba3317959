import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { adminTokenFile } from './paths.js';

/**
 * ADMIN_TOKEN when set; otherwise (embedded mode) a random token generated once and kept in
 * DATA_DIR, so it stays valid across restarts. The file is readable by its owner only.
 */
export async function resolveAdminToken(
  configured: string | undefined,
  dataDir: string,
): Promise<{ token: string; source: string }> {
  if (configured) return { token: configured, source: 'ADMIN_TOKEN' };
  const file = adminTokenFile(dataDir);
  try {
    const saved = (await readFile(file, 'utf8')).trim();
    if (saved.length >= 16) return { token: saved, source: file };
  } catch {
    // Not generated yet.
  }
  const token = randomBytes(24).toString('hex');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return { token, source: `${file} (generated; set ADMIN_TOKEN to choose one)` };
}
