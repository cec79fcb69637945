// An AppArmor-like LSM: tasks carry a profile name (their label); the
// profile's rules decide file opens (path + mode), mounts, capabilities and
// ptrace access. Denials return EACCES and are logged as AppArmor logs them
// (an AUDIT_AVC record in dmesg); a profile in complain mode logs "ALLOWED".
import type { Draft } from 'immer'
import { CAPS, E, signalName } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { AUDIT_AVC, audit, mutSecurity, securityState } from './audit.ts'
import { globToRegExp, parseProfile } from './lsm-parse.ts'
import { BUILTIN_PROFILES } from './lsm-profiles.ts'
import type { LsmFileRule, LsmProfile } from './types.ts'

export const UNCONFINED = 'unconfined'

export const lsmLabel = (t: Task): string => t.lsm?.profile ?? UNCONFINED

/** Every loaded profile: the built-ins and those loaded at run time. */
export function lsmProfiles(k: Kernel): Record<string, LsmProfile> {
  return { ...BUILTIN_PROFILES, ...securityState(k).profiles }
}

export function lsmProfile(k: Kernel, name: string): LsmProfile | undefined {
  return securityState(k).profiles[name] ?? BUILTIN_PROFILES[name]
}

/** Loads (or replaces) a profile from policy text, as apparmor_parser -r does; returns an error message or the name. */
export function lsmLoadProfile(k: Kernel, text: string): string | { error: string } {
  const p = parseProfile(text)
  if (typeof p === 'string') return { error: p }
  mutSecurity(k).profiles[p.name] = p as Draft<LsmProfile>
  return p.name
}

/** /proc/[pid]/attr/current: "unconfined" or "NAME (enforce)". */
export function attrCurrent(k: Kernel, t: Task): string {
  const name = lsmLabel(t)
  if (name === UNCONFINED) return UNCONFINED + '\n'
  return `${name} (${lsmProfile(k, name)?.mode ?? 'enforce'})\n`
}

/**
 * A write to /proc/self/attr/exec ("exec PROFILE", what aa_change_onexec()
 * writes): the profile takes effect at the next execve. ENOENT for an unknown
 * profile, EINVAL for anything but the "exec" command.
 */
export function attrExecWrite(k: Kernel, writer: Task, target: Task, data: string): number {
  if (writer.kpid !== target.kpid) return -E.EACCES
  const m = /^exec\s+(\S+)\s*\0?\s*$/.exec(data)
  if (!m) return -E.EINVAL
  const name = m[1]!
  if (name !== UNCONFINED && !lsmProfile(k, name)) return -E.ENOENT
  k.mutTask(target.kpid).lsm = { profile: lsmLabel(target), onExec: name }
  return data.length
}

/**
 * execve(): switch to the profile set through attr/exec. Under no_new_privs a
 * confined task may not change profile (EPERM, as AppArmor refuses transitions
 * that are not to a subset of the current confinement).
 */
export function lsmExec(k: Kernel, t: Task): number {
  const next = t.lsm?.onExec
  if (next === undefined) return 0
  const cur = lsmLabel(t)
  if (t.cred.noNewPrivs && cur !== UNCONFINED && next !== cur) return -E.EPERM
  k.mutTask(t.kpid).lsm = next === UNCONFINED ? undefined : { profile: next }
  return 0
}

// ---- file rules -------------------------------------------------------------

const compiled = new WeakMap<LsmFileRule, RegExp>()
function matches(rule: LsmFileRule, path: string): boolean {
  if (rule.glob === '') return true
  let re = compiled.get(rule)
  if (!re) compiled.set(rule, (re = globToRegExp(rule.glob)))
  return re.test(path)
}

/** The order AppArmor prints permission letters in (AA_FILE_PERMS_CHRS "xwracd km l"). */
const MASK_ORDER = 'xwracdkml'
const order = (s: string) => [...MASK_ORDER].filter((c) => s.includes(c)).join('')
/** A rule's letters as the permissions they grant: w also grants append, create and delete. */
const grants = (perms: string) => (perms.includes('w') ? perms + 'acd' : perms)

/**
 * The file hook (apparmor_file_open / path_mknod): `requested` in AppArmor's
 * letters ("r", "w", "wr", "a", "c", "x"). 0 or -EACCES.
 */
export function lsmFile(k: Kernel, t: Task, op: string, path: string, requested: string, ouid: number): number {
  if (t.lsm === undefined) return 0
  const p = lsmProfile(k, t.lsm.profile)
  if (!p) return 0
  let allowed = ''
  let denied = ''
  for (const r of p.rules) {
    if (r.kind !== 'file' || !matches(r, path)) continue
    if (r.deny) denied += grants(r.perms)
    else allowed += grants(r.perms)
  }
  const bad = [...requested].filter((c) => denied.includes(c) || !allowed.includes(c)).join('')
  if (!bad) return 0
  const verdict = p.mode === 'complain' ? 'ALLOWED' : 'DENIED'
  audit(k, AUDIT_AVC, `apparmor="${verdict}" operation="${op}" profile="${p.name}" name="${path}" pid=${t.kpid} comm="${t.comm}" requested_mask="${order(requested)}" denied_mask="${order(bad)}" fsuid=${t.cred.fsuid} ouid=${ouid}`)
  return verdict === 'DENIED' ? -E.EACCES : 0
}

