// The interactive read-eval loop: prompts (PS1/PS2 on stderr, as bash writes
// them), job notices before each prompt, Ctrl-C and Ctrl-D handling.
import { InterruptSignal, type Shell } from './shell.ts'
import { Parser } from './parser.ts'
import { ParseError } from './lexer.ts'
import { execList } from './exec.ts'
import { syntaxError } from './run.ts'
import { notifyJobs } from './jobs.ts'
import { ForkFailed, SHELL_SIGNALS } from './fork.ts'
import { err, getpgid, getpid, getresuid, ioctl, read, readAll, open, close, setpgid, sigaction, sigtake, uname, type Sys } from '../libc/index.ts'
import { E, O_RDONLY, SIG, TIOCSPGRP } from '../../kernel-sim/abi/index.ts'

export function* setupInteractive(sh: Shell): Sys<void> {
  sh.interactive = true
  sh.jobControl = true
  if (sh.get('PS1') === undefined) sh.set('PS1', '\\u@\\h:\\w\\$ ')
  if (sh.get('PS2') === undefined) sh.set('PS2', '> ')
  // bash catches SIGINT (to abandon the line) and ignores the job-control signals
  for (const s of SHELL_SIGNALS) yield* sigaction(s, s === SIG.SIGINT ? 'catch' : 'ignore')
  const pid = yield* getpid()
  if ((yield* getpgid(0)) !== pid) yield* setpgid(0, 0)
  sh.shellPgid = yield* getpgid(0)
  yield* ioctl(0, TIOCSPGRP, sh.shellPgid)
}

function* userName(uid: number): Sys<string> {
  if (uid === 0) return 'root'
  const fd = yield* open('/etc/passwd', O_RDONLY)
  if (fd >= 0) {
    const text = yield* readAll(fd)
    yield* close(fd)
    if (typeof text === 'string') {
      for (const line of text.split('\n')) {
        const f = line.split(':')
        if (f[2] === String(uid)) return f[0]!
      }
    }
  }
  return `I have no name!`
}

/** Expands bash's prompt escapes (\u \h \H \w \W \$ \s \v \n \\ \[ \]). */
export function* renderPrompt(sh: Shell, ps: string): Sys<string> {
  if (!ps.includes('\\')) return ps
  const [, euid] = yield* getresuid()
  const user = ps.includes('\\u') ? yield* userName(euid) : ''
  const host = ps.includes('\\h') || ps.includes('\\H') ? (yield* uname()).nodename : ''
  const home = sh.get('HOME')
  const pwd = sh.get('PWD') ?? ''
  const w = home && (pwd === home || pwd.startsWith(home + '/')) ? '~' + pwd.slice(home.length) : pwd
  return ps.replace(/\\(.)/g, (m, c: string) => {
    switch (c) {
      case 'u': return user
      case 'h': return host.split('.')[0]!
      case 'H': return host
      case 'w': return w
      case 'W': return w === '~' ? '~' : w.split('/').pop() || '/'
      case '$': return euid === 0 ? '#' : '$'
      case 's': return 'bash'
      case 'v': return '5.2'
      case 'n': return '\n'
      case '\\': return '\\'
      case '[':
      case ']': return ''
      default: return m
    }
  })
}

class LineReader {
  buf = ''
  eof = false;
  /** A line with its newline, '' at end of input, null when interrupted (Ctrl-C). */
  *line(): Sys<string | null> {
    for (;;) {
      const nl = this.buf.indexOf('\n')
      if (nl >= 0) {
        const l = this.buf.slice(0, nl + 1)
        this.buf = this.buf.slice(nl + 1)
        return l
      }
      if (this.eof) {
        const l = this.buf
        this.buf = ''
        return l
      }
      const r = yield* read(0, 4096)
      if (typeof r === 'number') {
        if (r === -E.EINTR) {
          this.buf = ''
          return null
        }
        this.eof = true
      } else if (r === '') this.eof = true
      else this.buf += r
    }
  }
}

export function* interactiveLoop(sh: Shell): Sys<number> {
  const reader = new LineReader()
  for (;;) {
    yield* notifyJobs(sh)
    yield* err(yield* renderPrompt(sh, sh.get('PS1') ?? ''))
    let src = ''
    let list = null
    for (;;) {
      const line = yield* reader.line()
      if (line === null) {
        yield* sigtake()
        yield* err('\n')
        src = ''
        break
      }
      if (line === '') {
        if (src === '') {
          yield* err(sh.login ? 'logout\n' : 'exit\n')
          return sh.status
        }
        reader.eof = false
        yield* err(`${sh.arg0}: syntax error: unexpected end of file\n`)
        src = ''
        break
      }
      src += line
      try {
        list = new Parser(src).parseAll()
        break
      } catch (e) {
        if (!(e instanceof ParseError)) throw e
        if (e.incomplete) {
          yield* err(yield* renderPrompt(sh, sh.get('PS2') ?? '> '))
          continue
        }
        yield* syntaxError(sh, e, src, null)
        sh.status = 2
        src = ''
        break
      }
    }
    if (!list) continue
    try {
      yield* execList(sh, list)
    } catch (e) {
      if (e instanceof InterruptSignal) {
        yield* err('\n')
        sh.status = 130
      } else if (e instanceof ForkFailed) sh.status = 254
      else throw e
    }
  }
}
