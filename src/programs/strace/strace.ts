// strace(1): trace the system calls of a command (strace CMD) or of running
// processes (-p PID), following their children with -f. Each call is one line,
// "name(args) = result" with the result at column 40; a call that sleeps while
// another tracee runs is split into "<unfinished ...>" and "<... name resumed>";
// a signal delivered to a tracee is "--- SIGCHLD {si_signo=SIGCHLD, ...} ---", after
// the call it interrupted or returned from (the kernel delivers it on the way back
// to user mode); a tracee's end is "+++ exited with N +++" or "+++ killed by SIG +++". -c prints
// count.c's summary table instead (-C both), -e trace= filters, -o FILE writes
// the trace to FILE, -s N sets the string length.
//
// It uses ptrace(2) as strace does (kernel/task/ptrace.ts): the child asks
// PTRACE_TRACEME and execs the command; -p attaches with PTRACE_SEIZE.
// On Linux `strace -f docker run ...` shows the docker client only (connect to
// /run/docker.sock, writes and reads): the container is made by dockerd,
// containerd and runc, which are not its children. isolab shows the same; to
// watch a container being made, attach to the daemon: strace -f -p $(pidof dockerd).
import {
  E, O_CLOEXEC, O_CREAT, O_TRUNC, O_WRONLY, PTRACE_DETACH, PTRACE_GET_SYSCALL_INFO, PTRACE_O_TRACECLONE, PTRACE_O_TRACEFORK,
  PTRACE_O_TRACEVFORK, PTRACE_SEIZE, PTRACE_TRACEME, SIG, WCOREDUMP, WEXITSTATUS, WIFEXITED, WTERMSIG, signalName,
  statusToShell, strerror, type Program, type TraceEvent,
} from '../../../kernel-sim/abi/index.ts'
import {
  clone, close, err, execve, exit, getenv, open, pipe2, ptrace, read, sigaction, sigtake, stat, wait4, writeAll, type Sys,
} from '../../libc/index.ts'
import { has, parseOpts } from '../lib/cmd.ts'
import { DEFAULT_PATH } from '../lib/exec.ts'
import { HIDDEN, decode, linuxName, signalLine, type Decoded } from './decode.ts'
import { parseFilter, summaryTable, type CallCount, type TraceFilter } from './filter.ts'

const USAGE = `Usage: strace [-cCfq] [-e EXPR] [-o FILE] [-s STRSIZE] [-p PID]... PROG [ARGS]
   or: strace -c[f] [-e EXPR] [-p PID]... PROG [ARGS]

General:
  -e EXPR        a qualifying expression: trace=[!]{[?]SYSCALL[@64|@32|@x32]|all|none|%file|
                 %process|%network|%signal|%ipc|%desc|%memory|%creds|%clock},...
Tracing:
  -f             follow forks
Output format:
  -o FILE        send trace output to FILE instead of stderr
  -s STRSIZE     limit length of print strings to STRSIZE chars (default 32)
Statistics:
  -c             count time, calls, and errors for each syscall and report summary
  -C             like -c, but also print the regular output
Startup:
  -p PID         trace process with process id PID, may be repeated
Miscellaneous:
  -q             suppress messages about attaching, detaching, etc.
  -h, --help     print help message`

/** The column " = result" is aligned to (strace's -a default). */
const ACOLUMN = 40

function* resolve(cmd: string, envp: readonly string[]): Sys<string | number> {
  if (cmd.includes('/')) {
    const st = yield* stat(cmd)
    return typeof st === 'number' ? st : cmd
  }
  for (const dir of (getenv(envp, 'PATH') ?? DEFAULT_PATH).split(':')) {
    const path = `${dir || '.'}/${cmd}`
    const st = yield* stat(path)
    if (typeof st !== 'number' && (st.mode & 0o170000) === 0o100000) return path
  }
  return -E.ENOENT
}

interface Options {
  follow: boolean
  count: boolean
  alsoTrace: boolean
  quiet: boolean
  filter: TraceFilter
  strsize: number
  toFile: boolean
}

/** The tracer's printing state: strace's printleader(), tabto() and the line left open by a sleeping call. */
class Printer {
  live = new Set<number>()
  counts = new Map<string, CallCount>()
  private open: { pid: number; nr: string; col: number } | undefined
  private pendingNs = new Map<number, number>()
  /** Signal lines of a tracee in a sleeping call: printed when the call returns (or the tracee ends). */
  private pendingSignals = new Map<number, string>()
  buf = ''
  /** strace's own messages ("Process N attached"): always on stderr, as error_msg() writes them. */
  notes = ''

  constructor(private readonly o: Options) {}

  private leader(pid: number): string {
    if (this.o.toFile && this.o.follow) return `${String(pid).padEnd(5)} `
    return this.live.size > 1 ? `[pid ${String(pid).padStart(5)}] ` : ''
  }

