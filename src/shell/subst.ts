// Command substitution $(...) and `...`: a forked child runs the commands
// with stdout on a pipe; the shell reads it all, then strips trailing newlines.
import type { Shell } from './shell.ts'
import { forkChild } from './fork.ts'
import { waitForeground, shellStatus } from './jobs.ts'
import { close, dup2, err, pipe2, read, type Sys } from '../libc/index.ts'
import { xmalloc } from './memory.ts'
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
  return out.replace(/\n+$/, '')
}

/**
 * Reads the child's output to EOF, as bash's read_comsub: NUL bytes are
 * dropped with one warning, and the text grows on the shell's heap (xmalloc).
 */
function* readOutput(sh: Shell, fd: number): Sys<string> {
  const parts: string[] = []
  let len = 0
  let warned = false
  const base = sh.varBytes()
  for (;;) {
    let d = yield* read(fd, 65536)
    if (typeof d === 'number' || d === '') break
    if (d.includes('\0')) {
      d = d.replace(/\0+/g, '') // runs at once: /dev/zero's 64 KiB reads are one match each
      if (!warned) yield* err(`${sh.prefix()}warning: command substitution: ignored null byte in input\n`)
      warned = true
    }
    if (d === '') continue
    yield* xmalloc(sh, base + len + d.length, len + d.length + 1)
    parts.push(d)
    len += d.length
  }
  const s = parts.join('')
  yield* sh.heap.resize(base) // the buffer is freed; the variable it goes into is charged by setVar
  return s
}
