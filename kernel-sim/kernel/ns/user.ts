// User namespaces (user_namespaces(7)): id maps, capabilities relative to a
// namespace, and the rules for writing uid_map, gid_map and setgroups.
// Credentials keep kernel ids (kuid/kgid, the initial namespace's ids);
// programs see them mapped into their own namespace, 65534 when unmapped.
import { CAP, CAP_EMPTY, CAP_FULL, E, capHas } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Cred, Task } from '../state.ts'
import { INIT_INO, mutNs, nsLevel, nsRec } from './core.ts'
import type { IdExtent } from './types.ts'
import { lsmCapable } from '../security/lsm.ts'
import { heldEff } from '../task/cred.ts'

const INIT_USER = INIT_INO.user
/** /proc/sys/kernel/overflowuid and overflowgid. */
export const OVERFLOW_ID = 65534
/** Lines a map may have (user_namespaces(7): 340 since Linux 4.15). */
const MAX_EXTENTS = 340

export const credUserns = (c: Cred) => c.nsCaps?.userns ?? INIT_USER

type Which = 'uid' | 'gid'
const mapOf = (k: Kernel, ns: number, which: Which) => (which === 'uid' ? nsRec(k, ns)?.uidMap : nsRec(k, ns)?.gidMap)

/** from_kuid(): a kernel id as namespace `ns` sees it, or -1 if unmapped. */
export function fromKid(k: Kernel, ns: number, kid: number, which: Which = 'uid'): number {
  if (ns === INIT_USER) return kid
  for (const e of mapOf(k, ns, which) ?? []) if (kid >= e.lower && kid < e.lower + e.count) return e.first + (kid - e.lower)
  return -1
}

/** from_kuid_munged(): unmapped ids show as the overflow id. */
export const showKid = (k: Kernel, ns: number, kid: number, which: Which = 'uid') => {
  const v = fromKid(k, ns, kid, which)
  return v < 0 ? OVERFLOW_ID : v
}

/** make_kuid(): an id of namespace `ns` → kernel id, or -1 if unmapped. */
export function toKid(k: Kernel, ns: number, id: number, which: Which = 'uid'): number {
  if (ns === INIT_USER) return id
  for (const e of mapOf(k, ns, which) ?? []) if (id >= e.first && id < e.first + e.count) return e.lower + (id - e.first)
  return -1
}

/**
 * ns_capable() / cap_capable(): a task has `cap` over resources owned by user
 * namespace `target` if it holds it in `target` or in an ancestor, or it is
 * the owner (euid) of a child of its own namespace on the way to `target`.
 */
export function nsCapable(k: Kernel, t: Task, cap: number, target: number): boolean {
  const mine = credUserns(t.cred)
  const eff = heldEff(t.cred)
  const myLevel = nsLevel(k, mine)
  let ns = target
  for (;;) {
    if (ns === mine) return capHas(eff, cap) && lsmCapable(k, t, cap) // then the LSM (security_capable)
    const r = nsRec(k, ns)
    if (!r || (r.level ?? 0) <= myLevel) return false
    if (r.parent === mine && r.creator === t.cred.euid) return lsmCapable(k, t, cap)
    ns = r.parent!
  }
}

/**
 * Credentials on entering a new user namespace: full capabilities inside, none outside.
 * SIMPLIFICATION: checks that take only a Cred (file permissions, setresuid's
 * CAP_SETUID) use the global sets, so capabilities held in a user namespace never
 * override file modes (exact for the one-id maps an unprivileged user can write).
 */
export function credForNewUserns(c: Cred, userns: number): Cred {
  return {
    ...c, capInh: CAP_EMPTY, capPrm: CAP_EMPTY, capEff: CAP_EMPTY, capAmb: CAP_EMPTY,
    nsCaps: { userns, inh: CAP_EMPTY, prm: CAP_FULL, eff: CAP_FULL, bnd: CAP_FULL, amb: CAP_EMPTY },
  }
}

/** The kernel uid that is root inside the task's user namespace (-1 if unmapped): execve's "root" test. */
export function rootKuid(k: Kernel, c: Cred): number {
  return toKid(k, credUserns(c), 0, 'uid')
}

/** /proc/PID/uid_map as `reader` sees it: lower ids relative to the parent namespace ("%10u %10u %10u"). */
export function renderIdMap(k: Kernel, ns: number, which: Which): string {
  const pad = (n: number) => String(n).padStart(10)
  if (ns === INIT_USER) return `${pad(0)} ${pad(0)} ${pad(4294967295)}\n`
  const parent = nsRec(k, ns)?.parent ?? INIT_USER
  return (mapOf(k, ns, which) ?? []).map((e) => {
    const lower = fromKid(k, parent, e.lower, which)
    return `${pad(e.first)} ${pad(lower < 0 ? 4294967295 : lower)} ${pad(e.count)}\n`
  }).join('')
}

