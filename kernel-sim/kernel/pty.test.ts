// Pseudo-terminals: pty(7) (ptmx, unlockpt, ptsname), pts(4) (the slave's
// node, EIO until unlocked), termios(3) (ICANON, ECHO, ICRNL, ONLCR, ISIG,
// VEOF, VERASE), tty_ioctl(4) (TIOCSCTTY) and devpts.rst (one instance per mount).
import { describe, expect, it } from 'vitest'
import { E, O_NOCTTY, O_RDWR, SIG, TCGETS, TIOCGWINSZ, TIOCSCTTY, TIOCSWINSZ, type Kpid } from '../abi/index.ts'
import { ICANON, ECHO, TCSETS, TIOCGPTN, TIOCSPTLCK, type Termios } from '../abi/termios.ts'
import { PENDING, harness, type Harness } from '../testing/harness.ts'
import { createTty } from './tty.ts'

/** posix_openpt + grantpt + unlockpt + ptsname, as glibc does them. */
function openpt(h: Harness, pid: Kpid, ptmx = '/dev/ptmx'): { master: number; name: string } {
  const master = h.open(pid, ptmx, O_RDWR | O_NOCTTY)
  expect(master).toBeGreaterThanOrEqual(0)
  expect(h.call(pid, 'ioctl', master, TIOCSPTLCK, 0)).toBe(0)
  const n = h.call(pid, 'ioctl', master, TIOCGPTN) as number
  const dir = ptmx.slice(0, ptmx.lastIndexOf('/'))
  return { master, name: ptmx === '/dev/ptmx' ? `/dev/pts/${n}` : `${dir}/${n}` }
}

function ls(h: Harness, pid: Kpid, dir: string): string[] {
  const fd = h.open(pid, dir)
  const names = h.call(pid, 'getdents', fd) as { name: string }[]
  h.call(pid, 'close', fd)
  return names.map((d) => d.name).filter((n) => n !== '.' && n !== '..').sort()
}

describe('pty(7): opening /dev/ptmx', () => {
  it('gives a master; /dev/pts/N appears (char 136:N, mode 0620, group tty, owned by the opener) and goes with the master', () => {
    const h = harness()
    const p = h.spawn({ uid: 1000 })
    const m = h.open(p, '/dev/ptmx', O_RDWR)
    expect(h.call(p, 'ioctl', m, TIOCGPTN)).toBe(0)
    const st = h.call(p, 'stat', '/dev/pts/0') as { mode: number; uid: number; gid: number; rdev: number }
    expect(st.mode & 0o170777).toBe(0o020620)
    expect([st.uid, st.gid, st.rdev]).toEqual([1000, 5, (136 << 8) | 0])
    const m2 = h.open(p, '/dev/ptmx', O_RDWR)
    expect(h.call(p, 'ioctl', m2, TIOCGPTN)).toBe(1)
    expect(ls(h, p, '/dev/pts')).toEqual(['0', '1', 'ptmx'])
    h.call(p, 'close', m)
    expect(ls(h, p, '/dev/pts')).toEqual(['1', 'ptmx'])
    expect(h.call(p, 'ioctl', h.open(p, '/dev/ptmx', O_RDWR), TIOCGPTN)).toBe(0) // the lowest free index again
  })

  it('pts(4): the slave cannot be opened (EIO) until unlockpt(3) clears TIOCSPTLCK', () => {
    const h = harness()
    const p = h.spawn()
    const m = h.open(p, '/dev/ptmx', O_RDWR)
    expect(h.open(p, '/dev/pts/0', O_RDWR)).toBe(-E.EIO)
    h.call(p, 'ioctl', m, TIOCSPTLCK, 0)
    expect(h.open(p, '/dev/pts/0', O_RDWR)).toBeGreaterThanOrEqual(0)
  })
})

