// Pipes (pipe(7)): a bounded buffer with reader and writer counts. A read of an
// empty pipe sleeps while writers exist and returns EOF when none do; a write
// with no readers raises SIGPIPE and fails with EPIPE; a full pipe blocks the
// writer. A host-sink pipe (the CLI's stdout) hands writes to the host at once.
import type { Kpid } from '../../abi/pid.ts'
import { E, O_ACCMODE, O_RDONLY, O_WRONLY, PAGE_SIZE, PIPE_BUF_SIZE, SIG } from '../../abi/index.ts'
import { BLOCK } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import type { OpenFile, Pipe, PipeRing } from '../state.ts'
import { pageCachePoke } from '../fs/pagecache.ts'
import { pageWritten } from '../security/exploit-report.ts'
import { sendSignal, userSigInfo } from '../task/signal.ts'

export function createPipe(k: Kernel, sink = -1): Pipe {
  const c = k.ctr()
  const p: Pipe = { id: c.nextPipe++, buf: '', readers: 1, writers: 1, sink }
  return k.put('pipes', p.id, p)
}

/** The wait queue of a pipe's readers and writers (poll(2) sleeps on it too). */
export const pipeChan = (id: number) => `pipe:${id}`
const chan = pipeChan

export function pipeRead(k: Kernel, kpid: Kpid, id: number, count: number, nonblock: boolean): string | number | typeof BLOCK {
  const p = k.pipe(id)!
  if (p.buf.length === 0) {
    if (p.writers === 0) return ''
    if (nonblock) return -E.EAGAIN
    return k.sched.sleepOn(kpid, chan(id), 'pipe_read')
  }
  const w = k.mutPipe(id)
  const data = w.buf.length <= count ? w.buf : w.buf.slice(0, count)
  w.buf = w.buf.length <= count ? '' : w.buf.slice(count)
  k.sched.wake(chan(id))
  return data
}

export function pipeWrite(k: Kernel, kpid: Kpid, id: number, data: string, nonblock: boolean): number | typeof BLOCK {
  const p = k.pipe(id)!
  if (p.readers === 0) {
    sendSignal(k, kpid, SIG.SIGPIPE, false, userSigInfo(k, kpid)) // send_sig(SIGPIPE, current, 0): SI_USER from itself
    return -E.EPIPE
  }
  if (p.sink >= 0) {
    k.host.output(p.sink, data)
    return data.length
  }
  const room = PIPE_BUF_SIZE - p.buf.length
  if (room <= 0) {
    if (nonblock) return -E.EAGAIN
    return k.sched.sleepOn(kpid, chan(id), 'pipe_write')
  }
  const n = Math.min(room, data.length)
  const chunk = n === data.length ? data : data.slice(0, n)
  // pipe_write(): a write that fits in the newest buffer merges into it when that buffer has
  // PIPE_BUF_FLAG_CAN_MERGE. If that buffer is a page-cache page (splice), the bytes land in the page.
  const merged = mergeIntoPage(k, p, chunk)
  if (merged?.page) pageWritten(k, kpid, merged.page.ino, chunk.length) // only a stale flag lets it (CVE-2022-0847)
  const w = k.mutPipe(id)
  w.buf += chunk
  w.ring = merged ?? ringAfterWrite(p.ring, chunk.length, p.buf.length === 0)
  k.sched.wake(chan(id))
  return n
}

/** The ring has PIPE_DEF_BUFFERS slots of one page each. */
const RING_SLOTS = 16
const slotBit = (head: number) => 1 << (((head % RING_SLOTS) + RING_SLOTS) % RING_SLOTS)

/** Anonymous buffers written by pipe_write() carry PIPE_BUF_FLAG_CAN_MERGE ("buf->flags = PIPE_BUF_FLAG_CAN_MERGE"). */
function ringAfterWrite(ring: PipeRing | undefined, len: number, empty: boolean): PipeRing {
  let { head, lastLen, canMerge } = ring ?? { head: 0, lastLen: PAGE_SIZE, canMerge: 0 }
  if (ring?.page || empty) lastLen = PAGE_SIZE // nothing to merge into ("if (!pipe_empty(head, tail))"): a new buffer
  let left = len
  if (head > 0 && lastLen < PAGE_SIZE && canMerge & slotBit(head - 1)) {
    const take = Math.min(left, PAGE_SIZE - lastLen)
    lastLen += take
    left -= take
  }
  while (left > 0) {
    canMerge |= slotBit(head)
    head++
    lastLen = Math.min(left, PAGE_SIZE)
    left -= lastLen
  }
  return { head, lastLen, canMerge }
}

/**
 * The merge into a spliced page-cache page: only when the buffer kept a stale CAN_MERGE flag
 * (CVE-2022-0847) and the bytes fit in the page. Returns the ring after it, or undefined (no merge).
 */
function mergeIntoPage(k: Kernel, p: Pipe, data: string): PipeRing | undefined {
  const r = p.ring
  if (!r?.page || p.buf.length === 0 || !(r.canMerge & slotBit(r.head - 1)) || r.page.end + data.length > PAGE_SIZE) return undefined
  if (!pageCachePoke(k, r.page.ino, r.page.index, r.page.end, data)) return undefined
  return { ...r, lastLen: r.lastLen + data.length, page: { ...r.page, end: r.page.end + data.length } }
}

export function pipeCloseEnd(k: Kernel, id: number, reader: boolean, writer: boolean): void {
  const w = k.mutPipe(id)
  if (reader) w.readers--
  if (writer) w.writers--
  // A host-sink pipe's reader is the host, which holds no open file: the last writer's close frees it
  // (its data already went out in pipeWrite).
  if ((w.readers <= 0 || w.sink >= 0) && w.writers <= 0) k.remove('pipes', id)
  k.sched.wake(chan(id))
}

/** The last close of a pipe end's file (f_op->release): its access mode says which end. */
export function pipeFileRelease(k: Kernel, f: OpenFile): void {
  const mode = f.flags & O_ACCMODE
  pipeCloseEnd(k, f.obj, mode !== O_WRONLY, mode !== O_RDONLY)
}
