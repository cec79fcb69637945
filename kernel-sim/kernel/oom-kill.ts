// The OOM killer's last step (mm/oom_kill.c, oom_kill_process): log the
// victim as Linux does and kill it. Choosing the victim is the caller's: the
// host-wide killer (mm.ts) or a memory cgroup's (cgroup/memory.ts).
import { SIG, type Kpid } from '../abi/index.ts'
import type { Kernel } from './kernel.ts'
import { printk } from './log.ts'
import { sendSignal } from './task/signal.ts'

export function oomKill(k: Kernel, kpid: Kpid, why: string): void {
  const t = k.taskOrOops(kpid)
  const kb = Math.floor(t.rssBytes / 1024)
  printk(k, `${why}: Killed process ${kpid} (${t.comm}) total-vm:${kb}kB, anon-rss:${kb}kB, file-rss:0kB, shmem-rss:0kB, UID:${t.cred.ruid} pgtables:${Math.ceil(kb / 512)}kB oom_score_adj:0`)
  sendSignal(k, kpid, SIG.SIGKILL, true)
}
