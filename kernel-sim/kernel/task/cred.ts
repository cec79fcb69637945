// Credentials and capabilities (credentials(7), capabilities(7)).
import { CAP, CAP_EMPTY, CAP_FULL, E, capBit, capHas } from '../../abi/index.ts'
import type { CapState } from '../../abi/index.ts'
import type { Cred } from '../state.ts'

/**
 * The capability sets a task holds in its own user namespace: what capget(2)
 * and /proc/PID/status report and what ns_capable() checks there. A task in a
 * child user namespace keeps them in nsCaps (its global sets are empty).
 */
/** The effective set held in the task's own user namespace, without building the whole state (capability checks are frequent). */
export const heldEff = (c: Cred): bigint => (c.nsCaps ? c.nsCaps.eff : c.capEff)

export function heldCaps(c: Cred): CapState {
  const n = c.nsCaps
  return n ? { inh: n.inh, prm: n.prm, eff: n.eff, bnd: n.bnd, amb: n.amb } : { inh: c.capInh, prm: c.capPrm, eff: c.capEff, bnd: c.capBnd, amb: c.capAmb }
}

export const rootCred = (): Cred => ({
  ruid: 0, euid: 0, suid: 0, fsuid: 0, rgid: 0, egid: 0, sgid: 0, fsgid: 0, groups: [0],
  capInh: CAP_EMPTY, capPrm: CAP_FULL, capEff: CAP_FULL, capBnd: CAP_FULL, capAmb: CAP_EMPTY,
  noNewPrivs: false,
})

/**
 * setresuid(2): unprivileged callers may set each id to the current real,
 * effective or saved uid; -1 leaves one unchanged. Then the capability rules:
 * leaving uid 0 for good clears permitted, effective and ambient; a change of
 * euid away from 0 clears effective, back to 0 restores it from permitted.
 */
export function setresuid(c: Cred, r: number, e: number, s: number): Cred | number {
  const allowed = [c.ruid, c.euid, c.suid]
  const priv = capHas(heldEff(c), CAP.SETUID) // ns_capable(current_user_ns(), CAP_SETUID)
  for (const id of [r, e, s]) if (id !== -1 && !priv && !allowed.includes(id)) return -E.EPERM
  const n: Cred = { ...c }
  if (r !== -1) n.ruid = r
  if (e !== -1) n.euid = e
  if (s !== -1) n.suid = s
  n.fsuid = n.euid
  const wasRoot = c.ruid === 0 || c.euid === 0 || c.suid === 0
  const nowRoot = n.ruid === 0 || n.euid === 0 || n.suid === 0
  if (wasRoot && !nowRoot) {
    n.capPrm = CAP_EMPTY
    n.capEff = CAP_EMPTY
    n.capAmb = CAP_EMPTY
  } else if (c.euid === 0 && n.euid !== 0) n.capEff = CAP_EMPTY
  else if (c.euid !== 0 && n.euid === 0) n.capEff = n.capPrm
  return n
}

export function setresgid(c: Cred, r: number, e: number, s: number): Cred | number {
  const allowed = [c.rgid, c.egid, c.sgid]
  const priv = capHas(heldEff(c), CAP.SETGID)
  for (const id of [r, e, s]) if (id !== -1 && !priv && !allowed.includes(id)) return -E.EPERM
  const n: Cred = { ...c }
  if (r !== -1) n.rgid = r
  if (e !== -1) n.egid = e
  if (s !== -1) n.sgid = s
  n.fsgid = n.egid
  return n
}

/**
 * execve(2) capability transformation, with the root special case ("If the real
 * or effective user ID of the process is 0, the file inheritable and permitted
 * sets are ignored; instead they are notionally considered to be all ones"):
 *   P'(permitted) = (P(inheritable) & F(inheritable)) | (F(permitted) & P(bounding)) | P'(ambient)
 *   P'(effective) = F(effective) ? P'(permitted) : P'(ambient)
 */
export function capsAfterExec(c: Cred): Cred {
  const root = c.ruid === 0 || c.euid === 0
  const fInh = root ? CAP_FULL : CAP_EMPTY
  const fPrm = root ? CAP_FULL : CAP_EMPTY
  const fEff = c.euid === 0
  const amb = c.capAmb
  const prm = (c.capInh & fInh) | (fPrm & c.capBnd) | amb
  return { ...c, capPrm: prm, capEff: fEff ? prm : amb }
}

/** capset(2): new sets must stay within the rules (no new permitted bits, effective ⊆ permitted). */
export function capset(c: Cred, n: { inh: bigint; prm: bigint; eff: bigint }): Cred | number {
  // A task whose capabilities are those of a user namespace sets them there (cap_capset works on its own cred).
  const cur = heldCaps(c)
  if ((n.prm & ~cur.prm) !== 0n) return -E.EPERM
  if ((n.eff & ~n.prm) !== 0n) return -E.EPERM
  const inhLimit = capHas(cur.eff, CAP.SETPCAP) ? cur.bnd | cur.inh : cur.prm | cur.inh
  if ((n.inh & ~inhLimit & ~cur.inh) !== 0n) return -E.EPERM
  if (c.nsCaps) return { ...c, nsCaps: { ...c.nsCaps, inh: n.inh, prm: n.prm, eff: n.eff } }
  return { ...c, capInh: n.inh, capPrm: n.prm, capEff: n.eff, capAmb: c.capAmb & n.prm & n.inh }
}

export function dropBounding(c: Cred, cap: number): Cred | number {
  if (c.nsCaps) {
    if (!capHas(c.nsCaps.eff, CAP.SETPCAP)) return -E.EPERM
    return { ...c, nsCaps: { ...c.nsCaps, bnd: c.nsCaps.bnd & ~capBit(cap) } }
  }
  if (!capHas(c.capEff, CAP.SETPCAP)) return -E.EPERM
  return { ...c, capBnd: c.capBnd & ~capBit(cap) }
}
