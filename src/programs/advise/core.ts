// The seed's decision matrix and "quick decision" guide as a pure function:
// answers in, a recommendation (VMs, containers, containers inside VMs, or
// microVMs) out, with reasons that quote figures measured on this machine and
// name the lab that shows each one. `advise` asks the questions in a
// terminal; the web app can call `advise()` from a form with the same answers.

export type Trust = 'untrusted' | 'trusted'
export type Os = 'linux' | 'windows' | 'mixed'
export type Latency = 'ms' | 'seconds' | 'minutes'
export type Skills = 'containers' | 'vms' | 'both'

export interface Answers {
  /** Do tenants trust each other (one organisation's services), or run untrusted code for separate customers? */
  trust: Trust
  /** Compliance or audited isolation (PCI-DSS, HIPAA ...)? */
  compliance: boolean
  /** Guest operating systems: Linux only, Windows, or a mix. */
  os: Os
  /** A custom kernel, kernel modules or kernel tuning per workload? */
  kernel: boolean
  /** How fast must a new instance start? */
  latency: Latency
  /** Many small instances per host (hundreds)? */
  density: boolean
  /** Orchestrated with Kubernetes on a cloud provider? */
  kubernetes: boolean
  /** A monolithic legacy application expecting a whole machine? */
  legacy: boolean
  skills: Skills
}

export const DEFAULT_ANSWERS: Answers = {
  trust: 'trusted', compliance: false, os: 'linux', kernel: false, latency: 'seconds', density: false, kubernetes: false, legacy: false, skills: 'both',
}

/** The questions, in the order asked, with their accepted answers (the same names as the flags). */
export const QUESTIONS: readonly { key: keyof Answers; text: string; choices: readonly string[] }[] = [
  { key: 'trust', text: 'Tenants: do they trust each other (trusted), or are they separate customers running their own code (untrusted)?', choices: ['trusted', 'untrusted'] },
  { key: 'compliance', text: 'Compliance or audited isolation required (PCI-DSS, HIPAA)?', choices: ['no', 'yes'] },
  { key: 'os', text: 'Operating systems: Linux only, Windows, or a mix?', choices: ['linux', 'windows', 'mixed'] },
  { key: 'kernel', text: 'Does a workload need its own kernel, kernel modules or kernel tuning?', choices: ['no', 'yes'] },
  { key: 'latency', text: 'How fast must a new instance start: milliseconds, seconds, or are minutes fine?', choices: ['ms', 'seconds', 'minutes'] },
  { key: 'density', text: 'Hundreds of small instances per host?', choices: ['no', 'yes'] },
  { key: 'kubernetes', text: 'Orchestrated with Kubernetes on a cloud provider?', choices: ['no', 'yes'] },
  { key: 'legacy', text: 'A monolithic legacy application that expects a whole machine?', choices: ['no', 'yes'] },
  { key: 'skills', text: "The team's experience: containers, VMs, or both?", choices: ['both', 'containers', 'vms'] },
]

/** Figures from this machine the reasons quote (advise measures them; the web app passes its own). */
export interface Figures {
  /** `docker run --rm alpine true`, virtual ns. */
  containerStartNs: number
  /** A full Ubuntu VM's boot (SeaBIOS, GRUB, initramfs, systemd units), ns. */
  vmBootNs: number
  /** A microVM's boot (Firecracker-like), ns. */
  microvmBootNs: number
  /** Memory one VM costs beyond its application, bytes. */
  vmOverheadBytes: number
  /** Memory one container costs beyond its application, bytes. */
  containerOverheadBytes: number
  /** Packing a 32 GiB host with the default workload: counts. */
  vmsPerHost: number
  containersPerHost: number
}

export type Recommendation = 'VMs' | 'microVMs' | 'containers' | 'containers inside VMs'

export interface Reason {
  text: string
  /** The lab that shows it (scenarios/labs/<id>.yaml). */
  lab: string
}

export interface Advice {
  recommendation: Recommendation
  /** The seed's words for this choice. */
  summary: string
  reasons: Reason[]
}

/** Labs that show each reason (issue 12's list; ids as in scenarios/labs/). */
export const LABS = {
  process: 'process-not-vm',
  noisy: 'noisy-neighbour',
  kernelEscape: 'kernel-bug-escape',
  dirtyPipe: 'dirty-pipe-lab',
  ept: 'vm-memory-isolation',
  hypervisorEscape: 'hypervisor-escape',
  startup: 'startup-race',
  density: 'density-and-cost',
  hybrid: 'containers-in-vms',
} as const

const secs = (ns: number) => (ns < 1e9 ? `${Math.round(ns / 1e6)} ms` : `${(ns / 1e9).toFixed(1)} s`)
const mb = (b: number) => (b >= 2 ** 20 ? `${Math.round(b / 2 ** 20)} MiB` : `${Math.round(b / 1024)} KiB`)

