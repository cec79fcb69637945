/** A task's namespaces by inode number; pidChildren/timeChildren are where its children go (/proc/[pid]/ns/*_for_children). */
export interface NsProxy {
  cgroup: number
  ipc: number
  mnt: number
  net: number
  pid: number
  pidChildren: number
  time: number
  timeChildren: number
  user: number
  uts: number
}
