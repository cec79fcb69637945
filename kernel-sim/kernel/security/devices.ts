// Device nodes guarded by a capability at open (mem(4)): /dev/mem and
// /dev/kmem need CAP_SYS_RAWIO ("open_port(): if (!capable(CAP_SYS_RAWIO)) return -EPERM").
import type { Kpid } from '../../abi/pid.ts'
import { CAP, E, DEV_MEM } from '../../abi/index.ts'
import type { CharDevice, Kernel } from '../kernel.ts'
import { capable } from './capable.ts'

export { DEV_MEM }

/** SIMPLIFICATION: physical memory is not modelled; past the open check reads fail as the registry's unknown device (ENXIO). */
export const memDevice: CharDevice = {
  open: (k: Kernel, kpid: Kpid) => (capable(k, k.taskOrOops(kpid), CAP.SYS_RAWIO) ? 0 : -E.EPERM),
  ioctl: () => -E.ENOTTY,
}

/** Registers the devices this module owns (called once at boot). */
export function securityDevices(k: Kernel): void {
  k.chrdevs.set(DEV_MEM, memDevice)
}
