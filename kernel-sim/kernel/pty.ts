// Pseudo-terminals (pty(7), pts(4)): opening /dev/ptmx gives the master of a
// new pair and makes /dev/pts/N appear in the devpts instance next to it; the
// slave opens only after unlockpt(3) (TIOCSPTLCK 0). What the master writes is
// typed into the slave (n-tty.ts: echo, canonical lines, ^C); what the slave
// writes (after ONLCR) is what the master reads. Closing the master hangs the
// slave up: SIGHUP to its session leader, reads return 0, writes EIO; once
// every slave file is closed the master's reads return EIO.
import type { Kpid } from '../abi/pid.ts'
import { E, O_NOCTTY, SIG, NO_KPID } from '../abi/index.ts'
import { TCGETS, TIOCGPGRP, TIOCGWINSZ, TIOCSWINSZ } from '../abi/index.ts'
import { TCSETS, TCSETSF, TCSETSW, TIOCGPTLCK, TIOCGPTN, TIOCSPTLCK } from '../abi/termios.ts'
import { BLOCK } from './block.ts'
import type { IoctlResult } from './syscalls/spec.ts'
import { allocFile } from './fd/files.ts'
import { devptsAddSlave, devptsNewIndex } from './fs/devpts.ts'
import { taskMounts } from './ns/mnt-table.ts'
import { namei } from './fs/namei.ts'
import type { Kernel } from './kernel.ts'
import { nttyReceive } from './n-tty.ts'
import type { OpenFile, Task, Tty } from './state.ts'
import { hostDevpts, ptmChan, signalGroup, termiosOf } from './tty.ts'

/**
 * ptmx_open: the instance is the devpts the ptmx node lives in (/dev/pts/ptmx),
 * or the "pts" entry beside it (/dev/ptmx, devpts_acquire + path_pts since Linux 4.7).
 */
export function ptmxOpen(k: Kernel, t: Task, ptmxPath: string, flags: number): OpenFile | number {
  const dir = ptmxPath.slice(0, ptmxPath.lastIndexOf('/')) || '/'
  let inst = -1
  for (const p of [dir, (dir === '/' ? '' : dir) + '/pts']) {
    const r = namei(k, t, p)
    if (typeof r !== 'number' && r.node.kind === 'tmpfs' && isDevptsRoot(k, t, r.node.ino)) {
      inst = r.node.ino
      break
    }
  }
  if (inst < 0) return -E.ENOENT
  const f = allocFile(k, t, { flags, pos: 0, kind: 'ptm', obj: -1, path: ptmxPath })
  if (typeof f === 'number') return f
  const index = devptsNewIndex(k, inst)
  const id = k.ctr().nextTty++
  const node = devptsAddSlave(k, inst, index, t.cred.fsuid, t.cred.fsgid)
  const tty: Tty = {
    id, index, input: [], eof: false, fgPgrp: NO_KPID, sid: NO_KPID, cols: 0, rows: 0, sink: -1, partial: '', readers: 0,
    pty: { devpts: inst, node, locked: true, toMaster: '', line: '', slaveFiles: 0, slaveClosed: false, hungUp: false },
  }
  k.put('ttys', id, tty)
  f.obj = id // f was created in this tick
  return f
}

/** Is directory `ino` the root of a devpts mount the task can see (path_pts's DEVPTS_SUPER_MAGIC check)? */
function isDevptsRoot(k: Kernel, t: Task, ino: number): boolean {
  return taskMounts(k, t).some((m) => m.fstype === 'devpts' && m.rootIno === ino)
}

