// State kept by the security modules: per task (seccomp filters, LSM label)
// and machine-wide (loaded LSM profiles, audit serial, loaded modules).
// Compiled filters and profiles are immutable once built, so tasks share them
// across fork as Linux shares its refcounted filter chain.

/** One argument comparison, compiled to unsigned 64-bit operands. */
export interface SeccompCond {
  index: number
  op: 'NE' | 'LT' | 'LE' | 'EQ' | 'GE' | 'GT' | 'MASKED_EQ'
  a: bigint
  b: bigint
}

export interface SeccompRule {
  action: number
  conds: readonly SeccompCond[]
}

/** A compiled filter: syscall name → its rules, and the action for everything else. */
export interface SeccompFilter {
  byName: ReadonlyMap<string, readonly SeccompRule[]>
  /** Calls whose rules have no argument conditions: their verdict, precomputed. */
  fixed: ReadonlyMap<string, number>
  defaultAction: number
  /** Calls this filter allows whatever their arguments (seccomp_is_const_allow): this filter's part of the cache. */
  allow: ReadonlySet<string>
  /** SECCOMP_FILTER_FLAG_LOG: also log TRAP/ERRNO/TRACE/USER_NOTIF outcomes. */
  log: boolean
}

export interface SeccompState {
  /** 1 = SECCOMP_MODE_STRICT, 2 = SECCOMP_MODE_FILTER (/proc/[pid]/status "Seccomp:"). */
  mode: 1 | 2
  /** Most recently installed first: the order the kernel runs them. */
  filters: readonly SeccompFilter[]
  /**
   * The constant-action cache (Linux 5.11, struct action_cache): calls every
   * filter allows whatever their arguments, so the gate runs none of them.
   * The newest filter's set ANDed with the one before, as seccomp_cache_prepare() does.
   */
  allow: ReadonlySet<string>
}

/** AppArmor-style confinement of one task. */
export interface LsmTaskState {
  /** Profile name; 'unconfined' when absent. */
  profile: string
  /** Written to /proc/[pid]/attr/exec: the profile the next execve switches to. */
  onExec?: string
}

export type LsmMode = 'enforce' | 'complain'

/** File permission letters as apparmor.d(5) writes them: r w a x m k l (c/d are implied by w). */
export interface LsmFileRule {
  kind: 'file'
  deny: boolean
  /** Path glob (apparmor.d(5) "Globbing"); '' = every path (a bare `file,` rule). */
  glob: string
  perms: string
}

export type LsmRule =
  | LsmFileRule
  | { kind: 'mount' | 'umount' | 'network'; deny: boolean }
  /** signal (send, receive) peer=LABEL: which signals may pass between this profile and LABEL. */
  | { kind: 'signal'; deny: boolean; perms: string[]; peer: string }
  | { kind: 'capability'; deny: boolean; caps: number[] | 'all' }
  | { kind: 'ptrace'; deny: boolean; perms: string[]; peer: string }

export interface LsmProfile {
  name: string
  mode: LsmMode
  rules: readonly LsmRule[]
}

/** Machine-wide security state (coarse.security). */
export interface SecurityState {
  /** Loaded LSM profiles by name (/sys/kernel/security/apparmor/profiles). */
  profiles: Record<string, LsmProfile>
  /** audit(2) record serial number, the ":N" in "audit(1700000000.123:N)". */
  auditSerial: number
  /** Loaded kernel modules (init_module/delete_module), in load order. */
  modules: string[]
}
