// Browser end-to-end tests: real Chromium (Debian's, via playwright-core)
// against the `vite build` output served as plain files. The unit tests beside
// web/ code run with the root config.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('../..', import.meta.url))

export default defineConfig({
  root,
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/e2e/build-once.ts'],
  },
})
