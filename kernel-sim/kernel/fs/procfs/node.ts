// The nodes of procfs's hot paths (/proc, /proc/PID, /proc/PID/ns, /proc/PID/ns/<type>) as one
// record shape. A path walk reads type, mode, owner, child, nsIno and magic from every node it
// passes: with one shape per kind of node (the root, a pid's directory, its ns/ directory, a
// namespace link, each with its own fields), those reads saw five or more shapes and V8 made
// them generic lookups; nodes made here all have every field, in one order.
import type { Kpid } from '../../../abi/pid.ts'
import type { Kernel } from '../../kernel.ts'
import type { Cred, Mount, NsType, Task } from '../../state.ts'
import type { GenNode } from '../genfs.ts'

export interface ProcNode extends GenNode {
  /** /proc: the proc mount (its pid namespace); /proc/PID: the same. */
  mount: Mount | undefined
  /** /proc/PID, /proc/PID/ns: the task, looked up again on each lookup below (ENOENT once reaped). */
  kpid: Kpid
  /** /proc/PID/task/TID: the same entries without a task/ of its own. */
  thread: boolean
  /** /proc/PID: its ns/ directory as last looked up, and the credentials it was made for (its owner). */
  ns: GenNode | undefined
  nsCred: Cred | undefined
  /** /proc/PID/ns/<name>: the type its link reads as ("pid" for pid_for_children). */
  nsType: NsType | undefined
}

/** The kpid of a node that is no task's (the root of a proc mount). */
export const NO_TASK = 0 as Kpid

type Child = ((this: ProcNode, k: Kernel, viewer: Task, name: string) => GenNode | undefined) | undefined

/** A procfs node with every field of the shape (those a kind lacks are undefined). */
export function procNode(
  type: 'd' | 'l', mode: number, uid: number, gid: number, list: ((this: ProcNode, k: Kernel) => string[]) | undefined,
  child: Child, childType: ((name: string) => 'd' | 'f' | 'l' | undefined) | undefined,
  target: ((this: ProcNode) => string) | undefined, nsIno: number | undefined, nsType: NsType | undefined,
  kpid: Kpid, mount: Mount | undefined, thread: boolean,
  nsfsIno: ((this: ProcNode, k: Kernel, name: string) => number | undefined) | undefined = undefined,
): ProcNode {
  return {
    type, mode, uid, gid, list, child, childType, target, nsIno, nsType, kpid, mount, thread,
    ns: undefined, nsCred: undefined, nsfsIno,
  } as ProcNode
}
