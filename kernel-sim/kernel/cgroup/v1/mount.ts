// mount -t cgroup: find or create the v1 hierarchy a mount shows
// (kernel/cgroup/cgroup-v1.c, v5.16: cgroup1_parse_param(),
// check_cgroupfs_options(), cgroup1_root_to_use(), cgroup1_get_tree()).
// The rules that decide CVE-2022-0492's first step:
//   - the caller needs CAP_SYS_ADMIN over its cgroup namespace's owner (-EPERM):
//     root in a new user namespace has it only after also unsharing the cgroup
//     namespace (`unshare -UrmC`);
//   - "Hierarchies may only be created in the initial cgroup namespace" (-EPERM):
//     from a new cgroup namespace a mount can only join a hierarchy the host
//     already has. A cgroup v2-only host has none, which is why it is not
//     exploitable that way; a v1 or hybrid host (systemd mounts every
//     controller's hierarchy) is.
import { CAP, E } from '../../../abi/index.ts'
import type { Kernel } from '../../kernel.ts'
import type { Mount, Task } from '../../state.ts'
import { printk } from '../../log.ts'
import { INIT_INO, isInit, nsRec } from '../../ns/core.ts'
import { nsCapable } from '../../ns/user.ts'
import { capable } from '../../security/capable.ts'
import { kernelArmed } from '../../version.ts'
import { mutV1, nsV1Root, v1Root, v1Roots } from './hierarchy.ts'
import type { V1Root } from './types.ts'

/** The controllers a v1 hierarchy can name (their legacy names, for_each_subsys order in 5.16). */
export const V1_SUBSYS = ['cpuset', 'cpu', 'cpuacct', 'blkio', 'memory', 'devices', 'freezer', 'net_cls', 'perf_event', 'net_prio', 'hugetlb', 'pids', 'rdma', 'misc']

/**
 * Controllers isolab models in the v2 hierarchy: bound there, so a v1 hierarchy asking for them is EBUSY.
 * SIMPLIFICATION: Linux can move an unused controller from v2 to v1 (rebind_subsystems); these stay on v2.
 */
const BOUND_TO_V2 = new Set(['cpu', 'cpuacct', 'blkio', 'memory', 'pids'])

interface V1Options {
  subsys: string[]
  none: boolean
  all: boolean
  name?: string
  releaseAgent?: string
}

/** An invalfc() error: EINVAL, and the message the fs_context logs ("cgroup: ..." in dmesg with mount(2)). */
function invalfc(k: Kernel, msg: string): number {
  printk(k, `cgroup: ${msg}`)
  return -E.EINVAL
}

/** cgroupns owner: the user namespace whose CAP_SYS_ADMIN a cgroup mount needs (cgroup_init_fs_context: fc->user_ns). */
function cgroupNsOwner(k: Kernel, t: Task): number {
  return isInit(t.ns.cgroup) ? INIT_INO.user : nsRec(k, t.ns.cgroup)?.owner ?? INIT_INO.user
}

/** cgroup1_parse_param() for each comma-separated option; -errno on the first bad one. */
function parseOptions(k: Kernel, t: Task, data: string): V1Options | number {
  const o: V1Options = { subsys: [], none: false, all: false }
  for (const opt of (data ?? '').split(',').filter(Boolean)) {
    const eq = opt.indexOf('=')
    const key = eq < 0 ? opt : opt.slice(0, eq)
    const val = eq < 0 ? undefined : opt.slice(eq + 1)
    if (key === 'none') o.none = true
    else if (key === 'all') o.all = true
    else if (['noprefix', 'clone_children', 'cpuset_v2_mode', 'xattr', 'rw', 'ro'].includes(key)) continue // flags kept by Linux; no effect here
    else if (key === 'release_agent' && val !== undefined) {
      if (o.releaseAgent !== undefined) return invalfc(k, 'release_agent respecified')
      // The fix for CVE-2022-0492 checks here too: "Release agent gets called with all capabilities, require capabilities to set release agent."
      if (!kernelArmed(k, 'CVE-2022-0492') && (cgroupNsOwner(k, t) !== INIT_INO.user || !capable(k, t, CAP.SYS_ADMIN))) return invalfc(k, 'Setting release_agent not allowed')
      o.releaseAgent = val
    } else if (key === 'name' && val !== undefined) {
      if (!val) return invalfc(k, 'Empty name')
      if (val.length > 63) return invalfc(k, 'Name too long')
      if (!/^[\w.-]+$/.test(val)) return invalfc(k, 'Invalid name')
      if (o.name !== undefined) return invalfc(k, 'name respecified')
      o.name = val
    } else if (V1_SUBSYS.includes(key) && val === undefined) {
      if (!o.subsys.includes(key)) o.subsys.push(key)
    } else return invalfc(k, `Unknown subsys name '${key}'`)
  }
  return o
}

