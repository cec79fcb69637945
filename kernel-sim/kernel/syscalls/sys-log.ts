// syslog(2): the kernel log ring (what dmesg prints).
import type { Kpid } from '../../abi/pid.ts'
import { CAP, E, SYSLOG_ACTION_CLEAR, SYSLOG_ACTION_READ_ALL } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import { capable } from '../security/capable.ts'

/** kernel.dmesg_restrict=1 (Debian's default): reading needs CAP_SYSLOG (or CAP_SYS_ADMIN). */
export function sysSyslog(k: Kernel, kpid: Kpid, action: number): string | number {
  const t = k.taskOrOops(kpid)
  if (!capable(k, t, CAP.SYSLOG) && !capable(k, t, CAP.SYS_ADMIN)) return -E.EPERM
  if (action === SYSLOG_ACTION_READ_ALL) return k.coarse.dmesg.map((l) => l + '\n').join('')
  if (action === SYSLOG_ACTION_CLEAR) {
    k.mutCoarse().dmesg = []
    return 0
  }
  return -E.EINVAL
}
