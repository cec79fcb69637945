// The userland registry: every program the host installs, with its Debian
// path and the one-line description `help` prints. bash/sh come from src/shell.
import { cat } from './cat.ts'
import { clear } from './clear.ts'
import { cut } from './cut.ts'
import { df } from './df.ts'
import { dmesg } from './dmesg.ts'
import { echo } from './echo.ts'
import { env } from './env.ts'
import { fdflood } from './fdflood.ts'
import { free } from './free.ts'
import { grep } from './grep.ts'
import { head } from './head.ts'
import { helpProgram } from './help.ts'
import { hostname } from './hostname.ts'
import { id } from './id.ts'
import { kill } from './kill.ts'
import { ln } from './ln.ts'
import { ls } from './ls.ts'
import { mkdir } from './mkdir.ts'
import { nproc } from './nproc.ts'
import { ps } from './ps.ts'
import { readlink } from './readlink.ts'
import { which } from './which.ts'
import { rm } from './rm.ts'
import { rmdir } from './rmdir.ts'
import { sed } from './sed.ts'
import { seq } from './seq.ts'
import { sleep } from './sleep.ts'
import { sort } from './sort.ts'
import { stat } from './stat.ts'
import { tail } from './tail.ts'
import { tee } from './tee.ts'
import { touch } from './touch.ts'
import { tr } from './tr.ts'
import { falseProgram, trueProgram } from './true.ts'
import { uname } from './uname.ts'
import { uniq } from './uniq.ts'
import { wc } from './wc.ts'
import { whoami } from './whoami.ts'
import { tty } from './tty.ts'
import { yes } from './yes.ts'
import { lab } from './lab.ts'
import { virsh, vm } from './vm.ts'
import type { ProgramInfo } from './lib/types.ts'
import { lazyProgram } from './lib/lazy.ts'
import { withStdoutAtExit } from './lib/closeout.ts'
import { firecracker, qemu } from './vm/vmm.ts'
import { lsnsProgram } from './ns/lsns.ts'
import { mountProgram, umountProgram } from './ns/mount.ts'
import { nsenterProgram } from './ns/nsenter.ts'
import { unshareProgram } from './ns/unshare.ts'
import { chrootProgram } from './ns/chroot.ts'
import { pivotRootProgram } from './ns/pivot_root.ts'
import { domainnameProgram } from './ns/domainname.ts'
import { DOCKER_PROGRAMS } from './docker/index.ts'

export type { ProgramInfo }

/**
 * Programs a session rarely runs: their code is a chunk of its own in the web
 * build, fetched the first time one runs (lib/lazy.ts), so the first prompt does
 * not wait for it. They are installed and listed like the others. A last argument is
 * the tool's convention for a failed write to stdout when it is not coreutils' (lib/closeout.ts):
 * util-linux, procps-ng and iputils close_stdout without EPIPE; iproute2 never checks, nor does
 * netcat-openbsd (drainbuf: a failed write to stdout just stops polling it).
 */
