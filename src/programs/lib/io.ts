// Buffered stdout and line-at-a-time input, as stdio gives C programs.
// Output is flushed before every read so interactive use (a tty, a pipe from
// a slow producer) sees results as soon as a line is done.
import { O_RDONLY, strerror } from '../../../kernel-sim/abi/index.ts'
import { close, err, Heap, open, read, readAll, writeAll, type Sys } from '../../libc/index.ts'

const FLUSH_AT = 8192

export class Output {
  private buf = ''
  /** -errno of the first failed write (EPIPE ...); later writes are dropped. */
  error = 0
  constructor(readonly fd = 1) {}

  *write(s: string): Sys<number> {
    if (this.error) return this.error
    this.buf += s
    return this.buf.length >= FLUSH_AT ? yield* this.flush() : 0
  }

  *flush(): Sys<number> {
    if (this.error || this.buf === '') return this.error
    const data = this.buf
    this.buf = ''
    const r = yield* writeAll(this.fd, data)
    if (r < 0) this.error = r
    return r
  }
}

/**
 * gnulib's close_stdout, which coreutils programs run at exit: what is left is flushed, and a
 * write that failed ends the program with "PROG: write error: REASON" and `failStatus` (1, grep 2).
 * Returns the status to exit with.
 */
export function* closeStdout(prog: string, o: Output, status: number, failStatus = 1): Sys<number> {
  yield* o.flush()
  if (!o.error) return status
  yield* err(`${prog}: write error: ${strerror(-o.error)}\n`)
  return failStatus
}

/**
 * Reads an fd in chunks and hands out lines (with their '\n', if any). What it
 * buffers is charged to the process heap (libc Heap), so a line without end
 * (`sed '' </dev/zero`) counts in memory.current and meets memory.max, the OOM
 * killer or ENOMEM (then `error` is -ENOMEM) as on Linux. A partial line is kept
 * as a list of chunks, so a long line costs linear, not quadratic, time.
 */
export class LineReader {
  /** Data read and not handed out: `parts` (no '\n' in them) come before `buf`. */
  private buf = ''
  private parts: string[] = []
  private partsLen = 0
  private eof = false
  readonly heap = new Heap()
  /** -errno if a read failed (EISDIR when reading a directory, ENOMEM ...). */
  error = 0
  constructor(readonly fd: number, private readonly out?: Output) {}

  *line(): Sys<string | null> {
    for (;;) {
      const nl = this.buf.indexOf('\n')
      if (nl >= 0) {
        let l = this.buf.slice(0, nl + 1)
        this.buf = this.buf.slice(nl + 1)
        if (this.parts.length) l = this.takeParts() + l
        if (this.heap.used > this.unread + 2 * CHUNK) yield* this.heap.resize(this.unread)
        return l
      }
      if (this.eof) {
        const l = this.takeParts() + this.buf
        this.buf = ''
        yield* this.heap.resize(0)
        return l === '' ? null : l
      }
      if (this.buf !== '') {
        this.parts.push(this.buf)
        this.partsLen += this.buf.length
        this.buf = ''
      }
      yield* this.fill()
    }
  }

  private takeParts(): string {
    const s = this.parts.join('')
    this.parts = []
    this.partsLen = 0
    return s
  }

  /** One read(2) into the buffer, charged to the heap first. */
  private *fill(): Sys<void> {
    if (this.out) yield* this.out.flush()
    const r = yield* read(this.fd, CHUNK)
    if (typeof r === 'number') {
      this.error = r
      this.eof = true
    } else if (r === '') this.eof = true
    else {
      const e = yield* this.heap.resize(this.unread + r.length)
      if (e < 0) {
        this.error = e
        this.eof = true
        this.parts = []
        this.partsLen = 0
        this.buf = ''
        return
      }
      this.buf += r
    }
  }

  /** Characters read from the fd but not consumed yet. */
  get unread(): number {
    return this.buf.length + this.partsLen
  }

  /**
   * Up to n lines at once (head -n), from what is buffered, else one read's worth: the text and
   * the number of '\n' in it; text '' at end of file. A block at a time, as coreutils head_lines.
   */
  *someLines(n: number): Sys<[string, number]> {
    if (this.unread === 0 && !this.eof) yield* this.fill()
    if (this.parts.length) this.buf = this.takeParts() + this.buf
    const b = this.buf
    let end = b.length
    let k = 0
    for (let i = 0; i < b.length; i++) {
      if (b.charCodeAt(i) === 10 && ++k === n) {
        end = i + 1
        break
      }
    }
    const s = b.slice(0, end)
    this.buf = b.slice(end)
    yield* this.heap.resize(this.buf.length)
    return [s, k]
  }

  /** Up to n characters (head -c): what is buffered, else one read's worth; '' at end of file. */
  *chars(n: number): Sys<string> {
    if (this.unread === 0 && !this.eof) yield* this.fill()
    if (this.parts.length) this.buf = this.takeParts() + this.buf
    const s = this.buf.slice(0, n)
    this.buf = this.buf.slice(s.length)
    yield* this.heap.resize(this.buf.length)
    return s
  }
}

const CHUNK = 65536

/** A whole file's contents, or -errno. */
export function* readFile(path: string): Sys<string | number> {
  const fd = yield* open(path, O_RDONLY)
  if (fd < 0) return fd
  const data = yield* readAll(fd)
  yield* close(fd)
  return data
}

/** Opens an input operand: '-' is stdin. Returns fd or -errno. */
export function* openInput(path: string): Sys<number> {
  return path === '-' ? 0 : yield* open(path, O_RDONLY)
}

export function* closeInput(fd: number): Sys<void> {
  if (fd !== 0) yield* close(fd)
}

/** Splits text into lines without their '\n' (a final unterminated line counts). */
export function lines(text: string): string[] {
  if (text === '') return []
  const ls = text.split('\n')
  if (ls[ls.length - 1] === '') ls.pop()
  return ls
}
