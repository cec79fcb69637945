// Read-only mounts (mount(2) MS_RDONLY, and MS_REMOUNT|MS_BIND|MS_RDONLY on one
// mount): the kernel's mnt_want_write() fails with EROFS for any change under a
// mount whose per-mount options say "ro". The flag lives in Mount.options.
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Mount, Task } from '../state.ts'
import type { VNode } from '../fs/vnode.ts'
import { mountById } from './mnt-table.ts'

/** Is "ro" among a mount's comma-separated options? */
export const isRoMount = (m: Mount) => /(^|,)ro(,|$)/.test(m.options)

/** The options string with "ro" set or cleared (remount). */
export function withRo(options: string, ro: boolean): string {
  // A handful of option strings recur (every container's overlay and its five read-only /proc paths).
  const key = (ro ? 'ro|' : 'rw|') + options
  let s = roMemo.get(key)
  if (s === undefined) {
    if (roMemo.size >= 256) roMemo.clear()
    roMemo.set(key, (s = computeWithRo(options, ro)))
  }
  return s
}

const roMemo = new Map<string, string>()

function computeWithRo(options: string, ro: boolean): string {
  const parts = options.split(',').filter(Boolean)
  const rest = parts.filter((o) => o !== 'ro' && o !== 'rw')
  // An explicit "rw" stays explicit; an empty string means "the filesystem's defaults".
  return (ro ? ['ro', ...rest] : parts.some((o) => o === 'rw' || o === 'ro') ? ['rw', ...rest] : rest).join(',')
}

/** mnt_want_write(): -EROFS if the node lives on a read-only mount, else 0. */
export function mntWantWrite(k: Kernel, t: Task, v: VNode): number {
  const m = mountById(k, t, v.mount)
  return m && isRoMount(m) ? -E.EROFS : 0
}

/** The per-mount field of mountinfo/mounts: "rw,..." defaults with "rw" swapped for "ro" on a read-only mount. */
export function roOptions(defaults: string, m: Mount): string {
  return isRoMount(m) ? defaults.replace(/^rw(?=,|$)/, 'ro') : defaults
}
