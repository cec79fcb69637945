// ioctl(2) on terminals (tty_ioctl(4)): isatty (TCGETS), foreground process
// group (TIOCGPGRP/TIOCSPGRP), controlling terminal (TIOCSCTTY), window size.
import { E, TCGETS, TIOCGPGRP, TIOCGWINSZ, TIOCSCTTY, TIOCSPGRP, TIOCSWINSZ } from '../../abi/index.ts'
import { fdGet } from '../fd/fd-table.ts'
import type { Kernel } from '../kernel.ts'

export function sysIoctl(k: Kernel, kpid: number, fd: number, req: number, arg: unknown): unknown {
  const t = k.task(kpid)!
  const id = fdGet(k, t, fd)
  if (id === undefined) return -E.EBADF
  const f = k.file(id)!
  const drv = f.kind === 'dev' ? k.chrdevs.get(f.obj) : undefined
  if (drv) return drv.ioctl(k, kpid, req, arg)
  if (f.kind !== 'tty') return -E.ENOTTY
  const tty = k.tty(f.obj)!
  switch (req) {
    case TCGETS:
      return 0
    case TIOCGWINSZ:
      return { rows: tty.rows, cols: tty.cols }
    case TIOCSWINSZ: {
      const ws = arg as { rows: number; cols: number }
      const w = k.mutTty(tty.id)
      w.rows = ws.rows
      w.cols = ws.cols
      return 0
    }
    case TIOCGPGRP:
      if (t.ctty !== tty.id) return -E.ENOTTY
      return tty.fgPgrp
    case TIOCSPGRP: {
      // "EPERM: pgrp is in a different session"; only the controlling terminal.
      if (t.ctty !== tty.id || tty.sid !== t.sid) return -E.ENOTTY
      const pgrp = Number(arg)
      let ok = false
      for (const x of k.s.tasks.values()) if (x.pgid === pgrp && x.sid === t.sid) { ok = true; break }
      if (!ok) return -E.EPERM
      k.mutTty(tty.id).fgPgrp = pgrp
      return 0
    }
    case TIOCSCTTY: {
      if (t.sid !== kpid || t.ctty >= 0) return -E.EPERM
      if (tty.sid > 0 && tty.sid !== kpid) return -E.EPERM
      const w = k.mutTty(tty.id)
      w.sid = kpid
      w.fgPgrp = t.pgid
      k.mutTask(kpid).ctty = tty.id
      return 0
    }
    default:
      return -E.EINVAL
  }
}
