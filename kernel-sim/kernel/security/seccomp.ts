// seccomp(2): per-task syscall filters. A filter arrives as data
// (SeccompFilterSpec, abi/seccomp.ts) and is compiled once into a Map from
// syscall name to its rules, so the check in the dispatch path is one property
// test when a task has no filter and one Map lookup per filter when it has.
// Filters are inherited across fork (the task record is copied) and kept
// across execve; all of them run, most recent first, and the action with the
// highest precedence wins (for equal precedence, the most recent filter's data).
// Before any of them runs, the constant-action cache (Linux 5.11) lets through
// the calls every filter allows whatever their arguments.
import type { Kpid } from '../../abi/pid.ts'
import {
  E, SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_TSYNC,
  SECCOMP_GET_ACTION_AVAIL, SECCOMP_OPS, SECCOMP_RET_ACTION_FULL, SECCOMP_RET_ALLOW,
  SECCOMP_RET_DATA, SECCOMP_RET_ERRNO, SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD,
  SECCOMP_RET_LOG, SECCOMP_RET_TRACE, SECCOMP_RET_TRAP, SECCOMP_RET_USER_NOTIF,
  SECCOMP_SET_MODE_FILTER, SECCOMP_SET_MODE_STRICT, SIG, type SeccompFilterSpec, type RawSyscallReq,
} from '../../abi/index.ts'
import { GONE } from '../block.ts'
import type { Kernel } from '../kernel.ts'
import type { Task } from '../state.ts'
import { exitTask } from '../task/exit.ts'
import { sendSignal } from '../task/signal.ts'
import { CAP } from '../../abi/index.ts'
import { AUDIT_SECCOMP, audit } from './audit.ts'
import { credUserns, nsCapable } from '../ns/user.ts'
import { lsmLabel } from './lsm.ts'
import { X86_64_NR } from './syscall-nr.ts'
import type { SeccompCond, SeccompFilter, SeccompRule, SeccompState } from './types.ts'

/** Actions by precedence, highest first (seccomp(2) "Filter return values"). */
const PRECEDENCE = [
  SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP, SECCOMP_RET_ERRNO,
  SECCOMP_RET_USER_NOTIF, SECCOMP_RET_TRACE, SECCOMP_RET_LOG, SECCOMP_RET_ALLOW,
]
const RANK = new Map(PRECEDENCE.map((a, i) => [a, i]))
// An unknown action is treated as SECCOMP_RET_KILL_PROCESS (since 4.14): rank 0.
const rank = (action: number) => RANK.get((action & SECCOMP_RET_ACTION_FULL) >>> 0) ?? 0
export const knownAction = (action: number) => PRECEDENCE.includes((action & SECCOMP_RET_ACTION_FULL) >>> 0)

/** Simulator calls that are not Linux syscalls (CPU time, signal delivery): never filtered. */
// outb/inb and the side-channel probe are instructions, not system calls: seccomp never sees them.
const PSEUDO = new Set(['cpu', 'sigtake', 'outb', 'inb', 'spec_probe'])
/** Linux names of calls the simulator spells differently. */
// rtnetlink requests (the simulator's 'rtnl' call) travel in sendmsg(2) on an AF_NETLINK socket in Linux.
const SIM_NAME: Record<string, string> = { rt_sigaction: 'sigaction', prlimit64: 'prlimit', exit_group: 'exit', sendmsg: 'rtnl' }
const NONE: ReadonlySet<string> = new Set()
/** SECCOMP_MODE_STRICT: "the only system calls that the calling thread is permitted to make are read(2), write(2), _exit(2) ..., and sigreturn(2)". */
const STRICT_OK = new Set(['read', 'write', 'exit'])
/** BPF_MAXINSNS: a filter longer than this is EINVAL; we count a rule per name and comparison as instructions. */
const MAX_INSNS = 4096
/** MAX_INSNS_PER_PATH: all of a task's filters together (ENOMEM beyond). */
const MAX_INSNS_PER_PATH = 32768