/** AppArmor's letters for an open(2) access mode: O_RDONLY "r", O_WRONLY "w" (O_APPEND: "a"), O_RDWR "wr". */
export function openMask(flags: number): string {
  const acc = flags & 3
  const w = acc === 1 || acc === 2 ? (flags & 0o2000 ? 'a' : 'w') : ''
  return w + (acc === 0 || acc === 2 ? 'r' : '')
}

// ---- mount, capabilities, ptrace ---------------------------------------------

function ruleVerdict(p: LsmProfile, kind: string, covers: (r: LsmProfile['rules'][number]) => boolean): boolean {
  let allow = false
  for (const r of p.rules) {
    if (r.kind !== kind || !covers(r)) continue
    if (r.deny) return false
    allow = true
  }
  return allow
}

/** The mount hook (apparmor_sb_mount): 0 or -EACCES. */
export function lsmMount(k: Kernel, t: Task, m: { source: string; target: string; fstype: string }): number {
  const p = t.lsm && lsmProfile(k, t.lsm.profile)
  if (!p || ruleVerdict(p, 'mount', () => true)) return 0
  const verdict = p.mode === 'complain' ? 'ALLOWED' : 'DENIED'
  const name = m.target.endsWith('/') ? m.target : m.target + '/'
  audit(k, AUDIT_AVC, `apparmor="${verdict}" operation="mount" info="failed flags match" error=-13 profile="${p.name}" name="${name}" pid=${t.kpid} comm="${t.comm}" fstype="${m.fstype}" srcname="${m.source}"`)
  return verdict === 'DENIED' ? -E.EACCES : 0
}

/** The capability hook (apparmor_capable), run after the task was found to hold `cap`. */
export function lsmCapable(k: Kernel, t: Task, cap: number): boolean {
  const p = t.lsm && lsmProfile(k, t.lsm.profile)
  if (!p) return true
  const ok = ruleVerdict(p, 'capability', (r) => r.kind === 'capability' && (r.caps === 'all' || r.caps.includes(cap)))
  if (ok) return true
  const verdict = p.mode === 'complain' ? 'ALLOWED' : 'DENIED'
  // The two spaces before capname are the kernel's (audit_cb: " capability=%d " then " capname=").
  audit(k, AUDIT_AVC, `apparmor="${verdict}" operation="capable" profile="${p.name}" pid=${t.kpid} comm="${t.comm}" capability=${cap}  capname="${CAPS[cap]!.toLowerCase()}"`)
  return verdict === 'ALLOWED'
}

/** The ptrace hook (apparmor_ptrace_access_check) for PTRACE_MODE_READ ("read") or ATTACH ("trace"): 0 or -EACCES. */
export function lsmPtrace(k: Kernel, tracer: Task, tracee: Task, mode: 'read' | 'trace'): number {
  const p = tracer.lsm && lsmProfile(k, tracer.lsm.profile)
  if (!p) return 0
  const peer = lsmLabel(tracee)
  const ok = ruleVerdict(p, 'ptrace', (r) => r.kind === 'ptrace' && (r.peer === '*' || globToRegExp(r.peer).test(peer)) &&
    (r.perms.includes(mode) || (mode === 'read' && r.perms.includes('trace'))))
  if (ok) return 0
  const verdict = p.mode === 'complain' ? 'ALLOWED' : 'DENIED'
  audit(k, AUDIT_AVC, `apparmor="${verdict}" operation="ptrace" profile="${p.name}" pid=${tracer.kpid} comm="${tracer.comm}" requested_mask="${mode}" denied_mask="${mode}" peer="${peer}"`)
  return verdict === 'DENIED' ? -E.EACCES : 0
}

/** One side of a signal check: may `self` (confined by its profile) send to / receive from `peer`? */
function signalSide(k: Kernel, self: Task, peer: Task, perm: 'send' | 'receive', sig: number): boolean {
  const p = self.lsm && lsmProfile(k, self.lsm.profile)
  if (!p) return true
  const peerLabel = lsmLabel(peer)
  const ok = ruleVerdict(p, 'signal', (r) => r.kind === 'signal' && r.perms.includes(perm) && (r.peer === '*' || globToRegExp(r.peer).test(peerLabel)))
  if (ok) return true
  const verdict = p.mode === 'complain' ? 'ALLOWED' : 'DENIED'
  const name = (signalName(sig) ?? `SIG${sig}`).replace(/^SIG/, '').toLowerCase()
  const actor = perm === 'send' ? self : peer
  audit(k, AUDIT_AVC, `apparmor="${verdict}" operation="signal" profile="${p.name}" pid=${actor.kpid} comm="${actor.comm}" requested_mask="${perm}" denied_mask="${perm}" signal=${name} peer="${peerLabel}"`)
  return verdict === 'ALLOWED'
}

/**
 * The signal hook (apparmor_task_kill): the sender's profile must allow
 * "send" to the target's label, and the target's profile "receive" from the
 * sender's (docker-default: only among docker-default tasks, and from
 * unconfined ones). 0 or -EACCES.
 */
export function lsmSignal(k: Kernel, sender: Task, target: Task, sig: number): number {
  if (sender.lsm === undefined && target.lsm === undefined) return 0
  return signalSide(k, sender, target, 'send', sig) && signalSide(k, target, sender, 'receive', sig) ? 0 : -E.EACCES
}
