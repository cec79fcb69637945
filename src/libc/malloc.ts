// The C library's allocator, as far as the kernel can see it: a program's
// buffers, strings and tables live on its heap, which grows and shrinks with
// brk(2) (sbrk(3)). Growing may fail with ENOMEM (RLIMIT_DATA, RLIMIT_AS, no
// memory) or end the program (the OOM killer, memory.max), exactly where a C
// program's malloc would. So a shell variable, sed's pattern space or sort's
// lines count in VmRSS/VmData, ps RSS, memory.current, memory.stat anon and free.
//
// One Heap per buffer or table: it asks for what it holds in steps of
// M_TOP_PAD (glibc's malloc pads each brk by 128 KiB) and gives memory back
// once M_TRIM_THRESHOLD (128 KiB) more is free than used (mallopt(3)).
import { E } from '../../kernel-sim/abi/index.ts'
import type { Sys } from './syscalls.ts'

const TOP_PAD = 128 * 1024
const TRIM_THRESHOLD = 128 * 1024

/** sbrk(3): grows the heap by `increment` bytes (shrinks if negative); the new size, or -ENOMEM. */
export function* sbrk(increment: number): Sys<number> {
  return (yield { nr: 'brk', args: [increment] }) as number
}

export class Heap {
  /** Bytes the program holds in this buffer. */
  used = 0
  /** Bytes this buffer has taken from the kernel. */
  private held = 0

  /** Adds `delta` bytes (negative to free); see resize(). */
  grow(delta: number): Sys<number> {
    return this.resize(Math.max(0, this.used + delta))
  }

  /**
   * The buffer now holds `bytes`. Returns 0, or -ENOMEM when the heap cannot
   * grow (the buffer must then not grow: callers report "memory exhausted").
   * When the OOM killer picks this process the call never returns.
   */
  *resize(bytes: number): Sys<number> {
    if (bytes > this.held) {
      const want = Math.ceil((bytes + TOP_PAD) / TOP_PAD) * TOP_PAD
      const r = yield* sbrk(want - this.held)
      if (r < 0) return r === -E.EINVAL ? -E.ENOMEM : r
      this.held = want
    } else if (this.held - bytes > TRIM_THRESHOLD + TOP_PAD) {
      const keep = Math.ceil((bytes + TOP_PAD) / TOP_PAD) * TOP_PAD
      yield* sbrk(keep - this.held)
      this.held = keep
    }
    this.used = bytes
    return 0
  }

  /** fork(2) copies the heap: the child's buffer starts with the parent's share. */
  fork(): Heap {
    const h = new Heap()
    h.used = this.used
    h.held = this.held
    return h
  }

  /** free() of everything: the memory goes back to the kernel. */
  *release(): Sys<void> {
    yield* this.resize(0)
  }
}

/** gnulib's xalloc_die(): what coreutils print when malloc fails (then exit 1). */
export const memoryExhausted = (prog: string) => `${prog}: memory exhausted\n`
