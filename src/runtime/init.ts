// runc init: what the container's first process does in its new namespaces
// before it execs the user's command (runc libcontainer/standard_init_linux.go):
// wait until the parent has put it into the cgroup, set up the mounts and
// pivot_root into the rootfs, set the hostname, rlimits, capabilities,
// no_new_privs, AppArmor and seccomp, then execve. Every failure is reported
// on the report pipe (closed on exec) and ends the process.
import {
  CAP_LAST_CAP, CLOSE_RANGE_CLOEXEC, F_SETFD, FD_CLOEXEC, O_CLOEXEC, O_DIRECTORY, O_RDONLY, O_WRONLY, CLONE_NEWCGROUP, E, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, RLIMIT_NOFILE, RLIMIT_NPROC, strerror, type Program,
  MNT_DETACH, S_IFDIR, S_IFMT, SECCOMP_SET_MODE_FILTER, MS_BIND, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_PRIVATE, MS_RDONLY, MS_REC, MS_REMOUNT, MS_STRICTATIME, makedev,
} from '../../kernel-sim/abi/index.ts'
import {
  capset, chdir, chroot, close, closeRange, dup2, execve, fcntl, getdents, open, getresuid, mkdir, mknod, rmdir, prctl, prlimit, read, sethostname, setresgid,
  setgroups, setresuid, stat, symlink, unshare, writeAll, type Sys, mount, pivotRoot, seccomp, umount2,
} from '../libc/index.ts'
import type { Bundle } from './bundle.ts'
import { configureInside } from './network.ts'
import { readFile } from '../programs/lib/io.ts'
import { execUser } from './user.ts'
import { writeFile } from './fsutil.ts'
import { step, type Step } from './steps.ts'
import { attachSlave } from './pty-relay.ts'

const RLIMITS: Record<string, number> = { cpu: 0, fsize: 1, data: 2, stack: 3, core: 4, rss: 5, nproc: RLIMIT_NPROC, nofile: RLIMIT_NOFILE, memlock: 8, locks: 10, sigpending: 11, msgqueue: 12, nice: 13, rtprio: 14, rttime: 15 }
const S_IFCHR = 0o020000
const S_IFBLK = 0o060000

/** moby's DefaultLinuxSpec ReadonlyPaths. */
const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']
/**
 * What containerInit tells the shim on the report pipe before its execve: a
 * step done, a request (net: plug my veth; pty: take my console), or its failure.
 */
export interface InitReport { step?: Step; net?: boolean; pty?: boolean; error?: string; code?: number }

/** One report line (the pipe is closed on exec, so the shim reads until EOF). */
const report = (fd: number, r: InitReport) => writeAll(fd, JSON.stringify(r) + '\n')

/** moby's DefaultLinuxSpec MaskedPaths: files get /dev/null bound over them, directories an empty read-only tmpfs. */
const MASKED_PATHS = ['/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap']

/** In a user namespace whose maps are written: become its root (gid, groups, then uid: kuid = the range's first id). */
export function* becomeNsRoot(): Sys<number> {
  const g = yield* setresgid(0, 0, 0)
  if (g < 0) return g
  const s = yield* setgroups([0])
  return s < 0 ? s : yield* setresuid(0, 0, 0)
}

export class InitError { constructor(readonly msg: string, readonly code = 125) {} }

