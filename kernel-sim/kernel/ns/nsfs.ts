// nsfs: what a bind mount of /proc/PID/ns/X shows at its mount point (the
// namespace file itself, as `ip netns add` leaves it in /run/netns/NAME).
import type { GenFs } from '../fs/genfs.ts'

export const nsfs: GenFs = (_k, _viewer, path, mount) =>
  path === '/' && mount?.nsIno !== undefined
    ? { type: 'f', mode: 0o444, uid: 0, gid: 0, nsIno: mount.nsIno, read: () => '' }
    : undefined
