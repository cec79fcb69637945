// Tab completion as pure logic: find the word at the cursor, decide whether it
// names a command, a container (`docker exec <Tab>`) or a path, and compute
// what to insert. The machine only has to list commands, directory entries and
// container names (read-only, so replay stays exact).
import type { Completion } from './api.ts'

export interface Lister {
  commands(): string[]
  /** Entries of an absolute directory, or null if it is not one. */
  list(dir: string): { name: string; dir: boolean }[] | null
  cwd(): string
  /** Container names (absent before the machine has containers). */
  containers?(): string[]
}

/** docker subcommands whose first operand is a container (docker's own bash completion). */
const CONTAINER_SUBCOMMANDS = new Set([
  'attach', 'exec', 'inspect', 'kill', 'logs', 'pause', 'port', 'restart', 'rm', 'start', 'stats', 'stop', 'top', 'unpause', 'wait',
])
/** Their options that take a value as the next word. */
const VALUE_OPTIONS = new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--tail', '--since', '--until', '-s', '--signal', '-t', '--time', '--detach-keys', '-f', '--format'])

/** True when the word being completed is the container operand of a docker subcommand. */
export function wantsContainer(line: string, start: number): boolean {
  const before = line.slice(0, start)
  const words = before.slice(before.search(/[^;|&(]*$/)).trim().split(/\s+/).filter(Boolean)
  if (words[0] !== 'docker') return false
  let i = 1
  if (words[i] === 'container') i++
  if (!CONTAINER_SUBCOMMANDS.has(words[i] ?? '')) return false
  // Everything between the subcommand and the cursor must be options (and their values).
  for (i++; i < words.length; i++) {
    const w = words[i]!
    if (!w.startsWith('-')) return false
    if (VALUE_OPTIONS.has(w)) i++
  }
  return i === words.length
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
  const { word, start, isCommand } = wordAt(line, cursor)
  let candidates: string[]
  let typed: string
  if (lister.containers && !word.startsWith('-') && wantsContainer(line, start)) {
    typed = word
    candidates = lister.containers().filter((c) => c.startsWith(word)).sort()
    if (candidates.length === 1) candidates = [candidates[0] + ' ']
  } else if (isCommand && !word.includes('/')) {
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
