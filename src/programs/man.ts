// man(1) (man-db): short manual pages for the commands installed on this
// machine, generated from the program registry (as help is) so none can drift
// from what exists: NAME, SYNOPSIS, DESCRIPTION, and where the options are.
// Section 8 for programs in sbin, 1 otherwise. Any other name: "No manual
// entry for X", status 16 (man-db's "at least one page not found").
// `man -k WORD` searches names and descriptions as apropos(1) does.
// SIMPLIFICATION: the pages are short summaries, rendered as man prints to a
// pipe (80 columns, no bold, no pager), not the distributions' full pages.
// SIMPLIFICATION: man-db writes a page through a pipeline (groff, col, and a
// blank-line squeezer in a child that stops silently at a failed fputs);
// this man writes it itself and, on a failed write, ends as close_stdout does.
import type { Program, ProgramMain } from '../../kernel-sim/abi/index.ts'
import { err, out } from '../libc/index.ts'
import type { ProgramInfo } from './lib/types.ts'

const WIDTH = 80

const section = (p: ProgramInfo) => (/\/sbin\//.test(p.path) ? '8' : '1')

/** man's title line: NAME(1) at both ends, the section's title centred. */
function titleLine(left: string, centre: string, right: string): string {
  const gap = WIDTH - left.length - right.length
  const l = Math.floor((gap - centre.length) / 2)
  return left + ' '.repeat(Math.max(1, l)) + centre + ' '.repeat(Math.max(1, gap - centre.length - l)) + right
}

function wrap(text: string, indent = 7): string {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent + line.length + 1 + word.length > WIDTH - 2) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines.map((l) => ' '.repeat(indent) + l + '\n').join('')
}

export function manPage(p: ProgramInfo): string {
  const sec = section(p)
  const id = `${p.name.toUpperCase()}(${sec})`
  const own = p.path.startsWith('/usr/local/')
  const kind = sec === '8' ? 'System Administration' : 'User Commands'
  let s = titleLine(id, kind, id) + '\n\n'
  s += `NAME\n       ${p.name} - ${p.description}\n\n`
  s += `SYNOPSIS\n       ${p.name} [OPTION]... [ARGUMENT]...\n\n`
  s += 'DESCRIPTION\n'
  s += wrap(own
    ? `${p.name} is one of isolab's own commands: ${p.description}. It runs as a program on the simulated machine, making system calls like any other.`
    : `${p.description[0]!.toUpperCase()}${p.description.slice(1)}. isolab's ${p.name} follows the Linux ${p.name}(${sec}) manual page for the options it implements, with the same messages and exit statuses.`)
  s += '\n'
  s += `OPTIONS\n${wrap(`Run '${p.name} --help' for the options this ${p.name} accepts.`)}\n`
  s += `FILES\n       ${p.path}\n\n`
  s += titleLine('isolab 0.1.0', '', id) + '\n'
  return s
}

/** The man program over a registry (a function: the registry includes man itself). */
export function manMain(registry: () => readonly ProgramInfo[]): ProgramMain {
  function* main(argv: readonly string[]): Program {
    const args = argv.slice(1)
    const all = registry().filter((p) => !p.imageOnly) // man-db on the host: no pages for what only images bring
    if (args[0] === '-k' || args[0] === '--apropos') {
      const words = args.slice(1)
      if (words.length === 0) {
        yield* err('apropos what?\n')
        return 1
      }
      const hits = all.filter((p) => words.some((w) => `${p.name} ${p.description}`.toLowerCase().includes(w.toLowerCase())))
      if (hits.length === 0) {
        yield* err(`${words.join(' ')}: nothing appropriate.\n`)
        return 16
      }
      yield* out(hits.map((p) => `${`${p.name} (${section(p)})`.padEnd(20)} - ${p.description}\n`).join(''))
      return 0
    }
    let sec: string | undefined
    if (args.length > 1 && /^[1-9]$/.test(args[0]!)) sec = args.shift()
    if (args.length === 0) {
      yield* err(sec ? `No manual entry for ${sec}\n` : "What manual page do you want?\nFor example, try 'man man'.\n")
      return 1
    }
    let status = 0
    let first = true
    for (const name of args) {
      const p = all.find((x) => x.name === name && (sec === undefined || section(x) === sec))
      if (!p) {
        yield* err(sec ? `No manual entry for ${name} in section ${sec}\n` : `No manual entry for ${name}\n`)
        status = 16
        continue
      }
      yield* out((first ? '' : '\n') + manPage(p))
      first = false
    }
    return status
  }
  return main
}
