import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { adminTokenFile } from './paths.js';

/** The admin token and where it came from. */
export interface AdminToken {
  token: string;
  source: string;
  /**
   * True when the service made the token itself (now or at an earlier start, kept in DATA_DIR).
   * Only such a token is printed: one chosen through ADMIN_TOKEN is known to whoever set it, and
   * stdout ends up in log collectors.
   */
  generated: boolean;
}

/**
 * ADMIN_TOKEN when set; otherwise (embedded mode) a random token generated once and kept in
 * DATA_DIR, so it stays valid across restarts. The file is readable by its owner only.
 */
export async function resolveAdminToken(
  configured: string | undefined,
  dataDir: string,
): Promise<AdminToken> {
  if (configured) return { token: configured, source: 'ADMIN_TOKEN', generated: false };
  const file = adminTokenFile(dataDir);
  try {
    const saved = (await readFile(file, 'utf8')).trim();
    if (saved.length >= 16) return { token: saved, source: file, generated: true };
  } catch {
    // Not generated yet.
  }
  const token = randomBytes(24).toString('hex');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return { token, source: `${file} (generated; set ADMIN_TOKEN to choose one)`, generated: true };
}

/** The start banner's token line: the token itself only when the service generated it. */
export function adminTokenLine(admin: AdminToken): string {
  return admin.generated
    ? `  Admin token  ${admin.token}  (from ${admin.source})`
    : `  Admin token  (from ${admin.source}, not shown)`;
}
