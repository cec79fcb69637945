// /dev/mem inside a guest (mem(4)): reads and writes guest-physical memory.
// Every access goes through the VM's EPT, so root in the guest reaches its own
// RAM and nothing else: an address outside its memslot is an EPT violation
// that the hypervisor logs on the host and denies.
//
// SIMPLIFICATION: accesses are ioctls (MEMIO_READ/MEMIO_WRITE with an address)
// instead of lseek + read/write.
import type { Kpid } from '../abi/pid.ts'
import { CAP, E, MEMIO_READ, MEMIO_WRITE } from '../abi/index.ts'
import type { CharDevice, Kernel } from '../kernel/kernel.ts'
import { printkRatelimited } from '../kernel/log.ts'
import type { Hypervisor } from './hypervisor.ts'
import { guestRead, guestWrite } from './memory.ts'
import type { Vm } from './types.ts'

/** Longest single access (one page is plenty for a hex dump). */
const MAX_IO = 65536

export function memDevice(hv: Hypervisor, vm: Vm): CharDevice {
  return {
    open: (k, kpid) => (hasRawio(k, kpid) ? 0 : -E.EPERM),
    ioctl(k: Kernel, kpid: Kpid, req: number, arg: unknown) {
      const run = vm.run
      if (!run) return -E.EIO
      const a = (arg ?? {}) as { addr?: number; len?: number; data?: string }
      const addr = Number(a.addr)
      if (!Number.isSafeInteger(addr) || addr < 0) return -E.EINVAL
      if (!hasRawio(k, kpid)) return -E.EPERM
      if (req === MEMIO_READ) {
        const len = Math.min(Math.max(0, Number(a.len) | 0), MAX_IO)
        const r = guestRead(hv.mem, run.ept, addr, len)
        if (!r.ok) return violation(hv, vm, r.gpa, 'read')
        return String.fromCharCode(...r.data)
      }
      if (req === MEMIO_WRITE) {
        const data = String(a.data ?? '').slice(0, MAX_IO)
        const r = guestWrite(hv.mem, run.ept, addr, Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff))
        if (!r.ok) return violation(hv, vm, r.gpa, 'write')
        return data.length
      }
      return -E.EINVAL
    },
  }
}

/** The exit to the hypervisor: logged on the host (as kvm's vcpu_unimpl lines are), the access denied. */
function violation(hv: Hypervisor, vm: Vm, gpa: number, kind: string): number {
  vm.eptViolations++
  const pid = vm.run?.vmmPid ?? 0
  printkRatelimited(hv.host, `ept:${vm.id}:${gpa}`,
    `kvm [${pid}]: vcpu0, guest rIP: 0xffffffff8108a3c0 EPT violation: ${kind} at GPA 0x${gpa.toString(16)} outside the memory of VM ${vm.spec.name} (0x0-0x${(vm.spec.memoryBytes - 1).toString(16)}): access denied`)
  return -E.EFAULT
}

/** CAP_SYS_RAWIO in the effective set (mem(4): opening /dev/mem needs it). */
function hasRawio(k: Kernel, kpid: Kpid): boolean {
  const t = k.task(kpid)
  return !!t && ((t.cred.capEff >> BigInt(CAP.SYS_RAWIO)) & 1n) === 1n
}
