// One limits file, one comment per limit (xv6 param.h). Each is applied in one place.
export const NR_OPEN_DEFAULT = 1048576 // /proc/sys/fs/nr_open: ceiling for RLIMIT_NOFILE (fs.rst)
export const NOFILE_SOFT_DEFAULT = 1024 // RLIMIT_NOFILE soft limit of init (EMFILE at the fd table)
export const NOFILE_HARD_DEFAULT = 524288 // RLIMIT_NOFILE hard limit of init (systemd's default)
export const PID_MAX_DEFAULT = 32768 // /proc/sys/kernel/pid_max, 5-digit ps columns
export const PID_MAX_LIMIT = 4194304 // largest pid_max on 64-bit
export const FILES_PER_KIB = 10 // fs.file-max ≈ RAM / 10 KiB (files_maxfiles_init): ENFILE at the open-file table
export const PAGE_SIZE = 4096
export const TASK_COMM_LEN = 16 // comm is 15 chars + NUL
export const SYMLOOP_MAX = 40 // ELOOP after this many links in one lookup
export const PIPE_BUF_SIZE = 65536 // default pipe capacity (pipe(7))
export const SOMAXCONN = 4096 // listen backlog cap
export const EPHEMERAL_PORT_LOW = 32768 // /proc/sys/net/ipv4/ip_local_port_range
export const EPHEMERAL_PORT_HIGH = 60999 // 28,232 ports per destination
export const MAX_NS_LEVEL = 32 // pid/user namespace nesting limit (ENOSPC)
