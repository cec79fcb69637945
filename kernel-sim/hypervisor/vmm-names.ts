// The VMM a profile runs on the host, as `ps` shows it.
export const VMM_NAME = { full: 'qemu-system-x86_64', microvm: 'firecracker' } as const
export const VMM_BINARY = { full: '/usr/bin/qemu-system-x86_64', microvm: '/usr/bin/firecracker' } as const
/** vCPU task names: QEMU names its vCPU threads "CPU 0/KVM"; Firecracker "fc_vcpu 0". */
export const VCPU_NAME = { full: (i: number) => `CPU ${i}/KVM`, microvm: (i: number) => `fc_vcpu ${i}` } as const
