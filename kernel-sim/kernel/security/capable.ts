// capable(): the one question every privileged operation asks (capabilities(7)).
// As Linux's security_capable(): the commoncap check (the effective set, in the
// task's user namespace relative to the resource's) then the LSM (a profile may
// deny a capability the task holds). Both live in the namespaces code's
// nsCapable() (ns/user.ts), which calls lsmCapable(); these name the three uses.
import type { Kernel } from '../kernel.ts'
import { INIT_INO } from '../ns/core.ts'
import { credUserns, nsCapable } from '../ns/user.ts'
import type { Task } from '../state.ts'

/** ns_capable(): `cap` over resources owned by user namespace `userns`. */
export const capableIn = (k: Kernel, t: Task, cap: number, userns: number): boolean => nsCapable(k, t, cap, userns)

/** capable(): `cap` over the whole machine (the initial user namespace). */
export const capable = (k: Kernel, t: Task, cap: number): boolean => nsCapable(k, t, cap, INIT_INO.user)

/** ns_capable(current_user_ns(), cap): over what the task's own user namespace owns (its files' ids, chroot). */
export const capableSelf = (k: Kernel, t: Task, cap: number): boolean => nsCapable(k, t, cap, credUserns(t.cred))
