// The components a machine is built from, each with a version, as on a real
// host: the kernel (`uname -r`), the container runtime (`runc --version`), the
// VMM (`qemu-system-x86_64 --version`), the CPU model and the kernel's
// `mitigations=` command-line setting. A modelled bug is armed exactly where
// its component's version had it (catalogue.ts); nothing else arms it.

export type Mitigations = 'auto' | 'off'

export interface ComponentVersions {
  /** The host kernel's release, as `uname -r` prints it. */
  kernel: string
  /** runc, the OCI runtime dockerd's shims run. */
  runc: string
  /** QEMU, the full VMM (qemu-system-x86_64). */
  qemu: string
  /** The CPU model, by QEMU's `-cpu` model name (e.g. Skylake-Server, Icelake-Server, EPYC-Milan). */
  cpu: string
  /** The kernel command line's `mitigations=` (Documentation/admin-guide/kernel-parameters.txt). */
  mitigations: Mitigations
  /** Simultaneous multithreading: 'off' boots with `nosmt` (absent = on). */
  smt?: 'on' | 'off'
}

/**
 * Current, patched versions: what a machine gets unless told otherwise.
 * The kernel keeps isolab's local-version suffix, as distribution kernels do.
 */
export const DEFAULT_VERSIONS: ComponentVersions = {
  kernel: '6.8.0-isolab',
  runc: '1.2.5',
  qemu: '8.2.2',
  cpu: 'Icelake-Server',
  mitigations: 'auto',
}

export type VersionComponent = 'kernel' | 'runc' | 'qemu'

/** A version string isolab understands: 5.16.1, 6.8.0-isolab, 5.17-rc3, 1.0.0-rc6, 2.2.0. */
export const VERSION_RE = /^\d+(\.\d+){0,3}(-[0-9A-Za-z.+~-]+)?$/

export function isVersion(s: string): boolean {
  return VERSION_RE.test(s)
}

interface Parsed {
  nums: number[]
  /** A release candidate's number (1.0.0-rc6, 5.17-rc3) or undefined for a release. */
  rc?: number
}

function parse(v: string): Parsed {
  const m = /^(\d+(?:\.\d+)*)(?:-(.*))?$/.exec(v.trim())
  if (!m) return { nums: [0] }
  const nums = m[1]!.split('.').map(Number)
  const rc = /^rc\.?(\d+)/.exec(m[2] ?? '')
  // A release candidate sorts before its release; any other suffix is a local
  // version (a distribution's "-isolab", "-generic", "-amd64") and does not count.
  return rc ? { nums, rc: Number(rc[1]) } : { nums }
}

/**
 * Compares two versions: negative, zero or positive. Missing parts count as 0
 * (5.17 = 5.17.0); -rcN comes before the release (5.17-rc3 < 5.17; 1.0.0-rc6 < 1.0.0-rc7 < 1.0.0).
 * SIMPLIFICATION: not full semver/Debian ordering, which no component here needs.
 */
export function compareVersions(a: string, b: string): number {
  const x = parse(a)
  const y = parse(b)
  const n = Math.max(x.nums.length, y.nums.length)
  for (let i = 0; i < n; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0)
    if (d !== 0) return d
  }
  if (x.rc === undefined) return y.rc === undefined ? 0 : 1
  return y.rc === undefined ? -1 : x.rc - y.rc
}

/** "5.16.1" → "5.16": the stable branch a kernel release belongs to. */
export function branchOf(v: string): string {
  return parse(v).nums.slice(0, 2).join('.')
}

/**
 * Where a bug lives in one component's history: from the release that brought
 * it to the first that fixed it, with the stable branches that got the fix
 * earlier (Linux's stable trees: 5.10.102 is fixed although 5.10 < 5.16.11).
 */
export interface VersionRange {
  /** First affected version (inclusive). */
  introduced: string
  /** First fixed version on the main line (exclusive); absent = never fixed. */
  fixed?: string
  /** Stable branches with a backported fix: branch ("5.10") → its first fixed release. */
  backports?: Record<string, string>
}

export function inRange(v: string, r: VersionRange): boolean {
  if (compareVersions(v, r.introduced) < 0) return false
  if (r.fixed !== undefined && compareVersions(v, r.fixed) >= 0) return false
  const backport = r.backports?.[branchOf(v)]
  return backport === undefined || compareVersions(v, backport) < 0
}

/** ">= 5.1, < 5.16.2 (stable fixes: 5.15.16, 5.10.93, 5.4.173)", as `vulns` prints a range. */
export function describeRange(r: VersionRange): string {
  const fixes = Object.values(r.backports ?? {}).sort((a, b) => compareVersions(b, a))
  const bounds = [r.introduced === '0' ? '' : `>= ${r.introduced}`, r.fixed === undefined ? '' : `< ${r.fixed}`].filter(Boolean).join(', ')
  return fixes.length ? `${bounds} (stable fixes: ${fixes.join(', ')})` : bounds || 'every version'
}