/** The small non-negative integers most arguments are (families, flags, fds), made once: no BigInt per check. */
const SMALL = Array.from({ length: 4096 }, (_, i) => BigInt(i))

const u64 = (v: unknown): bigint | undefined => {
  if (typeof v === 'number' && v >= 0 && v < SMALL.length && Number.isInteger(v)) return SMALL[v]
  if (typeof v === 'bigint') return BigInt.asUintN(64, v)
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt.asUintN(64, BigInt(Math.trunc(v)))
  return undefined
}

/** Validates and compiles a filter; a string says what is wrong (the syscall returns EINVAL). */
export function compileFilter(spec: SeccompFilterSpec, log = false): SeccompFilter | string {
  if (!spec || typeof spec !== 'object' || !Array.isArray(spec.rules)) return 'filter is not an object with rules'
  if (typeof spec.defaultAction !== 'number') return 'defaultAction is not a number'
  const byName = new Map<string, SeccompRule[]>()
  let insns = 1
  for (const [i, r] of spec.rules.entries()) {
    if (!r || !Array.isArray(r.names) || typeof r.action !== 'number') return `rule ${i}: expected {names, action}`
    const conds: SeccompCond[] = []
    for (const c of r.args ?? []) {
      const a = u64(c.value)
      const b = u64(c.valueTwo ?? 0)
      if (!Number.isInteger(c.index) || c.index < 0 || c.index > 5) return `rule ${i}: argument index ${c.index} is not 0-5`
      if (!SECCOMP_OPS.includes(c.op)) return `rule ${i}: unknown comparison ${String(c.op)}`
      if (a === undefined || b === undefined) return `rule ${i}: comparison value is not a number`
      conds.push({ index: c.index, op: c.op, a, b })
    }
    const rule: SeccompRule = { action: r.action >>> 0, conds }
    for (const n of r.names) {
      const key = SIM_NAME[n] ?? n
      const list = byName.get(key)
      if (list) list.push(rule)
      else byName.set(key, [rule])
      insns += 2 + conds.length
    }
  }
  if (insns > MAX_INSNS) return `filter too long (${insns} > ${MAX_INSNS} instructions)`
  // A call whose rules have no argument conditions has one verdict: computed now, not per call.
  const fixed = new Map<string, number>()
  for (const [name, rules] of byName) {
    if (rules.every((r) => r.conds.length === 0)) fixed.set(name, rules.reduce((b, r) => (rank(r.action) < rank(b) ? r.action : b), rules[0]!.action))
  }
  const defaultAction = spec.defaultAction >>> 0
  return { byName, fixed, defaultAction, allow: constAllow(byName, fixed, defaultAction), log }
}

/**
 * seccomp_is_const_allow() for each syscall number (kernel/seccomp.c,
 * seccomp_cache_prepare_bitmap): the filter asked with only the number known.
 * A call with rules answers ALLOW for sure only when none of them reads an
 * argument (the fixed verdict); any other call gets the default action.
 * Calls without an x86-64 number are never cached, as Linux leaves numbers
 * outside SECCOMP_ARCH_NATIVE_NR to the filters.
 */
function constAllow(byName: ReadonlyMap<string, unknown>, fixed: ReadonlyMap<string, number>, defaultAction: number): ReadonlySet<string> {
  const allow = new Set<string>()
  for (const nr in X86_64_NR) {
    if ((byName.has(nr) ? fixed.get(nr) : defaultAction) === SECCOMP_RET_ALLOW) allow.add(nr)
  }
  return allow
}

/** A newly attached filter's cache: "The new filter must be as restrictive as the last" (the previous filter's bits ANDed in). */
function stackAllow(f: SeccompFilter, prev: SeccompState | undefined): ReadonlySet<string> {
  if (!prev?.filters.length) return f.allow
  const allow = new Set<string>()
  for (const nr of prev.allow) if (f.allow.has(nr)) allow.add(nr)
  return allow
}

