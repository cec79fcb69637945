// What wait4(2) may collect from a task: its zombie, or a stop or continue not
// yet reported. Each parent counts such children, so that wait4(-1, WNOHANG)
// with nothing to collect answers without a look at each child (dockerd reaps
// after every request, and has a containerd-shim child per container).
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'

export const hasReport = (t: Task): boolean => t.state === 'Z' || t.waitReport !== ''

/** After a change to `child` (now as given), with `before` what hasReport said before it: the parent's count follows. */
export function reportChanged(k: Kernel, child: Task, before: boolean): void {
  const now = hasReport(child)
  if (now === before) return
  const p = k.task(child.ppid)
  if (!p) return
  k.mutTask(child.ppid).reportable = (p.reportable ?? 0) + (now ? 1 : -1)
}