  private get tracing(): boolean { return !this.o.count || this.o.alsoTrace }

  private finishOpen(): void {
    if (!this.open) return
    this.buf += ' <unfinished ...>\n'
    this.open = undefined
  }

  private result(line: string, col: number, d: Decoded): string {
    const width = col + line.length
    return `${line}${' '.repeat(Math.max(0, ACOLUMN - 1 - width))} = ${d.ret}\n`
  }

  private countCall(name: string, ev: TraceEvent, ns: number): void {
    const c = this.counts.get(name) ?? { calls: 0, errors: 0, ns: 0 }
    c.calls++
    c.ns += ns
    if (typeof ev.ret === 'number' && ev.ret < 0) c.errors++
    this.counts.set(name, c)
  }

  event(ev: TraceEvent): void {
    switch (ev.kind) {
      case 'attached':
        this.live.add(ev.pid)
        if (!this.o.quiet) this.notes += `strace: Process ${ev.pid} attached\n`
        return
      case 'signal':
      case 'stopped': {
        if (!this.tracing || ev.sig === undefined) return
        const what = ev.kind === 'stopped' ? `--- stopped by ${signalName(ev.sig) ?? ev.sig} ---` : ev.siginfo ? signalLine(ev.sig, ev.siginfo) : undefined
        if (what === undefined) return
        const line = `${this.leader(ev.pid)}${what}\n`
        if (this.pendingNs.has(ev.pid)) this.pendingSignals.set(ev.pid, (this.pendingSignals.get(ev.pid) ?? '') + line)
        else {
          this.finishOpen()
          this.buf += line
        }
        return
      }
      case 'exited': {
        const st = ev.status ?? 0
        if (WIFEXITED(st)) this.call({ kind: 'syscall', pid: ev.pid, nr: 'exit', args: [WEXITSTATUS(st)], ret: 0, costNs: 0 })
        this.pendingNs.delete(ev.pid)
        if (this.tracing) {
          this.finishOpen()
          this.flushSignals(ev.pid)
          const end = WIFEXITED(st) ? `exited with ${WEXITSTATUS(st)}` : `killed by ${signalName(WTERMSIG(st)) ?? WTERMSIG(st)}${WCOREDUMP(st) ? ' (core dumped)' : ''}`
          this.buf += `${this.leader(ev.pid)}+++ ${end} +++\n`
        }
        this.live.delete(ev.pid)
        return
      }
      default:
        this.call(ev)
    }
  }

  private flushSignals(pid: number): void {
    const lines = this.pendingSignals.get(pid)
    if (lines === undefined) return
    this.buf += lines
    this.pendingSignals.delete(pid)
  }

  private call(ev: TraceEvent): void {
    const nr = ev.nr ?? ''
    if (HIDDEN.has(nr)) return
    const name = linuxName(nr, ev.args)
    if (!this.o.filter(name)) return
    if (ev.kind === 'unfinished') {
      this.pendingNs.set(ev.pid, ev.costNs ?? 0)
      if (!this.tracing) return
      this.finishOpen()
      const d = decode(nr, ev.args ?? [], undefined, false, this.o.strsize)
      const lead = this.leader(ev.pid)
      const head = `${lead}${d.name}(${d.args.slice(0, d.entry).join(', ')}${d.entry < d.args.length ? ', ' : ''}`
      this.buf += head
      this.open = { pid: ev.pid, nr, col: head.length }
      return
    }
    const ns = (ev.costNs ?? 0) + (ev.kind === 'resumed' ? this.pendingNs.get(ev.pid) ?? 0 : 0)
    this.pendingNs.delete(ev.pid)
    if (this.o.count) this.countCall(name, ev, ns)
    if (!this.tracing) return
    const d = decode(nr, ev.args ?? [], ev.ret, true, this.o.strsize)
    if (ev.kind === 'resumed') {
      const rest = d.args.slice(d.entry).join(', ') + ')'
      if (this.open && this.open.pid === ev.pid && this.open.nr === nr) {
        this.buf += this.result(rest, this.open.col, d)
        this.open = undefined
      } else {
        this.finishOpen()
        this.buf += this.result(`${this.leader(ev.pid)}<... ${d.name} resumed>${rest}`, 0, d)
      }
      this.flushSignals(ev.pid)
      return
    }
    this.finishOpen()
    this.buf += this.result(`${this.leader(ev.pid)}${d.name}(${d.args.join(', ')})`, 0, d)
  }

  /** Ends a line left open (a sleeping call of a process we stop tracing). */
  detached(): void {
    if (this.open) this.buf += ' <detached ...>\n'
    this.open = undefined
  }
}