/**
 * Compiled filters by content, per kernel: a thousand containers of one
 * profile load a thousand equal copies of it (compiled filters are immutable,
 * so tasks share one). Keyed by a fingerprint cheaper than compiling; at most
 * 64 kept.
 */
const compiledBy = new WeakMap<Kernel, Map<string, SeccompFilter>>()
/**
 * The same, by spec, for a spec that is deeply frozen (plain data objects and arrays, every one
 * frozen): it cannot change, so it needs no fingerprint. A container runtime that hands every
 * container one frozen profile pays neither fingerprint nor compilation after the first.
 */
const compiledFrozen = new WeakMap<Kernel, WeakMap<object, [SeccompFilter?, SeccompFilter?]>>()

function compileCached(k: Kernel, spec: SeccompFilterSpec, log: boolean): SeccompFilter | string {
  if (!isDeepFrozen(spec)) return compileByContent(k, spec, log)
  let byObj = compiledFrozen.get(k)
  if (!byObj) compiledFrozen.set(k, (byObj = new WeakMap()))
  let pair = byObj.get(spec)
  if (!pair) byObj.set(spec, (pair = []))
  const i = log ? 1 : 0
  const hit = pair[i]
  if (hit) return hit
  const f = compileByContent(k, spec, log)
  if (typeof f !== 'string') pair[i] = f
  return f
}

/** Objects found deeply frozen (freezing cannot be undone, so the answer holds for good). */
const deepFrozen = new WeakSet<object>()

function isDeepFrozen(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return typeof v !== 'function'
  if (deepFrozen.has(v)) return true
  const proto = Object.getPrototypeOf(v) as unknown
  if (!Object.isFrozen(v) || (proto !== Object.prototype && proto !== Array.prototype)) return false
  const ds = Object.getOwnPropertyDescriptors(v) as Record<string, PropertyDescriptor>
  for (const key in ds) if (!('value' in ds[key]!) || !isDeepFrozen(ds[key]!.value)) return false // a getter could answer anything
  deepFrozen.add(v)
  return true
}

function compileByContent(k: Kernel, spec: SeccompFilterSpec, log: boolean): SeccompFilter | string {
  let key: string | undefined
  try {
    key = fingerprint(spec, log)
  } catch {
    key = undefined // e.g. a bigint among the names: not JSON; compiled as usual
  }
  if (key === undefined) return compileFilter(spec, log)
  let cache = compiledBy.get(k)
  if (!cache) compiledBy.set(k, (cache = new Map()))
  const hit = cache.get(key)
  if (hit) return hit
  const f = compileFilter(spec, log)
  if (typeof f !== 'string') {
    if (cache.size >= 64) cache.delete(cache.keys().next().value!)
    cache.set(key, f)
  }
  return f
}

/** Everything compileFilter reads, unambiguously; undefined for a malformed filter (compiled, and refused, as usual). */
function fingerprint(spec: SeccompFilterSpec, log: boolean): string | undefined {
  if (!spec || typeof spec !== 'object' || !Array.isArray(spec.rules) || typeof spec.defaultAction !== 'number') return undefined
  let s = `${log ? 1 : 0}|${spec.defaultAction}`
  for (const r of spec.rules) {
    if (!r || !Array.isArray(r.names) || typeof r.action !== 'number') return undefined
    s += `;${r.action}:${JSON.stringify(r.names)}`
    if (r.args !== undefined && !Array.isArray(r.args)) return undefined
    for (const c of r.args ?? []) {
      if (!c || typeof c !== 'object') return undefined
      s += `:${String(c.index)},${String(c.op)},${typeof c.value}${String(c.value)},${typeof c.valueTwo}${String(c.valueTwo)}`
    }
  }
  return s
}

