// Shared by head and tail: legacy "-5" options, counts, file headers.
import { has, quote, warn, warnErrno, type Parsed } from './cmd.ts'
import type { Sys } from '../../libc/index.ts'
import { closeInput, LineReader, openInput, type Output } from './io.ts'

/** `head -5` / `tail -5` / `tail +5` mean -n 5 (obsolete syntax coreutils still accepts). */
export function legacyCount(argv: readonly string[]): string[] {
  const a = argv[1]
  if (a !== undefined && /^-\d+$/.test(a)) return [argv[0]!, '-n', a.slice(1), ...argv.slice(2)]
  return [...argv]
}

const MULT: Record<string, number> = { '': 1, b: 512, K: 1024, k: 1024, kB: 1000, M: 1048576, MB: 1e6, G: 1073741824, GB: 1e9 }

/** "5", "-5", "+5", "2K" → sign and magnitude; undefined if invalid. */
export function parseCount(s: string): { sign: '' | '-' | '+'; n: number } | undefined {
  const m = /^([-+]?)(\d+)(b|K|k|kB|M|MB|G|GB)?$/.exec(s)
  if (!m) return undefined
  return { sign: m[1] as '' | '-' | '+', n: Number(m[2]) * MULT[m[3] ?? '']! }
}

export interface CountSpec {
  bytes: boolean
  sign: '' | '-' | '+'
  n: number
}

/** The -n/-c choice (last one wins), or an exit status after printing coreutils' error. */
export function* countSpec(prog: string, p: Parsed): Sys<CountSpec | number> {
  let spec: CountSpec = { bytes: false, sign: '', n: 10 }
  for (const o of p.opts) {
    if (o.opt !== 'n' && o.opt !== 'c') continue
    const c = parseCount(o.arg!)
    if (!c) {
      yield* warn(prog, `invalid number of ${o.opt === 'n' ? 'lines' : 'bytes'}: ${quote(o.arg!)}`)
      return 1
    }
    spec = { bytes: o.opt === 'c', ...c }
  }
  return spec
}

/** -q never prints "==> f <==" headers, -v always, else only for several files. */
export const wantHeaders = (p: Parsed, files: number) => !has(p, 'q') && (has(p, 'v') || files > 1)
export const headerLine = (file: string, first: boolean) => `${first ? '' : '\n'}==> ${file === '-' ? 'standard input' : file} <==\n`

/**
 * The loop head and tail share: each FILE ("-" is stdin) in turn, "==> f <=="
 * headers when asked, coreutils' messages for files that can't be opened or
 * read; `body` prints one input. Returns the exit status.
 */
export function* eachInput(prog: string, files: readonly string[], headers: boolean, o: Output,
  body: (r: LineReader, fd: number) => Sys<void>): Sys<number> {
  let status = 0
  let first = true
  for (const f of files) {
    const fd = yield* openInput(f)
    if (fd < 0) {
      yield* o.flush()
      yield* warnErrno(prog, `cannot open ${quote(f)} for reading`, fd)
      status = 1
      continue
    }
    if (headers) yield* o.write(headerLine(f, first))
    first = false
    const r = new LineReader(fd, o)
    yield* body(r, fd)
    if (r.error) {
      yield* o.flush()
      yield* warnErrno(prog, `error reading ${quote(f)}`, r.error)
      status = 1
    }
    yield* closeInput(fd)
    if (o.error) break
  }
  yield* o.flush()
  if (o.error) {
    // coreutils head/tail: error (EXIT_FAILURE, errno, _("error writing %s"), quoteaf ("standard output"))
    yield* warnErrno(prog, `error writing ${quote('standard output')}`, o.error)
    return 1
  }
  return status
}
