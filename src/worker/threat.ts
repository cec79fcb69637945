// The threat model's words for a process, for the live view: its effective
// capabilities summarised as pscap(8) does ("full" for every capability) or by
// Docker's default set, its seccomp mode as /proc/PID/status numbers it.
import { CAP_FULL, capNames } from '../../kernel-sim/abi/capability.ts'
import { DEFAULT_CAPSET } from '../runtime/caps.ts'

/** CapEff (16 hex digits) → a short word and the names, as `capsh --decode` lists them. */
export function capsSummary(capEff: string): { short: string; names: string[] } {
  const set = BigInt(`0x${capEff || '0'}`)
  const names = capNames(set)
  const short = set === 0n ? 'none' : set === CAP_FULL ? 'full' : set === DEFAULT_CAPSET ? 'docker default' : `${names.length} caps`
  return { short, names }
}

/** Seccomp: 0, 1 or 2, with what it means (SECCOMP_MODE_*). */
export const SECCOMP_MODES = ['0 (none)', '1 (strict)', '2 (filter)'] as const
