// Processes started by the machine's owner rather than by fork: a login
// shell on a terminal, or the `isolab sh -c` script. Like init starting getty,
// each becomes a child of init in a new session, then execs its program.
import { INIT_KPID, O_RDONLY, O_RDWR, O_WRONLY, type Kpid } from '../abi/index.ts'
import { allocFile } from './fd/files.ts'
import { fdInstall, newFdTable } from './fd/fd-table.ts'
import { createPipe } from './ipc/pipe.ts'
import type { Kernel } from './kernel.ts'
import { EXECED } from './block.ts'
import type { Cred, Task } from './state.ts'
import { sysExecve } from './task/exec.ts'
import { taskRecord } from './task/record.ts'
import { cgroupAttachNew } from './cgroup/index.ts'

export type StdioSpec =
  | { kind: 'tty'; tty: number }
  /** Host streams: stdin data (then EOF), stdout and stderr to host channels. */
  | { kind: 'host'; stdin: string; stdout: number; stderr: number }
  /** No open files: a usermode helper the kernel starts (call_usermodehelper), as the cgroup v1 release agent. */
  | { kind: 'none' }

export interface SpawnOptions {
  path: string
  argv: string[]
  envp: string[]
  stdio: StdioSpec
  cwd?: string
  cred?: Partial<Cred>
  /** Parent kpid (default: init). */
  parent?: Kpid
}

/** Creates a task and execs `path`; returns its pid, or -errno if exec failed. */
export function spawnTask(k: Kernel, o: SpawnOptions): Kpid | number {
  const parentKpid = o.parent ?? INIT_KPID
  const parent = k.taskOrOops(parentKpid)
  const c = k.ctr()
  let n = c.lastPid + 1
  while (k.s.tasks.has(n)) n++
  c.lastPid = n
  const pid = n as Kpid // a new kernel-global id
  const table = newFdTable(k)
  const t: Task = taskRecord({
    ...parent,
    kpid: pid, tgid: pid, ppid: parentKpid, pgid: pid, sid: pid, state: 'R', wchan: '', exitStatus: 0,
    waitReport: '', cred: { ...parent.cred, ...o.cred }, fdTable: table.id, cwd: o.cwd ?? '/', root: '/',
    sigDisp: {}, sigCaught: [], ctty: -1, children: [], startNs: k.s.nowNs, utimeNs: 0, stimeNs: 0,
    mmaps: {}, rssBytes: 0, nextMmap: 1, wakeNs: -1, minFlt: 0,
  })
  k.put('tasks', pid, t)
  cgroupAttachNew(k, pid)
  const pw = k.mutTask(parentKpid)
  pw.children = [...pw.children, pid]
  c.procsByUid = k.own(c.procsByUid)
  c.procsByUid[t.cred.ruid] = (c.procsByUid[t.cred.ruid] ?? 0) + 1
  installStdio(k, k.taskOrOops(pid), o.stdio)
  k.sched.attach(pid, (function* () { return 0 })())
  const r = sysExecve(k, pid, o.path, o.argv, o.envp)
  if (r !== EXECED) return r as number
  k.sched.makeRunnable(pid)
  return pid
}

function installStdio(k: Kernel, t: Task, s: StdioSpec): void {
  if (s.kind === 'none') return
  if (s.kind === 'tty') {
    const tty = k.tty(s.tty)!
    for (let fd = 0; fd < 3; fd++) {
      const f = allocFile(k, t, { flags: O_RDWR, pos: 0, kind: 'tty', obj: s.tty, path: `/dev/pts/${tty.index}` })
      if (typeof f === 'number') throw new Error('kernel bug: cannot open the terminal')
      fdInstall(k, t, fd, f.id, false)
    }
    const w = k.mutTty(s.tty)
    w.sid = t.kpid
    w.fgPgrp = t.kpid
    k.mutTask(t.kpid).ctty = s.tty
    return
  }
  const stdin = createPipe(k)
  stdin.buf = s.stdin
  stdin.writers = 0 // the host wrote everything: end of file after the data
  const pipeFile = (p: number, flags: number) => {
    const f = allocFile(k, t, { flags, pos: 0, kind: 'pipe', obj: p, path: '' })
    if (typeof f === 'number') throw new Error('kernel bug: cannot open a host pipe')
    return f.id
  }
  fdInstall(k, t, 0, pipeFile(stdin.id, O_RDONLY), false)
  for (const [fd, sink] of [[1, s.stdout], [2, s.stderr]] as const) {
    const p = createPipe(k, sink)
    p.readers = 1 // the host reads
    p.writers = 1
    fdInstall(k, t, fd, pipeFile(p.id, O_WRONLY), false)
  }
}
