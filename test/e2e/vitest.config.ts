// Browser end-to-end tests (real Chromium via playwright-core against the
// `vite build` output) plus the unit tests that live beside web/ code, which
// the root vitest config does not include.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('../..', import.meta.url))

export default defineConfig({
  root,
  test: {
    include: ['test/e2e/**/*.e2e.ts', 'web/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/e2e/build-once.ts'],
  },
})
