// A tiny stand-in kernel for exercising the shell before/besides the real one:
// tasks as generators, fd tables with shared open files, pipes, a flat file
// map, clone/execve/wait4, RLIMIT_NOFILE/NPROC. Only what bash needs.
import type { Program, ProgramMain, SyscallReq } from '../../kernel-sim/abi/index.ts'
import { E, F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, O_ACCMODE, O_APPEND, O_CLOEXEC, O_CREAT, O_TRUNC, S_IFDIR, S_IFREG, WNOHANG } from '../../kernel-sim/abi/index.ts'
import { bashMain } from '../../src/shell/index.ts'
import { readAll, writeAll, type Sys } from '../../src/libc/index.ts'

type Pipe = { buf: string; readers: number; writers: number }
type OFile = { kind: 'file'; path: string; pos: number; append: boolean; refs: number }
  | { kind: 'pipe'; pipe: Pipe; write: boolean; refs: number }
  | { kind: 'sink'; out: string[]; refs: number }
  | { kind: 'src'; data: string; pos: number; refs: number; dir?: string }
type Fd = { file: OFile; cloexec: boolean }
interface Task {
  pid: number; ppid: number; pgid: number; uid: number; gen: Program; fds: Map<number, Fd>
  resume: unknown; retry: SyscallReq | null; zombie: number | null; nofile: [number, number]; nproc: [number, number]
  reaped: boolean
}
const BLOCK = Symbol('block')

function* catMain(argv: readonly string[]): Program {
  const files = argv.slice(1)
  if (!files.length) files.push('-')
  let st = 0
  for (const f of files) {
    let fd = 0
    if (f !== '-') {
      fd = (yield { nr: 'open', args: [-100, f, 0, 0] }) as number
      if (fd < 0) { yield* writeAll(2, `cat: ${f}: No such file or directory\n`); st = 1; continue }
    }
    const t = yield* readAll(fd)
    if (typeof t === 'string') yield* writeAll(1, t)
  }
  return st
}
function* echoMain(argv: readonly string[]): Program {
  yield* writeAll(1, argv.slice(1).join(' ') + '\n')
  return 0
}
function* trueMain(): Program { return 0 }
function* falseMain(): Program { return 1 }
function* sleepMain(): Program { yield { nr: 'nanosleep', args: [1] }; return 0 }
function* wcMain(): Program {
  const t = (yield* readAll(0)) as string
  yield* writeAll(1, `${t.split('\n').length - 1}\n`)
  return 0
}

export const PROGRAMS: Record<string, ProgramMain> = {
  '/bin/bash': bashMain, '/bin/sh': bashMain, '/bin/cat': catMain, '/bin/echo': echoMain,
  '/bin/true': trueMain, '/bin/false': falseMain, '/bin/sleep': sleepMain, '/usr/bin/wc': wcMain,
}

export class FakeKernel {
  files = new Map<string, { data: string; mode: number }>()
  dirs = new Set(['/', '/bin', '/usr', '/usr/bin', '/tmp', '/etc', '/root', '/dev'])
  tasks = new Map<number, Task>()
  nextPid = 100
  steps = 0
  constructor() {
    for (const p of Object.keys(PROGRAMS)) this.files.set(p, { data: '', mode: 0o755 })
    this.files.set('/etc/hostname', { data: 'host\n', mode: 0o644 })
    this.files.set('/dev/null', { data: '', mode: 0o666 })
  }

  run(argv: string[], stdin = '', uid = 0, maxSteps = 200000, drain = false): { status: number; stdout: string; stderr: string } {
    const out: string[] = []
    const errs: string[] = []
    const fds = new Map<number, Fd>([
      [0, { file: { kind: 'src', data: stdin, pos: 0, refs: 1 }, cloexec: false }],
      [1, { file: { kind: 'sink', out, refs: 1 }, cloexec: false }],
      [2, { file: { kind: 'sink', out: errs, refs: 1 }, cloexec: false }],
    ])
    const pid = this.nextPid++
    const t: Task = { pid, ppid: 1, pgid: pid, uid, gen: bashMain(argv, ['PATH=/bin:/usr/bin', 'HOME=/root']), fds, resume: undefined, retry: null, zombie: null, nofile: [1024, 4096], nproc: [Infinity, Infinity], reaped: false }
    this.tasks.set(pid, t)
    while ((t.zombie === null || drain) && this.steps < maxSteps) {
      let progressed = false
      for (const task of [...this.tasks.values()]) if (task.zombie === null && this.step(task)) progressed = true
      if (!progressed) break
    }
    return { status: t.zombie === null ? -1 : t.zombie >> 8, stdout: out.join(''), stderr: errs.join('') }
  }

