// The cgroup v2 subsystem's surface for the rest of the kernel: the hooks that
// fork, exec, exit, wait, mm, the file table and the scheduler call, and the
// /proc/PID/cgroup line. Each hook is one line at its call site.
import type { Kpid } from '../../abi/pid.ts'
import { E } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { SLAB } from '../slab-sizes.ts'
import type { FileKind, OpenFile, Task } from '../state.ts'
import { memCharge, memTryCharge } from './memory.ts'
import { GONE } from '../block.ts'
import { reapDead } from './membership.ts'
import { printk } from '../log.ts'
import { cg } from './table.ts'

export { cgroupfs } from './cgroupfs.ts'
export { cgroupAttachNew, cgroupCanFork, cgroupExit, cgroupForked, cgroupRelease, cgroupRssChanged } from './membership.ts'
export { cgroupBoot, emptyCgroupTable } from './table.ts'
export { cgroupChargeCpu, cgroupEarliest, cgroupMayRun, cgroupSliceNs, cgroupUnpark } from './sched-hook.ts'
export { diskRead, diskWrite, VDA, VDA_MAJOR } from './io.ts'

/** Kernel memory of an open file description ("struct file"; a socket adds its sock). */
function fileBytes(kind: FileKind): number {
  return kind === 'socket' ? SLAB.file + SLAB.socket : SLAB.file
}

/**
 * alloc_empty_file/sock_alloc with __GFP_ACCOUNT: the file (and socket) is
 * charged to the opener's memory cgroup, which may OOM-kill inside it.
 * Returns the cgroup charged, or -ENOMEM.
 */
export function memcgChargeFile(k: Kernel, t: Task, kind: FileKind): number {
  const r = memTryCharge(k, t.kpid, t.cgroup, fileBytes(kind), 'slab')
  if (r === GONE || r < 0) return -E.ENOMEM
  return t.cgroup
}

/** The last fput: the charge goes back to whichever cgroup paid for it. */
export function memcgUnchargeFile(k: Kernel, f: OpenFile): void {
  memcgUnchargeFiles(k, f.memcg, fileBytes(f.kind))
}

/**
 * Open files closed together (a task's whole table at exit): their charges,
 * summed per cgroup by the caller, go back in one step per cgroup instead of
 * one walk up the hierarchy per file (a table may hold a million sockets).
 */
export class FileUncharges {
  /** Made when the first run of files ends: most exiting tasks close none (a fork bomb's thousands of exits). */
  private bytes: Map<number, number> | undefined
  /** The cgroup of the files added last and their bytes, not yet in `bytes` (a table's files are mostly one cgroup's). */
  private run = -1
  private runBytes = 0
  add(f: OpenFile): void {
    if (f.memcg === undefined) return
    if (f.memcg !== this.run) {
      this.endRun()
      this.run = f.memcg
    }
    this.runBytes += fileBytes(f.kind)
  }

  private endRun(): void {
    if (this.run < 0) return
    this.bytes ??= new Map()
    this.bytes.set(this.run, (this.bytes.get(this.run) ?? 0) + this.runBytes)
    this.run = -1
    this.runBytes = 0
  }

  flush(k: Kernel): void {
    this.endRun()
    if (!this.bytes) return
    for (const [id, n] of this.bytes) memcgUnchargeFiles(k, id, n)
    this.bytes = undefined
  }
}

function memcgUnchargeFiles(k: Kernel, id: number | undefined, bytes: number): void {
  if (id === undefined || !cg(k, id)) return
  memCharge(k, id, -bytes, 'slab')
  reapDead(k, id)
}

/** mmap's anonymous memory: charged (0), refused (-ENOMEM), or the caller was the OOM victim (GONE). */
export function memcgChargeAnon(k: Kernel, kpid: Kpid, bytes: number): number | typeof GONE {
  return memTryCharge(k, kpid, k.taskOrOops(kpid).cgroup, bytes, 'anon')
}

export function memcgUnchargeAnon(k: Kernel, kpid: Kpid, bytes: number): void {
  memCharge(k, k.taskOrOops(kpid).cgroup, -bytes, 'anon')
}

/**
 * /proc/PID/cgroup (cgroups(7)): "0::/path", relative to the cgroup namespace
 * root `nsRoot` (cgroup_namespaces(7): outside it the path climbs with "/..").
 * A zombie whose cgroup was removed shows "(deleted)".
 */
export function procCgroupLine(k: Kernel, t: Task, nsRoot = 0): string {
  const c = cg(k, t.cgroup)
  if (!c) return '0::/\n'
  return `0::${cgroupPathFrom(k, c.id, nsRoot)}${c.dead ? ' (deleted)' : ''}\n`
}

/** The path of cgroup `id` as seen from cgroup `root` (cgroup_path_ns). */
export function cgroupPathFrom(k: Kernel, id: number, root: number): string {
  const up = (x: number) => { const out: string[] = []; for (let c = cg(k, x); c; c = c.parent < 0 ? undefined : cg(k, c.parent)) out.unshift(c.name); return out }
  const a = up(id).slice(1)
  const b = up(root).slice(1)
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  const parts = [...b.slice(i).map(() => '..'), ...a.slice(i)]
  return '/' + parts.join('/')
}

export function cgroupPath(k: Kernel, id: number): string {
  return cg(k, id)?.path ?? '/'
}

/** The report before a host-wide OOM kill (oom_kill.c dump_header + the constraint line): it names the victim's cgroup. */
export function globalOomReport(k: Kernel, kpid: Kpid, victim: Kpid): void {
  const caller = k.task(kpid)
  const v = k.taskOrOops(victim)
  printk(k, `${caller?.comm ?? 'kworker'} invoked oom-killer: gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0`)
  printk(k, `oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=${cgroupPath(k, v.cgroup)},task=${v.comm},pid=${v.kpid},uid=${v.cred.ruid}`)
}