function condHolds(c: SeccompCond, args: readonly unknown[]): boolean {
  const v = u64(args[c.index]) ?? 0n // SIMPLIFICATION: pointer/string arguments compare as 0
  switch (c.op) {
    case 'EQ': return v === c.a
    case 'NE': return v !== c.a
    case 'LT': return v < c.a
    case 'LE': return v <= c.a
    case 'GT': return v > c.a
    case 'GE': return v >= c.a
    case 'MASKED_EQ': return (v & c.a) === c.b
  }
}

function allHold(conds: readonly SeccompCond[], args: readonly unknown[]): boolean {
  for (const c of conds) if (!condHolds(c, args)) return false
  return true
}

/** One filter's verdict for a call. */
export function runFilter(f: SeccompFilter, nr: string, args: readonly unknown[]): number {
  const fixed = f.fixed.get(nr)
  if (fixed !== undefined) return fixed
  const rules = f.byName.get(nr)
  if (!rules) return f.defaultAction
  let best = -1
  for (const r of rules) {
    if (r.conds.length && !allHold(r.conds, args)) continue
    if (best === -1 || rank(r.action) < rank(best)) best = r.action
  }
  return best === -1 ? f.defaultAction : best
}

/**
 * What a filter built from `spec` answers for `nr(args)` (a SECCOMP_RET_* value),
 * or why it does not compile: userland replays a profile's decision without
 * loading it, as libseccomp's scmp_bpf_sim does.
 */
export function filterVerdict(spec: SeccompFilterSpec, nr: string, args: readonly unknown[]): number | string {
  const f = compileFilter(spec)
  return typeof f === 'string' ? f : runFilter(f, nr, args)
}

/** All of a task's filters: the highest-precedence action, ties to the most recent filter. */
export function evaluate(filters: readonly SeccompFilter[], nr: string, args: readonly unknown[]): number {
  if (filters.length === 1) return runFilter(filters[0]!, nr, args)
  let out = SECCOMP_RET_ALLOW
  for (const f of filters) {
    const a = runFilter(f, nr, args)
    if (a !== out && rank(a) < rank(out)) out = a
  }
  return out
}

/**
 * The check in the syscall path (__secure_computing). undefined: run the call;
 * anything else is the call's result (-errno, or GONE when the task was killed).
 */
export function seccompGate(k: Kernel, kpid: Kpid, req: RawSyscallReq): unknown {
  const t = k.task(kpid)
  // seccomp_cache_check_allow(): allowed whatever the arguments, by every filter, so none runs.
  if (t?.seccomp === undefined || t.seccomp.allow.has(req.nr) || PSEUDO.has(req.nr)) return undefined
  if (t.seccomp.mode === 1) {
    if (STRICT_OK.has(req.nr)) return undefined
    exitTask(k, kpid, SIG.SIGKILL)
    return GONE
  }
  const ret = evaluate(t.seccomp.filters, req.nr, req.args)
  if (ret === SECCOMP_RET_ALLOW) return undefined
  const action = (ret & SECCOMP_RET_ACTION_FULL) >>> 0
  const data = ret & SECCOMP_RET_DATA
  const flagLog = t.seccomp.filters.some((f) => f.log)
  switch (action) {
    case SECCOMP_RET_ALLOW:
      return undefined
    case SECCOMP_RET_LOG:
      logSeccomp(k, t, req.nr, 0, ret)
      return undefined
    case SECCOMP_RET_ERRNO:
      if (flagLog) logSeccomp(k, t, req.nr, 0, ret)
      return -Math.min(data, 4095)
    case SECCOMP_RET_TRAP:
      if (flagLog) logSeccomp(k, t, req.nr, SIG.SIGSYS, ret)
      sendSignal(k, kpid, SIG.SIGSYS)
      return k.task(kpid)?.state === 'Z' ? GONE : -E.ENOSYS
    case SECCOMP_RET_TRACE:
    case SECCOMP_RET_USER_NOTIF:
      // No tracer / no listener: "the system call is not executed and fails with ENOSYS".
      if (flagLog) logSeccomp(k, t, req.nr, 0, ret)
      return -E.ENOSYS
    default: // KILL_PROCESS, KILL_THREAD (threads are not modelled) and unknown actions
      logSeccomp(k, t, req.nr, SIG.SIGSYS, ret)
      exitTask(k, kpid, SIG.SIGSYS | 0x80) // "as though killed by SIGSYS", with a core dump
      return GONE
  }
}

