// libcap's text forms: cap_to_text() ("=ep", "cap_chown,cap_kill=ep",
// "=ep cap_net_raw-ep"), cap_iab_to_text() ("!cap_sys_admin,^cap_kill") and
// the "--decode" list. Pure functions over 64-bit sets.
import { CAP_LAST_CAP, CAPS, capHas } from '../../../kernel-sim/abi/index.ts'

export const capName = (i: number) => (i <= CAP_LAST_CAP ? 'cap_' + CAPS[i]!.toLowerCase() : String(i))
const NAMED = CAP_LAST_CAP + 1

const EFF = 1
const PER = 2
const INH = 4
const flags = (n: number) => `${n & EFF ? 'e' : ''}${n & INH ? 'i' : ''}${n & PER ? 'p' : ''}`

/**
 * cap_to_text(): the most common (e,i,p) combination becomes the base "=flags"
 * clause (ties go to fewer flags); every other combination is listed with the
 * flags to add (+) or remove (-). With an empty base the leading "=" is folded
 * into the first clause ("cap_chown,cap_kill=ep"), as libcap 2.4x+ prints it.
 */
export function capToText(c: { eff: bigint; inh: bigint; prm: bigint }): string {
  const state = (i: number) => (capHas(c.eff, i) ? EFF : 0) | (capHas(c.prm, i) ? PER : 0) | (capHas(c.inh, i) ? INH : 0)
  const histo = new Array<number>(8).fill(0)
  for (let i = 0; i < NAMED; i++) histo[state(i)]!++
  let m = 7
  for (let t = 6; t >= 0; t--) if (histo[t]! >= histo[m]!) m = t
  const clauses: string[] = []
  for (let t = 7; t >= 0; t--) {
    if (t === m || !histo[t]) continue
    const names: string[] = []
    for (let i = 0; i < NAMED; i++) if (state(i) === t) names.push(capName(i))
    const add = t & ~m
    const del = ~t & m
    clauses.push(names.join(',') + (add ? '+' + flags(add) : '') + (del ? '-' + flags(del) : ''))
  }
  if (m === 0 && clauses.length) {
    clauses[0] = clauses[0]!.replace('+', '=')
    return clauses.join(' ')
  }
  return ['=' + flags(m), ...clauses].join(' ')
}

/** cap_iab_to_text(): per capability, "!" if dropped from the bounding set, "^" if ambient, "%" for inheritable when also "!". */
export function iabToText(c: { inh: bigint; amb: bigint; bnd: bigint }): string {
  const out: string[] = []
  for (let i = 0; i < NAMED; i++) {
    const ib = capHas(c.inh, i)
    const ab = capHas(c.amb, i)
    const nb = !capHas(c.bnd, i)
    if (!(ib || ab || nb)) continue
    out.push(`${nb ? '!' : ''}${ab ? '^' : nb && ib ? '%' : ''}${capName(i)}`)
  }
  return out.join(',')
}

/** The names of the bits set in a value, comma-separated (capsh --decode, the Bounding/Ambient lines). */
export function capList(v: bigint): string {
  const out: string[] = []
  for (let i = 0; i < 64 && v >> BigInt(i); i++) if ((v >> BigInt(i)) & 1n) out.push(capName(i))
  return out.join(',')
}

/** cap_from_name(): "cap_sys_admin", "CAP_SYS_ADMIN", "sys_admin" or a number. */
export function capFromName(name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name) < 64 ? Number(name) : undefined // libcap: a number names a bit of the 64-bit sets
  const n = name.toLowerCase().replace(/^cap_/, '')
  const i = CAPS.findIndex((c) => c.toLowerCase() === n)
  return i < 0 ? undefined : i
}
