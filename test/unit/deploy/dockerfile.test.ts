import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { argsOf, parseDockerfile, type Stage } from './support/dockerfile.js';

const root = new URL('../../..', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

const stages = parseDockerfile(read('Dockerfile'));
const build = stages[0] as Stage;
const runtime = stages.at(-1) as Stage;
const runs = (stage: Stage) => argsOf(stage, 'RUN').join('\n');
const env = (stage: Stage) => argsOf(stage, 'ENV').join(' ');

describe('Dockerfile', () => {
  it('is multi-stage: a build stage and a separate runtime stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build.name).toBe('build');
    expect(runtime).not.toBe(build);
  });

  it('pins every base image to a Node 20 release on Debian bookworm-slim', () => {
    for (const stage of stages) {
      expect(stage.image).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
    }
  });

  it('builds in the build stage: all dependencies, the compiled code and the workflow bundle', () => {
    expect(runs(build)).toMatch(/\bnpm ci\b/);
    expect(runs(build)).not.toMatch(/--omit=dev/);
    expect(runs(build)).toMatch(/\btsc -p tsconfig\.build\.json\b/);
    expect(runs(build)).toMatch(/tools\/build-workflow-bundle\.ts dist\/workflow-bundle\.js/);
  });

  it('installs production dependencies only in the runtime stage', () => {
    expect(runs(runtime)).toMatch(/\bnpm ci --omit=dev\b/);
    expect(runs(runtime)).not.toMatch(/\btsc\b|build-workflow-bundle/);
  });

  it('ships the compiled code and points the worker at the prebuilt bundle', () => {
    expect(argsOf(runtime, 'WORKDIR')).toEqual(['/app']);
    expect(argsOf(runtime, 'COPY')).toContain('--from=build /app/dist ./dist');
    expect(env(runtime)).toMatch(/\bWORKFLOW_BUNDLE_PATH=\/app\/dist\/workflow-bundle\.js\b/);
    expect(env(runtime)).toMatch(/\bNODE_ENV=production\b/);
    expect(argsOf(build, 'WORKDIR')).toEqual(['/app']); // so dist/workflow-bundle.js is /app/dist/...
  });

  it('runs as the unprivileged node user, with nothing run as root after the switch', () => {
    const users = argsOf(runtime, 'USER');
    expect(users).toEqual(['node']);
    const userAt = runtime.instructions.findIndex((i) => i.keyword === 'USER');
    expect(runtime.instructions.slice(userAt).some((i) => i.keyword === 'RUN')).toBe(false);
  });

  it('exposes the API port and enters through deploy/entrypoint.sh, api by default', () => {
    expect(argsOf(runtime, 'EXPOSE')).toEqual(['10040']);
    expect(JSON.parse(argsOf(runtime, 'ENTRYPOINT')[0] ?? '')).toEqual([
      '/bin/sh',
      '/app/deploy/entrypoint.sh',
    ]);
    expect(JSON.parse(argsOf(runtime, 'CMD')[0] ?? '')).toEqual(['api']);
  });

  it('copies into the runtime stage only files that exist and are not .dockerignored', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const fromContext = argsOf(runtime, 'COPY')
      .filter((args) => !args.startsWith('--from='))
      .flatMap((args) => args.split(' ').slice(0, -1));
    expect(fromContext).toEqual(
      expect.arrayContaining(['package-lock.json', 'deploy/entrypoint.sh', 'deploy/healthcheck.js']),
    );
    for (const path of fromContext) {
      expect(existsSync(new URL(path, root)), path).toBe(true);
      expect(ignored.filter((pattern) => path === pattern || path.startsWith(`${pattern}/`))).toEqual([]);
    }
  });
});

describe('the compiled entrypoints', () => {
  const buildConfig = JSON.parse(read('tsconfig.build.json')) as { files: string[] };
  const entrypoint = read('deploy/entrypoint.sh');

  it('compiles every script the entrypoint runs (dist/X.js comes from X.ts)', () => {
    const targets = [...new Set([...entrypoint.matchAll(/dist\/(\S+)\.js/g)].map((m) => `${m[1]}.ts`))];
    expect(targets).toEqual(['service/api-main.ts', 'service/worker-main.ts', 'tools/config-apply.ts']);
    expect(buildConfig.files).toEqual(expect.arrayContaining(targets));
    for (const file of buildConfig.files) expect(existsSync(new URL(file, root)), file).toBe(true);
  });
});
