// The contract between a simulated machine and whatever drives it (the CLI in
// Node, the Web Worker in the browser, tests). Plain data in, plain data out.
import type { ComponentVersions } from '../../kernel-sim/index.ts'

export interface MachineOptions {
  /** Seeds every random choice; same seed + same input = same transcript. */
  seed?: number
  /** Simulated RAM in bytes (default 8 GiB); fs.file-max is derived from it. */
  memoryBytes?: number
  /** Simulated CPUs (default 2). */
  cpus?: number
  hostname?: string
  /** Component versions (kernel, runc, QEMU, CPU, mitigations=); absent ones are the current, patched defaults. */
  versions?: Partial<ComponentVersions>
  /**
   * Extra files for the root filesystem, installed at boot (mode 0644): the web
   * worker ships the scenarios at /usr/share/isolab/scenarios this way.
   */
  files?: readonly { path: string; data: string }[]
}

/** One interactive terminal: a tty in the kernel with `bash -i` on it. */
export interface TerminalHandle {
  readonly id: number
  /** Keyboard input after line editing: a whole line ending in "\n". */
  inputLine(line: string): void
  /**
   * Keystrokes as typed, for a terminal in raw mode (`raw`: a program such as
   * `docker run -it` turned canonical mode off, as cfmakeraw(3) does): no host-side editing or echo.
   */
  input?(data: string): void
  /** The terminal is in raw mode: pass keystrokes to input() instead of the line editor. */
  readonly raw?: boolean
  /** Ctrl-C: SIGINT to the foreground process group, pending input discarded. */
  interrupt(): void
  /** Ctrl-D on an empty line: end of file for the reader. */
  eof(): void
  /** Ctrl-Z: SIGTSTP to the foreground process group. */
  suspend(): void
  resize(cols: number, rows: number): void
  /** True when a process is blocked reading this terminal (show the line editor). */
  readonly wantsInput: boolean
  /** Output after the last newline while a reader waits: the prompt to edit after. */
  readonly pendingPrompt: string
  /** The terminal's session leader exited (e.g. `exit` typed). */
  readonly closed: boolean
  /** Its exit status as $? shows it, once closed (absent for a guest console). */
  readonly exitStatus?: number
}

export interface ScriptResult {
  status: number
  stdout: string
  stderr: string
}

/**
 * What the live view draws, derived from kernel state (never stored). Plain
 * data, so the worker can diff it with immer and send patches, not states.
 */
export interface MachineView {
  /** Virtual time since boot, ns. */
  nowNs: number
  hostname: string
  kernelRelease: string
  cpus: number
  memory: { totalBytes: number; usedBytes: number }
  /** fs.file-nr / fs.file-max: the system-wide open-file table. */
  files: {
    nr: number
    /** The most open at any moment since the previous view (a short flood's peak). */
    peak: number
    max: number
    nrOpen: number
  }
  tasks: {
    /** Total tasks, all states. */
    count: number
    pidMax: number
  }
  processes: ViewProcess[]
  /** The cgroup tree (grows with the cgroups issue); empty before it exists. */
  cgroups: ViewCgroup[]
  /** Recent kernel log lines (dmesg), newest last. */
  dmesgTail: string[]
  /** Places where one tenant's action hurt another (e.g. ENFILE while another floods), as recorded when it happened. */
  alerts: ViewAlert[]
  /** The last isolation events (seccomp and LSM denials, EPT violations, OOM kills, ENFILE/EMFILE, exploit steps and successes), the VMs' guests' too, repeats counted. */
  events?: ViewEvent[]
  /** Virtual machines on the hypervisor, each with its own guest kernel (absent or empty without VMs). */
  vms?: ViewVm[]
  /** Exploits that succeeded, with what each reached (the Layers diagram's blast radius); absent before the first. */
  breaches?: ViewBreach[]
}

/**
 * A modelled bug that worked, and the boxes of the Layers diagram it reached, judged from the state
 * when the kernel (or the hypervisor) saw it work. In a VM's guest (`vm`), `host` and `kernel` are that
 * guest's userland and kernel, and `containers` the guest's.
 */
export interface ViewBreach {
  atNs: number
  /** The process that gained (the chain's task, the release agent, the process running a rewritten binary, the VMM). */
  pid: number
  comm: string
  /** The VM whose guest kernel reported it; absent for the host's. */
  vm?: string
  /** Where the attacker ran: 'host', 'container NAME', or 'vm NAME' (from inside that VM's guest, seen by the host). */
  from: string
  /** What the kernel saw work ("kmalloc-4k heap overflow ran commit_creds(...)"). */
  what: string
  /** What the gain amounts to, in words ("root in the initial namespaces, unconfined: ..."). */
  how: string
  reached: {
    /** The (guest's) userland: its processes or its files. */
    host: boolean
    /** The (guest's) kernel. */
    kernel: boolean
    containers: string[]
    /** Whole VMs (their guest RAM), by name. */
    vms: string[]
    /** VMM processes on the host, by their VM's name. */
    vmms: string[]
  }
}

export interface ViewEvent {
  kind: string
  atNs: number
  pid: number
  comm: string
  /** The syscall, or the kernel's log line. */
  detail: string
  /** Consecutive repeats (same kind, process and detail). */
  count: number
  /** The VM whose guest kernel it happened in; absent for the host's. */
  vm?: string
}

/** One VM as the live view draws it: a VMM process on the host, a guest kernel inside. */
export interface ViewVm {
  name: string
  /** Lifecycle as virsh words it: 'booting', 'running', 'paused', 'shut off', 'crashed'. */
  state: string
  vcpus: number
  memoryBytes: number
  /** The host process that runs the VMM (its vCPU threads), while the VM runs. */
  vmmPid?: number
  /** The guest kernel, once it has booted. */
  guest?: { kernelRelease: string; tasks: number; containers: string[] }
}

export interface ViewProcess {
  pid: number
  ppid: number
  comm: string
  state: string // R S D T Z as in /proc/[pid]/stat
  uid: number
  fds: number
  rlimitNofile: number
  /** Namespace inodes the live view groups by (pid, mnt, net, uts), e.g. { pid: 4026531836, ... }. */
  ns: Record<string, number>
  cgroup: string
  /** Label for grouping: 'host' or a container/VM name. */
  place: string
  /** The threat model's questions, answered as /proc/PID/status and /proc/PID/attr/current answer them: */
  /** CapEff, 16 hex digits. */
  capEff: string
  /** Seccomp: 0 none, 1 strict, 2 filter. */
  seccomp: number
  /** The LSM label: "unconfined" or "docker-default (enforce)". */
  lsm: string
}

export interface ViewCgroup {
  path: string
  procs: number
  pidsCurrent: number
  pidsMax: number | 'max'
  memoryCurrent: number
  memoryMax: number | 'max'
  cpuUsageUsec: number
}

export interface ViewAlert {
  /** When it last happened. */
  atNs: number
  resource: string // e.g. 'fs.file-max'
  /** Names, places and fd counts as they were at that moment (the processes may have exited since). */
  victim: { pid: number; comm: string; place: string; errno: string; fds: number; nofile: number }
  culprit?: { pid: number; comm: string; place: string; fds: number }
  /** How many times the same victim failed against the same culprit. */
  count: number
  message: string
}