/** Parses a map: lines "inside outside count"; EINVAL for anything malformed or overlapping. */
export function parseIdMap(data: string): IdExtent[] | number {
  if (!data.endsWith('\n') && data.includes('\n')) return -E.EINVAL
  const lines = data.split('\n').filter((l, i, a) => l !== '' || i < a.length - 1)
  if (lines.length === 0 || lines.length > MAX_EXTENTS) return -E.EINVAL
  const out: IdExtent[] = []
  for (const line of lines) {
    const f = line.trim().split(/\s+/)
    if (f.length !== 3 || !f.every((x) => /^\d+$/.test(x))) return -E.EINVAL
    const [first, lower, count] = f.map(Number) as [number, number, number]
    if (count === 0 || first + count > 4294967295 || lower + count > 4294967295) return -E.EINVAL
    for (const e of out) {
      if (first < e.first + e.count && e.first < first + count) return -E.EINVAL
      if (lower < e.lower + e.count && e.lower < lower + count) return -E.EINVAL
    }
    out.push({ first, lower, count })
  }
  return out
}

/**
 * Writes uid_map/gid_map of `ns` on behalf of `writer` (user_namespaces(7)
 * "Defining user and group ID mappings"): once only (EPERM), CAP_SETUID/SETGID
 * in `ns`, writer in `ns` or its parent, and either one line mapping the
 * writer's own effective id (gid_map: after setgroups "deny") or CAP_SETUID in
 * the parent namespace. Outside ids must be mapped in the parent.
 */
export function writeIdMap(k: Kernel, writer: Task, ns: number, which: Which, data: string): number {
  if (ns === INIT_USER) return -E.EPERM
  const r = nsRec(k, ns)!
  if ((which === 'uid' ? r.uidMap : r.gidMap) !== undefined) return -E.EPERM
  const parsed = parseIdMap(data)
  if (typeof parsed === 'number') return parsed
  const cap = which === 'uid' ? CAP.SETUID : CAP.SETGID
  if (!nsCapable(k, writer, cap, ns)) return -E.EPERM
  const parent = r.parent!
  const wns = credUserns(writer.cred)
  if (wns !== ns && wns !== parent) return -E.EPERM
  const extents: IdExtent[] = []
  for (const e of parsed) {
    const lower = toKid(k, parent, e.lower, which)
    if (lower < 0 || (e.count > 1 && toKid(k, parent, e.lower + e.count - 1, which) !== lower + e.count - 1)) return -E.EPERM
    extents.push({ first: e.first, lower, count: e.count })
  }
  const own = which === 'uid' ? writer.cred.euid : writer.cred.egid
  const single = extents.length === 1 && extents[0]!.count === 1 && extents[0]!.lower === own
  const privileged = nsCapable(k, writer, cap, parent) && wns === parent
  if (!privileged) {
    if (!single) return -E.EPERM
    if (which === 'gid' && !r.setgroupsDeny) return -E.EPERM
  }
  const c = mutNs(k, ns)
  if (which === 'uid') c.uidMap = extents
  else c.gidMap = extents
  return 0
}

/** /proc/PID/setgroups: "allow" or "deny"; EPERM after gid_map is written or to re-allow. */
export function writeSetgroups(k: Kernel, writer: Task, ns: number, data: string): number {
  const v = data.trim()
  if (v !== 'allow' && v !== 'deny') return -E.EINVAL
  if (ns === INIT_USER) return -E.EPERM
  const r = nsRec(k, ns)!
  if (!nsCapable(k, writer, CAP.SYS_ADMIN, ns)) return -E.EPERM
  if (r.gidMap !== undefined) return -E.EPERM
  if (v === 'allow' && r.setgroupsDeny) return -E.EPERM
  mutNs(k, ns).setgroupsDeny = v === 'deny'
  return 0
}

/** stat(2) owners as the caller's user namespace sees them (unmapped: 65534). */
export function statIn<T extends { uid: number; gid: number }>(k: Kernel, t: Task, st: T): T {
  const ns = credUserns(t.cred)
  if (ns === INIT_USER) return st
  return { ...st, uid: showKid(k, ns, st.uid), gid: showKid(k, ns, st.gid, 'gid') }
}
