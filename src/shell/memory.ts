// The shell's data on its heap (libc malloc.ts): variables and command
// substitution output are charged as they grow, so they count in VmRSS,
// memory.current and free, and meet RLIMIT_DATA/RLIMIT_AS, memory.max and the
// OOM killer as bash's do. When malloc fails, bash's xmalloc() reports it and
// exits (xmalloc.c allocerr → fatal_error → sh_exit(2)):
//   bash: xmalloc: cannot allocate 268435457 bytes
import { err, type Sys } from '../libc/index.ts'
import { ExitSignal, type Shell } from './shell.ts'

/** The shell now holds `total` bytes, `request` of them for a new block; fatal if the heap cannot grow. */
export function* xmalloc(sh: Shell, total: number, request: number): Sys<void> {
  if ((yield* sh.heap.resize(total)) < 0) {
    yield* err(`${sh.arg0}: xmalloc: cannot allocate ${request} bytes\n`)
    throw new ExitSignal(2)
  }
}

/** Assigns a variable, charging its new value first; false if it is readonly. */
export function* setVar(sh: Shell, name: string, value: string): Sys<boolean> {
  const old = sh.get(name)?.length ?? 0
  if (value.length > old) yield* xmalloc(sh, sh.varBytes() - old + value.length, value.length + 1)
  const ok = sh.set(name, value)
  if (value.length < old) yield* sh.heap.resize(sh.varBytes()) // free(): trimmed when enough is free
  return ok
}
