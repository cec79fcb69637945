// Buffered stdout and line-at-a-time input, as stdio gives C programs.
// Output is flushed before every read so interactive use (a tty, a pipe from
// a slow producer) sees results as soon as a line is done.
import { O_RDONLY } from '../../../kernel-sim/abi/index.ts'
import { close, open, read, readAll, writeAll, type Sys } from '../../libc/index.ts'

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

/** Reads an fd in chunks and hands out lines (with their '\n', if any). */
export class LineReader {
  private buf = ''
  private eof = false
  /** -errno if a read failed (EISDIR when reading a directory ...). */
  error = 0
  constructor(readonly fd: number, private readonly out?: Output) {}

  *line(): Sys<string | null> {
    for (;;) {
      const nl = this.buf.indexOf('\n')
      if (nl >= 0) {
        const l = this.buf.slice(0, nl + 1)
        this.buf = this.buf.slice(nl + 1)
        return l
      }
      if (this.eof) {
        if (this.buf === '') return null
        const l = this.buf
        this.buf = ''
        return l
      }
      if (this.out) yield* this.out.flush()
      const r = yield* read(this.fd, 65536)
      if (typeof r === 'number') {
        this.error = r
        this.eof = true
      } else if (r === '') this.eof = true
      else this.buf += r
    }
  }

  /** Characters read from the fd but not consumed yet. */
  get unread(): number {
    return this.buf.length
  }

  /** Up to n characters (head -c). */
  *chars(n: number): Sys<string> {
    while (this.buf.length < n && !this.eof) {
      if (this.out) yield* this.out.flush()
      const r = yield* read(this.fd, 65536)
      if (typeof r === 'number') {
        this.error = r
        this.eof = true
      } else if (r === '') this.eof = true
      else this.buf += r
    }
    const s = this.buf.slice(0, n)
    this.buf = this.buf.slice(n)
    return s
  }
}

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
