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

  // What a learner's browser loads before the first prompt: the page, the worker and the machine it
  // loads at once, with every chunk they import statically (`from "./x.js"`, not `import("./x.js")`).
  // Everything else (the lab engine, YAML, zod, markdown, the shipped labs, uPlot, `isolab compare`)
  // loads only when it is opened, and has a budget of its own.
  const gzKB = (names: Iterable<string>) => [...names].reduce((n, f) => n + gzipSync(readFileSync(`${assets}/${f}`)).length, 0) / 1024
  const eager = () => {
    const chunks = new Map(js().map((c) => [c.f, c.text]))
    const seen = new Set<string>()
    const todo = [...chunks.keys()].filter((f) => /^(index|machine\.worker|machine)-/.test(f))
    for (let f = todo.pop(); f !== undefined; f = todo.pop()) {
      if (seen.has(f) || !chunks.has(f)) continue
      seen.add(f)
      for (const m of chunks.get(f)!.matchAll(/\b(?:from|import)\s*["']\.\/([^"']+\.js)["']/g)) todo.push(m[1]!)
    }
    return seen
  }
  // Issue #13: at most 400 KB before the first prompt. Rarely run programs (strace, the exploits,
  // density, man...) and the regex engine (re2js, grep/sed/awk/[[ =~ ]]) load when first run.
  it('loads at most 400 KB of JavaScript, gzipped, before the first prompt', () => {
    expect(gzKB(eager())).toBeLessThanOrEqual(400)
  })
  it('what loads later (lab player, engine, shipped labs, charts, compare, rare programs, regex engine) stays under 300 KB gzipped', () => {
    const first = eager()
    expect(gzKB(js().map((c) => c.f).filter((f) => !first.has(f)))).toBeLessThanOrEqual(300)
  })
  it('the regex engine and the rarely run programs are not loaded before the first prompt', () => {
    const first = [...eager()].map((f) => readFileSync(`${assets}/${f}`, 'utf8')).join('\n')
    // re2js's own error text, strace's and exploit's usage texts
    for (const marker of ['missing closing )', 'must have PROG [ARGS] or -p PID', "Run a modelled vulnerability's exploit", 'calling undefined function']) expect(first).not.toContain(marker)
  })
  it("the page's own chunk has no copy of the worker's code: no CVE catalogue, no errno table", () => {
    const page = js().find((c) => c.f.startsWith('index-'))!.text
    // CVE-2022-0185's code path (kernel-sim/vulns) and E2BIG's message (kernel-sim/abi/errno.ts)
    for (const marker of ['legacy_parse_param', 'Argument list too long']) expect(page).not.toContain(marker)
  })
  it('lab and scenario files ship as data (fetched .yaml assets), not as JavaScript', () => {
    expect(readdirSync(assets).filter((f) => f.endsWith('.yaml')).length).toBeGreaterThan(20)
  })
})