/** The recommendation for a set of answers, with reasons quoting `f`. */
export function advise(a: Answers, f: Figures): Advice {
  const why: Reason[] = []
  const sharedKernel: Reason = { text: `containers share the host's one kernel: one kernel bug (e.g. CVE-2022-0847, Dirty Pipe, through the shared page cache) reaches every tenant; a VM has its own kernel behind the hypervisor (EPT keeps VM memory apart)`, lab: LABS.kernelEscape }
  const vmBoot: Reason = { text: `a full VM boots in ${secs(f.vmBootNs)} here, a container starts in ${secs(f.containerStartNs)}, a microVM in ${secs(f.microvmBootNs)}`, lab: LABS.startup }
  const densityR: Reason = { text: `one VM costs ${mb(f.vmOverheadBytes)} beyond its application, a container ${mb(f.containerOverheadBytes)}: a 32 GiB host holds ${f.vmsPerHost} VMs or ${f.containersPerHost} containers here`, lab: LABS.density }

  if (a.os !== 'linux') {
    why.push({ text: `${a.os === 'windows' ? 'Windows' : 'a mix of operating systems'} needs its own kernel: a container can only run on the host's Linux kernel ("containers are Linux-first")`, lab: LABS.process })
    if (a.trust === 'untrusted') why.push(sharedKernel)
    why.push(vmBoot)
    return { recommendation: 'VMs', summary: 'If you have different OS requirements, VMs provide the flexibility needed.', reasons: why }
  }
  if (a.trust === 'untrusted') {
    why.push(sharedKernel)
    why.push({ text: 'a hypervisor escape needs a bug in a much smaller surface (the VMM and KVM), and the VMM itself can be confined', lab: LABS.hypervisorEscape })
    if (a.latency === 'ms' || a.density) {
      why.push({ text: `microVMs keep the hardware boundary and start in ${secs(f.microvmBootNs)} here (no firmware, no boot loader, a handful of virtio devices) against ${secs(f.vmBootNs)} for a full VM`, lab: LABS.startup })
      return { recommendation: 'microVMs', summary: 'Multi-tenant with untrusted code: hardware isolation per tenant, at near-container start-up (Firecracker, Lambda).', reasons: why }
    }
    if (a.kubernetes) {
      why.push({ text: 'each customer gets VMs for isolation; inside them containers give the scaling (GKE, EKS, AKS run nodes as VMs)', lab: LABS.hybrid })
      why.push(densityR)
      return { recommendation: 'containers inside VMs', summary: 'Multi-tenant SaaS with separate customers benefits from containers inside VMs.', reasons: why }
    }
    why.push({ text: 'VM memory is partitioned by EPT: one VM reading another\'s memory is an EPT violation the hypervisor denies', lab: LABS.ept })
    why.push(densityR)
    return { recommendation: 'VMs', summary: 'Cloud providers should use VMs with strong isolation for multi-tenant environments.', reasons: why }
  }
  if (a.compliance || a.kernel || a.legacy) {
    if (a.compliance) why.push({ text: 'compliance wants proven isolation and audit trails: the boundary is hardware (hypervisor), not a shared kernel', lab: LABS.ept })
    if (a.kernel) why.push({ text: 'a custom kernel or kernel tuning needs a kernel of its own: containers share the host kernel', lab: LABS.process })
    if (a.legacy) why.push({ text: 'a monolithic legacy application expecting root, kernel tuning and a whole machine runs as it always did in a VM', lab: LABS.process })
    if (a.kubernetes) {
      why.push({ text: 'Kubernetes on a cloud already runs its nodes as VMs: the containers inside inherit that boundary', lab: LABS.hybrid })
      return { recommendation: 'containers inside VMs', summary: 'VMs for isolation, containers for efficiency: the production standard.', reasons: why }
    }
    why.push(vmBoot)
    return { recommendation: 'VMs', summary: 'When compliance and audit trails are critical, or the application is legacy, VMs provide stronger isolation boundaries.', reasons: why }
  }
  if (a.kubernetes) {
    why.push({ text: 'on a cloud the nodes are VMs (GKE, EKS, AKS): the hypervisor separates you from other customers, containers pack your own services', lab: LABS.hybrid })
    why.push(densityR)
    return { recommendation: 'containers inside VMs', summary: 'The hybrid model is the production standard: VMs for isolation, containers for efficiency.', reasons: why }
  }
  why.push({ text: 'all workloads are trusted: the shared kernel is fine, and its limits (cgroups) keep one noisy neighbour from starving the rest', lab: LABS.noisy })
  why.push({ text: `a container starts in ${secs(f.containerStartNs)} here, a full VM boots in ${secs(f.vmBootNs)}`, lab: LABS.startup })
  why.push(densityR)
  if (a.skills === 'vms') why.push({ text: 'the team knows VMs: a container is not a small VM but a process with namespaces, so plan for the difference', lab: LABS.process })
  return { recommendation: 'containers', summary: 'For internal microservices, containers are the right choice.', reasons: why }
}

/** Parses one answer ('yes'/'no' for the yes-no questions); undefined if not a choice. */
export function parseAnswer(key: keyof Answers, text: string): Answers[keyof Answers] | undefined {
  const q = QUESTIONS.find((x) => x.key === key)!
  const v = text.trim().toLowerCase()
  if (!q.choices.includes(v)) return undefined
  return typeof DEFAULT_ANSWERS[key] === 'boolean' ? v === 'yes' : (v as Answers[keyof Answers])
}
