// The shell's data on its heap (libc malloc.ts): variables, and the scratch
// memory a command uses while it runs (command substitution output, the
// expanded text and word list, a here-document, `set`'s quoted values) are
// charged as they grow, so they count in VmRSS, memory.current and free, and
// meet RLIMIT_DATA/RLIMIT_AS, memory.max and the OOM killer as bash's do. When
// malloc fails, bash's xmalloc() reports it and exits (xmalloc.c allocerr →
// fatal_error → sh_exit(2)):
//   bash: xmalloc: cannot allocate 268435457 bytes
import { err, type Sys } from '../libc/index.ts'
import { ExitSignal, type Shell } from './shell.ts'

/**
 * Scratch is checked against the heap each time it grows by this much.
 * SIMPLIFICATION: smaller amounts ride on malloc's 128 KiB top pad uncharged,
 * so an ordinary command makes no extra brk(2) calls.
 */
const CHECK_STEP = 64 * 1024

/**
 * What bash allocates per word: a WORD_LIST and a WORD_DESC cell
 * (make_word_list, make_bare_word) and the word's own copy of its text, each
 * at least a 32-byte malloc chunk (glibc's smallest on 64-bit).
 */
export const WORD_CELL = 96

/** The shell now holds `total` bytes, `request` of them for a new block; fatal if the heap cannot grow. */
export function* xmalloc(sh: Shell, total: number, request: number): Sys<void> {
  if ((yield* sh.heap.resize(total)) < 0) {
    yield* err(`${sh.arg0}: xmalloc: cannot allocate ${request} bytes\n`)
    throw new ExitSignal(2)
  }
}

/**
 * malloc() of `bytes` of scratch for the command running now; it stays held
 * until that command ends (release()). Fatal, as bash's xmalloc, when the heap
 * cannot grow (saying it could not allocate `request` bytes, the block that
 * grew); the OOM killer may end the shell here.
 */
export function* hold(sh: Shell, bytes: number, request = bytes + 1): Sys<void> {
  if (held(sh, bytes)) yield* chargeScratch(sh, request)
}

/**
 * hold() for the hot paths (every expanded word), without a generator: adds
 * the scratch and says whether the heap must be checked now, which the caller
 * then does with chargeScratch().
 */
export function held(sh: Shell, bytes: number): boolean {
  sh.scratch += bytes
  return sh.scratch - sh.scratchCharged >= CHECK_STEP
}

/** Charges the scratch held so far to the heap (xmalloc of `request` bytes). */
export function* chargeScratch(sh: Shell, request: number): Sys<void> {
  yield* xmalloc(sh, sh.varBytes() + sh.scratch, request)
  sh.scratchCharged = sh.scratch
}

/** Scratch held now: pass it to release() when the command is done. */
export const mark = (sh: Shell) => sh.scratch

/**
 * free() of the scratch held since `m`. Synchronous, so it can run in a
 * `finally`; the heap itself shrinks at the next trim().
 */
export function release(sh: Shell, m: number): void {
  if (sh.scratch <= m) return
  sh.scratch = m
  if (sh.scratchCharged > m) {
    sh.scratchCharged = m
    sh.trimDue = true
  }
}

/** Gives freed scratch back to the kernel (malloc_trim once enough is free). */
export function* trim(sh: Shell): Sys<void> {
  if (!sh.trimDue) return
  sh.trimDue = false
  yield* sh.heap.resize(sh.varBytes() + sh.scratchCharged)
}

/** Charges a new value of `len` bytes replacing one of `old` bytes (bash copies it: savestring). */
export function* chargeValue(sh: Shell, old: number, len: number): Sys<void> {
  if (len > old) yield* xmalloc(sh, sh.varBytes() - old + len + sh.scratchCharged, len + 1)
}

/** After a value shrank: free() trims the heap when enough is free. */
export function* valueShrunk(sh: Shell): Sys<void> {
  yield* sh.heap.resize(sh.varBytes() + sh.scratchCharged)
}

/** Assigns a variable, charging its new value first; false if it is readonly. */
export function* setVar(sh: Shell, name: string, value: string): Sys<boolean> {
  const old = sh.get(name)?.length ?? 0
  yield* chargeValue(sh, old, value.length)
  const ok = sh.set(name, value)
  if (value.length < old) yield* valueShrunk(sh)
  return ok
}