export function* containerInit(b: Bundle, stdio: [number, number, number], syncR: number, reportW: number): Program {
  const go = yield* read(syncR)
  if (go !== 'go\n') return 1
  // --userns-remap: the shim has written the maps; become the namespace's root (kuid = the range's first id).
  if (b.userns) {
    const u = yield* becomeNsRoot()
    if (u < 0) {
      yield* report(reportW, { error: `setresuid to the user namespace's root: ${strerror(-u).toLowerCase()}`, code: 1 })
      return 1
    }
  }
  // Now in the container's cgroup: a private cgroup namespace rooted there (Docker's default on cgroup v2,
  // runc unshares CLONE_NEWCGROUP after the cgroup is applied), so /proc/self/cgroup reads "0::/".
  if (b.spec.cgroupns !== 'host' && (yield* unshare(CLONE_NEWCGROUP)) < 0) return 1
  const steps: Step[] = []
  const r = yield* setup(b, steps, syncR, reportW)
  yield* close(syncR)
  if (!(r instanceof InitError)) yield* step(steps, 'runc: execve the container process', function* () { return 0 })
  // The steps (and the failure) in one write: the shim reads them all at once when the pipe closes.
  let lines = ''
  for (const s of steps) lines += JSON.stringify({ step: s } satisfies InitReport) + '\n'
  if (r instanceof InitError) {
    yield* writeAll(reportW, lines + JSON.stringify({ error: r.msg, code: r.code } satisfies InitReport) + '\n')
    return r.code
  }
  yield* writeAll(reportW, lines)
  if (!b.spec.tty) for (let fd = 0; fd < 3; fd++) yield* dup2(stdio[fd]!, fd)
  const path = r
  yield* closeExecFrom(3)
  const e = yield* execve(path, b.argv, b.env)
  // execve only returns on failure (runc maps EACCES to 126, the rest to 127).
  const code = e === -E.EACCES || e === -E.ENOEXEC ? 126 : 127
  yield* report(reportW, { error: `exec: "${b.argv[0]}": ${strerror(-e).toLowerCase()}`, code })
  return code
}

function* setup(b: Bundle, steps: Step[], syncR = -1, reportW = -1): Sys<string | InitError> {
  const s = b.spec
  const m = yield* step(steps, 'runc: mount rootfs, /proc, /sys, /dev; pivot_root', () => mounts(b))
  if (m) return m
  if (b.spec.networkMode !== 'host') {
    const n = yield* configureInside(b.id, b.ip, b.hostNetFd, b.prefix, b.gateway)
    if (n < 0) return new InitError(`error during container init: error configuring network: ${strerror(-n).toLowerCase()}`)
    if (b.ip && reportW >= 0) {
      // The outer veth end is now in the host's namespace: wait until the shim has put it on docker0.
      yield* report(reportW, { net: true })
      yield* read(syncR)
    }
  }
  if (b.hostNetFd >= 0) yield* close(b.hostNetFd)
  if (s.tty && reportW >= 0) {
    // -t: the shim opens /dev/ptmx in our mount namespace and answers N; /dev/pts/N becomes our terminal.
    yield* report(reportW, { pty: true })
    const n = Number(yield* read(syncR))
    const a = n >= 0 ? yield* attachSlave(n) : -E.EIO
    if (a < 0) return new InitError(`error during container init: error setting up console: open /dev/pts/${n}: ${strerror(-a).toLowerCase()}`)
  }
  const h = yield* sethostname(b.hostname)
  if (h < 0) return new InitError(`sethostname: ${strerror(-h).toLowerCase()}`)
  const sec = yield* step(steps, 'runc: capabilities, seccomp, AppArmor, rlimits', () => security(b))
  if (sec) return sec
  const c = yield* chdir(s.workdir || '/')
  if (c < 0) return new InitError(`chdir to cwd ("${s.workdir}") set in config.json failed: ${strerror(-c).toLowerCase()}`)
  return yield* lookPath(b)
}

