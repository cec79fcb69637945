// Discretionary access control (path_resolution(7), capabilities(7)).
import { CAP, capHas } from '../../abi/index.ts'
import type { Cred } from '../state.ts'

export const MAY_EXEC = 1
export const MAY_WRITE = 2
export const MAY_READ = 4

export function inGroup(c: Cred, gid: number): boolean {
  return c.fsgid === gid || c.groups.includes(gid)
}

/**
 * May `c` access an object with these owner/mode bits? "CAP_DAC_OVERRIDE: Bypass
 * file read, write, and execute permission checks" — execute only if some x bit
 * is set, unless a directory; CAP_DAC_READ_SEARCH bypasses read and dir search.
 */
export function permitted(c: Cred, o: { uid: number; gid: number; mode: number; type: string }, mask: number): boolean {
  const bits = c.fsuid === o.uid ? o.mode >> 6 : inGroup(c, o.gid) ? o.mode >> 3 : o.mode
  if ((bits & mask & 7) === mask) return true
  if (capHas(c.capEff, CAP.DAC_OVERRIDE)) {
    if (!(mask & MAY_EXEC) || o.type === 'd' || (o.mode & 0o111) !== 0) return true
  }
  if (capHas(c.capEff, CAP.DAC_READ_SEARCH)) {
    if (mask === MAY_READ || (o.type === 'd' && !(mask & MAY_WRITE))) return true
  }
  return false
}

/** Owner or CAP_FOWNER: may chmod, utime (inode_owner_or_capable). */
export function ownerOrCapable(c: Cred, uid: number): boolean {
  return c.fsuid === uid || capHas(c.capEff, CAP.FOWNER)
}
