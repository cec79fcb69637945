// which(1) of debianutils (Debian's /usr/bin/which, a sh script): for each
// name, the first PATH entry holding a regular executable file of that name
// (-a: every one); a name with a slash is checked as it is. Exit 0 when all
// were found, 1 when one was not (or no name was given), 2 for a bad option.
// Like the script it tests `[ -f X ] && [ -x X ]`: stat(2), then access(X_OK).
// A failed write is dash's: its printf builtin reports "I/O error" (evalbltin:
// "%s: I/O error", prefixed with $0 and the line, which inside the puts()
// function counts from the function's own first line: 2), and `set -e` ends
// the script with status 1.
import { S_IFMT, S_IFREG, type Program } from '../../kernel-sim/abi/index.ts'
import { access, err, getenv, out, stat, type Sys } from '../libc/index.ts'
import { DEFAULT_PATH } from './lib/exec.ts'
import type { ProgramInfo } from './lib/types.ts'

const X_OK = 1

function* isExecutableFile(path: string): Sys<boolean> {
  const st = yield* stat(path)
  if (typeof st === 'number' || (st.mode & S_IFMT) !== S_IFREG) return false
  return (yield* access(path, X_OK)) === 0
}

/**
 * PATH split as the script's `IFS=:; for ELEMENT in $PATH` does: a trailing
 * empty entry counts once (the script appends a ':' so that it is not lost),
 * and an empty entry means the current directory.
 */
function pathEntries(path: string): string[] {
  const p = /[^:]:$/.test(path) ? path + ':' : path
  const dirs = p === '' ? [] : p.split(':')
  if (dirs.at(-1) === '') dirs.pop()
  return dirs.map((d) => d || '.')
}

/** The script's puts(): printf '%s\n'; false after dash reported a failed write. */
function* puts(line: string): Sys<boolean> {
  if ((yield* out(`${line}\n`)) >= 0) return true
  yield* err('/usr/bin/which: 2: printf: I/O error\n')
  return false
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  // getopts a: options until the first operand or "--".
  let all = false
  let i = 1
  for (; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') { i++; break }
    if (!a.startsWith('-') || a === '-') break
    for (const c of a.slice(1)) {
      if (c === 'a') { all = true; continue }
      yield* err(`Illegal option -${c}\n`) // dash's getopts
      return (yield* puts('Usage: /usr/bin/which [-a] args')) ? 2 : 1
    }
  }
  const names = argv.slice(i)
  let status = names.length === 0 ? 1 : 0
  const dirs = pathEntries(getenv(envp, 'PATH') ?? DEFAULT_PATH)
  for (const name of names) {
    let found = false
    if (name.includes('/')) {
      if (yield* isExecutableFile(name)) {
        if (!(yield* puts(name))) return 1
        found = true
      }
    } else {
      for (const dir of dirs) {
        if (!(yield* isExecutableFile(`${dir}/${name}`))) continue
        if (!(yield* puts(`${dir}/${name}`))) return 1
        found = true
        if (!all) break
      }
    }
    if (!found) status = 1
  }
  return status
}

export const which: ProgramInfo = { name: 'which', path: '/usr/bin/which', description: 'locate a command: the file PATH runs for it (-a: every match)', main }
