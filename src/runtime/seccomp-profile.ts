// Seccomp profiles in Docker's JSON format (docker run --security-opt
// seccomp=FILE): decoding with the errors dockerd reports, then moby's
// setupSeccomp() step that keeps the rules whose includes/excludes (caps checked
// against the bounding set, arches, minKernel) fit this container, and runc's
// conversion of action and operator names into a filter the kernel takes.
import {
  E, SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO, SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_KILL_THREAD,
  SECCOMP_RET_LOG, SECCOMP_RET_TRACE, SECCOMP_RET_TRAP, SECCOMP_RET_USER_NOTIF, CAPS, capHas,
  type CapSet, type SeccompFilterSpec, type SeccompOp,
} from '../../kernel-sim/abi/index.ts'
import { DEFAULT_VERSIONS, compareVersions } from '../../kernel-sim/index.ts'
import { isJsonError, isNum, isObj, parseJson, type JsonValue } from './go-json.ts'

export interface DockerSeccompArg { index: number; value: number | bigint; valueTwo?: number | bigint; op: string }
export interface DockerSeccompFilter { caps?: string[]; arches?: string[]; minKernel?: string }
export interface DockerSeccompSyscall {
  names?: string[]
  name?: string
  action: string
  errnoRet?: number
  args?: DockerSeccompArg[]
  comment?: string
  includes?: DockerSeccompFilter
  excludes?: DockerSeccompFilter
}
export interface DockerSeccompProfile {
  defaultAction: string
  defaultErrnoRet?: number
  architectures?: string[]
  archMap?: { architecture: string; subArchitectures: string[] | null }[]
  syscalls?: DockerSeccompSyscall[]
}

/** A profile that does not load: the message, and where in the file when known. */
export interface ProfileError { message: string; line?: number; column?: number }

// ---- decoding, as Go's encoding/json into moby's types ------------------------------

type Kind = 'string' | 'uint' | 'uint64' | { array: Kind; go: string } | { struct: string; go: string; fields: Record<string, Kind> }
const arr = (of: Kind, go: string): Kind => ({ array: of, go })
const FILTER: Kind = { struct: 'Filter', go: 'seccomp.Filter', fields: { caps: arr('string', '[]string'), arches: arr('string', '[]string'), minKernel: 'string' } }
const ARG: Kind = { struct: 'LinuxSeccompArg', go: 'specs.LinuxSeccompArg', fields: { index: 'uint', value: 'uint64', valueTwo: 'uint64', op: 'string' } }
const SYSCALL: Kind = {
  struct: 'Syscall', go: 'seccomp.Syscall',
  fields: {
    names: arr('string', '[]string'), name: 'string', action: 'string', errnoRet: 'uint', args: arr(ARG, '[]specs.LinuxSeccompArg'),
    comment: 'string', includes: FILTER, excludes: FILTER,
  },
}
const ARCH: Kind = { struct: 'Architecture', go: 'seccomp.Architecture', fields: { architecture: 'string', subArchitectures: arr('string', '[]specs.Arch') } }
const SECCOMP: Kind = {
  struct: 'Seccomp', go: 'seccomp.Seccomp',
  fields: {
    defaultAction: 'string', defaultErrnoRet: 'uint', architectures: arr('string', '[]specs.Arch'), archMap: arr(ARCH, '[]seccomp.Architecture'),
    flags: arr('string', '[]specs.LinuxSeccompFlag'), listenerPath: 'string', listenerMetadata: 'string', syscalls: arr(SYSCALL, '[]*seccomp.Syscall'),
  },
}
/** Go type names of string fields, for error messages. */
const GO_STRING: Record<string, string> = { defaultAction: 'specs.LinuxSeccompAction', action: 'specs.LinuxSeccompAction', op: 'specs.LinuxSeccompOperator', architecture: 'specs.Arch' }

class TypeErr { constructor(readonly message: string) {} }

const jsonKind = (v: JsonValue) => (isNum(v) ? `number ${v.num}` : Array.isArray(v) ? 'array' : isObj(v) ? 'object' : typeof v === 'boolean' ? 'bool' : 'string')

function decode(v: JsonValue, kind: Kind, ctx: { struct: string; path: string; field: string }): unknown {
  if (v === null) return undefined
  const fail = (go: string): never => {
    const what = isNum(v) && (kind === 'uint' || kind === 'uint64') ? `number ${v.num}` : jsonKind(v).split(' ')[0]!
    throw new TypeErr(ctx.path === ''
      ? `json: cannot unmarshal ${what} into Go value of type ${go}`
      : `json: cannot unmarshal ${what} into Go struct field ${ctx.struct}.${ctx.path} of type ${go}`)
  }
  if (kind === 'string') return typeof v === 'string' ? v : fail(GO_STRING[ctx.field] ?? 'string')
  if (kind === 'uint' || kind === 'uint64') {
    if (!isNum(v) || !/^\d+$/.test(v.num)) return fail(kind)
    const n = BigInt(v.num)
    if (n >= (kind === 'uint64' ? 1n << 64n : 1n << 64n)) return fail(kind)
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
  }
  if ('array' in kind) {
    if (!Array.isArray(v)) return fail(kind.go)
    const el = kind.array
    return v.map((x) => decode(x, el, { ...ctx, field: ctx.field }))
  }
  if (!isObj(v)) return fail(kind.go)
  const out: Record<string, unknown> = {}
  for (const [key, val] of v.entries) {
    // encoding/json matches keys to fields case-insensitively and ignores unknown keys.
    const name = Object.keys(kind.fields).find((f) => f === key) ?? Object.keys(kind.fields).find((f) => f.toLowerCase() === key.toLowerCase())
    if (!name) continue
    out[name] = decode(val, kind.fields[name]!, { struct: kind.struct, path: ctx.path ? `${ctx.path}.${name}` : name, field: name })
  }
  return out
}

