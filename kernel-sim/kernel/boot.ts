// Booting: the initial state of a kernel on a machine. Creates the root
// tmpfs with /dev, mounts proc and sysfs, sizes the tunables from the
// hardware, logs the boot in dmesg. The userland (files under /bin, /etc)
// is installed afterwards by whoever owns the machine (src/host/rootfs.ts).
import { FILES_PER_KIB, NOFILE_HARD_DEFAULT, NOFILE_SOFT_DEFAULT, NR_OPEN_DEFAULT, PID_MAX_DEFAULT, RLIM_INFINITY, type Rlimit } from '../abi/index.ts'
import { PMap } from '../base/pmap.ts'
import { seedRng } from '../base/rng.ts'
import { DEV_CONSOLE, DEV_FULL, DEV_NULL, DEV_RANDOM, DEV_TTY, DEV_URANDOM, DEV_ZERO, makedev } from './fs/devices.ts'
import type { Kernel } from './kernel.ts'
import { dirAdd, newInode } from './fs/tmpfs.ts'
import type { Coarse, KernelState, MachineSpec } from './state.ts'
import { printk } from './log.ts'
import { VDA, emptyCgroupTable } from './cgroup/index.ts'
import { VDA1 } from './ns/mnt-blkdev.ts'
import { kernelCmdline, procVersion } from './version.ts'
import { DEV_MEM, securityDevices } from './security/devices.ts'
import { devptsInit } from './fs/devpts.ts'


/** The initial namespaces' inode numbers (nsfs.h), kept in abi/ so any module may use them at load time. */
export { INIT_NS } from '../abi/nsfs.ts'

/** fs.file-max as files_maxfiles_init() sizes it: about one file per 10 KiB of RAM, at least NR_FILE. */
export function defaultFileMax(memoryBytes: number): number {
  return Math.max(8192, Math.floor(memoryBytes / 1024 / FILES_PER_KIB))
}

/** threads-max as set_max_threads() sizes it: RAM / (8 * THREAD_SIZE). */
export function defaultThreadsMax(memoryBytes: number): number {
  return Math.max(20, Math.floor(memoryBytes / (8 * 16384)))
}

export function initialState(machine: MachineSpec, seed: number, hostname: string): KernelState {
  const coarse: Coarse = {
    sysctl: {
      fileMax: defaultFileMax(machine.memoryBytes),
      nrOpen: NR_OPEN_DEFAULT,
      pidMax: PID_MAX_DEFAULT,
      threadsMax: defaultThreadsMax(machine.memoryBytes),
    },
    uts: { hostname, domainname: '(none)' },
    mounts: [],
    nextMountId: 20,
    dmesg: [],
    bootEpochNs: 1795683600 * 1e9, // CLOCK_REALTIME at boot, fixed for reproducible transcripts: 2026-11-26 09:00:00 UTC
    loadavg: [0, 0, 0],
    lastLoadNs: 0,
    lastNsIno: 4026532176, nsCounts: {}, nsMax: {},
  }
  return {
    tick: 0, nowNs: 0, rng: seedRng(seed), machine,
    tasks: PMap.empty(), fdTables: PMap.empty(), files: PMap.empty(), inodes: PMap.empty(),
    pipes: PMap.empty(), sockets: PMap.empty(), ttys: PMap.empty(), ports: PMap.empty(), namespaces: PMap.empty(), pagecache: PMap.empty(),
    counters: {
      nextFile: 1, nextIno: 2, nextPipe: 1, nextSocket: 1, nextFdTable: 1, nextTty: 0, lastPid: 0,
      procsByUid: {}, anonBytes: 0, shmemBytes: 0, ephemeral: {}, forks: 0, ctxSwitches: 0,
    },
    coarse,
    cgroups: emptyCgroupTable(),
  }
}

/** The default resource limits of init (as systemd sets them on Debian). */
export function defaultRlimits(threadsMax: number): Rlimit[] {
  const inf = RLIM_INFINITY
  const nproc = Math.floor(threadsMax / 2)
  return [
    [inf, inf], [inf, inf], [inf, inf], [8388608, inf], [0, inf], [inf, inf], [nproc, nproc],
    [NOFILE_SOFT_DEFAULT, NOFILE_HARD_DEFAULT], [8388608, 8388608], [inf, inf], [inf, inf],
    [nproc, nproc], [819200, 819200], [0, 0], [0, 0], [inf, inf],
  ]
}

