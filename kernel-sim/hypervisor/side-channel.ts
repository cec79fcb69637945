// The shared core, as the hypervisor sees it: a guest's speculative probe
// (kernel/spec-probe.ts) reads host-physical memory only through a path the
// CPU and the host kernel leave open, and only while the victim runs on the
// attacker's physical core.
//
// - L1TF (CVE-2018-3646): the L1D is shared by sibling hyperthreads, so with
//   SMT on the sibling path is open whatever the mitigations (the conditional
//   L1D flush happens on VM entry, not while the sibling runs); the same-core,
//   time-sliced path is open only without that flush (mitigations=off).
// - Spectre v2 (CVE-2017-5715): the branch predictor is poisoned across
//   siblings (no STIBP) or across VM switches on one core (no IBPB); any
//   kernel mitigation mode (retpolines, IBRS, eIBRS, IBPB, STIBP) closes both.
// A victim shares the core for 1/cores of the time (cores: physical cores;
// with SMT two threads share one), and only while its vCPU is runnable.
//
// SIMPLIFICATION: co-scheduling is a probability per probe, not a placement
// of vCPUs on cores; host kernel memory (Project Zero's target) is not
// modelled, so a probe of an address no VM owns finds nothing.
import { nextU32 } from '../base/rng.ts'
import { noise } from '../kernel/spec-probe.ts'
import { machineVersions } from '../kernel/version.ts'
import { CPU_MODELS, DEFAULT_VERSIONS } from '../vulns/index.ts'
import type { Hypervisor } from './hypervisor.ts'
import { PAGE } from './memory.ts'
import type { Vm } from './types.ts'
import { reportExploited } from '../kernel/security/exploit-report.ts'

/** The chance, per probe, that the victim's data reaches the attacker's cache measurement. */
export function leakChance(hv: Hypervisor, technique: 'bti' | 'l1tf', victim: Vm): number {
  const v = machineVersions(hv.host)
  const cpu = CPU_MODELS[v.cpu] ?? CPU_MODELS[DEFAULT_VERSIONS.cpu]!
  if (!cpu.bugs.includes(technique === 'bti' ? 'spectre_v2' : 'l1tf')) return 0
  const run = victim.run
  if (!run || victim.state !== 'running') return 0
  if (!run.vcpus.some((pid) => hv.host.task(pid)?.state === 'R')) return 0 // halted: nothing of it on any core
  const smt = v.smt !== 'off' && cpu.threadsPerCore > 1
  const mitigated = v.mitigations !== 'off'
  const cpus = hv.host.s.machine.cpus
  const share = 1 / (smt ? Math.max(1, Math.floor(cpus / cpu.threadsPerCore)) : cpus)
  let p = 0
  if (smt && (technique === 'l1tf' || !mitigated)) p += share // the sibling thread
  if (!mitigated) p += share // the same core after a VM switch
  return Math.min(1, p)
}

/** The VM whose RAM holds host-physical address `hpa`. */
function ownerOf(hv: Hypervisor, hpa: number): Vm | undefined {
  const hfn = Math.floor(hpa / PAGE)
  for (const vm of hv.vms.values()) {
    const s = vm.run?.slot
    if (s && hfn >= s.hfnBase && hfn < s.hfnBase + s.frames) return vm
  }
  return undefined
}

/** A probe from `attacker`'s guest: the byte at `hpa` when the channel carried it, else noise or no hit. */
export function speculate(hv: Hypervisor, attacker: Vm, technique: 'bti' | 'l1tf', hpa: number): number {
  const r = nextU32(attacker.rng) / 2 ** 32
  const victim = ownerOf(hv, hpa)
  if (victim === attacker) return hv.mem.readByte(hpa) // its own memory: no secret to steal
  const p = victim ? leakChance(hv, technique, victim) : 0
  if (r >= p) return noise(nextU32(attacker.rng) / 2 ** 32)
  leaked(hv, attacker, victim!, technique)
  return hv.mem.readByte(hpa)
}

/** Attacker-victim-technique triples already reported: the first byte that crossed is the success, not every byte. */
const reported = new WeakMap<Hypervisor, Set<string>>()

function leaked(hv: Hypervisor, attacker: Vm, victim: Vm, technique: 'bti' | 'l1tf'): void {
  const key = `${attacker.id}:${victim.id}:${technique}`
  const seen = reported.get(hv) ?? new Set<string>()
  reported.set(hv, seen)
  const vcpu = attacker.run?.vcpus[0]
  if (seen.has(key) || vcpu === undefined) return
  seen.add(key)
  const name = technique === 'bti' ? 'Spectre v2 (branch target injection)' : 'L1TF (L1 terminal fault)'
  reportExploited(hv.host, vcpu, `${name}: a speculative load from VM ${attacker.spec.name} read VM ${victim.spec.name}'s memory through the shared core's cache`,
    { fromVm: attacker.spec.name, vmMemory: victim.spec.name })
}
