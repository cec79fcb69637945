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
 */
export const toJson = (v: unknown) => JSON.stringify(encodeBig(v))
export const fromJson = <T>(s: string): T => {
  const v = JSON.parse(s) as unknown
  return (s.includes('"$big"') ? decodeBig(v) : v) as T
}

/** Encodings of frozen values (dockerd's resolved seccomp profiles, shared by every container with the same capabilities). */
const encodedFrozen = new WeakMap<object, unknown>()

function encodeBig(v: unknown): unknown {
  if (typeof v === 'bigint') return { $big: v.toString() }
  if (!v || typeof v !== 'object') return v
  if (Object.isFrozen(v)) {
    let e = encodedFrozen.get(v)
    if (e === undefined) encodedFrozen.set(v, (e = encodeFresh(v)))
    return e
  }
  return encodeFresh(v)
}

function encodeFresh(v: object): unknown {
  if (Array.isArray(v)) {
    let out: unknown[] | undefined
    for (let i = 0; i < v.length; i++) {
      const x = encodeBig(v[i])
      if (x !== v[i]) (out ??= v.slice())[i] = x
    }
    return out ?? v
  }
  let out: Record<string, unknown> | undefined
  for (const key in v) {
    const cur = (v as Record<string, unknown>)[key]
    const x = encodeBig(cur)
    if (x !== cur) (out ??= { ...(v as Record<string, unknown>) })[key] = x
  }
  return out ?? v
}

/** In place: the parsed value is fresh. */
function decodeBig(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = decodeBig(v[i])
    return v
  }
  const o = v as Record<string, unknown>
  if (typeof o.$big === 'string') return BigInt(o.$big)
  for (const key in o) o[key] = decodeBig(o[key])
  return o
}

export const containerDir = (id: string) => `/var/lib/docker/containers/${id}`
export const bundlePath = (id: string) => `${containerDir(id)}/config.json`
export const CGROUP_PARENT = '/sys/fs/cgroup/docker'
export const SHIM_PATH = '/usr/bin/containerd-shim-runc-v2'