describe('termios(3) line discipline on the slave', () => {
  it('canonical mode: the slave reads a whole line once NL arrives; ICRNL maps CR; ECHO returns "hello\\r\\n" to the master', () => {
    const h = harness()
    const p = h.spawn()
    const { master, name } = openpt(h, p)
    const reader = h.fork(p)
    const s = h.open(reader, name, O_RDWR)
    expect(h.call(reader, 'read', s, 100)).toBe(PENDING)
    h.call(p, 'write', master, 'hel')
    expect(h.result(reader)).toBe(PENDING)
    h.call(p, 'write', master, 'lo\r')
    expect(h.result(reader)).toBe('hello\n')
    expect(h.call(p, 'read', master, 100)).toBe('hello\r\n')
  })

  it('ONLCR: what the slave writes, the master reads with NL turned into CR NL', () => {
    const h = harness()
    const p = h.spawn()
    const { master, name } = openpt(h, p)
    const s = h.open(p, name, O_RDWR | O_NOCTTY)
    expect(h.call(p, 'write', s, 'a\nb')).toBe(3)
    expect(h.call(p, 'read', master, 100)).toBe('a\r\nb')
  })

  it('VERASE (DEL), VKILL (^U) and VWERASE (^W) edit the line; VEOF (^D) on an empty line reads as end-of-file (0)', () => {
    const h = harness()
    const p = h.spawn()
    const { master, name } = openpt(h, p)
    const s = h.open(p, name, O_RDWR | O_NOCTTY)
    h.call(p, 'write', master, 'ab\x7fc\n')
    expect(h.call(p, 'read', s, 100)).toBe('ac\n')
    h.call(p, 'write', master, 'junk\x15ok\n')
    expect(h.call(p, 'read', s, 100)).toBe('ok\n')
    h.call(p, 'write', master, 'echo two words \x17\x17three\n') // VWERASE (^W, IEXTEN)
    expect(h.call(p, 'read', s, 100)).toBe('echo three\n')
    h.call(p, 'write', master, 'x\x04')
    expect(h.call(p, 'read', s, 100)).toBe('x') // VEOF after text: the text, without a newline
    h.call(p, 'write', master, '\x04')
    expect(h.call(p, 'read', s, 100)).toBe('')
  })

  it('only VERASE (DEL by default, stty(1) "erase = ^?") erases: ^H is an ordinary character, echoed "^H" under ECHOCTL', () => {
    const h = harness()
    const p = h.spawn()
    const { master, name } = openpt(h, p)
    const s = h.open(p, name, O_RDWR | O_NOCTTY)
    h.call(p, 'write', master, 'ab\bc\n')
    expect(h.call(p, 'read', s, 100)).toBe('ab\bc\n')
    expect(h.call(p, 'read', master, 100)).toBe('ab^Hc\r\n')
  })

  it('raw mode (ICANON and ECHO off via TCSETS): bytes are readable at once and not echoed', () => {
    const h = harness()
    const p = h.spawn()
    const { master, name } = openpt(h, p)
    const s = h.open(p, name, O_RDWR | O_NOCTTY)
    const tm = h.call(p, 'ioctl', s, TCGETS) as Termios
    expect(tm.lflag & (ICANON | ECHO)).toBe(ICANON | ECHO)
    h.call(p, 'ioctl', s, TCSETS, { ...tm, lflag: tm.lflag & ~(ICANON | ECHO) })
    h.call(p, 'write', master, 'q')
    expect(h.call(p, 'read', s, 100)).toBe('q')
    expect(h.call(p, 'read', master, 100)).toBe(PENDING)
  })
})

describe('controlling terminal and signals', () => {
  it('setsid + TIOCSCTTY; ^C typed at the master is SIGINT for the foreground process group, shown as ^C', () => {
    const h = harness()
    const p = h.spawn()
    const { master, name } = openpt(h, p)
    const sh = h.fork(p)
    expect(h.call(sh, 'setsid')).toBe(sh)
    const s = h.open(sh, name, O_RDWR | O_NOCTTY)
    expect(h.call(sh, 'ioctl', s, TIOCSCTTY, 0)).toBe(0)
    expect(h.k.task(sh)!.ctty).toBeGreaterThanOrEqual(0)
    expect(h.call(sh, 'read', s, 100)).toBe(PENDING)
    h.call(p, 'write', master, 'part\x03')
    expect(h.k.task(sh)!.state).toBe('Z')
    expect(h.k.task(sh)!.exitStatus & 0x7f).toBe(SIG.SIGINT)
    expect(h.call(p, 'read', master, 100)).toBe('part^C')
  })

  it('a session leader opening the slave without O_NOCTTY acquires it as controlling terminal; /proc/PID/stat tty_nr is 136:N', () => {
    const h = harness()
    const p = h.spawn()
    const { name } = openpt(h, p)
    const sh = h.fork(p)
    h.call(sh, 'setsid')
    h.open(sh, name, O_RDWR)
    const fd = h.open(sh, '/proc/self/stat')
    const stat = (h.call(sh, 'read', fd, 4096) as string).split(') ')[1]!.split(' ')
    expect(Number(stat[4])).toBe(136 << 8) // tty_nr of pts/0
  })

  it('closing the master hangs up: SIGHUP to the session leader, the node disappears, slave reads 0 and writes EIO', () => {
    const h = harness()
    const p = h.spawn()
    const { master, name } = openpt(h, p)
    const sh = h.fork(p)
    h.call(sh, 'setsid')
    h.call(sh, 'close', master) // the fork's copy: the master is p's alone
    h.call(sh, 'sigaction', SIG.SIGHUP, 'catch')
    const s = h.open(sh, name, O_RDWR)
    expect(h.call(sh, 'read', s, 100)).toBe(PENDING)
    h.call(p, 'close', master)
    expect(h.result(sh)).toBe(-E.EINTR)
    expect(h.call(sh, 'sigtake')).toContain(SIG.SIGHUP)
    expect(h.call(sh, 'read', s, 100)).toBe('')
    expect(h.call(sh, 'write', s, 'x')).toBe(-E.EIO)
    expect(ls(h, p, '/dev/pts')).toEqual(['ptmx'])
  })

  it('once every slave file is closed, reading the master gives EIO after the pending output', () => {
    const h = harness()
    const p = h.spawn()
    const { master, name } = openpt(h, p)
    const s = h.open(p, name, O_RDWR | O_NOCTTY)
    h.call(p, 'write', s, 'bye\n')
    h.call(p, 'close', s)
    expect(h.call(p, 'read', master, 100)).toBe('bye\r\n')
    expect(h.call(p, 'read', master, 100)).toBe(-E.EIO)
  })
})

