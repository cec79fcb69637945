// Command substitution $(...) and `...`: a forked child runs the commands
// with stdout on a pipe; the shell reads it all, then strips trailing newlines.
import type { Shell } from './shell.ts'
import { forkChild } from './fork.ts'
import { waitForeground, shellStatus } from './jobs.ts'
import { close, dup2, err, pipe2, read, type Sys } from '../libc/index.ts'
import { hold } from './memory.ts'
import { strerror } from '../../kernel-sim/abi/index.ts'

export function* runCommandSubst(sh: Shell, src: string): Sys<string> {
  const p = yield* pipe2()
  if (typeof p === 'number') {
    yield* err(`${sh.prefix()}cannot make pipe for command substitution: ${strerror(-p)}\n`)
    return ''
  }
  const [r, w] = p
  let pid: number
  try {
    pid = yield* forkChild(sh, function* (c) {
      yield* close(r)
      if (w !== 1) {
        yield* dup2(w, 1)
        yield* close(w)
      }
      return yield* c.interp.runScriptText(c, src, c.source)
    })
  } catch (e) {
    yield* close(r)
    yield* close(w)
    throw e
  }
  yield* close(w)
  const out = yield* readOutput(sh, r)
  yield* close(r)
  const st = yield* waitForeground(sh, [pid], pid, src)
  sh.status = shellStatus(st, false)
  sh.substStatus = sh.status
  // trailing newlines go; a slice, not a copy of a text that may be 100 MB
  let end = out.length
  while (end > 0 && out.charCodeAt(end - 1) === 10) end--
  return end === out.length ? out : out.slice(0, end)
}

/**
 * Reads the child's output to EOF, as bash's read_comsub: NUL bytes are
 * dropped with one warning, and the text grows on the shell's heap (xmalloc),
 * held there until the command that expands it is done.
 */
function* readOutput(sh: Shell, fd: number): Sys<string> {
  const parts: string[] = []
  let len = 0
  let warned = false
  for (;;) {
    let d = yield* read(fd, 65536)
    if (typeof d === 'number' || d === '') break
    if (d.includes('\0')) {
      d = d.replace(/\0+/g, '') // runs at once: /dev/zero's 64 KiB reads are one match each
      if (!warned) yield* err(`${sh.prefix()}warning: command substitution: ignored null byte in input\n`)
      warned = true
    }
    if (d === '') continue
    len += d.length
    yield* hold(sh, d.length, len + 1)
    parts.push(d)
  }
  return parts.join('')
}