  private step(t: Task): boolean {
    this.steps++
    let req: SyscallReq
    if (t.retry) req = t.retry
    else {
      let r: IteratorResult<SyscallReq, number>
      try {
        r = t.gen.next(t.resume)
      } catch (e) {
        throw e
      }
      if (r.done) {
        this.exit(t, r.value << 8)
        return true
      }
      req = r.value
    }
    const res = this.sys(t, req)
    if (res === BLOCK) {
      t.retry = req
      return false
    }
    t.retry = null
    t.resume = res
    return true
  }

  private exit(t: Task, status: number): void {
    t.zombie = status
    for (const fd of [...t.fds.keys()]) this.close(t, fd)
  }

  private close(t: Task, fd: number): number {
    const f = t.fds.get(fd)
    if (!f) return -E.EBADF
    t.fds.delete(fd)
    if (--f.file.refs === 0 && f.file.kind === 'pipe') {
      if (f.file.write) f.file.pipe.writers--
      else f.file.pipe.readers--
    }
    return 0
  }

  private lowest(t: Task, min = 0): number {
    let fd = min
    while (t.fds.has(fd)) fd++
    return fd < t.nofile[0] ? fd : -E.EMFILE
  }

  private install(t: Task, file: OFile, cloexec = false, min = 0): number {
    const fd = this.lowest(t, min)
    if (fd < 0) return fd
    t.fds.set(fd, { file, cloexec })
    return fd
  }

