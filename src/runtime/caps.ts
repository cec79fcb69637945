// The capability set a container starts with (docker run reference, "Runtime
// privilege and Linux capabilities"): Docker's default 14, then --cap-add and
// --cap-drop (ALL and the optional CAP_ prefix), or everything with
// --privileged. The default set is CapEff 00000000a80425fb (capabilities(7)).
import { CAP, CAPS, CAP_FULL, capBit, type CapSet } from '../../kernel-sim/abi/capability.ts'
import { normalizeCap } from './spec.ts'

export const DEFAULT_CAPS = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
] as const

export const DEFAULT_CAPSET: CapSet = DEFAULT_CAPS.reduce((a, c) => a | capBit(CAP[c]), 0n)

/** Docker's rule (oci/caps TweakCapabilities): start from the defaults, drops then adds; ALL expands. */
export function containerCaps(privileged: boolean, add: readonly string[], drop: readonly string[]): CapSet {
  if (privileged) return CAP_FULL
  const adds = add.map(normalizeCap).filter(Boolean) as string[]
  const drops = drop.map(normalizeCap).filter(Boolean) as string[]
  let set = DEFAULT_CAPSET
  if (drops.includes('ALL')) set = 0n
  else for (const d of drops) set &= ~capBit(CAP[d.slice(4) as (typeof CAPS)[number]])
  if (adds.includes('ALL')) set = CAP_FULL
  else for (const a of adds) set |= capBit(CAP[a.slice(4) as (typeof CAPS)[number]])
  // "--cap-add=ALL --cap-drop=MKNOD": drops win over ALL.
  if (adds.includes('ALL')) for (const d of drops) if (d !== 'ALL') set &= ~capBit(CAP[d.slice(4) as (typeof CAPS)[number]])
  return set
}

/** Names as `docker inspect` lists them ("CAP_NET_ADMIN"). */
export const capList = (set: CapSet) => CAPS.filter((_, i) => (set >> BigInt(i)) & 1n).map((c) => 'CAP_' + c)
