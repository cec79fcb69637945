// ioctl(2) on terminals (tty_ioctl(4), termios(3), pty(7)): isatty and
// tcgetattr/tcsetattr (TCGETS/TCSETS*), foreground process group
// (TIOCGPGRP/TIOCSPGRP), controlling terminal (TIOCSCTTY), window size, and on
// a pty master TIOCGPTN/TIOCSPTLCK (kernel/pty.ts).
import type { Kpid } from '../../abi/pid.ts'
import { E, TCGETS, TIOCGPGRP, TIOCGWINSZ, TIOCSCTTY, TIOCSPGRP, TIOCSWINSZ } from '../../abi/index.ts'
import { TCSETS, TCSETSF, TCSETSW } from '../../abi/termios.ts'
import type { IoctlResult } from './spec.ts'
import { fdGet } from '../fd/fd-table.ts'
import type { Kernel } from '../kernel.ts'
import { ptmIoctl, ttyModeIoctl } from '../pty.ts'
import { kpidOf, userVpid, vpid } from '../ns/pid.ts'

export function sysIoctl(k: Kernel, kpid: Kpid, fd: number, req: number, arg: unknown): IoctlResult {
  const t = k.taskOrOops(kpid)
  const id = fdGet(k, t, fd)
  if (id === undefined) return -E.EBADF
  const f = k.file(id)!
  const drv = f.kind === 'dev' ? k.chrdevs.get(f.obj) : undefined
  if (drv) return drv.ioctl(k, kpid, req, arg)
  if (f.kind === 'ptm') return ptmIoctl(k, f.obj, req, arg)
  if (f.kind !== 'tty') return -E.ENOTTY
  const tty = k.tty(f.obj)
  if (!tty) return -E.EIO
  if (tty.pty?.hungUp && req !== TCGETS) return -E.EIO
  switch (req) {
    case TCGETS: case TCSETS: case TCSETSW: case TCSETSF:
    case TIOCGWINSZ: case TIOCSWINSZ:
      return ttyModeIoctl(k, tty.id, req, arg)
    case TIOCGPGRP:
      if (t.ctty !== tty.id) return -E.ENOTTY
      return vpid(k, t, tty.fgPgrp) // process groups are named in the caller's pid namespace
    case TIOCSPGRP: {
      // "EPERM: pgrp is in a different session"; only the controlling terminal.
      if (t.ctty !== tty.id || tty.sid !== t.sid) return -E.ENOTTY
      const pgrp = kpidOf(k, t, userVpid(Number(arg)))
      let ok = false
      for (const x of k.s.tasks.values()) if (x.pgid === pgrp && x.sid === t.sid) { ok = true; break }
      if (!ok) return -E.EPERM
      k.mutTty(tty.id).fgPgrp = pgrp
      return 0
    }
    case TIOCSCTTY: {
      // tty_ioctl(4): the caller must be a session leader without a controlling terminal; the
      // terminal must not be another session's.
      // SIMPLIFICATION: stealing another session's terminal (arg 1 with CAP_SYS_ADMIN) is not modelled.
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
