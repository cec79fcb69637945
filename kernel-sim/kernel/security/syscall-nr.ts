// x86-64 syscall numbers (arch/x86/entry/syscalls/syscall_64.tbl), for the
// "syscall=N" field of seccomp audit records and the range the constant-action
// cache covers (SECCOMP_ARCH_NATIVE_NR). Keyed by the simulator's names.
export const X86_64_NR: Readonly<Record<string, number>> = {
  read: 0, write: 1, open: 2, close: 3, stat: 4, fstat: 5, lstat: 6, lseek: 8, mmap: 9, munmap: 11, brk: 12,
  sigaction: 13, ioctl: 16, access: 21, sched_yield: 24, dup: 32, dup2: 33, pause: 34, nanosleep: 35,
  getpid: 39, socket: 41, connect: 42, accept: 43, shutdown: 48, bind: 49, listen: 50, getsockname: 51,
  getpeername: 52, clone: 56, execve: 59, exit: 60, wait4: 61, kill: 62, uname: 63, fcntl: 72,
  truncate: 76, getdents: 78, getcwd: 79, chdir: 80, rename: 82, mkdir: 83, rmdir: 84, link: 86,
  unlink: 87, symlink: 88, readlink: 89, newfstatat: 262, readlinkat: 267, chmod: 90, chown: 92, umask: 95, sysinfo: 99, ptrace: 101,
  syslog: 103, setpgid: 109, getppid: 110, setsid: 112, getgroups: 115, setgroups: 116, setresuid: 117,
  getresuid: 118, setresgid: 119, getresgid: 120, getpgid: 121, getsid: 124, capget: 125, capset: 126,
  mknod: 133, personality: 135, pivot_root: 155, prctl: 157, chroot: 161, settimeofday: 164, iopl: 172, ioperm: 173, mount: 165,
  umount2: 166, reboot: 169, sethostname: 170, setdomainname: 171, init_module: 175, delete_module: 176,
  gettid: 186, clock_settime: 227, clock_gettime: 228, kexec_load: 246, add_key: 248, request_key: 249,
  keyctl: 250, unshare: 272, pipe2: 293, dup3: 292, prlimit: 302, setns: 308, finit_module: 313,
  seccomp: 317, getrandom: 318, bpf: 321, clone3: 435, close_range: 436, splice: 275, msgget: 68, msgsnd: 69, fsopen: 430, memfd_create: 319, fsconfig: 431,
  poll: 7, ppoll: 271, statfs: 137, fstatfs: 138, times: 100, shmget: 29, semget: 64, rtnl: 46, // rtnl: sendmsg on AF_NETLINK
}
