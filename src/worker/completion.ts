// Tab completion as pure logic: find the word at the cursor, decide whether it
// names a command or a path, and compute what to insert. The machine only has
// to list commands and directory entries (read-only, so replay stays exact).
import type { Completion } from './api.ts'

export interface Lister {
  commands(): string[]
  /** Entries of an absolute directory, or null if it is not one. */
  list(dir: string): { name: string; dir: boolean }[] | null
  cwd(): string
}

export function wordAt(line: string, cursor: number): { word: string; start: number; isCommand: boolean } {
  const before = line.slice(0, cursor)
  const m = /[^\s;|&<>()]*$/.exec(before)!
  const start = m.index
  const head = before.slice(0, start).replace(/\s+$/, '')
  const isCommand = head === '' || /(\|\||&&|[;|&(])$/.test(head)
  return { word: m[0], start, isCommand }
}

export function commonPrefix(xs: string[]): string {
  if (xs.length === 0) return ''
  let p = xs[0]!
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1)
  return p
}

function resolve(cwd: string, p: string): string {
  const parts = (p.startsWith('/') ? p : `${cwd}/${p}`).split('/')
  const out: string[] = []
  for (const s of parts) {
    if (s === '' || s === '.') continue
    if (s === '..') out.pop()
    else out.push(s)
  }
  return '/' + out.join('/')
}

export function complete(lister: Lister, line: string, cursor: number): Completion {
  const { word, isCommand } = wordAt(line, cursor)
  let candidates: string[]
  let typed: string
  if (isCommand && !word.includes('/')) {
    typed = word
    candidates = [...new Set(lister.commands())].filter((c) => c.startsWith(word)).sort()
    if (candidates.length === 1) candidates = [candidates[0] + ' ']
  } else {
    const slash = word.lastIndexOf('/')
    const dirPart = slash >= 0 ? word.slice(0, slash + 1) : ''
    typed = word.slice(slash + 1)
    const entries = lister.list(resolve(lister.cwd(), dirPart || '.')) ?? []
    const hits = entries.filter((e) => e.name.startsWith(typed) && (typed.startsWith('.') || !e.name.startsWith('.')))
    candidates = hits.map((e) => e.name + (e.dir ? '/' : '')).sort()
    if (candidates.length === 1 && !candidates[0]!.endsWith('/')) candidates = [candidates[0] + ' ']
  }
  return { insert: commonPrefix(candidates).slice(typed.length), candidates: candidates.map((c) => c.trimEnd()) }
}