function* mounts(b: Bundle): Sys<InitError | undefined> {
  const root = b.rootfs
  const s = b.spec
  let r = yield* mount('', '/', '', MS_REC | MS_PRIVATE)
  if (r < 0) return mountError(root, 'rootfs', r)
  r = yield* mount(root, root, '', MS_BIND | MS_REC)
  if (r < 0) return mountError(root, 'rootfs', r)
  r = yield* mount('proc', `${root}/proc`, 'proc', MS_NOSUID | MS_NODEV | MS_NOEXEC)
  if (r < 0) return mountError(root, '/proc', r)
  r = yield* mount('sysfs', `${root}/sys`, 'sysfs', MS_NOSUID | MS_NODEV | MS_NOEXEC | (s.privileged ? 0 : MS_RDONLY))
  if (r < 0) return mountError(root, '/sys', r)
  // The container's own cgroup as /sys/fs/cgroup, read-only unless --privileged (Docker's default mounts).
  r = yield* mount('cgroup', `${root}/sys/fs/cgroup`, 'cgroup2', MS_NOSUID | MS_NODEV | MS_NOEXEC | (s.privileged ? 0 : MS_RDONLY))
  if (r < 0) return mountError(root, '/sys/fs/cgroup', r)
  r = yield* mount('tmpfs', `${root}/dev`, 'tmpfs', MS_NOSUID | MS_STRICTATIME, 'mode=755,size=65536k') // runc's default /dev: nosuid, strictatime
  if (r < 0) return mountError(root, '/dev', r)
  for (const [name, maj, min] of [['null', 1, 3], ['zero', 1, 5], ['full', 1, 7], ['random', 1, 8], ['urandom', 1, 9], ['tty', 5, 0]] as const) {
    const n = yield* mknod(`${root}/dev/${name}`, S_IFCHR | 0o666, makedev(maj, min))
    // In a user namespace mknod(2) is EPERM: runc bind-mounts the host's node instead (bindMountDeviceNode).
    if (n === -E.EPERM && (yield* writeFile(`${root}/dev/${name}`, '')) === 0) yield* mount(`/dev/${name}`, `${root}/dev/${name}`, '', MS_BIND)
  }
  // runc's default mounts: the container's own devpts instance (devpts.rst), /dev/ptmx → pts/ptmx.
  yield* mkdir(`${root}/dev/pts`, 0o755)
  r = yield* mount('devpts', `${root}/dev/pts`, 'devpts', MS_NOSUID | MS_NOEXEC, 'newinstance,ptmxmode=0666,mode=0620,gid=5')
  if (r < 0) return mountError(root, '/dev/pts', r)
  yield* symlink('pts/ptmx', `${root}/dev/ptmx`)
  // --privileged gives the container the host's devices (docker run reference), among them the root disk's partition.
  // SIMPLIFICATION: only /dev/vda1 (254:1) is copied, the device that matters for the escape demo.
  if (s.privileged) yield* mknod(`${root}/dev/vda1`, S_IFBLK | 0o660, makedev(254, 1))
  for (const v of s.binds) {
    r = yield* mount(v.source, root + v.target, '', MS_BIND | MS_REC)
    if (r < 0) return mountError(root, v.target, r)
    if (v.readOnly) yield* mount('', root + v.target, '', MS_BIND | MS_REMOUNT | MS_RDONLY)
  }
  // pivot_root into the rootfs, the old root parked under it and then detached (runc's pivotRoot).
  yield* mkdir(`${root}/.pivot_root`, 0o700)
  r = yield* pivotRoot(root, `${root}/.pivot_root`)
  if (r === 0) {
    yield* chdir('/')
    r = yield* umount2('/.pivot_root', MNT_DETACH)
    if (r === 0) yield* rmdir('/.pivot_root')
  } else if (r === -E.ENOSYS) {
    // runc --no-pivot: chroot into the new root (the mount namespace still hides the host's mounts from it).
    r = yield* chroot(root)
    yield* chdir('/')
  }
  if (r < 0) return new InitError(`error during container init: error jailing process inside rootfs: pivot_root ${root}: ${strerror(-r).toLowerCase()}`)
  // Docker's default spec (moby oci/defaults.go): these /proc paths are read-only and these are masked,
  // unless --privileged; runc applies them after pivot_root (readonlyPath, maskPath), skipping what is absent.
  if (!s.privileged) {
    for (const path of READONLY_PATHS) {
      if ((yield* mount(path, path, '', MS_BIND | MS_REC)) === 0) yield* mount(path, path, '', MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC)
    }
    for (const path of MASKED_PATHS) {
      const st = yield* stat(path)
      if (typeof st === 'number') continue
      if ((st.mode & S_IFMT) === S_IFDIR) yield* mount('tmpfs', path, 'tmpfs', MS_RDONLY)
      else yield* mount('/dev/null', path, '', MS_BIND)
    }
  }
  // runc's finalizeRootfs: the root is remounted read-only after pivot_root (which needs to mkdir put_old in it).
  if (s.readOnly) yield* mount('', '/', '', MS_BIND | MS_REMOUNT | MS_RDONLY)
  if (s.readOnly && !(yield* rootIsReadOnly())) {
    // The kernel accepted MS_REMOUNT|MS_RDONLY without making / read-only: refuse rather than run writable.
    return new InitError(`error during container init: error remounting rootfs read-only: ${strerror(E.EOPNOTSUPP).toLowerCase()}`)
  }
  return undefined
}

