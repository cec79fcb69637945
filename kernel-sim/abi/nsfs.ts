// The initial namespaces' inode numbers, fixed by include/uapi/linux/nsfs.h
// (enum init_ns_ino): `readlink /proc/1/ns/uts` → uts:[4026531838].
import type { NsProxy } from './ns-proxy.ts'

export const INIT_NS: Readonly<NsProxy> = {
  ipc: 0xefffffff, uts: 0xeffffffe, user: 0xeffffffd, pid: 0xeffffffc, pidChildren: 0xeffffffc,
  cgroup: 0xeffffffb, time: 0xeffffffa, timeChildren: 0xeffffffa, net: 0xeffffff9, mnt: 0xeffffff8,
}
