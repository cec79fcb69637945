// Line-oriented input over FILE operands ('-' or none = stdin), as the text
// filters (sort, uniq, cut, grep, sed, awk) read it.
import { E } from '../../../kernel-sim/abi/index.ts'
import { err, Heap, memoryExhausted, type Sys } from '../../libc/index.ts'
import { quotef, warnErrno } from './cmd.ts'
import { closeInput, LineReader, openInput, type Output } from './io.ts'

/** What a line callback wants: text to print, nothing, or to stop reading. */
export interface LineOpts {
  /** Exit status when an input fails (grep and sort use 2). */
  failStatus?: number
  /** How the file is named in the error ("cannot read: f" for sort). */
  describe?: (file: string) => string
  /** grep -s: no messages about unreadable files. */
  silent?: boolean
  /** Bytes the callback keeps (sort's lines): charged to the heap as they grow; ENOMEM ends the run with "memory exhausted". */
  held?: () => number
}

/** forEachLine's status when memory ran out ("memory exhausted" was printed). */
export const NOMEM = -1

export type LineResult = string | null | typeof STOP
export const STOP = Symbol('stop')

/**
 * Calls `fn` with each line (without its '\n'); writes what it returns.
 * Returns 0, or 2-style failure status `failStatus` when a file could not be read.
 */
export function* forEachLine(
  prog: string,
  files: readonly string[],
  o: Output,
  fn: (line: string, file: string) => LineResult,
  opts: LineOpts = {},
): Sys<number> {
  const { failStatus = 1, describe = quotef, silent = false, held } = opts
  const heap = new Heap()
  let status = 0
  for (const f of files.length ? files : ['-']) {
    const fd = yield* openInput(f)
    if (fd < 0) {
      yield* o.flush()
      if (!silent) yield* warnErrno(prog, describe(f), fd)
      status = failStatus
      continue
    }
    const r = new LineReader(fd, o)
    let stop = false
    for (let l = yield* r.line(); l !== null; l = yield* r.line()) {
      const res = fn(l.endsWith('\n') ? l.slice(0, -1) : l, f)
      if (res === STOP) {
        stop = true
        break
      }
      if (res !== null) yield* o.write(res)
      if (held && held() > heap.used && (yield* heap.resize(held() + 65536)) < 0) {
        yield* o.flush()
        yield* err(memoryExhausted(prog)) // gnulib's xalloc_die
        return NOMEM
      }
      if (o.error) {
        stop = true
        break
      }
    }
    if (r.error === -E.ENOMEM) {
      yield* o.flush()
      yield* err(memoryExhausted(prog)) // gnulib's xalloc_die
      return held ? NOMEM : failStatus
    }
    if (r.error) {
      yield* o.flush()
      if (!silent) yield* warnErrno(prog, describe(f), r.error)
      status = failStatus
    }
    yield* closeInput(fd)
    if (stop) break
  }
  return status
}

/** All lines of the inputs (sort, tail-like tools that need everything). */
export function* readLines(prog: string, files: readonly string[], o: Output, describe?: (f: string) => string): Sys<{ lines: string[]; status: number }> {
  const acc: string[] = []
  let bytes = 0
  const status = yield* forEachLine(prog, files, o, (l) => {
    acc.push(l)
    bytes += l.length + LINE_OVERHEAD
    return null
  }, { failStatus: 2, describe, held: () => bytes })
  return { lines: status === NOMEM ? [] : acc, status: status === NOMEM ? 2 : status }
}

/** What a line costs besides its text (sort's struct line: pointers and lengths). */
const LINE_OVERHEAD = 32