/** Root filesystem skeleton and the kernel's own mounts. */
export function bootFilesystems(k: Kernel): void {
  const root = newInode(k, 'd', 0o755, 0, 0)
  root.disk = true // the root filesystem stands for the disk: its files are cached, not Shmem (fs/pagecache.ts)
  const mkdir = (parent: number, name: string, mode = 0o755) => {
    const d = newInode(k, 'd', mode, 0, 0)
    dirAdd(k, parent, name, d.ino)
    return d.ino
  }
  const dev = mkdir(root.ino, 'dev')
  mkdir(root.ino, 'proc', 0o555)
  mkdir(root.ino, 'sys', 0o555)
  const pts = mkdir(dev, 'pts')
  devptsInit(k, pts, 'gid=5,mode=620,ptmxmode=000') // the host's devpts instance, as systemd mounts it
  mkdir(dev, 'shm', 0o1777)
  const nodes: [string, number, number][] = [
    ['null', DEV_NULL, 0o666], ['zero', DEV_ZERO, 0o666], ['full', DEV_FULL, 0o666],
    ['random', DEV_RANDOM, 0o666], ['urandom', DEV_URANDOM, 0o666], ['tty', DEV_TTY, 0o666],
    ['console', DEV_CONSOLE, 0o600], ['ptmx', makedev(5, 2), 0o666], ['mem', DEV_MEM, 0o640],
  ]
  securityDevices(k) // /dev/mem's CAP_SYS_RAWIO check (security/devices.ts)
  for (const [name, rdev, mode] of nodes) {
    const n = newInode(k, 'c', mode, 0, name === 'tty' || name === 'ptmx' ? 5 : 0)
    n.rdev = rdev
    dirAdd(k, dev, name, n.ino)
  }
  // The shared disk (virtio-blk, 254:0) that io.max throttles (kernel/cgroup/io.ts).
  const vda = newInode(k, 'b', 0o660, 0, 6)
  vda.rdev = VDA
  dirAdd(k, dev, 'vda', vda.ino)
  const vda1 = newInode(k, 'b', 0o660, 0, 6) // its first partition holds the root filesystem (ns/mnt-blkdev.ts)
  vda1.rdev = VDA1
  dirAdd(k, dev, 'vda1', vda1.ino)
  for (const [name, target] of [['fd', '/proc/self/fd'], ['stdin', '/proc/self/fd/0'], ['stdout', '/proc/self/fd/1'], ['stderr', '/proc/self/fd/2']]) {
    const l = newInode(k, 'l', 0o777, 0, 0)
    l.data = target!
    dirAdd(k, dev, name!, l.ino)
  }
  const c = k.mutCoarse()
  c.mounts.push(
    { id: 1, parent: 0, path: '/', fstype: 'tmpfs', source: 'rootfs', options: 'rw,relatime', rootIno: root.ino },
    { id: 2, parent: 1, path: '/dev', fstype: 'devtmpfs', source: 'udev', options: '', rootIno: dev },
    { id: 3, parent: 2, path: '/dev/pts', fstype: 'devpts', source: 'devpts', options: '', rootIno: pts },
    { id: 4, parent: 1, path: '/proc', fstype: 'proc', source: 'proc', options: '', rootIno: 0 },
    { id: 5, parent: 1, path: '/sys', fstype: 'sysfs', source: 'sysfs', options: '', rootIno: 0 },
    { id: 6, parent: 5, path: '/sys/fs/cgroup', fstype: 'cgroup2', source: 'cgroup2', options: '', rootIno: 0 },
  )
}

export function bootLog(k: Kernel): void {
  const m = k.s.machine
  printk(k, procVersion(k))
  printk(k, `Command line: ${kernelCmdline(k)}`)
  printk(k, `smpboot: Allowing ${m.cpus} CPUs, 0 hotplug CPUs`)
  printk(k, `Memory: ${Math.floor(m.memoryBytes / 1024)}K/${Math.floor(m.memoryBytes / 1024)}K available`)
  printk(k, `VFS: file-max ${k.coarse.sysctl.fileMax} (about one file per ${FILES_PER_KIB} KiB of RAM)`)
  printk(k, 'Run /sbin/init as init process')
}

