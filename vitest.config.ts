import { defineConfig } from 'vitest/config';

/**
 * Three projects: `unit` needs no Temporal server (pure logic, the 360dialog mock, activities over HTTP);
 * `temporal` gets the servers from test/global-setup.ts (provisioned on first use, then cached);
 * `browser` drives the console in real Chromium (its service starts its own embedded dev server).
 */
export default defineConfig({
  test: {
    environment: 'node',
    // The Temporal native bridge crashes under worker threads; every file gets its own forked process.
    pool: 'forks',
    // 2-core machines and one shared dev server: files run one after another.
    fileParallelism: false,
    isolate: true,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'temporal',
          include: ['test/temporal/**/*.test.ts'],
          globalSetup: ['./test/temporal/global-setup.ts'],
          setupFiles: ['./test/temporal/support/quiet-runtime.ts'],
        },
      },
      {
        // The console in Debian's Chromium (playwright-core) against the service as `npm start` runs it.
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 120_000 },
      },
    ],
  },
});