  private sys(t: Task, { nr, args }: SyscallReq): unknown {
    const a = args as any[]
    switch (nr) {
      case 'open': {
        const path = a[1] as string
        const flags = a[2] as number
        if (this.dirs.has(path.replace(/\/$/, '') || '/')) return this.install(t, { kind: 'src', data: '', pos: 0, refs: 1, dir: path.replace(/\/$/, '') || '/' }, !!(flags & O_CLOEXEC))
        let f = this.files.get(path)
        if (!f) {
          if (!(flags & O_CREAT)) return -E.ENOENT
          if (this.lowest(t) < 0) return -E.EMFILE
          f = { data: '', mode: 0o644 }
          this.files.set(path, f)
        }
        const fd = this.install(t, { kind: 'file', path, pos: 0, append: !!(flags & O_APPEND), refs: 1 }, !!(flags & O_CLOEXEC))
        if (fd >= 0 && flags & O_TRUNC && (flags & O_ACCMODE) !== 0) f.data = ''
        return fd
      }
      case 'close': return this.close(t, a[0])
      case 'read': {
        const f = t.fds.get(a[0])?.file
        if (!f) return -E.EBADF
        const n = a[1] as number
        if (f.kind === 'pipe') {
          if (f.pipe.buf === '') return f.pipe.writers > 0 ? BLOCK : ''
          const s = f.pipe.buf.slice(0, n)
          f.pipe.buf = f.pipe.buf.slice(s.length)
          return s
        }
        if (f.kind === 'src' || f.kind === 'file') {
          const data = f.kind === 'src' ? f.data : this.files.get(f.path)?.data ?? ''
          const s = data.slice(f.pos, f.pos + n)
          f.pos += s.length
          return s
        }
        return -E.EBADF
      }
      case 'write': {
        const f = t.fds.get(a[0])?.file
        if (!f) return -E.EBADF
        const d = a[1] as string
        if (f.kind === 'sink') f.out.push(d)
        else if (f.kind === 'pipe') {
          if (f.pipe.readers === 0) return -E.EPIPE
          f.pipe.buf += d
        } else if (f.kind === 'file') {
          const file = this.files.get(f.path)!
          if (f.append) f.pos = file.data.length
          file.data = file.data.slice(0, f.pos) + d + file.data.slice(f.pos + d.length)
          f.pos += d.length
        } else return -E.EBADF
        return d.length
      }
      case 'dup2': {
        const f = t.fds.get(a[0])
        if (!f || a[1] >= t.nofile[0]) return -E.EBADF
        if (a[0] === a[1]) return a[1]
        this.close(t, a[1])
        f.file.refs++
        t.fds.set(a[1], { file: f.file, cloexec: false })
        return a[1]
      }
      case 'dup': {
        const f = t.fds.get(a[0])
        if (!f) return -E.EBADF
        const fd = this.install(t, f.file)
        if (fd >= 0) f.file.refs++
        return fd
      }
      case 'fcntl': {
        const f = t.fds.get(a[0])
        if (!f) return -E.EBADF
        if (a[1] === F_GETFD) return f.cloexec ? 1 : 0
        if (a[1] === F_DUPFD || a[1] === F_DUPFD_CLOEXEC) {
          if (a[2] >= t.nofile[0]) return -E.EINVAL
          const fd = this.install(t, f.file, a[1] === F_DUPFD_CLOEXEC, a[2])
          if (fd >= 0) f.file.refs++
          return fd
        }
        return 0
      }
      case 'pipe2': {
        const p: Pipe = { buf: '', readers: 1, writers: 1 }
        const r = this.install(t, { kind: 'pipe', pipe: p, write: false, refs: 1 })
        if (r < 0) return r
        const w = this.install(t, { kind: 'pipe', pipe: p, write: true, refs: 1 })
        if (w < 0) {
          t.fds.delete(r)
          return w
        }
        return [r, w]
      }
      case 'stat':
      case 'lstat': {
        const p = a[0] as string
        if (this.dirs.has(p)) return { mode: S_IFDIR | 0o755, ino: 1, dev: 1, size: 0 }
        const f = this.files.get(p)
        return f ? { mode: S_IFREG | f.mode, ino: 2, dev: 1, size: f.data.length } : -E.ENOENT
      }
      case 'access': {
        const f = this.files.get(a[0])
        if (!f) return this.dirs.has(a[0]) ? 0 : -E.ENOENT
        return a[1] & 1 && !(f.mode & 0o111) ? -E.EACCES : 0
      }
      case 'getdents': {
        const f = t.fds.get(a[0])?.file
        if (!f || f.kind !== 'src' || f.dir === undefined) return -E.ENOTDIR
        if (f.pos++ > 0) return []
        const pre = f.dir === '/' ? '/' : f.dir + '/'
        const names = [...this.files.keys(), ...this.dirs].filter((p) => p.startsWith(pre) && p.length > pre.length && !p.slice(pre.length).includes('/'))
        return names.map((p) => ({ name: p.slice(pre.length), ino: 1, type: 'f' }))
      }
      case 'getcwd': return '/root'
      case 'chdir': return this.dirs.has(a[0]) ? 0 : -E.ENOENT
      case 'clone': {
        const live = [...this.tasks.values()].filter((x) => x.uid === t.uid && !x.reaped).length
        if (t.uid !== 0 && live >= t.nproc[0]) return -E.EAGAIN
        const pid = this.nextPid++
        const fds = new Map<number, Fd>()
        for (const [k, v] of t.fds) {
          v.file.refs++
          if (v.file.kind === 'pipe') v.file.refs === 1 ? 0 : 0
          fds.set(k, { ...v })
        }
        const c: Task = { pid, ppid: t.pid, pgid: t.pgid, uid: t.uid, gen: (a[1] as () => Program)(), fds, resume: undefined, retry: null, zombie: null, nofile: [...t.nofile], nproc: [...t.nproc], reaped: false }
        this.tasks.set(pid, c)
        return pid
      }
      case 'execve': {
        const main = PROGRAMS[a[0] as string]
        if (!main) return this.files.has(a[0]) ? -E.ENOEXEC : -E.ENOENT
        if (!(this.files.get(a[0])!.mode & 0o111)) return -E.EACCES
        for (const [k, v] of [...t.fds]) if (v.cloexec) this.close(t, k)
        t.gen = main(a[1], a[2])
        return undefined
      }
      case 'wait4': {
        const kids = [...this.tasks.values()].filter((x) => x.ppid === t.pid && !x.reaped && (a[0] === -1 || x.pid === a[0]))
        if (!kids.length) return -E.ECHILD
        const z = kids.find((x) => x.zombie !== null)
        if (!z) return a[1] & WNOHANG ? { pid: 0, status: 0 } : BLOCK
        z.reaped = true
        this.tasks.delete(z.pid)
        return { pid: z.pid, status: z.zombie }
      }
      case 'exit':
        this.exit(t, (a[0] as number) << 8)
        return BLOCK
      case 'getpid': return t.pid
      case 'getpgid': return t.pgid
      case 'setpgid': return 0
      case 'getresuid': return [t.uid, t.uid, t.uid]
      case 'uname': return { nodename: 'host' }
      case 'prlimit': {
        const lim = a[1] === 7 ? t.nofile : a[1] === 6 ? t.nproc : [Infinity, Infinity] as [number, number]
        const old: [number, number] = [lim[0], lim[1]]
        const next = a[2] as [number, number] | undefined
        if (next) {
          if (next[0] > next[1]) return -E.EINVAL
          if (next[1] > lim[1] && t.uid !== 0) return -E.EPERM
          lim[0] = next[0]
          lim[1] = next[1]
        }
        return old
      }
      case 'sigaction': return 'default'
      case 'sigtake': return []
      case 'cpu': case 'nanosleep': case 'kill': case 'umask': return 0
      case 'ioctl': return -E.ENOTTY
    }
    return -E.ENOSYS
  }
}

export function* unused(): Sys<void> {}
