// Code that the web build loads on first use (src/programs/lib/lazy.ts: rarely run
// programs, the regex engine) is loaded before a test file runs, as the CLI does at
// start: no program waits for it, so transcripts stay the same byte for byte.
// kernel-sim's own tests are left out: the kernel never imports the userland.
import { expect } from 'vitest'

if (!/[/\\]kernel-sim[/\\]/.test(expect.getState().testPath ?? '')) {
  await import('../src/programs/index.ts')
  await (await import('../src/programs/lib/lazy.ts')).loadAllCode()
}
