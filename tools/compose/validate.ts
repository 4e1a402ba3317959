/**
 * `tsx tools/compose/validate.ts [FILE]`: validates docker-compose.yml with a real Docker Compose
 * (provisioned and cached on first use, see provision.ts) without a Docker engine: `config --quiet`
 * for the default settings and for a scaled api, then checks that every bind-mounted host path and
 * the Dockerfile exist (compose would silently create a missing bind source as an empty directory).
 * Exit 0 = valid, 1 = invalid, 2 = no compose could be provisioned.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureCompose, note } from './provision.js';
import type { ComposeCommand } from './plan.js';

/** Values for variables the file requires (`${VAR:?}`), used only when the caller has not set them. */
export const VALIDATION_ENV: Readonly<Record<string, string>> = {
  ADMIN_TOKEN: 'validation-only-admin-token',
};

/** Settings combinations that must each interpolate to a valid project. */
const VARIANTS: ReadonlyArray<{ name: string; env: Record<string, string> }> = [
  { name: 'defaults', env: {} },
  { name: 'three api replicas (API_PORTS range)', env: { API_PORTS: '10040-10042' } },
];

interface NormalizedProject {
  services: Record<
    string,
    {
      build?: { context: string; dockerfile?: string };
      volumes?: Array<{ type: string; source?: string }>;
    }
  >;
}

function runCompose(command: ComposeCommand, file: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(command.program, [...command.prefix, '-f', file, ...args], {
    encoding: 'utf8',
    env,
    timeout: 60_000,
  });
}

/** Host paths the project needs that are missing: bind sources and build Dockerfiles. */
export function missingHostPaths(project: NormalizedProject, exists: (path: string) => boolean): string[] {
  const missing: string[] = [];
  for (const [name, service] of Object.entries(project.services)) {
    for (const volume of service.volumes ?? []) {
      if (volume.type === 'bind' && volume.source && !exists(volume.source)) {
        missing.push(`${name}: bind mount source ${volume.source}`);
      }
    }
    if (service.build) {
      const dockerfile = resolve(service.build.context, service.build.dockerfile ?? 'Dockerfile');
      if (!exists(dockerfile)) missing.push(`${name}: ${dockerfile}`);
    }
  }
  return missing;
}

/** Returns the problems found; an empty list means the file is valid. */
export function validateComposeFile(command: ComposeCommand, file: string): string[] {
  const baseEnv = { ...VALIDATION_ENV, ...process.env };
  const problems: string[] = [];
  for (const variant of VARIANTS) {
    const result = runCompose(command, file, ['config', '--quiet'], { ...baseEnv, ...variant.env });
    if (result.status !== 0) {
      problems.push(`${variant.name}: ${(result.stderr || result.error?.message || '').trim()}`);
    }
  }
  if (problems.length > 0) return problems;
  const json = runCompose(command, file, ['config', '--format', 'json'], baseEnv);
  if (json.status !== 0) return [`config --format json: ${json.stderr.trim()}`];
  return missingHostPaths(JSON.parse(json.stdout) as NormalizedProject, existsSync);
}

async function main(args: string[]): Promise<number> {
  const file = resolve(args.find((a) => !a.startsWith('-')) ?? 'docker-compose.yml');
  let started = Date.now();
  let compose;
  try {
    compose = await ensureCompose();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const { command, source } = compose;
  const provisioned = (Date.now() - started) / 1000;
  const version = runCompose(command, file, ['version', '--short'], process.env).stdout.trim();
  note(
    `Docker Compose ${version} (${source}: ${[command.program, ...command.prefix].join(' ')}), ready in ${provisioned.toFixed(1)} s`,
  );
  started = Date.now();
  const problems = validateComposeFile(command, file);
  const took = ((Date.now() - started) / 1000).toFixed(2);
  if (problems.length > 0) {
    process.stderr.write(`${file} is INVALID (${took} s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write(
    `${file} is valid (${VARIANTS.length} settings variants, host paths present; ${took} s)\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(
        `compose validation failed: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      process.exit(2);
    },
  );
}
