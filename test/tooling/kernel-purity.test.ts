// The kernel must be deterministic and portable (browser worker and Node):
// no wall clock, no ambient randomness, no timers, no host globals.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const KERNEL = join(ROOT, 'kernel-sim')

// `(?<![\w.$])` lets `task.process.pid` or `timer.setTimeout` through: only the host globals are banned.
const G = '(?<![\\w.$])'
const FORBIDDEN: [string, RegExp][] = [
  ['Math.random', new RegExp(`${G}Math\\.random\\b`)],
  ['Date.now', new RegExp(`${G}Date\\.now\\b`)],
  ['new Date', /\bnew\s+Date\b/],
  ['performance.now', new RegExp(`${G}performance\\.now\\b`)],
  ['setTimeout', new RegExp(`${G}setTimeout\\b`)],
  ['setInterval', new RegExp(`${G}setInterval\\b`)],
  ['queueMicrotask', new RegExp(`${G}queueMicrotask\\b`)],
  ['process.', new RegExp(`${G}process\\.`)],
  ['globalThis.', new RegExp(`${G}globalThis\\.`)],
  ['window.', new RegExp(`${G}window\\.`)],
  ['document.', new RegExp(`${G}document\\.`)],
  ['require(', new RegExp(`${G}require\\s*\\(`)],
]

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules') continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) yield* tsFiles(p)
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) yield p
  }
}

/** Blank out comments (keeping line breaks) so prose like "no Date.now here" is allowed. */
export function stripComments(src: string): string {
  let out = ''
  let i = 0
  while (i < src.length) {
    const c = src[i]
    const n = src[i + 1]
    if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') i++
    } else if (c === '/' && n === '*') {
      i += 2
      while (i < src.length && !(src[i] === '*' && src[i + 1] === '/')) out += src[i++] === '\n' ? '\n' : ''
      i += 2
    } else if (c === '"' || c === "'" || c === '`') {
      // Strings are kept (a string can't call anything) but skipped so "//" inside one isn't a comment.
      out += src[i++]
      while (i < src.length && src[i] !== c) {
        if (src[i] === '\\') out += src[i++]
        out += src[i++]
      }
      out += src[i++] ?? ''
    } else {
      out += src[i++]
    }
  }
  return out
}

export function findViolations(file: string, src: string): string[] {
  const found: string[] = []
  stripComments(src).split('\n').forEach((line, i) => {
    for (const [what, re] of FORBIDDEN) {
      if (re.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${what}  ${line.trim()}`)
    }
  })
  return found
}

describe('kernel purity', () => {
  it('detector catches each banned construct and ignores comments and members', () => {
    const bad = FORBIDDEN.map(([what]) => (what.endsWith('(') || what.endsWith('.') ? `${what}x` : `${what}()`)).join('\n')
    expect(findViolations(join(KERNEL, 'x.ts'), bad)).toHaveLength(FORBIDDEN.length)
    const ok = '// no Date.now here\n/* Math.random\n */ task.process.pid; t.setTimeout(1); const s = "a // b"'
    expect(findViolations(join(KERNEL, 'x.ts'), ok)).toEqual([])
  })

  it('kernel-sim sources use no clock, randomness, timers or host globals', () => {
    const violations: string[] = []
    for (const f of tsFiles(KERNEL)) violations.push(...findViolations(f, readFileSync(f, 'utf8')))
    expect(violations, `forbidden in kernel-sim/:\n${violations.join('\n')}`).toEqual([])
  })

  it('kernel-sim/tsconfig.json compiles against the ES library only (no DOM, no Node types)', () => {
    // --showConfig resolves `extends` and comments, so we check what tsc really uses.
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    const json = execFileSync(process.execPath, [tsc, '-p', join(KERNEL, 'tsconfig.json'), '--showConfig'], { encoding: 'utf8' })
    const opts = JSON.parse(json).compilerOptions
    expect(Array.isArray(opts.lib) && opts.lib.length > 0, 'lib must be set explicitly').toBe(true)
    for (const lib of opts.lib as string[]) expect(lib.toLowerCase()).toMatch(/^(lib\.)?es(\d{4}|\d|next)(\.[a-z0-9.]+)?$/)
    expect(opts.types).toEqual([])
  })
})
