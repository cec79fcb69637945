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

  it.each(['index-', 'machine.worker-', 'machine-'])('%s chunk is minified (no indented statements)', (prefix) => {
    // Unminified, the machine chunk has ~3,000 indented statement lines; minified
    // none (its remaining newlines are inside template literals: help texts).
    const c = js().find((x) => x.f.startsWith(prefix))!
    const statements = c.text.split('\n').filter((l) => /^\s+(const|let|var|return|if \(|for \(|function|export) /.test(l)).length
    expect(statements).toBeLessThan(20)
  })

  // What a learner's browser loads before the first prompt: the page, the worker and the machine
  // (the chunks the page and the worker import statically). The lab engine, YAML, zod, markdown and
  // `isolab compare` load only when a lab or a comparison is opened; they have a budget of their own.
  const lazy = /^(labs|browser|markdown|compare|lab|catalogue)-/
  it('loads at most 400 KB of JavaScript, gzipped, before the first prompt', () => {
    const gz = js().filter((c) => !lazy.test(c.f)).reduce((n, c) => n + gzipSync(c.text).length, 0)
    expect(gz / 1024).toBeLessThanOrEqual(400)
  })
  it('the lazily loaded lab player and engine stay under 200 KB gzipped', () => {
    const gz = js().filter((c) => lazy.test(c.f)).reduce((n, c) => n + gzipSync(c.text).length, 0)
    expect(gz / 1024).toBeLessThanOrEqual(200)
  })
  it('lab and scenario files ship as data (fetched .yaml assets), not as JavaScript', () => {
    expect(readdirSync(assets).filter((f) => f.endsWith('.yaml')).length).toBeGreaterThan(20)
  })
})
