// A task's anonymous mappings (mmaps: region id -> bytes), the program heap
// among them, and the counters that follow them through fork, execve and exit.
import type { Kernel } from './kernel.ts'
import type { Task } from './state.ts'

/**
 * The program heap is region 0 of `mmaps` (mmap ids start at 1): what brk(2)
 * grows, and what the libc allocator (src/libc/malloc.ts) charges for a
 * program's buffers, strings and tables.
 */
export const HEAP_REGION = 0

export const heapOf = (t: Task): number => t.mmaps[HEAP_REGION] ?? 0

/** All anonymous mappings of a task, the heap included (exit, exec and fork move them as a whole). */
export const mappedBytes = (t: Task): number => Object.values(t.mmaps).reduce((a, b) => a + b, 0)

/** A task's mappings go (exit, execve): the counters forget them (the caller clears t.mmaps and rssBytes). */
export function forgetMappings(k: Kernel, t: Task): void {
  const c = k.ctr()
  c.anonBytes -= mappedBytes(t)
  if (heapOf(t)) c.heapBytes = (c.heapBytes ?? 0) - heapOf(t)
}

/** fork copies the parent's mappings into the child `t`. */
export function copyMappings(k: Kernel, t: Task): void {
  const c = k.ctr()
  c.anonBytes += mappedBytes(t)
  if (heapOf(t)) c.heapBytes = (c.heapBytes ?? 0) + heapOf(t)
}
