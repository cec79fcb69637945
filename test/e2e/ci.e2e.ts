// CI wiring: `npm test` (what .ci/run runs) reaches the browser tests, and the
// unit tests beside web/ code run under the root config.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import rootConfig from '../../vitest.config.ts'
import e2eConfig from './vitest.config.ts'
import { ROOT } from './harness.ts'

const globToRe = (g: string) => new RegExp('^' + g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '(?:.*/)?').replace(/\*/g, '[^/]*') + '$')
const matches = (globs: string[] | undefined, file: string) => (globs ?? []).some((g) => globToRe(g).test(file))

describe('CI runs the browser tests', () => {
  it('.ci/run runs npm test, and npm test ends with test:e2e', () => {
    const ci = readFileSync(`${ROOT}.ci/run`, 'utf8')
    expect(ci).toMatch(/^npm test$/m)
    expect(ci).toMatch(/apt-get install -y --no-install-recommends chromium/)
    const scripts = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).scripts as Record<string, string>
    expect(scripts.test).toMatch(/&& npm run test:e2e$/)
    expect(scripts['test:e2e']).toContain('test/e2e/vitest.config.ts')
  })

  it('the root config runs web/**/*.test.ts; the e2e config runs *.e2e.ts only', () => {
    expect(matches(rootConfig.test?.include, 'web/workspace/workspace.test.ts')).toBe(true)
    expect(matches(rootConfig.test?.exclude, 'web/workspace/workspace.test.ts')).toBe(false)
    expect(matches(e2eConfig.test?.include, 'web/workspace/workspace.test.ts')).toBe(false)
    expect(matches(e2eConfig.test?.include, 'test/e2e/app.e2e.ts')).toBe(true)
  })
})
