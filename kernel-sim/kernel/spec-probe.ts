// A speculative-execution side channel as one request: the attacker makes the
// CPU touch host-physical memory speculatively (Spectre v2: by poisoning the
// branch predictor so the victim's indirect branch runs a gadget; L1TF: a
// not-present guest PTE whose address the L1D lookup uses as host-physical),
// then times 256 probe lines (flush+reload): the hot line's index is the byte.
//
// Whether anything is hot depends on the CPU, the host's mitigations and SMT,
// and whether the victim shares the attacker's core: only a hypervisor knows
// that, so in a guest the KVM host answers (hypervisor/side-channel.ts). On
// bare metal isolab models no victim: only the noise of false hits.
//
// SIMPLIFICATION: no instructions, no caches: the probe is a request that
// costs the time one round of the attack takes (Project Zero's KVM attack read
// about 1,500 bytes/s, two agreeing probes per byte).
import { nextU32 } from '../base/rng.ts'
import type { Kernel } from './kernel.ts'
import type { Kpid } from '../abi/index.ts'
import { spec, type SyscallTable } from './syscalls/spec.ts'

/** One probe round: 1 s / (1,500 bytes/s * 2 probes per byte). */
export const PROBE_NS = 333_333

/** A false hit (a line hot for another reason: prefetchers, interrupts), 1 probe in 16; else no hit. `r` uniform in [0, 1). */
export function noise(r: number): number {
  return r < 1 / 16 ? Math.floor(r * 16 * 256) : -1
}

function draw(k: Kernel): number {
  const rng = [...k.s.rng] as typeof k.s.rng // snapshots share the old array
  const v = nextU32(rng)
  k.s.rng = rng
  return v / 2 ** 32
}

function sysSpecProbe(k: Kernel, kpid: Kpid, technique: unknown, hpa: unknown): number {
  const t = technique === 'bti' || technique === 'l1tf' ? technique : undefined
  const a = Number(hpa)
  if (!t || !Number.isSafeInteger(a) || a < 0) return -1
  return k.host.speculate ? k.host.speculate(kpid, t, a) : noise(draw(k))
}

export const SPEC_SYSCALLS: Pick<SyscallTable, 'spec_probe'> = {
  spec_probe: spec((k, p, a) => sysSpecProbe(k, p, a[0], a[1]), PROBE_NS),
}
