// Interactive containers through a terminal (Machine.openTerminal): `docker run
// -it` and `docker exec -it` attach the terminal to a shell on the container's
// own pty (pty(7); /dev/pts/N of the container's devpts instance, devpts.rst),
// the docker client's terminal goes raw (cfmakeraw(3)) so ^C reaches the
// container's line discipline (termios(3) ISIG), and `exit` returns to the host
// shell with the container's status. -t and -i apart, as the docker run
// reference describes them ("-t: Allocate a pseudo-TTY", "-i: Keep STDIN open").
import { describe, expect, it } from 'vitest'
import { runSlice } from '../../kernel-sim/index.ts'
import { Machine } from '../../src/host/machine.ts'

function terminal() {
  const m = new Machine()
  let out = ''
  const t = m.openTerminal({ cols: 80, rows: 24, onOutput: (d) => (out += d) })
  /** Runs until every process waits (virtual time jumps over sleeps); returns what the terminal printed. */
  const settle = (): string => {
    for (let i = 0; i < 400 && runSlice(m.kernel, 50_000) !== 'idle'; i++);
    const s = out
    out = ''
    return s
  }
  /** Keystrokes while the terminal is raw (docker's client set it so). */
  const keys = (s: string): string => {
    expect(t.raw).toBe(true)
    t.input!(s)
    return settle()
  }
  const line = (s: string): string => {
    expect(t.raw).toBe(false)
    t.inputLine(s)
    return settle()
  }
  settle()
  line('docker pull alpine >/dev/null')
  return { m, t, settle, keys, line }
}

const ID = /^[0-9a-f]{12}$/

describe('docker run -it alpine sh', () => {
  it('hostname, tty, ps, exit: the container\'s shell on /dev/pts/0, echoed by its line discipline (CR NL on output)', () => {
    const { t, keys, line } = terminal()
    const prompt = line('docker run -it alpine sh')
    expect(t.raw).toBe(true)
    const host = /^root@([0-9a-f]{12}):\/# $/.exec(prompt)![1]!
    expect(host).toMatch(ID)
    const p = `root@${host}:/# `
    expect(keys('hostname\r')).toBe(`hostname\r\n${host}\r\n${p}`)
    expect(keys('tty\r')).toBe(`tty\r\n/dev/pts/0\r\n${p}`)
    expect(keys('ps\r')).toBe(`ps\r\n    PID TTY          TIME CMD\r\n      1 pts/0    00:00:00 sh\r\n      4 pts/0    00:00:00 ps\r\n${p}`)
    expect(keys('exit\r')).toBe('exit\r\nexit\r\nroot@host:~# ')
    expect(t.raw).toBe(false) // the client restored its terminal
    expect(line('echo $?')).toBe('0\nroot@host:~# ')
  })

  it('^C interrupts the container\'s foreground job, not the docker client; exit N is docker\'s status', () => {
    const { m, t, keys, line } = terminal()
    const prompt = line('docker run -it --name c1 alpine sh')
    t.input!('while :; do :; done\r')
    for (let i = 0; i < 5; i++) runSlice(m.kernel, 20_000)
    t.interrupt() // raw: the byte ^C travels to the container's pty, where ISIG makes it SIGINT
    const out = keys('')
    expect(out).toBe(`while :; do :; done\r\n^C\r\n${prompt}`)
    expect(keys('exit 3\r')).toBe('exit 3\r\nexit\r\nroot@host:~# ')
    expect(line('echo $?')).toBe('3\nroot@host:~# ')
  })

  it('^D (VEOF) on an empty line ends the container\'s shell', () => {
    const { t, keys, line } = terminal()
    line('docker run -it alpine sh')
    t.eof()
    expect(keys('')).toBe('exit\r\nroot@host:~# ')
    expect(t.raw).toBe(false)
  })

  it('a word erased with DEL before Enter never reaches the shell (canonical mode, VERASE)', () => {
    const { keys, line } = terminal()
    const p = line('docker run -it alpine sh')
    expect(keys('echo abX\x7fc\r')).toBe(`echo abX\b \bc\r\nabc\r\n${p}`)
    keys('exit\r')
  })
})