describe('consoles in the initial devpts instance', () => {
  it('a console is /dev/pts/N there (crw--w---- root tty); ptmx takes the next index; a mknod\'d 136:N elsewhere opens nothing (EIO)', () => {
    const h = harness()
    const p = h.spawn()
    const con = createTty(h.k, 1)
    expect(con.index).toBe(0)
    const st = h.call(p, 'stat', '/dev/pts/0') as { mode: number; uid: number; gid: number; rdev: number }
    expect([st.mode & 0o170777, st.uid, st.gid, st.rdev]).toEqual([0o020620, 0, 5, 136 << 8])
    expect(openpt(h, p).name).toBe('/dev/pts/1')
    const fd = h.open(p, '/dev/pts/0', O_RDWR | O_NOCTTY)
    h.call(p, 'write', fd, 'to the console\n')
    expect(h.out.get(1)).toBe('to the console\n')
    expect(h.call(p, 'mknod', '/pts0', 0o020600, 136 << 8)).toBe(0)
    expect(h.open(p, '/pts0', O_RDWR)).toBe(-E.EIO)
  })
})

describe('window size (tty_ioctl(4) TIOCSWINSZ)', () => {
  it('set on the master, read on the slave; the foreground process group gets SIGWINCH', () => {
    const h = harness()
    const p = h.spawn()
    const { master, name } = openpt(h, p)
    const sh = h.fork(p)
    h.call(sh, 'setsid')
    h.call(sh, 'sigaction', SIG.SIGWINCH, 'catch')
    const s = h.open(sh, name, O_RDWR)
    expect(h.call(sh, 'ioctl', s, TIOCGWINSZ)).toEqual({ rows: 0, cols: 0 }) // a new pty is 0x0
    expect(h.call(p, 'ioctl', master, TIOCSWINSZ, { rows: 30, cols: 100 })).toBe(0)
    expect(h.call(sh, 'ioctl', s, TIOCGWINSZ)).toEqual({ rows: 30, cols: 100 })
    expect(h.call(sh, 'sigtake')).toContain(SIG.SIGWINCH)
  })
})

describe('devpts.rst: every mount is a new instance', () => {
  it('a container mounting devpts (newinstance,ptmxmode=666) numbers its ptys from 0 and sees only its own', () => {
    const h = harness()
    const p = h.spawn()
    openpt(h, p) // host pts/0
    openpt(h, p) // host pts/1
    h.call(p, 'mkdir', '/ctr', 0o755)
    expect(h.call(p, 'mount', 'devpts', '/ctr', 'devpts', 0, 'newinstance,ptmxmode=0666,mode=620,gid=5')).toBe(0)
    expect(ls(h, p, '/ctr')).toEqual(['ptmx'])
    const st = h.call(p, 'stat', '/ctr/ptmx') as { mode: number }
    expect(st.mode & 0o777).toBe(0o666)
    const c = openpt(h, p, '/ctr/ptmx')
    expect(c.name).toBe('/ctr/0')
    expect(ls(h, p, '/ctr')).toEqual(['0', 'ptmx'])
    expect(ls(h, p, '/dev/pts')).toEqual(['0', '1', 'ptmx'])
    const s = h.open(p, '/ctr/0', O_RDWR | O_NOCTTY)
    h.call(p, 'write', c.master, 'in\n')
    expect(h.call(p, 'read', s, 100)).toBe('in\n')
  })

  it('the host\'s /dev/pts/ptmx exists with mode 000 (ptmxmode default)', () => {
    const h = harness()
    const p = h.spawn({ uid: 1000 })
    expect(((h.call(p, 'stat', '/dev/pts/ptmx') as { mode: number }).mode) & 0o777).toBe(0)
    expect(h.open(p, '/dev/pts/ptmx', O_RDWR)).toBe(-E.EACCES)
  })
})
