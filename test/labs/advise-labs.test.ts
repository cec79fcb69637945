// Every lab that `advise` points a reason to exists in scenarios/labs (a stale name would send a learner nowhere).
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LABS } from '../../src/programs/advise/core.ts'

describe('advise names real labs', () => {
  it.each(Object.values(LABS))('%s', (name) => {
    expect(existsSync(new URL(`../../scenarios/labs/${name}.yaml`, import.meta.url))).toBe(true)
  })
})
