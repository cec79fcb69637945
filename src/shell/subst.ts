// Command substitution $(...) and `...`: a forked child runs the commands
// with stdout on a pipe; the shell reads it all, then strips trailing newlines.
import type { Shell } from './shell.ts'
import { forkChild } from './fork.ts'
import { waitForeground, shellStatus } from './jobs.ts'
import { runScriptText } from './run.ts'
import { close, dup2, err, pipe2, readAll, type Sys } from '../libc/index.ts'
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
      return yield* runScriptText(c, src, c.source)
    })
  } catch (e) {
    yield* close(r)
    yield* close(w)
    throw e
  }
  yield* close(w)
  const out = yield* readAll(r)
  yield* close(r)
  const st = yield* waitForeground(sh, [pid], pid, src)
  sh.status = shellStatus(st, false)
  sh.substStatus = sh.status
  return typeof out === 'string' ? out.replace(/\n+$/, '') : ''
}
