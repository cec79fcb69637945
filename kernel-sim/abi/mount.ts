// mount(2) and umount2(2) flags (include/uapi/linux/mount.h).
export const MS_RDONLY = 1
export const MS_NOSUID = 2
export const MS_NODEV = 4
export const MS_NOEXEC = 8
export const MS_REMOUNT = 32
export const MS_BIND = 4096
export const MS_MOVE = 8192
export const MS_REC = 16384
export const MS_UNBINDABLE = 1 << 17
export const MS_PRIVATE = 1 << 18
export const MS_SLAVE = 1 << 19
export const MS_SHARED = 1 << 20
/** Update atime on every access: no "relatime" in the mount's options (runc mounts a container's /dev so). */
export const MS_STRICTATIME = 1 << 24
/** umount2(2): detach now, clean up when no longer busy (lazy unmount). */
export const MNT_DETACH = 2

// The new mount API (include/uapi/linux/mount.h): fsopen(2) flags and fsconfig(2) commands.
export const FSOPEN_CLOEXEC = 1
export const FSCONFIG_SET_FLAG = 0
export const FSCONFIG_SET_STRING = 1
export const FSCONFIG_SET_BINARY = 2
export const FSCONFIG_SET_PATH = 3
export const FSCONFIG_SET_PATH_EMPTY = 4
export const FSCONFIG_SET_FD = 5
export const FSCONFIG_CMD_CREATE = 6
export const FSCONFIG_CMD_RECONFIGURE = 7
