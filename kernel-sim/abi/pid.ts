// Two kinds of pid, as Linux has struct pid and pid_t (pid_namespaces(7)):
//   Kpid — the kernel-global id of a task (its pid in the initial pid namespace),
//          the key of the task table;
//   Vpid — a pid as some task sees it: a number in that task's pid namespace.
// They are the same number only in the initial namespace. Branded, so that a
// Kpid passed where a Vpid is expected (or the reverse) fails to compile; the
// translation functions in kernel/ns/pid.ts (vpid, kpidOf, pidIn, taskIn) are
// the only way across. User space deals in Vpids (its own namespace's pids).
declare const KPID: unique symbol
declare const VPID: unique symbol

export type Kpid = number & { readonly [KPID]: true }
export type Vpid = number & { readonly [VPID]: true }

/** The initial process (/sbin/init): kpid 1. */
export const INIT_KPID = 1 as Kpid
/** No task: a task's parent before it has one, the "invisible" answer of pid_vnr(). */
export const NO_KPID = 0 as Kpid
export const NO_VPID = 0 as Vpid

/** fork's and spawn's result: the new task's Kpid when positive, else -errno. */
export type KpidOrErrno = Kpid | number
/** The Kpid in such a result, or undefined for an error. */
export const okKpid = (r: KpidOrErrno): Kpid | undefined => (r > 0 ? (r as Kpid) : undefined)