/** check_cgroupfs_options(): no list means all; a hierarchy needs a name or controllers; none excludes controllers. */
function checkOptions(k: Kernel, o: V1Options): number {
  if (!o.subsys.length && !o.none && o.name === undefined) o.all = true
  if (o.all) {
    if (o.subsys.length) return invalfc(k, 'subsys name conflicts with all')
    o.subsys = [...V1_SUBSYS]
  }
  if (!o.subsys.length && o.name === undefined) return invalfc(k, 'Need name or subsystem set')
  if (o.subsys.length && o.none) return invalfc(k, 'none used incorrectly')
  return 0
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x))

/** cgroup1_root_to_use(): an existing hierarchy with these controllers (and name), or a new one. */
function rootToUse(k: Kernel, t: Task, o: V1Options): V1Root | number {
  for (const r of v1Roots(k)) {
    let nameMatch = false
    if (o.name !== undefined) {
      if (o.name !== r.name) continue
      nameMatch = true
    }
    if ((o.subsys.length || o.none) && !sameSet(o.subsys, r.subsys)) {
      if (!nameMatch) continue
      return -E.EBUSY
    }
    return r
  }
  if (!o.subsys.length && !o.none) return invalfc(k, 'No subsys list or none specified')
  // "Hierarchies may only be created in the initial cgroup namespace."
  if (!isInit(t.ns.cgroup)) return -E.EPERM
  // rebind_subsystems(): a controller already bound to another hierarchy (or, here, to v2) is busy.
  const taken = new Set(v1Roots(k).flatMap((r) => r.subsys))
  if (o.subsys.some((s) => BOUND_TO_V2.has(s) || taken.has(s))) return -E.EBUSY
  // SIMPLIFICATION: a hierarchy lives until reboot; Linux frees it at the last umount when it has no child cgroups.
  const s = mutV1(k)
  const h = s.nextRoot++
  const rootCg = s.nextCg++
  s.roots[h] = {
    id: h, subsys: V1_SUBSYS.filter((x) => o.subsys.includes(x)), name: o.name ?? '', releaseAgent: o.releaseAgent ?? '', rootCg,
    cgroups: { [rootCg]: { id: rootCg, parent: -1, name: '', children: {}, notifyOnRelease: false, cloneChildren: false } },
  }
  return v1Root(k, h)!
}

/**
 * The fields of the new mount: its hierarchy and the cgroup shown as its root (the mounter's
 * cgroup-namespace root in that hierarchy, cgroup_do_get_tree()), or -errno.
 */
export function cgroupV1Mount(k: Kernel, t: Task, data: string): Pick<Mount, 'v1Root' | 'cgroupRoot'> | number {
  const o = parseOptions(k, t, data)
  if (typeof o === 'number') return o
  // cgroup1_get_tree(): "Check if the caller has permission to mount."
  if (!nsCapable(k, t, CAP.SYS_ADMIN, cgroupNsOwner(k, t))) return -E.EPERM
  const bad = checkOptions(k, o)
  if (bad) return bad
  const r = rootToUse(k, t, o)
  if (typeof r === 'number') return r
  const root = nsV1Root(k, t, r)
  return root === r.rootCg ? { v1Root: r.id } : { v1Root: r.id, cgroupRoot: root }
}

/** cgroup1_show_options(): the superblock's options in mountinfo ("rw,rdma,release_agent=/x,name=y"). */
export function v1ShowOptions(k: Kernel, m: Mount): string {
  const r = m.v1Root === undefined ? undefined : v1Root(k, m.v1Root)
  if (!r) return 'rw'
  return ['rw', ...r.subsys, ...(r.releaseAgent ? [`release_agent=${r.releaseAgent}`] : []), ...(r.name ? [`name=${r.name}`] : [])].join(',')
}
