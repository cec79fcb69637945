// Pipes (pipe(7)): a bounded buffer with reader and writer counts. A read of an
// empty pipe sleeps while writers exist and returns EOF when none do; a write
// with no readers raises SIGPIPE and fails with EPIPE; a full pipe blocks the
// writer. A host-sink pipe (the CLI's stdout) hands writes to the host at once.
import type { Kpid } from '../../abi/pid.ts'
import { E, PIPE_BUF_SIZE, SIG } from '../../abi/index.ts'
import { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import type { Pipe } from '../state.ts'
import { sendSignal } from '../task/signal.ts'

export function createPipe(k: Kernel, sink = -1): Pipe {
  const c = k.ctr()
  const p: Pipe = { id: c.nextPipe++, buf: '', readers: 1, writers: 1, sink }
  return k.put('pipes', p.id, p)
}

const chan = (id: number) => `pipe:${id}`

export function pipeRead(k: Kernel, kpid: Kpid, id: number, count: number, nonblock: boolean): string | number | typeof BLOCK {
  const p = k.pipe(id)!
  if (p.buf.length === 0) {
    if (p.writers === 0) return ''
    if (nonblock) return -E.EAGAIN
    return k.sleepOn(kpid, chan(id), 'pipe_read')
  }
  const w = k.mutPipe(id)
  const data = w.buf.length <= count ? w.buf : w.buf.slice(0, count)
  w.buf = w.buf.length <= count ? '' : w.buf.slice(count)
  k.wake(chan(id))
  return data
}

export function pipeWrite(k: Kernel, kpid: Kpid, id: number, data: string, nonblock: boolean): number | typeof BLOCK {
  const p = k.pipe(id)!
  if (p.readers === 0) {
    sendSignal(k, kpid, SIG.SIGPIPE)
    return -E.EPIPE
  }
  if (p.sink >= 0) {
    k.host.output(p.sink, data)
    return data.length
  }
  const room = PIPE_BUF_SIZE - p.buf.length
  if (room <= 0) {
    if (nonblock) return -E.EAGAIN
    return k.sleepOn(kpid, chan(id), 'pipe_write')
  }
  const n = Math.min(room, data.length)
  const w = k.mutPipe(id)
  w.buf += n === data.length ? data : data.slice(0, n)
  k.wake(chan(id))
  return n
}

export function pipeCloseEnd(k: Kernel, id: number, reader: boolean, writer: boolean): void {
  const w = k.mutPipe(id)
  if (reader) w.readers--
  if (writer) w.writers--
  // A host-sink pipe's reader is the host, which holds no open file: the last writer's close frees it
  // (its data already went out in pipeWrite).
  if ((w.readers <= 0 || w.sink >= 0) && w.writers <= 0) k.remove('pipes', id)
  k.wake(chan(id))
}

/** Host side of a stdin pipe: data to read, then end of file. */
export function pipeFeed(k: Kernel, id: number, data: string, close: boolean): void {
  const w = k.mutPipe(id)
  w.buf += data
  if (close) w.writers--
  k.wake(chan(id))
}
