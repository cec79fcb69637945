// /dev/kvm: the hypervisor's device (Documentation/virt/kvm/api.rst). The
// KVM_* requests keep Linux's numbers; the VM_* requests are the management
// plane that libvirtd provides on a real host (define, start, list, exec).
//
// SIMPLIFICATION: libvirtd's role is folded into the /dev/kvm driver, and VMs
// and vCPUs are named by argument instead of by anonymous-inode fds.

/** The misc device's number: `crw-rw---- 1 root kvm 10, 232 /dev/kvm` (devices.txt). */
export const KVM_MAJOR = 10
export const KVM_MINOR = 232

export const KVM_API_VERSION = 12
export const KVM_GET_API_VERSION = 0xae00
export const KVM_CREATE_VM = 0xae01
export const KVM_CREATE_VCPU = 0xae41
export const KVM_RUN = 0xae80

// Management requests (isolab's; outside KVM's 0xAE ioctl type).
export const VM_DEFINE = 0x7600
export const VM_START = 0x7601
export const VM_STOP = 0x7602
export const VM_PAUSE = 0x7603
export const VM_RESUME = 0x7604
export const VM_UNDEFINE = 0x7605
/** Every VM's info; with { name }, only that VM's ([] when there is none). */
export const VM_LIST = 0x7606
/** Waits until the VM has left `booting`; returns its info. */
export const VM_WAIT_BOOT = 0x7607
/** Runs a command in the guest (as sshd would); returns a session id. */
export const VM_EXEC = 0x7608
/** Output of an exec session since the last call; blocks until there is some or it ended. */
export const VM_EXEC_READ = 0x7609
/** Console output from an offset; blocks while there is none and the VM runs. */
export const VM_CONSOLE_READ = 0x760a
/** A line typed on the serial console. */
export const VM_CONSOLE_WRITE = 0x760b
/** The VMM's next boot stage: logs it and returns how long it takes. */
export const VM_BOOT_STAGE = 0x760c
/** Host memory figures for `free`-like reports. */
export const VM_HOST_MEMORY = 0x760d

/** A VMM's loads and stores through its own guest-RAM mapping (gpa, len / data). */
export const VMM_MEM_READ = 0x760e
export const VMM_MEM_WRITE = 0x760f

/** The process that will exec the VMM registers itself, so its death before KVM_CREATE_VM still ends the start. */
export const VM_LAUNCH = 0x7611

/** A device model's DMA into guest memory ({ bdf, gpa, data }), through the VM's IOMMU domain: bytes or -EFAULT (a DMAR fault). */
export const VM_DMA_WRITE = 0x7610

/** Open of /dev/mem in a guest; reads guest-physical memory through the EPT. */
export const MEM_MAJOR = 1
export const MEM_MINOR = 1
export const MEMIO_READ = 0x6d00
export const MEMIO_WRITE = 0x6d01

export type VmImage = 'ubuntu' | 'alpine' | 'windows-like'
export type VmProfile = 'full' | 'microvm'
export type VmLifecycle = 'defined' | 'booting' | 'running' | 'paused' | 'stopped' | 'crashed'
export type VmAction = 'define' | 'configure' | 'start' | 'stop' | 'pause' | 'resume' | 'undefine' | 'exec' | 'console'

/** A VM's configuration before boot (Firecracker's vmm_config). */
export interface VmSpec {
  name: string
  vcpus: number
  memoryBytes: number
  image: VmImage
  profile: VmProfile
  // Boot settings (kernel-sim/hypervisor/boot-plan.ts); absent = the machine type's default.
  /** 'seabios' (POST, option ROMs, GRUB) or 'none' (direct kernel boot). */
  firmware?: 'seabios' | 'none'
  /** The kernel command line (e.g. "console=ttyS0 quiet"). */
  cmdline?: string
  /** Size of the (compressed) kernel image, bytes. */
  kernelBytes?: number
  /** How many init units start (the image's first N; more adds generic ones). */
  units?: number
  /** Virtual disk read speed, bytes per second. */
  diskBps?: number
  /** The guest kernel's release (`uname -r` inside); absent = the image's current kernel. */
  kernel?: string
  /** How the VMM process is confined on the host (hypervisor/confine.ts): svirt, seccomp, user, jailer. */
  confine?: readonly string[]
}

/** Memory the VM costs beyond what its application can use, by the seed's categories. */
export interface VmOverhead {
  virtualHardware: number
  guestKernel: number
  guestServices: number
  virtualDrivers: number
}

export interface VmInfo extends VmSpec {
  state: VmLifecycle
  /** The VMM's pid on the host (0 when not running). */
  vmmPid: number
  /** Virtual ns since the VM was started (0 when not running). */
  uptimeNs: number
  /** Boot time of the last boot, ns (0 before the first). */
  bootNs: number
  overhead: VmOverhead
  /** Host RSS of the VMM: guest RAM + virtual hardware. */
  hostRssBytes: number
  /** Inside the guest: used/total as its `free` shows them. */
  guestUsedBytes: number
  /** Why it crashed (the panic line), or ''. */
  crash: string
  /** Denied guest-physical accesses so far. */
  eptViolations: number
  /** The boot's steps with their cost and the work behind it (hypervisor/boot-plan.ts); the current run's, else the next boot's. */
  bootPlan?: { stage: string; name: string; ns: number; why: string }[]
  /** Host-physical address of guest RAM's first byte (the memslot's host frames), or -1 when not running. */
  ramHpa: number
}

export type VmErrorKind =
  | 'noSuchVm' | 'exists' | 'invalidName' | 'wrongState' | 'noMemory' | 'invalidConfig'
/** A typed error for a refused management request (never thrown across the ABI). */
export interface VmError {
  error: VmErrorKind
  vm: string
  action: VmAction
  /** The state it was in, for wrongState. */
  state?: VmLifecycle
  message: string
}

export interface BootStagePlan {
  /** Stage index; -1 when boot is complete. */
  index: number
  name: string
  durationNs: number
}

export interface ExecChunk {
  stdout: string
  stderr: string
  /** Wait status when the command ended, else -1. */
  status: number
}
