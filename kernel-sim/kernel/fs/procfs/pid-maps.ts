// /proc/[pid]/maps and /proc/[pid]/mem (proc(5)): a process's mappings, and
// its memory read at the file offset that is the virtual address (mem_rw()).
// Mappings a driver set up (the guest RAM a VMM mmap()s for KVM) come from
// Kernel.processMemory and carry their real contents.
//
// SIMPLIFICATION: an ordinary process's memory contents are not modelled: its
// text, heap, anonymous mappings and stack are listed at fixed addresses and
// read as zeros; only driver-provided regions have data.
import { E } from '../../../abi/index.ts'
import type { Kernel, MappedRegion } from '../../kernel.ts'
import type { Task } from '../../state.ts'

const TEXT = 0x5555_5555_4000
const HEAP = 0x5555_5600_0000
const MMAP_TOP = 0x7f00_0000_0000
const PAGE = 4096

/** The task's mappings, lowest address first. */
export function taskRegions(k: Kernel, t: Task): MappedRegion[] {
  const provided = k.processMemory?.(t.kpid)
  if (provided) return [...provided].sort((a, b) => a.start - b.start)
  const regions: MappedRegion[] = [
    { start: TEXT, end: TEXT + 0x2_0000, perms: 'r-xp', name: t.exe },
    { start: HEAP, end: HEAP + 0x2_1000, perms: 'rw-p', name: '[heap]' },
  ]
  let top = MMAP_TOP
  for (const len of Object.values(t.mmaps)) {
    const size = Math.ceil(len / PAGE) * PAGE
    regions.push({ start: top - size, end: top, perms: 'rw-p', name: '' })
    top -= size + PAGE
  }
  regions.push({ start: 0x7ffd_5f1c_9000, end: 0x7ffd_5f1e_a000, perms: 'rw-p', name: '[stack]' })
  return regions.sort((a, b) => a.start - b.start)
}

/** show_map_vma(): "start-end perms offset dev inode", the name padded to column 73. */
export function renderMaps(k: Kernel, t: Task): string {
  return taskRegions(k, t).map((r) => {
    const file = r.name.startsWith('/')
    const head = `${hex(r.start)}-${hex(r.end)} ${r.perms} 00000000 ${file ? 'fe:01' : '00:00'} ${file ? inoOf(r.name) : 0} `
    return (r.name ? head.padEnd(73) + r.name : head) + '\n'
  }).join('')
}

/** mem_rw(): bytes at virtual address `pos`; EIO when the first byte is not mapped. */
export function memReadAt(k: Kernel, t: Task, pos: number, count: number): string | number {
  const r = taskRegions(k, t).find((x) => pos >= x.start && pos < x.end)
  if (!r) return -E.EIO
  const len = Math.max(0, Math.min(count, r.end - pos, 1 << 20))
  return r.read ? r.read(pos, len) : '\0'.repeat(len)
}

const hex = (n: number) => n.toString(16).padStart(8, '0')

/** A stable inode number for a binary's path (the simulator's files are not on a block device). */
function inoOf(path: string): number {
  let h = 5381
  for (let i = 0; i < path.length; i++) h = ((h * 33) ^ path.charCodeAt(i)) >>> 0
  return 1_000_000 + (h % 9_000_000)
}