/** Opening /dev/pts/N (major 136): the pair whose node it is, or a console terminal by index. */
export function ptsOpen(k: Kernel, t: Task, ino: number, index: number, flags: number, path: string): OpenFile | number {
  let tty: Tty | undefined
  for (const x of k.s.ttys.values()) if (x.pty?.node === ino) { tty = x; break }
  // A console's node in the initial instance (tty.ts). A 136:N node made with mknod elsewhere opens
  // nothing: devpts_get_priv() accepts only inodes of a devpts superblock.
  const host = hostDevpts(k)
  if (!tty && host > 0 && k.inode(host)?.entries.get(String(index)) === ino) {
    for (const x of k.s.ttys.values()) if (!x.pty && x.index === index) { tty = x; break }
  }
  if (!tty) return -E.EIO
  if (tty.pty?.locked || tty.pty?.hungUp) return -E.EIO // pts(4): locked until unlockpt(3)
  const f = allocFile(k, t, { flags, pos: 0, kind: 'tty', obj: tty.id, path })
  if (typeof f === 'number') return f
  if (tty.pty) k.mutTty(tty.id).pty = { ...tty.pty, slaveFiles: tty.pty.slaveFiles + 1, slaveClosed: false }
  // tty_open_proc_set_tty: a session leader without a controlling terminal acquires this one (unless O_NOCTTY).
  if (!(flags & O_NOCTTY) && t.sid === t.kpid && t.ctty < 0 && tty.sid <= 0) {
    const w = k.mutTty(tty.id)
    w.sid = t.kpid
    w.fgPgrp = t.pgid
    k.mutTask(t.kpid).ctty = tty.id
  }
  return f
}

export function ptmRead(k: Kernel, kpid: Kpid, id: number, count: number, nonblock: boolean): string | number | typeof BLOCK {
  const p = k.tty(id)!.pty!
  if (p.toMaster.length > 0) {
    const out = p.toMaster.slice(0, count)
    k.mutTty(id).pty = { ...p, toMaster: p.toMaster.slice(out.length) }
    k.sched.wake(ptmChan(id)) // slave writers waiting for room
    return out
  }
  if (p.slaveClosed) return -E.EIO // TTY_OTHER_CLOSED: the last slave file was closed
  if (nonblock) return -E.EAGAIN
  return k.sched.sleepOn(kpid, ptmChan(id), 'n_tty_read')
}

/** Bytes written to the master are typed into the slave. */
export function ptmWrite(k: Kernel, id: number, data: string): number {
  nttyReceive(k, id, data)
  return data.length
}

/** ioctl(2) on a master: the pty ioctls of pty(7), and the slave's termios and window size. */
export function ptmIoctl(k: Kernel, id: number, req: number, arg: unknown): IoctlResult {
  const tty = k.tty(id)!
  switch (req) {
    case TIOCGPTN:
      return tty.index
    case TIOCSPTLCK:
      k.mutTty(id).pty = { ...tty.pty!, locked: Number(arg) !== 0 }
      return 0
    case TIOCGPTLCK:
      return tty.pty!.locked ? 1 : 0
    case TCGETS:
      return { ...termiosOf(tty), cc: [...termiosOf(tty).cc] }
    case TCSETS: case TCSETSW: case TCSETSF:
    case TIOCGWINSZ: case TIOCSWINSZ:
      return ttyModeIoctl(k, id, req, arg)
    case TIOCGPGRP:
      return tty.fgPgrp > 0 ? tty.fgPgrp : -E.ENOTTY
    default:
      return -E.ENOTTY
  }
}

/** tty_mode_ioctl for either side: termios and window size (TIOCSWINSZ sends SIGWINCH to the foreground group). */
export function ttyModeIoctl(k: Kernel, id: number, req: number, arg: unknown): IoctlResult {
  const tty = k.tty(id)!
  switch (req) {
    case TCGETS: {
      const tm = termiosOf(tty)
      return { ...tm, cc: [...tm.cc] }
    }
    case TCSETS: case TCSETSW: case TCSETSF: {
      const a = arg as { iflag: number; oflag: number; cflag: number; lflag: number; cc: number[] }
      if (!a || typeof a !== 'object') return -E.EFAULT
      const w = k.mutTty(id)
      w.termios = { iflag: a.iflag, oflag: a.oflag, cflag: a.cflag, lflag: a.lflag, cc: [...a.cc] }
      if (req === TCSETSF) w.input = []
      return 0
    }
    case TIOCGWINSZ:
      return { rows: tty.rows, cols: tty.cols }
    case TIOCSWINSZ: {
      const ws = arg as { rows: number; cols: number }
      if (ws.rows === tty.rows && ws.cols === tty.cols) return 0
      const w = k.mutTty(id)
      w.rows = ws.rows
      w.cols = ws.cols
      if (tty.fgPgrp > 0) signalGroup(k, tty.fgPgrp, SIG.SIGWINCH)
      return 0
    }
    default:
      return -E.ENOTTY
  }
}
