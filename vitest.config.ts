// Unit, conformance and tooling tests, including the pure unit tests beside
// web/ code (no DOM needed). Browser end-to-end tests live in test/e2e with
// their own config (`npm run test:e2e`, which `npm test` runs last).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['kernel-sim/**/*.test.ts', 'src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**', 'build/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // forks: each file in its own process, so a runaway simulated loop can't wedge the run.
    pool: 'forks',
    setupFiles: ['test/fast-check.setup.ts', 'test/lazy-code.setup.ts'],
  },
})
