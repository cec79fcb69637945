// Talking to /dev/kvm from user space: open it once, issue requests, and turn
// the hypervisor's refusals (typed VmErrors or -errno) into messages.
import { O_RDWR, strerror, type VmError } from '../../../kernel-sim/abi/index.ts'
import { ioctl, open, type Sys } from '../../libc/index.ts'

export const KVM_DEV = '/dev/kvm'

/** An fd for /dev/kvm, or -errno (ENOENT inside a guest: no nested virtualization). */
export function* openKvm(): Sys<number> {
  return yield* open(KVM_DEV, O_RDWR)
}

export function isVmError(r: unknown): r is VmError {
  return typeof r === 'object' && r !== null && 'error' in r && 'message' in r
}

/** The message for a failed request: the VmError's own, or strerror. */
export function failure(r: unknown): string | undefined {
  if (isVmError(r)) return r.message
  if (typeof r === 'number' && r < 0) return strerror(-r)
  return undefined
}

export function* kvm<T>(fd: number, req: number, arg: object = {}): Sys<T | VmError | number> {
  return (yield* ioctl(fd, req, arg)) as T | VmError | number
}
