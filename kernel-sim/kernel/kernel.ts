// The kernel: one value per simulated machine (the host, or a VM's guest). It
// owns the state (kernel/state.ts) and the copy-on-write discipline that
// changes it, the scheduler's queues (task/scheduler.ts), the host interface
// and the driver registries. Nothing here is a module-level singleton, so
// any number of kernels run side by side: a VM's guest is another Kernel value
// (docs/architecture.md, "Layers").
//
// Mutation discipline ("State is data"): between ticks `committed` is an
// immutable snapshot. During a tick, `s` is the tick's own shallow copy; records
// are copied on first write (mut*), nested objects through own(); PMaps edit in
// place only nodes created under this tick's token; `coarse` goes through one
// immer draft per tick.
import type { Kpid } from '../abi/pid.ts'
import { Immer, type Draft } from 'immer'
import type { ProgramRegistry } from '../abi/index.ts'
import { PMap } from '../base/pmap.ts'
import { CowMap } from '../base/cow-map.ts'
import { CompactFiles, objOf, partOf } from './fd/compact.ts'
import { openFile } from './fd/open-file.ts'
import type { GenFs } from './fs/genfs.ts'
import type { NsRecord } from './ns/types.ts'
import type {
  Coarse, Counters, FdTable, FileKind, Inode, KernelState, OpenFile, Pipe, Socket, Task, Tty,
} from './state.ts'
import type { IoctlResult } from './syscalls/spec.ts'
import { Scheduler } from './task/scheduler.ts'
import { stateRecord, taskRecord } from './task/record.ts'

/** What the host needs about an exploit's success besides the task that gained, when that task's state does not say it all. */
export interface ExploitDetail {
  /** The attacker's task, when another task gained (the release agent's setter, the binary's writer). */
  by?: Kpid
  /** A file changed through the page cache (Dirty Pipe): every place that reads it sees the change. */
  file?: { ino: number; path: string }
  /** The task's working directory is on the host's filesystem, outside its root (CVE-2024-21626): that path. */
  hostCwd?: string
  /** The attacker is in this VM's guest (reported by the hypervisor: VENOM, side channels). */
  fromVm?: string
  /** Only this VM's memory was read (a side channel), not anything a task can do. */
  vmMemory?: string
}

/** Side effects for whoever hosts this kernel (CLI, worker, hypervisor). */
export interface KernelHost {
  /** Bytes written to a host channel (a terminal or the CLI's stdout/stderr). */
  output(channel: number, data: string): void
  /** A simulation limit was hit or the kernel panicked: a message for the user. */
  notice?(message: string): void
  /** A task exited (before anyone reaps it): lets the host collect a script's status. */
  exited?(kpid: Kpid, status: number): void
  /** A task got ENFILE: the host may record who held the table at that moment (the live view's alerts). */
  enfile?(kpid: Kpid): void
  /** A file was opened and `nr` are open now: the host keeps the peak between its samples (a flood's plot). */
  fileOpened?(nr: number): void
  /** A syscall failed with `errno` (`filtered`: a seccomp filter answered it), as a tracer would see it: the lab engine's EMFILE, ENFILE and seccomp events. */
  syscallFailed?(kpid: Kpid, nr: string, errno: number, filtered: boolean): void
  /** A kernel log line (printk) without its timestamp: the lab engine's OOM-kill, LSM-denial and EPT-violation events. */
  logged?(msg: string): void
  /**
   * A modelled bug was just exploited: task `kpid` now runs with what it gave (a heap overflow ran the
   * attacker's chain; the release agent or a rewritten binary runs as root): what it did, and what the
   * task's state does not say (security/exploit-report.ts). Real kernels log nothing here; the live
   * view records it (its exploit event and blast radius).
   */
  exploited?(kpid: Kpid, what: string, detail?: ExploitDetail): void
  /** A step of an exploit the kernel can tell apart, before it succeeds (release_agent set from a user namespace). */
  exploitStep?(kpid: Kpid, what: string): void
  /**
   * A permitted IN/OUT instruction (kernel/ioport.ts). Absent on bare metal; in a guest the hypervisor
   * handles it (a KVM_EXIT_IO to the VMM): the byte read, 0 for a write, or 'wait' while the VMM emulates it.
   */
  portIo?(kpid: Kpid, port: number, write: boolean, value: number): number | 'wait'
  /** A speculative side-channel probe from a guest (kernel/spec-probe.ts): the hypervisor models the shared core. */
  speculate?(kpid: Kpid, technique: 'bti' | 'l1tf', hpa: number): number
}

