// One record shape for every task (and for the kernel state of a tick). Tasks were made by spreading another task ({ ...parent, kpid, ... }
// in fork and spawn, { ...cur } in every copy-on-write), and V8 gives a spread's result a hidden
// class of its own with four fields in the object and the rest in a second array: a host of ten
// thousand processes held tasks of sixteen shapes, every read of t.cred or t.ns went through the
// extra array, and code made for one kernel's tasks was thrown away for the next one's (lsns:
// "wrong map" in nsDir, nsLink, ownedBy). Made here, field by field in one order, optional fields
// included (undefined), a task is one shape with every field in the object.
import type { KernelState, Task } from '../state.ts'

/** Every field of T, the optional ones too: the compiler names a field this copy forgets. */
type AllFields<T> = { [K in keyof Required<T>]: T[K] }

/** A copy of `t` (fork, spawn, copy-on-write) in the one task shape. */
export function taskRecord(t: Task): Task {
  const r: AllFields<Task> = {
    kpid: t.kpid, tgid: t.tgid, ppid: t.ppid, pgid: t.pgid, leftOwnPgrp: t.leftOwnPgrp, sid: t.sid,
    comm: t.comm, cmdline: t.cmdline, environ: t.environ, exe: t.exe, exeIno: t.exeIno, exeIn: t.exeIn,
    state: t.state, wchan: t.wchan, exitStatus: t.exitStatus, waitReport: t.waitReport, cred: t.cred,
    fdTable: t.fdTable, cwd: t.cwd, cwdIn: t.cwdIn, root: t.root, umask: t.umask, rlimits: t.rlimits,
    sigDisp: t.sigDisp, sigCaught: t.sigCaught, ctty: t.ctty, children: t.children, reportable: t.reportable,
    startNs: t.startNs, utimeNs: t.utimeNs, stimeNs: t.stimeNs, cutimeNs: t.cutimeNs, cstimeNs: t.cstimeNs,
    mmaps: t.mmaps, rssBytes: t.rssBytes, nextMmap: t.nextMmap, wakeNs: t.wakeNs, minFlt: t.minFlt, ns: t.ns,
    cgroup: t.cgroup, cgv1: t.cgv1, nsPids: t.nsPids, seccomp: t.seccomp, lsm: t.lsm, io: t.io,
    ptrace: t.ptrace, traceq: t.traceq, traceSigs: t.traceSigs,
  }
  return r
}

/**
 * The working state of a new tick: the committed state's fields, field by field, for the same reason
 * (a spread of it kept four fields in the object: k.s.tasks, k.s.files and k.s.nowNs, read by every
 * system call, went through the second array).
 */
export function stateRecord(s: KernelState, tick: number): KernelState {
  const r: AllFields<KernelState> = {
    tick, nowNs: s.nowNs, rng: s.rng, machine: s.machine, tasks: s.tasks, fdTables: s.fdTables, files: s.files,
    inodes: s.inodes, pipes: s.pipes, sockets: s.sockets, ttys: s.ttys, ports: s.ports, namespaces: s.namespaces,
    pagecache: s.pagecache, counters: s.counters, coarse: s.coarse, cgroups: s.cgroups,
  }
  return r
}