/**
 * runc's CloseExecFrom(3) (libcontainer/utils/utils_unix.go): every fd above
 * stdio becomes close-on-exec, so the container's process starts with 0, 1
 * and 2 only (not the shim's client connection, which it inherited). One
 * close_range(min, MaxInt32, CLOSE_RANGE_CLOEXEC); on any error (ENOSYS before
 * Linux 5.9, EINVAL for the flag before 5.11) runc falls back to listing
 * /proc/self/fd and an fcntl(F_SETFD) per fd.
 * SIMPLIFICATION: runc first probes close_range on a dup of fd 0
 * (haveCloseRangeCloexec: fcntl, close_range, close); the call itself
 * answers the same question, three syscalls sooner.
 */
export function* closeExecFrom(min: number): Sys<void> {
  if ((yield* closeRange(min, 0x7fffffff, CLOSE_RANGE_CLOEXEC)) === 0) return
  const dir = yield* open('/proc/self/fd', O_RDONLY | O_DIRECTORY | O_CLOEXEC)
  if (dir < 0) return
  const ents = yield* getdents(dir)
  yield* close(dir)
  if (typeof ents === 'number') return
  for (const d of ents) {
    const fd = Number(d.name)
    if (Number.isInteger(fd) && fd >= min && fd !== dir) yield* fcntl(fd, F_SETFD, FD_CLOEXEC)
  }
}

/** /proc/self/mountinfo: is the mount on "/" read-only (field 6 starts with "ro")? */
function* rootIsReadOnly(): Sys<boolean> {
  const info = yield* readFile('/proc/self/mountinfo')
  if (typeof info === 'number') return false
  const root = info.split('\n').map((l) => l.split(' ')).filter((f) => f[4] === '/').pop()
  return root !== undefined && /^ro(,|$)/.test(root[5] ?? '')
}