/** Reads a profile file: Docker's "Decoding seccomp profile failed: ..." errors, with line and column for syntax errors. */
export function parseDockerProfile(text: string): DockerSeccompProfile | ProfileError {
  const j = parseJson(text)
  const prefix = 'Decoding seccomp profile failed: '
  if (isJsonError(j)) return { message: prefix + j.message, line: j.line, column: j.column }
  try {
    return (decode(j, SECCOMP, { struct: '', path: '', field: '' }) ?? { defaultAction: '' }) as DockerSeccompProfile
  } catch (e) {
    if (e instanceof TypeErr) return { message: prefix + e.message }
    throw e
  }
}

export const isProfileError = (p: unknown): p is ProfileError => typeof p === 'object' && p !== null && 'message' in p

// ---- setupSeccomp + runc's conversion ------------------------------------------------

const ACTIONS: Record<string, number> = {
  SCMP_ACT_KILL: SECCOMP_RET_KILL_THREAD, SCMP_ACT_KILL_THREAD: SECCOMP_RET_KILL_THREAD,
  SCMP_ACT_KILL_PROCESS: SECCOMP_RET_KILL_PROCESS, SCMP_ACT_TRAP: SECCOMP_RET_TRAP, SCMP_ACT_ERRNO: SECCOMP_RET_ERRNO,
  SCMP_ACT_TRACE: SECCOMP_RET_TRACE, SCMP_ACT_ALLOW: SECCOMP_RET_ALLOW, SCMP_ACT_LOG: SECCOMP_RET_LOG,
  SCMP_ACT_NOTIFY: SECCOMP_RET_USER_NOTIF,
}
const OPS: Record<string, SeccompOp> = {
  SCMP_CMP_NE: 'NE', SCMP_CMP_LT: 'LT', SCMP_CMP_LE: 'LE', SCMP_CMP_EQ: 'EQ', SCMP_CMP_GE: 'GE', SCMP_CMP_GT: 'GT', SCMP_CMP_MASKED_EQ: 'MASKED_EQ',
}
/** The simulated machine is x86-64: libseccomp calls it "amd64" in includes/excludes. */
const ARCH_NAME = 'amd64'

const capNamed = (bnd: CapSet, name: string) => {
  const i = CAPS.indexOf(name.replace(/^CAP_/, '') as (typeof CAPS)[number])
  return name.startsWith('CAP_') && i >= 0 && capHas(bnd, i)
}

/**
 * The filter for a container whose bounding set is `bnd`, or an error; null
 * when the profile disables seccomp (no defaultAction and no syscalls).
 */
export function resolveDockerProfile(p: DockerSeccompProfile, bnd: CapSet, release = DEFAULT_VERSIONS.kernel): SeccompFilterSpec | ProfileError | null {
  // moby compares minKernel with the running kernel's release (seccomp_linux.go kernelVersion).
  const kernelAtLeast = (v: string) => compareVersions(release, v) >= 0
  const calls = p.syscalls ?? []
  if (!p.defaultAction && calls.length === 0) return null
  if (p.architectures?.length && p.archMap?.length) {
    return { message: "'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'" }
  }
  const action = (name: string, errnoRet: number | undefined, where: string): number | ProfileError => {
    const a = ACTIONS[name]
    if (a === undefined) return { message: `${where}: string ${name} is not a valid action for seccomp (expected one of ${Object.keys(ACTIONS).join(', ')})` }
    if (a === SECCOMP_RET_ERRNO || a === SECCOMP_RET_TRACE) return a | Math.min(errnoRet ?? E.EPERM, 0xffff)
    return a
  }
  const dflt = action(p.defaultAction, p.defaultErrnoRet, 'defaultAction')
  if (typeof dflt !== 'number') return dflt
  const rules: SeccompFilterSpec['rules'][number][] = []
  for (const [i, c] of calls.entries()) {
    const where = `syscalls[${i}]`
    const ex = c.excludes ?? {}
    const inc = c.includes ?? {}
    if (ex.arches?.includes(ARCH_NAME)) continue
    if (ex.caps?.some((cap) => capNamed(bnd, cap))) continue
    if (ex.minKernel && kernelAtLeast(ex.minKernel)) continue
    if (inc.arches?.length && !inc.arches.includes(ARCH_NAME)) continue
    if (inc.caps?.some((cap) => !capNamed(bnd, cap))) continue
    if (inc.minKernel && !kernelAtLeast(inc.minKernel)) continue
    if (c.name && c.names?.length) return { message: `${where}: 'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'` }
    const a = action(c.action ?? '', c.errnoRet, `${where}.action`)
    if (typeof a !== 'number') return a
    const args = []
    for (const [j, arg] of (c.args ?? []).entries()) {
      const op = OPS[arg.op]
      if (op === undefined) return { message: `${where}.args[${j}].op: string ${arg.op} is not a valid operator for seccomp (expected one of ${Object.keys(OPS).join(', ')})` }
      if (!(arg.index <= 5)) return { message: `${where}.args[${j}].index: ${arg.index} is out of range (syscalls have arguments 0 to 5)` }
      args.push({ index: arg.index, op, value: arg.value ?? 0, valueTwo: arg.valueTwo ?? 0 })
    }
    rules.push({ names: c.name ? [c.name] : c.names ?? [], action: a, ...(args.length ? { args } : {}) })
  }
  return { defaultAction: dflt, rules }
}
