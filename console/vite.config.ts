import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console's build: Preact with the automatic JSX runtime (no plugin needed), served by the
 * service under `/console/`. Output goes to `console/dist`, which the service serves as is.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
});