describe('docker exec -it', () => {
  it('a second pty in the container\'s devpts: /dev/pts/1 beside the container\'s own /dev/pts/0', () => {
    const { keys, line } = terminal()
    expect(line('docker run -dit --name box alpine sh')).toMatch(/^[0-9a-f]{64}\nroot@host:~# $/)
    const p = line('docker exec -it box sh')
    expect(p).toMatch(/^root@[0-9a-f]{12}:\/# $/)
    expect(keys('tty\r')).toBe(`tty\r\n/dev/pts/1\r\n${p}`)
    expect(keys('ls /dev/pts\r')).toBe(`ls /dev/pts\r\n0\r\n1\r\nptmx\r\n${p}`)
    expect(keys('exit 7\r')).toBe('exit 7\r\nexit\r\nroot@host:~# ')
    expect(line('echo $?; docker exec box ls /dev/pts; ls /dev/pts')).toBe('7\n0\nptmx\n0  ptmx\nroot@host:~# ') // the host: this console's own pts/0
  })
})

describe('-t and -i apart (docker run reference)', () => {
  const run = (script: string) => new Machine().runScript('docker pull alpine >/dev/null; ' + script, { maxSteps: 50_000_000 })

  it('-t alone: a pty (tty prints /dev/pts/0, output with CR NL); -i alone: pipes (not a tty, status 1)', () => {
    const r = run('docker run -t alpine tty; echo "st=$?"; docker run -i alpine tty; echo "st=$?"')
    expect(r.stdout).toBe('/dev/pts/0\r\nst=0\nnot a tty\nst=1\n')
  })

  it('-it with stdin not a terminal: "the input device is not a TTY", status 1, nothing created', () => {
    const r = run('docker run -it alpine tty </dev/null; echo "st=$?"; docker ps -aq | wc -l; docker run -d --name bb alpine sleep 9 >/dev/null; docker exec -it bb tty; echo "st=$?"')
    expect(r.stdout).toBe('st=1\n0\nst=1\n')
    expect(r.stderr).toBe('the input device is not a TTY\nthe input device is not a TTY\n')
  })

  it('-dit from a script is fine: docker/cli checks the TTY only when not detached (runContainer, exec)', () => {
    const r = run('docker run -dit --name sh1 --hostname web1 alpine sh </dev/null >/dev/null; echo "st=$?"; docker exec -dit sh1 sleep 5 </dev/null; echo "st=$?"; docker exec sh1 hostname')
    expect(r.stdout).toBe('st=0\nst=0\nweb1\n')
    expect(r.stderr).toBe('')
  })

  it('the container\'s process starts with fds 0, 1, 2 only (runc CloseExecFrom): no inherited client connection', () => {
    const r = run('docker run --rm -t alpine ls /proc/self/fd; docker run -d --name ff alpine sleep 9 >/dev/null; docker exec ff ls /proc/self/fd')
    expect(r.stdout).toBe('0\r\n1\r\n2\r\n3\r\n0\n1\n2\n3\n') // 3: ls's own handle on /proc/self/fd
  })

  it('every container mounts its own devpts as runc does (newinstance,ptmxmode=0666,mode=0620,gid=5; /dev/ptmx → pts/ptmx)', () => {
    const r = run('docker run --rm alpine sh -c "grep pts /proc/mounts; readlink /dev/ptmx; ls /dev/pts"; grep pts /proc/mounts')
    expect(r.stdout).toBe('devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666 0 0\npts/ptmx\nptmx\n' +
      'devpts /dev/pts devpts rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000 0 0\n')
  })

  it('-t merges stderr into the terminal: docker logs shows it as stdout', () => {
    const r = run('docker run -t --name tt alpine sh -c "echo out; echo err >&2" >/dev/null; docker logs tt 2>/dev/null')
    expect(r.stdout).toBe('out\r\nerr\r\n')
  })
})
