// termios(3) and the pty ioctls (asm-generic/termbits.h, asm-generic/ioctls.h).
// A termios is plain data: the four flag words and the control characters.

export interface Termios {
  iflag: number
  oflag: number
  cflag: number
  lflag: number
  /** c_cc, indexed by VINTR ... */
  cc: number[]
}

// c_iflag
export const BRKINT = 0o2
export const ICRNL = 0o400
export const IXON = 0o2000
export const IMAXBEL = 0o20000
// c_oflag
export const OPOST = 0o1
export const ONLCR = 0o4
// c_cflag
export const CS8 = 0o60
export const CREAD = 0o200
export const HUPCL = 0o2000
export const B38400 = 0o17
// c_lflag
export const ISIG = 0o1
export const ICANON = 0o2
export const ECHO = 0o10
export const ECHOE = 0o20
export const ECHOK = 0o40
export const ECHONL = 0o100
export const ECHOCTL = 0o1000
export const ECHOKE = 0o4000
export const IEXTEN = 0o100000
// c_cc indices
export const VINTR = 0
export const VQUIT = 1
export const VERASE = 2
export const VKILL = 3
export const VEOF = 4
export const VTIME = 5
export const VMIN = 6
export const VSUSP = 10
export const VWERASE = 14

/** tty_std_termios (drivers/tty/tty_io.c): what a new terminal starts with (`stty -a` on a fresh pty). */
export const STD_TERMIOS: Termios = {
  iflag: ICRNL | IXON,
  oflag: OPOST | ONLCR,
  cflag: B38400 | CS8 | CREAD | HUPCL,
  lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
  // INIT_C_CC: ^C ^\ DEL ^U ^D, time 0, min 1, ..., ^Z at VSUSP
  cc: [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0],
}

/** cfmakeraw(3): what a client does to its own terminal before relaying keystrokes. */
export function cfmakeraw(t: Termios): Termios {
  return {
    iflag: t.iflag & ~(0o1 | BRKINT | 0o10 | 0o40 | 0o100 | 0o200 | ICRNL | IXON), // IGNBRK BRKINT PARMRK ISTRIP INLCR IGNCR ICRNL IXON
    oflag: t.oflag & ~OPOST,
    lflag: t.lflag & ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN),
    cflag: (t.cflag & ~(0o60 | 0o400)) | CS8,
    cc: [...t.cc.slice(0, VTIME), 0, 1, ...t.cc.slice(VMIN + 1)],
  }
}

// ioctl requests (asm-generic/ioctls.h)
export const TCSETS = 0x5402
export const TCSETSW = 0x5403
export const TCSETSF = 0x5404
export const TIOCNOTTY = 0x5422
/** _IOR('T', 0x30, unsigned int): the pty's index, N in /dev/pts/N (pty(7)). */
export const TIOCGPTN = 0x80045430
/** _IOW('T', 0x31, int): lock (non-zero) or unlock (0) the slave: unlockpt(3). */
export const TIOCSPTLCK = 0x40045431
export const TIOCGPTLCK = 0x80045439