/** The AUDIT_SECCOMP record (audit_seccomp()). SIMPLIFICATION: no login session (auid/ses unset); ip is a fixed user address. */
function logSeccomp(k: Kernel, t: Task, nr: string, sig: number, code: number): void {
  const label = lsmLabel(t)
  const subj = label === 'unconfined' ? label : `${label} (enforce)`
  audit(k, AUDIT_SECCOMP, `auid=4294967295 uid=${t.cred.ruid} gid=${t.cred.rgid} ses=4294967295 subj=${subj} pid=${t.kpid} comm="${t.comm}" exe="${t.exe}" sig=${sig} arch=c000003e syscall=${X86_64_NR[nr] ?? -1} compat=0 ip=0x7f1c2a3b4d5e code=0x${(code >>> 0).toString(16)}`)
}

/**
 * seccomp(2). SET_MODE_FILTER: EACCES unless no_new_privs is set or the caller
 * has CAP_SYS_ADMIN; EINVAL for unknown flags, a malformed filter, or a task
 * already in strict mode; ENOMEM past MAX_INSNS_PER_PATH. SET_MODE_STRICT.
 * GET_ACTION_AVAIL: 0 for a known action, EOPNOTSUPP otherwise.
 */
export function sysSeccomp(k: Kernel, kpid: Kpid, op: number, flags: number, arg: unknown): number {
  const t = k.taskOrOops(kpid)
  switch (op) {
    case SECCOMP_SET_MODE_STRICT:
      if (flags !== 0 || arg !== undefined && arg !== null && arg !== 0) return -E.EINVAL
      if (t.seccomp?.mode === 2) return -E.EINVAL
      k.mutTask(kpid).seccomp = { mode: 1, filters: [], allow: NONE }
      return 0
    case SECCOMP_SET_MODE_FILTER: {
      const known = SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW
      if (flags & ~known) return -E.EINVAL
      if (arg === null || typeof arg !== 'object') return -E.EFAULT
      // ns_capable_noaudit(current_user_ns(), CAP_SYS_ADMIN): root of a user namespace may load its filters.
      if (!t.cred.noNewPrivs && !nsCapable(k, t, CAP.SYS_ADMIN, credUserns(t.cred))) return -E.EACCES
      const f = compileCached(k, arg as SeccompFilterSpec, (flags & SECCOMP_FILTER_FLAG_LOG) !== 0)
      if (typeof f === 'string') return -E.EINVAL
      if (t.seccomp?.mode === 1) return -E.EINVAL
      const prev = t.seccomp?.filters ?? []
      const total = [f, ...prev].reduce((n, x) => n + size(x) + 4, 0) // +4: per-filter overhead, as the kernel counts
      if (total > MAX_INSNS_PER_PATH) return -E.ENOMEM
      k.mutTask(kpid).seccomp = { mode: 2, filters: [f, ...prev], allow: stackAllow(f, t.seccomp) }
      return 0
    }
    case SECCOMP_GET_ACTION_AVAIL:
      return typeof arg === 'number' && knownAction(arg) ? 0 : -E.EOPNOTSUPP
    default:
      return -E.EINVAL
  }
}

function size(f: SeccompFilter): number {
  let n = 1
  for (const rules of f.byName.values()) for (const r of rules) n += 2 + r.conds.length
  return n
}

/** /proc/[pid]/status "Seccomp:" and "Seccomp_filters:" values. */
export const seccompMode = (t: Task): number => t.seccomp?.mode ?? 0
export const seccompFilters = (t: Task): number => t.seccomp?.filters.length ?? 0
