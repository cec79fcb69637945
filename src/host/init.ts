// /sbin/init: pid 1. Reaps every orphan that is reparented to it, forever.
// It catches SIGCHLD so that a child's exit wakes it from its sleep.
//
// First it mounts what systemd mounts before any unit runs, as tmpfs: /dev/shm
// and /run (mount_setup()'s table), and /tmp (tmp.mount). So `df`, `mount` and
// /proc/mounts show them with their sizes, and files there are memory (Shmem).
//
// Like systemd with docker.socket enabled, init also holds /run/docker.sock
// from boot (where dockerd is installed) and starts docker.service when the
// first client connects. So dockerd is init's child with the service's own
// limits, never the learner's shell's: `ulimit -n 64; docker run ...` does not
// leak 64 into the container.
import type { Program, ProgramMain } from '../../kernel-sim/abi/index.ts'
import {
  AF_UNIX, E, F_DUPFD, MS_NODEV, MS_NOSUID, MS_STRICTATIME, O_CLOEXEC, O_RDWR, RLIM_INFINITY, RLIMIT_CORE, RLIMIT_NOFILE, RLIMIT_NPROC, SIG, SOCK_CLOEXEC, SOCK_STREAM, WNOHANG,
} from '../../kernel-sim/abi/index.ts'
import {
  accept, bind, chmod, chown, close, dup2, execve, fcntl, fork, getpid, listen, mount, open, pause, prlimit, setsid, sigaction,
  sigtake, socket, stat, unlink, wait4, type Sys,
} from '../libc/index.ts'
import { ACTIVATING_CONN_ENV, SD_LISTEN_FDS_START } from '../runtime/protocol.ts'

/** docker.socket (docker-ce's unit): ListenStream=/run/docker.sock, SocketMode=0660, SocketUser=root, SocketGroup=docker. */
export const DOCKER_SOCKET = { path: '/run/docker.sock', mode: 0o660, gid: 999 }
const DOCKERD = '/usr/bin/dockerd'

/**
 * docker.service's ExecStart, and the limits its processes run with. docker-ce
 * 25+ dropped LimitNOFILE from docker.service (moby#45534), but containerd 1.7's
 * containerd.service still sets LimitNOFILE=infinity, LimitNPROC=infinity and
 * LimitCORE=infinity, and the shims (so every container) inherit containerd's.
 * infinity for NOFILE is fs.nr_open, 1048576 (systemd clamps it there).
 * SIMPLIFICATION: isolab folds containerd into dockerd, so dockerd carries containerd's limits.
 */
const SERVICE = {
  argv: [DOCKERD, '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'],
  env: ['LANG=C.UTF-8', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'INVOCATION_ID=docker'],
  limits: [[RLIMIT_NOFILE, 1048576], [RLIMIT_NPROC, RLIM_INFINITY], [RLIMIT_CORE, RLIM_INFINITY]] as const,
}

/**
 * The tmpfs mounts of a systemd host, each nosuid,nodev,strictatime (systemd 252):
 * mount-setup.c's "/dev/shm" with mode=1777 (the kernel's default size, half of
 * RAM) and "/run" with mode=755 TMPFS_LIMITS_RUN (",size=20%,nr_inodes=800k"),
 * then units/tmp.mount's Options=mode=1777,strictatime,nosuid,nodev,size=50%,nr_inodes=1m.
 */
const TMPFS_MOUNTS: readonly (readonly [string, string])[] = [
  ['/dev/shm', 'mode=1777'],
  ['/run', 'mode=755,size=20%,nr_inodes=800k'],
  ['/tmp', 'mode=1777,size=50%,nr_inodes=1m'],
]

function* mountTmpfs(): Sys<void> {
  for (const [path, options] of TMPFS_MOUNTS) yield* mount('tmpfs', path, 'tmpfs', MS_NOSUID | MS_NODEV | MS_STRICTATIME, options)
}

/** Creates the listening socket as systemd does at boot, or -1 where docker is not installed. */
function* listenDockerSocket(): Sys<number> {
  if (typeof (yield* stat(DOCKERD)) === 'number') return -1
  const fd = yield* socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)
  if (fd < 0) return -1
  yield* unlink(DOCKER_SOCKET.path)
  if ((yield* bind(fd, { family: 'unix', path: DOCKER_SOCKET.path })) < 0 || (yield* listen(fd, 4096)) < 0) {
    yield* close(fd)
    return -1
  }
  yield* chown(DOCKER_SOCKET.path, 0, DOCKER_SOCKET.gid)
  yield* chmod(DOCKER_SOCKET.path, DOCKER_SOCKET.mode)
  return fd
}

/** Starts docker.service with the listener at fd 3 and the waiting client at fd 4; its pid. */
function* startDockerService(listener: number, conn: number): Sys<number> {
  return yield* fork(function* (): Program {
    yield* setsid()
    for (const [resource, n] of SERVICE.limits) yield* prlimit(0, resource, [n, n])
    // init may hold these at 0-2 (it has no stdio): move them out of the way first.
    const l = yield* fcntl(listener, F_DUPFD, 10)
    const c = yield* fcntl(conn, F_DUPFD, 10)
    yield* dup2(l, SD_LISTEN_FDS_START) // dup2 clears FD_CLOEXEC on the copy
    yield* dup2(c, SD_LISTEN_FDS_START + 1)
    yield* close(l)
    yield* close(c)
    const devnull = yield* open('/dev/null', O_RDWR | O_CLOEXEC)
    for (let i = 0; i < 3; i++) yield* dup2(devnull, i)
    const pid = yield* getpid()
    yield* execve(DOCKERD, SERVICE.argv, [...SERVICE.env, 'LISTEN_FDS=1', `LISTEN_PID=${pid}`, 'LISTEN_FDNAMES=docker.socket',
      `${ACTIVATING_CONN_ENV}=${SD_LISTEN_FDS_START + 1}`])
    return 127
  })
}

export const initMain: ProgramMain = function* () {
  yield* mountTmpfs()
  yield* sigaction(SIG.SIGCHLD, 'catch')
  const listener = yield* listenDockerSocket()
  let dockerd = 0 // docker.service's main pid while it runs
  for (;;) {
    const r = yield* wait4(-1, WNOHANG)
    if (typeof r === 'object' && r.pid > 0) {
      if (r.pid === dockerd) dockerd = 0 // the socket stays: the next client starts it again
      continue
    }
    if (r !== -E.ECHILD && typeof r === 'number' && r < 0) continue
    yield* sigtake()
    if (listener >= 0 && dockerd === 0) {
      // Interrupted (EINTR) by the next SIGCHLD, like pause().
      const conn = yield* accept(listener, SOCK_CLOEXEC)
      if (conn < 0) continue
      const pid = yield* startDockerService(listener, conn)
      yield* close(conn)
      if (pid > 0) dockerd = pid
      continue
    }
    yield* pause() // interrupted (EINTR) by the next SIGCHLD
  }
}
