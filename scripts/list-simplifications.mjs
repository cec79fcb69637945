#!/usr/bin/env node
// Lists every `SIMPLIFICATION:` comment (where isolab knowingly departs from
// Linux) as `file:line: text`. `npm run simplifications`.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DIRS = ['kernel-sim', 'src', 'web']
const EXT = /\.(ts|tsx|mts|js|mjs|css|html)$/
const SKIP = new Set(['node_modules', 'dist', 'build'])
const TAG = /SIMPLIFICATION:(.*)$/

function* walk(dir) {
  let entries
  try { entries = readdirSync(dir) } catch { return }
  for (const name of entries.sort()) {
    if (SKIP.has(name)) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) yield* walk(p)
    else if (EXT.test(name)) yield p
  }
}

/** Strip comment punctuation so only the reason remains. */
const clean = (s) => s.replace(/\*\/.*$/, '').replace(/-->.*$/, '').trim()

/**
 * A reason may wrap onto following comment lines of the same style
 * (`// ...` after `//`, ` * ...` inside a block comment); join them.
 */
function continuation(lines, i, tagLine) {
  const style = /^\s*\/\//.test(tagLine) ? /^\s*\/\/\s?(.*)$/ : /^\s*\*(?!\/)\s?(.*)$/
  if (/\*\//.test(tagLine.slice(tagLine.indexOf('SIMPLIFICATION:')))) return ''
  let more = ''
  for (let j = i + 1; j < lines.length; j++) {
    const m = style.exec(lines[j])
    if (!m || m[1].trim() === '' || m[1].includes('SIMPLIFICATION:') || /^@\w/.test(m[1].trim())) break
    more += ' ' + clean(m[1])
    if (/\*\//.test(lines[j])) break
  }
  return more
}

/** @returns {{file: string, line: number, text: string}[]} */
export function listSimplifications(root = ROOT) {
  const out = []
  for (const d of DIRS) {
    for (const file of walk(join(root, d))) {
      const lines = readFileSync(file, 'utf8').split('\n')
      lines.forEach((l, i) => {
        const m = TAG.exec(l)
        if (!m) return
        let text = (clean(m[1]) + continuation(lines, i, l)).trim()
        // "(SIMPLIFICATION: reason)." - drop the parenthesis that closes the aside
        if (l[m.index - 1] === '(') text = text.replace(/\)([.,;]?)$/, '$1')
        out.push({ file: relative(root, file), line: i + 1, text })
      })
    }
  }
  return out
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const all = listSimplifications()
  for (const s of all) console.log(`${s.file}:${s.line}: ${s.text}`)
  console.error(`${all.length} simplification(s)`)
}