/** A mapping with real contents in a process's address space (as /proc/PID/maps lists it). */
export interface MappedRegion {
  start: number
  end: number
  perms: string
  name: string
  /** Bytes at [addr, addr + len) inside the region (latin-1 string), if the region has modelled contents. */
  read?(addr: number, len: number): string
}

/** A character-device driver loaded into a kernel (the hypervisor's /dev/kvm, a guest's /dev/mem). */
export interface CharDevice {
  /** open(2) permission check beyond the file mode (e.g. CAP_SYS_RAWIO for /dev/mem); 0 or -errno. */
  open?(k: Kernel, kpid: Kpid): number
  /** ioctl(2): a value, -errno, or BLOCK. */
  ioctl(k: Kernel, kpid: Kpid, req: number, arg: unknown): IoctlResult
}

/**
 * The steps of do_exit() and release_task() that belong to other subsystems, in
 * the order task/exit.ts runs them. The composition root (kernel-sim/index.ts)
 * fills them in, so exit.ts imports none of those subsystems: each of them can
 * kill a task, and killing ends in exit.ts (an import would close a cycle).
 */
export interface ExitOps {
  /** exit_files() and cgroup_exit(), while the task still runs. */
  exiting(k: Kernel, t: Task): void
  /** exit_task_namespaces(), once a zombie: a pid namespace's init takes its namespace's tasks with it. */
  namespaces(k: Kernel, t: Task): void
  /** disassociate_ctty(), after the children are reparented: a session leader's exit hangs up its terminal. */
  hangup(k: Kernel, t: Task): void
  /** release_task(), when the zombie is reaped: the pid namespaces and the cgroup let go of it. */
  release(k: Kernel, t: Task): void
}

/** Maps at least this big are copied as a CowMap (a native copy costs about 0.13 us an entry). */
const COW_MAP_MIN = 256

const NO_EXIT_OPS: ExitOps = { exiting() {}, namespaces() {}, hangup() {}, release() {} }

type Tables = 'tasks' | 'fdTables' | 'files' | 'inodes' | 'pipes' | 'sockets' | 'ttys' | 'pagecache'
type Row<T extends Tables> = KernelState[T] extends PMap<infer V> ? V : never

export class Kernel {
  /** The working state (equal to the last snapshot between ticks). */
  s: KernelState
  private committed: KernelState
  private inTick = false
  /** PMap edit token: nodes made under it may be changed in place (see base/pmap.ts). */
  private editToken = 0
  private tokens = 0
  private owned = new Set<object>()
  /** This tick's copy of s.counters (one of the owned objects). */
  private ownedCounters: Counters | undefined
  private draft: Draft<Coarse> | undefined
  /** Immer drafts of namespace records changed in this tick, by key (see mutNsRecord). */
  private nsDrafts = new Map<number, Draft<NsRecord>>()
  private readonly immer = new Immer({ autoFreeze: false })

  /** Run queue, wait queues, timers and each task's continuation. */
  readonly sched = new Scheduler(this)
  /** Set when the kernel panicked: nothing runs any more. */
  panicked = ''
  /** Last time each ratelimited message was logged (printk_ratelimited). */
  readonly rateLimits = new Map<string, number>()
  /** System calls executed since boot (the step budget counts these). */
  syscalls = 0
  /**
   * Programs that ended by returning or throwing (task/sched.ts): not a system call the task made, but
   * its exit is a call's worth of work for the tick (the exit_group(2) libc makes after main returns).
   */
  programEnds = 0
  private syscallsAtCommit = 0
  /**
   * System calls and program ends since the last commit: the scheduler ends a tick after about a
   * thousand. Without the ends, 10,000 sleepers that wake and return would all be one tick, whose
   * set of owned copies grows to every task (each copy-on-write then costs twice as much).
   */
  get callsSinceCommit(): number {
    return this.syscalls + this.programEnds - this.syscallsAtCommit
  }
  /**
   * Bumped whenever a network namespace's record changes in more than its reference count
   * and port table (devices, addresses, routes) or comes or goes: the route memos of connect(2)
   * (net/connect.ts, ns/route.ts) stay valid while it is unchanged, however often forks and
   * exits touch the namespace table or sockets bind and release ports in a container.
   */
  netGen = 0
  /** What record-less socket files held as one number share (fd/compact.ts): append-only, like the ids it serves. */
  readonly compactFiles = new CompactFiles()

