// splice(2) from a file into a pipe (fs/splice.c, lib/iov_iter.c
// copy_page_to_iter_pipe): no copy, the pipe gets a buffer that references the
// file's page-cache page. The buffer's flags are where CVE-2022-0847 lives:
// before 9d2231c5d74e "lib/iov_iter: initialize "flags" in new pipe_buffer",
// the new buffer kept whatever flags its ring slot had, so a slot last used by
// pipe_write() still said PIPE_BUF_FLAG_CAN_MERGE and the next write() merged
// into the page cache (pipe.ts mergeIntoPage). The fix sets buf->flags = 0.
//
// SIMPLIFICATION: only file → pipe is modelled (the other directions return
// EINVAL); the file's bytes are also copied into the pipe's byte queue, which
// is what a reader gets either way.
import type { Kpid } from '../../abi/pid.ts'
import { E, O_ACCMODE, O_WRONLY, PAGE_SIZE, PIPE_BUF_SIZE } from '../../abi/index.ts'
import { fdGet } from '../fd/fd-table.ts'
import { pageCacheFill, pageCacheRead } from '../fs/pagecache.ts'
import type { Kernel } from '../kernel.ts'
import { kernelArmed } from '../version.ts'

const RING_SLOTS = 16

/** splice(fd_in, off_in, fd_out, off_out, len, flags): bytes moved, or -errno. */
export function sysSplice(k: Kernel, kpid: Kpid, fdIn: number, offIn: number | null, fdOut: number, offOut: number | null, len: number, _flags: number): number {
  const t = k.task(kpid)!
  const inId = fdGet(k, t, fdIn)
  const outId = fdGet(k, t, fdOut)
  if (inId === undefined || outId === undefined) return -E.EBADF
  const fin = k.file(inId)!
  const fout = k.file(outId)!
  if ((fin.flags & O_ACCMODE) === O_WRONLY || (fout.flags & O_ACCMODE) === 0) return -E.EBADF
  if (fout.kind !== 'pipe' || fin.kind !== 'inode' || offOut !== null) return -E.EINVAL
  const i = k.inode(fin.obj)
  if (!i || i.type !== 'f') return -E.EINVAL
  if (len <= 0) return 0
  const pos = offIn ?? fin.pos
  if (pos < 0) return -E.EINVAL
  const pipe = k.pipe(fout.obj)!
  if (pipe.readers === 0) return -E.EPIPE
  // One page per call: copy_page_to_iter_pipe() fills one buffer with the part of the page at `pos`.
  const index = Math.floor(pos / PAGE_SIZE)
  const n = Math.min(len, PAGE_SIZE - (pos % PAGE_SIZE), Math.max(0, i.data.length - pos), PIPE_BUF_SIZE - pipe.buf.length)
  if (n <= 0) return 0
  const data = i.disk ? pageCacheRead(k, kpid, i.ino, pos, n) : i.data.slice(pos, pos + n)
  if (i.disk) pageCacheFill(k, kpid, i.ino, index, index)
  const ring = pipe.ring ?? { head: 0, lastLen: PAGE_SIZE, canMerge: 0 }
  const bit = 1 << (ring.head % RING_SLOTS)
  // The bug: the new buffer's flags were not initialised (stale CAN_MERGE stays); fixed: buf->flags = 0.
  const canMerge = kernelArmed(k, 'CVE-2022-0847') ? ring.canMerge : ring.canMerge & ~bit
  const w = k.mutPipe(fout.obj)
  w.buf += data
  w.ring = { head: ring.head + 1, lastLen: n, canMerge, ...(i.disk ? { page: { ino: i.ino, index, end: (pos % PAGE_SIZE) + n } } : {}) }
  k.sched.wake(`pipe:${fout.obj}`)
  if (offIn === null) k.mutFile(inId).pos = pos + n
  return n
}
