// The OCI bundle dockerd hands to the shim: where the root filesystem is, the
// cgroup, the process (argv, env, cwd), the namespaces and the security
// settings. Written by dockerd as JSON next to the container's other files,
// read by containerd-shim after its execve (nothing passes in JS memory).
import type { ContainerSpec } from './spec.ts'
import type { Step } from './steps.ts'

export interface Bundle {
  id: string
  name: string
  rootfs: string
  /** cgroup v2 directory, "/sys/fs/cgroup/docker/<id>" (cgroupfs driver). */
  cgroup: string
  hostname: string
  argv: string[]
  env: string[]
  /** Effective/permitted/bounding set, hex. */
  caps: string
  logPath: string
  spec: ContainerSpec
  /** dockerd's steps before the shim (for --timeline). */
  steps: Step[]
  /** The attaching client's terminal for -t (a /dev/pts path), or ''. */
  ttyPath: string
  /** The seccomp filter moby resolved for this container (bigints as {"$big": "..."}), or null: none. */
  seccomp: unknown
  /** 172.17.0.x on the default bridge, '' otherwise. */
  ip: string
  /** The host bridge eth0's outer end joins (docker0 or br-<id> of a user-defined network) and the prefix length. */
  bridge?: string
  prefix?: number
  /** The default route's gateway ('' on an --internal network: no default route). */
  gateway?: string
  /** Set by the shim before clone: an fd of the host's network namespace (for the veth's outer end). */
  hostNetFd: number
  /** dockerd --userns-remap: the container gets a user namespace mapping 0 to this range. */
  userns?: { uid: number; gid: number; size: number }
}

/**
 * JSON with bigints (seccomp argument values are unsigned 64-bit) as {"$big": "..."}.
 * A walk instead of a replacer/reviver function: those are called for every
 * value, and a bundle carries a resolved seccomp profile of a few hundred rules.
 *
 * A frozen value (dockerd's resolved seccomp profile, shared by every container
 * with the same capabilities: 5 KB of the bundle's 7) is written as the text made
 * when it was first written, and reading a text that holds that text again gives
 * the value it decodes to, decoded once and frozen: each container's bundle is
 * still the whole JSON in its file, but a thousand of them do not stringify and
 * parse the same profile a thousand times. Reading a text is exact either way: a
 * JSON object's text cannot occur inside a string (its quotes would be escaped),
 * so wherever it occurs it is that value; hence only objects' texts are looked for.
 */
export function toJson(v: unknown): string {
  const texts: string[] = []
  return stringify(encodeBig(v, texts), texts)
}

/** JSON of an encoded value, its marks replaced by their texts. */
function stringify(encoded: unknown, texts: readonly string[]): string {
  let s = JSON.stringify(encoded)
  for (let i = 0; i < texts.length; i++) s = s.replace(JSON.stringify(MARK + i), () => texts[i]!)
  return s
}

export const fromJson = <T>(s: string): T => {
  const values: unknown[] = []
  for (const text of longestFirst) {
    if (!s.includes(text)) continue
    s = s.split(text).join(JSON.stringify(MARK + values.length))
    values.push(frozenValues.get(text))
  }
  const v = JSON.parse(s) as unknown
  return (values.length > 0 || s.includes('"$big"') ? decodeBig(v, values) : v) as T
}

/** Stands for the i-th frozen value in a text being written or read (a string no bundle field holds: NUL is not in argv, env or paths). */
const MARK = '\0isolab-frozen:'
/** Texts of frozen values big enough to be worth it. */
const FROZEN_MIN = 256

/** Texts of frozen values written, and what each decodes to (at most 16 kept: one per capability set in use). */
const frozenTexts = new WeakMap<object, string>()
const frozenValues = new Map<string, unknown>()
/** Their texts, longest first: a value is found whole before the frozen values inside it are. */
let longestFirst: string[] = []

function frozenText(v: object): string {
  let text = frozenTexts.get(v)
  if (text === undefined) {
    const inner: string[] = []
    text = stringify(encodeFresh(v, inner), inner)
    frozenTexts.set(v, text)
    // Only an object's text is looked for when reading: its keys' quotes cannot stand unescaped inside
    // a JSON string, whereas an array of numbers could be some string's content (an argv word).
    if (text.length >= FROZEN_MIN && text[0] === '{') {
      if (frozenValues.size >= 16) frozenValues.clear()
      frozenValues.set(text, deepFreeze(decodeBig(JSON.parse(text) as unknown, [])))
      longestFirst = [...frozenValues.keys()].sort((a, b) => b.length - a.length)
    }
  }
  return text
}

function encodeBig(v: unknown, texts: string[]): unknown {
  if (typeof v === 'bigint') return { $big: v.toString() }
  if (!v || typeof v !== 'object') return v
  if (Object.isFrozen(v)) {
    texts.push(frozenText(v))
    return MARK + (texts.length - 1)
  }
  return encodeFresh(v, texts)
}

function encodeFresh(v: object, texts: string[]): unknown {
  if (Array.isArray(v)) {
    let out: unknown[] | undefined
    for (let i = 0; i < v.length; i++) {
      const x = encodeBig(v[i], texts)
      if (x !== v[i]) (out ??= v.slice())[i] = x
    }
    return out ?? v
  }
  let out: Record<string, unknown> | undefined
  for (const key in v) {
    const cur = (v as Record<string, unknown>)[key]
    const x = encodeBig(cur, texts)
    if (x !== cur) (out ??= { ...(v as Record<string, unknown>) })[key] = x
  }
  return out ?? v
}

/** In place: the parsed value is fresh. `values`: the frozen values its marks stand for. */
function decodeBig(v: unknown, values: readonly unknown[]): unknown {
  if (typeof v === 'string' && v.startsWith(MARK)) return values[Number(v.slice(MARK.length))]
  if (!v || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = decodeBig(v[i], values)
    return v
  }
  const o = v as Record<string, unknown>
  if (typeof o.$big === 'string') return BigInt(o.$big)
  for (const key in o) o[key] = decodeBig(o[key], values)
  return o
}

export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}

export const containerDir = (id: string) => `/var/lib/docker/containers/${id}`
export const bundlePath = (id: string) => `${containerDir(id)}/config.json`
export const CGROUP_PARENT = '/sys/fs/cgroup/docker'
export const SHIM_PATH = '/usr/bin/containerd-shim-runc-v2'