function* flush(pr: Printer, outFd: number): Sys<void> {
  if (pr.notes) yield* writeAll(2, pr.notes)
  if (pr.buf) yield* writeAll(outFd, pr.buf)
  pr.notes = ''
  pr.buf = ''
}

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: '+cCfqe:o:s:p:h', stopAtOperand: true, long: [{ name: 'help', hasArg: 'no', val: 'h' }] })
  if (typeof p === 'number') return p
  if (has(p, 'h')) {
    yield* writeAll(1, USAGE + '\n')
    return 0
  }
  const fail = function* (msg: string, usage = false) {
    yield* err(`strace: ${msg}\n`)
    if (usage) yield* err(`Try 'strace -h' for more information.\n`)
    return 1
  }
  let filter: TraceFilter = () => true
  let strsize = 32
  const pids: number[] = []
  let outPath: string | undefined
  for (const o of p.opts) {
    if (o.opt === 'e') {
      const f = parseFilter(o.arg ?? '')
      if (typeof f === 'string') return yield* fail(f, true)
      filter = f
    } else if (o.opt === 's') {
      if (!/^\d+$/.test(o.arg ?? '')) return yield* fail(`invalid -s argument: '${o.arg}'`, true)
      strsize = Number(o.arg)
    } else if (o.opt === 'p') {
      for (const part of (o.arg ?? '').split(/[\s,]+/).filter(Boolean)) {
        if (!/^\d+$/.test(part) || Number(part) <= 0) return yield* fail(`Invalid process id: '${part}'`)
        pids.push(Number(part))
      }
    } else if (o.opt === 'o') outPath = o.arg
  }
  if (p.operands.length === 0 && pids.length === 0) return yield* fail('must have PROG [ARGS] or -p PID', true)
  const opts: Options = {
    follow: has(p, 'f'), count: has(p, 'c') || has(p, 'C'), alsoTrace: has(p, 'C'), quiet: has(p, 'q'), filter, strsize, toFile: outPath !== undefined,
  }
  let outFd = 2
  if (outPath !== undefined) {
    outFd = yield* open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if (outFd < 0) return yield* fail(`Can't fopen '${outPath}': ${strerror(-outFd)}`)
  }
  const options = opts.follow ? PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE : 0
  const pr = new Printer(opts)

  let child = 0
  if (p.operands.length > 0) {
    const cmd = p.operands[0]!
    const path = yield* resolve(cmd, envp)
    if (typeof path === 'number') return yield* fail(`Can't stat '${cmd}': ${strerror(-path)}`)
    const args = p.operands
    // As strace's startup_child(), wait until the child is traced: here a close-on-exec pipe that reads EOF at its execve.
    const sync = yield* pipe2(O_CLOEXEC)
    if (typeof sync === 'number') return yield* fail(`pipe: ${strerror(-sync)}`)
    child = yield* clone(0, function* () {
      if (outFd !== 2) yield* close(outFd)
      yield* close(sync[0])
      const t = yield* ptrace(PTRACE_TRACEME, 0, options)
      if (typeof t === 'number' && t < 0) {
        yield* err(`strace: ptrace(PTRACE_TRACEME, ...): ${strerror(-t)}\n`)
        yield* exit(1)
      }
      const r = yield* execve(path, args, envp)
      yield* err(`strace: exec: ${strerror(-r)}\n`)
      yield* exit(1)
      return 1
    })
    yield* close(sync[1])
    if (child < 0) return yield* fail(`fork: ${strerror(-child)}`)
    yield* read(sync[0], 1)
    yield* close(sync[0])
    pr.live.add(child)
  }
  for (const pid of pids) {
    const r = yield* ptrace(PTRACE_SEIZE, pid, options)
    if (typeof r === 'number' && r < 0) {
      yield* err(`strace: attach: ptrace(PTRACE_SEIZE, ${pid}): ${strerror(-r)}\n`)
      continue
    }
    pr.live.add(pid)
    if (!opts.quiet) yield* err(`strace: Process ${pid} attached\n`)
  }
  if (pr.live.size === 0) return 1
  if (pids.length > 0) {
    // Interrupted, strace detaches from the processes it attached to and ends.
    yield* sigaction(SIG.SIGINT, 'catch')
    yield* sigaction(SIG.SIGTERM, 'catch')
  }

  for (;;) {
    const r = yield* ptrace(PTRACE_GET_SYSCALL_INFO, -1)
    if (r === -E.EINTR) {
      yield* sigtake()
      pr.detached()
      for (const pid of pr.live) {
        yield* ptrace(PTRACE_DETACH, pid)
        if (!opts.quiet) pr.notes += `strace: Process ${pid} detached\n`
      }
      break
    }
    if (typeof r === 'number') break // ECHILD: nothing left to trace
    for (const ev of r) pr.event(ev)
    yield* flush(pr, outFd)
  }
  if (opts.count) pr.buf += summaryTable(pr.counts)
  yield* flush(pr, outFd)
  if (child > 0) {
    const w = yield* wait4(child, 0)
    // strace exits with the traced command's status.
    if (typeof w === 'object') return statusToShell(w.status)
  }
  return 0
}

export { main as straceMain }