  /** Generated filesystems by fstype (procfs, sysfs), registered by the composition root. */
  readonly genfs: Record<string, GenFs> = {}
  /** Character-device drivers registered at run time (misc_register), by device number: e.g. /dev/kvm. */
  readonly chrdevs = new Map<number, CharDevice>()
  /** Each file kind's release (f_op->release), run by the last fput(); registered by the composition root. */
  readonly fileRelease: Partial<Record<FileKind, (k: Kernel, f: OpenFile) => void>> = {}
  /** Other subsystems' parts of a task's exit, registered by the composition root (see ExitOps). */
  exitOps: ExitOps = NO_EXIT_OPS
  /** Drivers told of every task exit (KVM: a VMM process or one of its vCPUs died, so its VM is gone). */
  readonly exitNotifiers: ((kpid: Kpid) => void)[] = []
  /** Memory a driver maps into processes (KVM: a VMM's guest RAM), for /proc/PID/maps and /proc/PID/mem. */
  processMemory: ((kpid: Kpid) => MappedRegion[] | undefined) | undefined

  constructor(
    initial: KernelState,
    readonly programs: ProgramRegistry,
    readonly host: KernelHost,
  ) {
    this.s = initial
    this.committed = initial
  }

  // ---- ticks and snapshots ------------------------------------------------

  /** Starts a tick if none is open; every mutator calls this first. */
  private begin(): void {
    if (this.inTick) return
    this.inTick = true
    this.editToken = ++this.tokens
    this.s = stateRecord(this.committed, this.committed.tick + 1)
  }

  /** Ends the tick: the working state becomes an immutable snapshot. */
  commit(): KernelState {
    this.syscallsAtCommit = this.syscalls + this.programEnds
    if (!this.inTick) return this.committed
    this.settleCoarse()
    this.owned.clear()
    this.ownedCounters = undefined
    this.inTick = false
    this.committed = this.s
    return this.committed
  }

  /** The state as of now, as an immutable snapshot. */
  snapshot(): KernelState {
    return this.commit()
  }

  // ---- copy-on-write access ----------------------------------------------

  /**
   * Finishes the open immer draft of `coarse`, if any. The scheduler calls it
   * after every syscall that changed coarse state, so that later reads (every
   * path lookup reads the mount table) see plain objects, not proxies.
   */
  settleCoarse(): void {
    if (this.nsDrafts.size > 0) {
      let map = this.s.namespaces
      for (const [key, d] of this.nsDrafts) {
        const rec = this.immer.finishDraft(d) as NsRecord
        if (rec.type === 'net' && changedBeyondRefs(map.get(key), rec)) this.netGen++
        map = map.set(key, rec, this.editToken)
      }
      this.nsDrafts.clear()
      this.s.namespaces = map
    }
    if (!this.draft) return
    const draft = this.draft
    this.draft = undefined
    this.s.coarse = this.immer.finishDraft(draft) as Coarse
  }

  get draftOpen(): boolean {
    return this.draft !== undefined || this.nsDrafts.size > 0
  }

  /**
   * Namespace records live in a PMap, each changed through its own immer draft:
   * the cost of a change is the record's size, not the number of namespaces
   * (a single immer-managed table of 8,000 records made every fork O(n)).
   */
  nsRecord(key: number): NsRecord | undefined {
    return (this.nsDrafts.get(key) as NsRecord | undefined) ?? this.s.namespaces.get(key)
  }

  mutNsRecord(key: number): Draft<NsRecord> {
    this.begin()
    let d = this.nsDrafts.get(key)
    if (!d) {
      const cur = this.s.namespaces.get(key)
      if (!cur) throw new Error(`kernel bug: no namespace record ${key}`)
      d = this.immer.createDraft(cur)
      this.nsDrafts.set(key, d)
    }
    return d
  }

