// capable(): the one question every privileged operation asks (capabilities(7)).
// As Linux's security_capable(): the commoncap check first (the effective set,
// in the task's user namespace relative to the resource's, via the namespaces
// code's nsCapable), then the LSM (a profile may deny a capability the task holds).
import type { Kernel } from '../kernel.ts'
import { INIT_INO } from '../ns/core.ts'
import { nsCapable } from '../ns/user.ts'
import type { Task } from '../state.ts'
import { lsmCapable } from './lsm.ts'

/** ns_capable(): `cap` over resources owned by user namespace `userns`. */
export function capableIn(k: Kernel, t: Task, cap: number, userns: number): boolean {
  return nsCapable(k, t, cap, userns) && lsmCapable(k, t, cap)
}

/** capable(): `cap` over the whole machine (the initial user namespace). */
export function capable(k: Kernel, t: Task, cap: number): boolean {
  return capableIn(k, t, cap, INIT_INO.user)
}