export function* security(b: Bundle): Sys<InitError | undefined> {
  const s = b.spec
  for (const u of s.ulimits) {
    const r = yield* prlimit(0, RLIMITS[u.name]!, [u.soft < 0 ? Infinity : u.soft, u.hard < 0 ? Infinity : u.hard])
    if (typeof r === 'number' && r < 0) return initError(`error setting rlimit type ${RLIMITS[u.name]}`, r)
  }
  // AppArmor: the profile the next execve enters (runc's changeOnExec writes "exec <profile>" to
  // /proc/self/attr/exec). No such file means no such LSM: Docker then runs unconfined, as on a host
  // without AppArmor. A profile the kernel has not loaded fails the write with ENOENT, which runc
  // reports (libcontainer/apparmor: "apparmor failed to apply profile", standard_init_linux.go:
  // "unable to apply apparmor profile").
  if (!s.privileged && s.apparmor !== 'unconfined') {
    const fd = yield* open('/proc/self/attr/exec', O_WRONLY | O_CLOEXEC)
    if (fd >= 0) {
      const a = yield* writeAll(fd, `exec ${s.apparmor}`)
      yield* close(fd)
      if (a < 0) return initError('unable to apply apparmor profile: apparmor failed to apply profile: write /proc/self/attr/exec', a)
    }
  }
  // seccomp while CAP_SYS_ADMIN is still held, unless no_new_privs lets it wait until just before execve (runc).
  if (b.seccomp && !s.noNewPrivileges) {
    const r = yield* seccomp(SECCOMP_SET_MODE_FILTER, 0, b.seccomp)
    if (r < 0) return initError('error loading seccomp filter into kernel', r)
  }
  // Capabilities: shrink the bounding set, switch user, then permitted/effective (execve keeps them for root).
  const caps = BigInt('0x' + b.caps)
  for (let c = 0; c <= CAP_LAST_CAP; c++) {
    if (!hasCap(b.caps, c)) {
      const r = yield* prctl(PR_CAPBSET_DROP, c)
      if (typeof r === 'number' && r < 0) return initError('capset', r)
    }
  }
  // moby getUser: uid, gid and supplementary groups (replacing ours) from the container's /etc/passwd and /etc/group.
  const who = yield* execUser(s.user, s.groupAdd ?? [])
  if ('error' in who) return new InitError(who.error)
  yield* setresgid(who.gid, who.gid, who.gid)
  yield* setresuid(who.uid, who.uid, who.uid)
  const [, euid] = yield* getresuid()
  const mine = euid === 0 ? caps : 0n
  const r = yield* capset({ inh: 0n, prm: mine, eff: mine, bnd: caps, amb: 0n })
  if (r < 0) return initError('capset', r)
  if (s.noNewPrivileges) {
    yield* prctl(PR_SET_NO_NEW_PRIVS, 1)
    if (b.seccomp) {
      const r2 = yield* seccomp(SECCOMP_SET_MODE_FILTER, 0, b.seccomp)
      if (r2 < 0) return initError('error loading seccomp filter into kernel', r2)
    }
  }
  return undefined
}

/** runc's error for a failed mount of the container's (module functions: a closure made per call costs a defineProperty under the TypeScript loader). */
function mountError(root: string, what: string, r: number): InitError {
  return new InitError(`error during container init: error mounting "${what}" to rootfs at "${what === 'rootfs' ? root : what}": ${strerror(-r).toLowerCase()}`)
}

/** runc's error for a failed step of the container's security set-up. */
function initError(what: string, r: number): InitError {
  return new InitError(`error during container init: ${what}: ${strerror(-r).toLowerCase()}`)
}

/** Is capability `c` in a set written in hex (the bundle's caps), read digit by digit: no BigInt made per capability. */
function hasCap(hex: string, c: number): boolean {
  const i = hex.length - 1 - (c >> 2)
  return i >= 0 && ((parseInt(hex[i]!, 16) >> (c & 3)) & 1) === 1
}

/** exec.LookPath in the container's PATH (runc resolves the command inside the rootfs). */
export function* lookPath(b: Bundle): Sys<string | InitError> {
  const cmd = b.argv[0] ?? ''
  if (cmd.includes('/')) {
    const st = yield* stat(cmd)
    if (typeof st === 'number') return new InitError(`exec: "${cmd}": stat ${cmd}: ${strerror(-st).toLowerCase()}`, 127)
    if ((st.mode & 0o170000) === 0o040000) return new InitError(`exec: "${cmd}": is a directory`, 126)
    return cmd
  }
  const pathVar = b.env.find((e) => e.startsWith('PATH='))?.slice(5) ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  for (const d of pathVar.split(':')) {
    const p = `${d || '.'}/${cmd}`
    const st = yield* stat(p)
    if (typeof st === 'object' && (st.mode & 0o170000) === 0o100000 && st.mode & 0o111) return p
  }
  return new InitError(`exec: "${cmd}": executable file not found in $PATH`, 127)
}