  /**
   * Adds `n` to a namespace record's reference count. Without an open draft of the record this is a
   * plain copy of it (once per tick, as mut() copies a row), not an immer draft: every fork and exit
   * of a process in a container changes the counts of its namespaces and nothing else, and a draft
   * made and finished for each was most of what clone(2) allocated.
   */
  nsRefs(key: number, n: number): void {
    this.begin()
    const d = this.nsDrafts.get(key)
    if (d) {
      d.refs += n
      return
    }
    const cur = this.s.namespaces.get(key)
    if (!cur) throw new Error(`kernel bug: no namespace record ${key}`)
    if (this.owned.has(cur)) {
      cur.refs += n
      return
    }
    const copy = { ...cur, refs: cur.refs + n }
    this.owned.add(copy)
    this.s.namespaces = this.s.namespaces.set(key, copy, this.editToken)
  }

  putNsRecord(key: number, rec: NsRecord): void {
    this.begin()
    if (rec.type === 'net') this.netGen++
    this.nsDrafts.delete(key)
    this.s.namespaces = this.s.namespaces.set(key, rec, this.editToken)
  }

  removeNsRecord(key: number): void {
    this.begin()
    if (this.nsRecord(key)?.type === 'net') this.netGen++
    this.nsDrafts.delete(key)
    this.s.namespaces = this.s.namespaces.delete(key, this.editToken)
  }

  /** Coarse state for reading (sees this tick's draft). */
  get coarse(): Coarse {
    return (this.draft as Coarse | undefined) ?? this.s.coarse
  }

  /** Coarse state for writing: this tick's immer draft. */
  mutCoarse(): Draft<Coarse> {
    this.begin()
    if (!this.draft) this.draft = this.immer.createDraft(this.s.coarse)
    return this.draft
  }

  /** A nested object owned by this tick (copied once per tick). */
  own<T extends object>(obj: T): T {
    if (this.owned.has(obj)) return obj
    const copy = (Array.isArray(obj) ? obj.slice() : obj instanceof CowMap ? obj.fork() : obj instanceof Map ? new Map(obj) : { ...obj }) as T
    this.owned.add(copy)
    return copy
  }

  /** An object made in this tick becomes owned by it: own() then returns it as it is, to edit in place. */
  adopt<T extends object>(obj: T): T {
    this.begin()
    this.owned.add(obj)
    return obj
  }

  /**
   * own() for a Map that grows by one entry at a time and is read by key (a directory's names, a
   * cgroup's children): a big one's copy shares its entries (base/cow-map.ts), so a directory of a
   * thousand names (/var/lib/docker/overlay2 with a thousand containers) is not copied whole for
   * each tick that adds one.
   */
  ownMap<K, V>(m: Map<K, V>): Map<K, V> {
    if (this.owned.has(m)) return m
    const copy = m instanceof CowMap ? m.fork() : m.size >= COW_MAP_MIN ? CowMap.over(m) : new Map(m)
    this.owned.add(copy)
    return copy
  }

  ctr(): Counters {
    this.begin()
    const c = this.s.counters
    // Several calls per syscall (file, socket and port counters): this tick's copy is remembered, not looked up.
    if (c === this.ownedCounters) return c
    return (this.s.counters = this.ownedCounters = this.own(c))
  }

  private mut<T extends Tables>(table: T, id: number): Row<T> {
    this.begin()
    const map = this.s[table] as unknown as PMap<Row<T>>
    const cur = map.get(id)
    if (cur === undefined) throw new Error(`kernel bug: no ${table} entry ${id}`)
    if (this.owned.has(cur as object)) return cur
    const copy = { ...(cur as object) } as Row<T>
    this.owned.add(copy as object)
    ;(this.s as unknown as Record<T, PMap<Row<T>>>)[table] = map.set(id, copy, this.editToken)
    return copy
  }

  /** Inserts a new row (owned by this tick). */
  put<T extends Tables>(table: T, id: number, row: Row<T>): Row<T> {
    this.begin()
    this.owned.add(row as object)
    const map = this.s[table] as unknown as PMap<Row<T>>
    ;(this.s as unknown as Record<T, PMap<Row<T>>>)[table] = map.set(id, row, this.editToken)
    return row
  }

  remove(table: Tables, id: number): void {
    this.begin()
    const map = this.s[table] as unknown as PMap<unknown>
    ;(this.s as unknown as Record<Tables, PMap<unknown>>)[table] = map.delete(id, this.editToken)
  }

  setPorts(ports: PMap<number>): void {
    this.begin()
    this.s.ports = ports
  }

