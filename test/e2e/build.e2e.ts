// The static build itself: what ships is minified (kernel included) and small.
import { readdirSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DIST } from './harness.ts'

const assets = `${DIST}/assets`
const js = () => readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => ({ f, text: readFileSync(`${assets}/${f}`, 'utf8') }))

describe('the built site (vite build output)', () => {
  it('has the page, the worker and the lazily loaded machine chunks', () => {
    const names = js().map((c) => c.f)
    expect(names.some((n) => n.startsWith('index-'))).toBe(true)
    expect(names.some((n) => n.startsWith('machine.worker-'))).toBe(true)
    expect(names.some((n) => n.startsWith('machine-'))).toBe(true)
  })

  it.each(['index-', 'machine.worker-', 'machine-'])('%s chunk is minified (no indented source lines)', (prefix) => {
    // Unminified, the machine chunk has ~8,000 indented lines; minified only a
    // few inside template literals (help texts).
    const c = js().find((x) => x.f.startsWith(prefix))!
    const indented = c.text.split('\n').filter((l) => /^\s{2}/.test(l)).length
    expect(indented).toBeLessThan(100)
  })

  it('ships at most 400 KB of JavaScript, gzipped', () => {
    const gz = js().reduce((n, c) => n + gzipSync(c.text).length, 0)
    expect(gz / 1024).toBeLessThanOrEqual(400)
  })
})