const RARE: readonly ProgramInfo[] = [
  lazyProgram('strace', '/usr/bin/strace', 'trace system calls and signals', () => import('./strace/strace.ts').then((m) => m.straceMain)),
  lazyProgram('lscpu', '/usr/bin/lscpu', 'display information about the CPU architecture', () => import('./lscpu.ts').then((m) => m.lscpuMain), 'closestream'),
  lazyProgram('man', '/usr/bin/man', 'an interface to the system reference manuals', () => import('./man.ts').then((m) => m.manMain(() => PROGRAMS))),
  lazyProgram('findmnt', '/usr/bin/findmnt', 'find a filesystem: the mount tree, with sources, types and options', () => import('./ns/findmnt.ts').then((m) => m.findmntMain), 'closestream'),
  lazyProgram('ss', '/usr/bin/ss', 'another utility to investigate sockets', () => import('./ns/ss.ts').then((m) => m.ssProgramMain), 'unchecked'),
  lazyProgram('ip', '/usr/bin/ip', 'show / manipulate routing, network devices, interfaces and network namespaces', () => import('./ns/ip.ts').then((m) => m.ipProgramMain), 'unchecked'),
  lazyProgram('nc', '/usr/bin/nc', 'arbitrary TCP connections and listens (netcat)', () => import('./ns/nc.ts').then((m) => m.ncProgramMain), 'unchecked'),
  lazyProgram('ping', '/usr/bin/ping', 'send ICMP ECHO_REQUEST to network hosts', () => import('./ns/ping.ts').then((m) => m.pingProgramMain), 'closestream'),
  lazyProgram('setpriv', '/usr/bin/setpriv', 'run a program with different Linux privilege settings', () => import('./setpriv.ts').then((m) => m.setprivMain), 'closestream'),
  lazyProgram('ipcmk', '/usr/bin/ipcmk', 'make various IPC resources', () => import('./ns/ipc.ts').then((m) => m.ipcmkMain), 'closestream'),
  lazyProgram('ipcs', '/usr/bin/ipcs', 'show information on IPC facilities', () => import('./ns/ipc.ts').then((m) => m.ipcsMain), 'closestream'),
  lazyProgram('ipcrm', '/usr/bin/ipcrm', 'remove certain IPC resources', () => import('./ns/ipc.ts').then((m) => m.ipcrmMain), 'closestream'),
  // awk loads the regex engine on its first run anyway (lib/regex.ts): its interpreter comes with it.
  lazyProgram('awk', '/usr/bin/awk', 'pattern scanning and text processing language', () => import('./awk.ts').then((m) => m.awkMain)),
  lazyProgram('od', '/usr/bin/od', 'dump files in octal and other formats', () => import('./od.ts').then((m) => m.odMain)),
  lazyProgram('base64', '/usr/bin/base64', 'base64 encode/decode data and print to standard output', () => import('./base64.ts').then((m) => m.base64Main)),
  lazyProgram('cgls', '/usr/bin/cgls', 'show the cgroup tree and its processes (like systemd-cgls)', () => import('./cgls.ts').then((m) => m.cglsMain)),
  lazyProgram('top', '/usr/bin/top', 'display processes and resource use (batch mode: top -b -n 1)', () => import('./top.ts').then((m) => m.topMain), 'closestream'),
  lazyProgram('systemd-analyze', '/usr/bin/systemd-analyze', 'boot time breakdown (firmware, loader, kernel, initrd, userspace) and blame', () => import('./systemd-analyze.ts').then((m) => m.systemdAnalyzeMain), 'own'),
  // noisy neighbours
  lazyProgram('cpuburn', '/usr/local/bin/cpuburn', 'noisy neighbour: burn CPU and report the work done (cpu.max, cpu.weight)', () => import('./stress/cpuburn.ts').then((m) => m.cpuburnMain)),
  lazyProgram('forkbomb', '/usr/local/bin/forkbomb', 'noisy neighbour: fork until the kernel refuses (pids.max, threads-max)', () => import('./stress/forkbomb.ts').then((m) => m.forkbombMain)),
  lazyProgram('iohog', '/usr/local/bin/iohog', 'noisy neighbour: saturate the shared disk /dev/vda (io.max)', () => import('./stress/iohog.ts').then((m) => m.iohogMain)),
  lazyProgram('memhog', '/usr/local/bin/memhog', 'noisy neighbour: allocate and touch memory (memory.max, the OOM killer)', () => import('./stress/memhog.ts').then((m) => m.memhogMain)),
  // the article's numbers
  lazyProgram('density', '/usr/local/bin/density', 'how many VMs vs containers fit on a host, packed from measured parts, and what runs out first', () => import('./density/density.ts').then((m) => m.densityMain)),
  lazyProgram('cost', '/usr/local/bin/cost', 'money per month for N tenants: VMs vs containers, from the density packing', () => import('./density/cost.ts').then((m) => m.costMain)),
  lazyProgram('advise', '/usr/local/bin/advise', "VMs or containers? the article's decision matrix as questions, answered with this machine's figures", () => import('./advise/advise.ts').then((m) => m.adviseProgramMain)),
  // VM escapes and guests
  lazyProgram('memread', '/usr/local/bin/memread', "dump physical memory via /dev/mem (in a VM: guest-physical, through the EPT), or -p PID: a process's memory", () => import('./memread.ts').then((m) => m.memreadMain)),
  lazyProgram('memwrite', '/usr/local/bin/memwrite', 'write TEXT to physical memory via /dev/mem', () => import('./memread.ts').then((m) => m.memwriteMain)),
  lazyProgram('inb', '/usr/bin/inb', 'read a byte from an I/O port (ioperm; in a VM: a VM exit)', () => import('./ioport.ts').then((m) => m.inbMain)),
  lazyProgram('outb', '/usr/bin/outb', 'write a byte to an I/O port (ioperm; in a VM: a VM exit)', () => import('./ioport.ts').then((m) => m.outbMain)),
  lazyProgram('ver', '/usr/bin/ver', "Windows version (the NT kernel's RtlGetVersion; windows-like guests)", () => import('./windows.ts').then((m) => m.verMain)),
  lazyProgram('systeminfo', '/usr/bin/systeminfo', 'Windows system information (windows-like guests)', () => import('./windows.ts').then((m) => m.systeminfoMain)),
  // Userland for the kernel's security modules (kernel-sim/kernel/security): libcap's capsh and getpcaps,
  // AppArmor's aa-exec and aa-status, seccomp-run (what runc does with a seccomp profile), the CVE list and exploits.
  // libcap's progs/capsh.c and getpcaps.c and AppArmor's binutils/aa_exec.c and aa_status.c print with stdio and
  // never look at stdout's error: a failed write goes unnoticed.
  lazyProgram('aa-exec', '/usr/bin/aa-exec', 'run a command confined by an AppArmor profile', () => import('./security/aa-exec.ts').then((m) => m.aaExecMain), 'unchecked'),
  lazyProgram('aa-status', '/usr/sbin/aa-status', 'report the status of AppArmor: loaded profiles, confined processes', () => import('./security/aa-status.ts').then((m) => m.aaStatusMain), 'unchecked'),
  lazyProgram('capsh', '/sbin/capsh', 'capability shell wrapper: print, decode and drop capabilities', () => import('./security/capsh.ts').then((m) => m.capshMain), 'unchecked'),
  lazyProgram('getpcaps', '/usr/sbin/getpcaps', 'list the capabilities of processes', () => import('./security/getpcaps.ts').then((m) => m.getpcapsMain), 'unchecked'),
  lazyProgram('seccomp-run', '/usr/local/bin/seccomp-run', 'run a command under a Docker-format seccomp profile', () => import('./security/seccomp-run.ts').then((m) => m.seccompRunMain)),
  lazyProgram('vulns', '/usr/local/bin/vulns', 'security: the modelled CVEs, whether this machine has them, and the defences in force', () => import('./security/vulns.ts').then((m) => m.vulnsMain)),
  lazyProgram('exploit', '/usr/local/bin/exploit', "security: run a modelled CVE's exploit (exploit --list)", () => import('./exploit/index.ts').then((m) => m.exploitMain)),
]

export const PROGRAMS: readonly ProgramInfo[] = [
  cat, clear, cut, df, dmesg, echo, env, falseProgram, fdflood, free, grep, head, helpProgram(() => PROGRAMS), hostname, id, kill,
  ln, ls, mkdir, nproc, ps, readlink, rm, rmdir, sed, seq, sleep, sort, stat, tail, tee, touch, tr,
  trueProgram, tty, uname, uniq, wc, which, whoami, yes,
  vm, virsh, qemu, firecracker,
  lab, // the lab engine's learner program (src/labs)
  lsnsProgram, mountProgram, nsenterProgram, umountProgram, unshareProgram, chrootProgram, pivotRootProgram, domainnameProgram,
  ...RARE,
  // Go programs (docker, dockerd, containerd-shim, docker-proxy, runc) print with fmt and never look at its error.
  // SIMPLIFICATION: the images' apps (nginx, python3, node, redis, postgres) are counted with them.
  ...DOCKER_PROGRAMS.map((p): ProgramInfo => ({ stdoutAtExit: 'unchecked', ...p })),
]
  .map(withStdoutAtExit) // each program's convention for a failed write to stdout (lib/closeout.ts)
  .sort((a, b) => (a.name < b.name ? -1 : 1))