  task(kpid: Kpid): Task | undefined { return this.s.tasks.get(kpid) }
  /**
   * The task `kpid` names, where the caller knows it exists (the current task,
   * a parent, a child still listed): a missing one is a kernel bug, raised as
   * an oops (the scheduler kills the calling task and logs "BUG: ..."), not a
   * TypeError somewhere later.
   */
  taskOrOops(kpid: Kpid): Task {
    const t = this.s.tasks.get(kpid)
    if (t === undefined) throw new Error(`kernel bug: no task ${kpid}`)
    return t
  }
  mutTask(kpid: Kpid): Task {
    this.begin()
    const cur = this.s.tasks.get(kpid)
    if (cur === undefined) throw new Error(`kernel bug: no tasks entry ${kpid}`)
    if (this.owned.has(cur)) return cur
    // Its own copy, not mut()'s spread: a copy site shared by every table sees too many shapes, and V8 then
    // clones through its generic slow path (every sleep and wake-up copies a task); task/record.ts.
    const copy = taskRecord(cur)
    this.owned.add(copy)
    this.s.tasks = this.s.tasks.set(kpid, copy, this.editToken)
    return copy
  }
  file(id: number): OpenFile | undefined {
    const f = this.s.files.get(id)
    if (typeof f !== 'number') return f
    // A file held as one number (fd/compact.ts), expanded here rather than in a function of its own:
    // these loads then have file()'s feedback, which every open file warms, and the first read after
    // a flood of a million such sockets costs what reading an object does (a call ran cold each time).
    const p = this.compactFiles.parts[partOf(f)]!
    return openFile(id, 1, p.flags, 0, 'socket', objOf(f), p.path, p.memcg)
  }
  mutFile(id: number): OpenFile {
    const f = this.s.files.get(id)
    // A file held as one number (fd/compact.ts) becomes an object on its first write.
    if (typeof f === 'number') return this.put('files', id, this.file(id)!) as OpenFile
    return this.mut('files', id) as OpenFile
  }
  /** Puts (or replaces) an open file held as one number (fd/compact.ts): no object, nothing to own. */
  putFileWord(id: number, word: number): void {
    this.begin()
    this.s.files = this.s.files.set(id, word, this.editToken)
  }
  /** Every open file, in id order, as OpenFile objects (those held as numbers expanded). */
  *openFiles(): IterableIterator<OpenFile> {
    for (const [id, f] of this.s.files.entries()) yield typeof f === 'number' ? this.file(id)! : f
  }
  fdTable(id: number): FdTable | undefined { return this.s.fdTables.get(id) }
  mutFdTable(id: number): FdTable { return this.mut('fdTables', id) }
  inode(ino: number): Inode | undefined { return this.s.inodes.get(ino) }
  mutInode(ino: number): Inode { return this.mut('inodes', ino) }
  pipe(id: number): Pipe | undefined { return this.s.pipes.get(id) }
  mutPipe(id: number): Pipe { return this.mut('pipes', id) }
  socket(id: number): Socket | undefined { return this.s.sockets.get(id) }
  mutSocket(id: number): Socket { return this.mut('sockets', id) }
  tty(id: number): Tty | undefined { return this.s.ttys.get(id) }
  mutTty(id: number): Tty { return this.mut('ttys', id) }

  /** The edit token for PMap updates of nested maps (e.g. an fd table's fds). */
  get edit(): number {
    this.begin()
    return this.editToken
  }

  /**
   * Seals every PMap node made so far: after a PMap is shared by two owners
   * (fork copying an fd table), neither may change shared nodes in place.
   */
  seal(): void {
    this.begin()
    this.editToken = ++this.tokens
  }


  /** The kernel stopped for good (init died, or an internal error). */
  panic(message: string): void {
    if (this.panicked) return
    this.panicked = message
    this.host.notice?.(message)
  }

  advanceClock(ns: number): void {
    this.begin()
    this.s.nowNs += ns
  }
}

/** Did a namespace record change in anything but its reference count and ports, which no route depends on? (immer keeps the untouched fields identical.) */
function changedBeyondRefs(old: NsRecord | undefined, rec: NsRecord): boolean {
  if (!old) return true
  const a = old as unknown as Record<string, unknown>
  const b = rec as unknown as Record<string, unknown>
  for (const key in b) if (key !== 'refs' && key !== 'ports' && b[key] !== a[key]) return true
  for (const key in a) if (!(key in b)) return true
  return false
}
