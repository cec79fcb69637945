// open(2) / fcntl(2) flag values (x86-64, asm-generic/fcntl.h), octal as in the headers.
export const O_RDONLY = 0o0
export const O_WRONLY = 0o1
export const O_RDWR = 0o2
export const O_ACCMODE = 0o3
export const O_CREAT = 0o100
export const O_EXCL = 0o200
export const O_NOCTTY = 0o400
export const O_TRUNC = 0o1000
export const O_APPEND = 0o2000
export const O_NONBLOCK = 0o4000
export const O_DIRECTORY = 0o200000
export const O_NOFOLLOW = 0o400000
export const O_CLOEXEC = 0o2000000
export const O_PATH = 0o10000000

export const F_DUPFD = 0
export const F_GETFD = 1
export const F_SETFD = 2
export const F_GETFL = 3
export const F_SETFL = 4
export const F_DUPFD_CLOEXEC = 1030
export const FD_CLOEXEC = 1
// close_range(2) flags (include/uapi/linux/close_range.h).
export const CLOSE_RANGE_UNSHARE = 1 << 1
export const CLOSE_RANGE_CLOEXEC = 1 << 2
// File sealing (fcntl(2) "File seals"; memfd_create(2)): F_LINUX_SPECIFIC_BASE (1024) + 9, + 10.
export const F_ADD_SEALS = 1033
export const F_GET_SEALS = 1034
export const F_SEAL_SEAL = 0x1
export const F_SEAL_SHRINK = 0x2
export const F_SEAL_GROW = 0x4
export const F_SEAL_WRITE = 0x8
/** memfd_create(2) flags (include/uapi/linux/memfd.h). */
export const MFD_CLOEXEC = 0x1
export const MFD_ALLOW_SEALING = 0x2

export const AT_FDCWD = -100
/** fstatat(2) flags. */
export const AT_SYMLINK_NOFOLLOW = 0x100
export const AT_EMPTY_PATH = 0x1000
export const SEEK_SET = 0
export const SEEK_CUR = 1
export const SEEK_END = 2

// st_mode file types (inode(7))
export const S_IFMT = 0o170000
export const S_IFSOCK = 0o140000
export const S_IFLNK = 0o120000
export const S_IFREG = 0o100000
export const S_IFBLK = 0o060000
export const S_IFDIR = 0o040000
export const S_IFCHR = 0o020000
export const S_IFIFO = 0o010000

// wait4(2) options
export const WNOHANG = 1
export const WUNTRACED = 2
export const WCONTINUED = 8

// socket(2)
export const AF_UNIX = 1
export const AF_INET = 2
export const SOCK_STREAM = 1
export const SOCK_DGRAM = 2
export const SOCK_NONBLOCK = 0o4000
export const SOCK_CLOEXEC = 0o2000000
// shutdown(2) how
export const SHUT_RD = 0
export const SHUT_WR = 1
export const SHUT_RDWR = 2
