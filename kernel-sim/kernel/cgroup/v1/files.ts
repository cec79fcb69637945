// The cgroup v1 filesystem (`mount -t cgroup`): a directory per cgroup with
// the core interface files of cgroups.rst 1.4 / cgroup1_base_files[]:
//   tasks, cgroup.procs        member pids, one per line, sorted, in the reader's pid namespace;
//                              a pid written moves that task here
//   notify_on_release          0 or 1: run the release agent when this cgroup empties
//   cgroup.clone_children      0 or 1 (cpuset's flag)
//   release_agent              only in the hierarchy's root: the program to run
//   cgroup.sane_behavior       only in the root: always 0 (a relic of the v2 transition)
// SIMPLIFICATION: the controllers' own files (rdma.max, ...) are not modelled.
import { CAP, E } from '../../../abi/index.ts'
import type { Kernel } from '../../kernel.ts'
import type { Mount, Task } from '../../state.ts'
import type { GenFs, GenNode } from '../../fs/genfs.ts'
import { INIT_INO, isInit, nsRec } from '../../ns/core.ts'
import { vpid } from '../../ns/pid.ts'
import { credUserns } from '../../ns/user.ts'
import { capable } from '../../security/capable.ts'
import { agentSetFromUserns } from '../../security/exploit-report.ts'
import { kernelArmed } from '../../version.ts'
import { mutV1, v1Attach, v1Cg, v1Members, v1Mkdir, v1Rmdir, v1Root } from './hierarchy.ts'
import { v1CheckForRelease } from './release.ts'
import type { V1Cgroup } from './types.ts'

interface V1File {
  mode: number
  /** Only in the hierarchy's root cgroup (CFTYPE_ONLY_ON_ROOT). */
  rootOnly?: boolean
  read: (k: Kernel, h: number, c: V1Cgroup, viewer: Task) => string
  write?: (k: Kernel, h: number, c: V1Cgroup, writer: Task, data: string) => number
}

/** cgroup_pidlist_start(): the members' pids as the reader sees them (0 = invisible, left out), sorted. */
function pidlist(k: Kernel, h: number, c: V1Cgroup, viewer: Task): string {
  const pids = v1Members(k, v1Root(k, h)!, c.id).map((t) => vpid(k, viewer, t.kpid) as number).filter((p) => p > 0)
  return pids.sort((a, b) => a - b).map((p) => `${p}\n`).join('')
}

/** write_u64 handlers: kstrtoull(strstrip(buf), 0): decimal, 0x hex or 0 octal; anything else is EINVAL. */
function parseU64(data: string): number {
  const s = data.trim()
  if (/^(0x[0-9a-f]+|0[0-7]*|[1-9]\d*)$/i.test(s)) return Number(s.startsWith('0') && !/^0x/i.test(s) && s.length > 1 ? parseInt(s, 8) : s)
  return -E.EINVAL
}

function flagFile(field: 'notifyOnRelease' | 'cloneChildren'): V1File {
  return {
    mode: 0o644,
    read: (_k, _h, c) => (c[field] ? '1\n' : '0\n'),
    write: (k, h, c, _w, data) => {
      const v = parseU64(data)
      if (v < 0) return v
      mutV1(k).roots[h]!.cgroups[c.id]![field] = v !== 0
      return 0
    },
  }
}

/**
 * cgroup_release_agent_write(). CVE-2022-0492: before 24f6008564183aa120d07c03d9289519c2fe02af
 * ("cgroup-v1: Require capabilities to set release_agent", v5.17-rc3 and the stable trees) there was
 * no check at all, so root in a user namespace that could mount the hierarchy could name any program;
 * the fix: the writer must be in the initial user namespace with CAP_SYS_ADMIN there (and, with its
 * follow-up, the file opened from a cgroup namespace the initial user namespace owns), else EPERM.
 * SIMPLIFICATION: the writer's credentials stand for the opener's (of->file->f_cred).
 */
function writeReleaseAgent(k: Kernel, h: number, _c: V1Cgroup, w: Task, data: string): number {
  const nsOwner = isInit(w.ns.cgroup) ? INIT_INO.user : nsRec(k, w.ns.cgroup)?.owner
  const fixRefuses = credUserns(w.cred) !== INIT_INO.user || nsOwner !== INIT_INO.user || !capable(k, w, CAP.SYS_ADMIN)
  if (fixRefuses && !kernelArmed(k, 'CVE-2022-0492')) return -E.EPERM
  // strscpy(release_agent_path, strstrip(buf), PATH_MAX)
  const agent = data.trim().slice(0, 4095)
  mutV1(k).roots[h]!.releaseAgent = agent
  if (fixRefuses && agent) agentSetFromUserns(k, h, w.kpid, agent) // only the bug let this writer set it
  return 0
}

function writeProcs(k: Kernel, h: number, c: V1Cgroup, w: Task, data: string): number {
  const r = v1Attach(k, w, h, c.id, data)
  if (typeof r === 'number') return r
  if (r.left !== c.id) v1CheckForRelease(k, h, r.left)
  return 0
}

const FILES: Record<string, V1File> = {
  'cgroup.clone_children': flagFile('cloneChildren'),
  'cgroup.procs': { mode: 0o644, read: pidlist, write: writeProcs },
  'cgroup.sane_behavior': { mode: 0o444, rootOnly: true, read: () => '0\n' },
  notify_on_release: flagFile('notifyOnRelease'),
  release_agent: { mode: 0o644, rootOnly: true, read: (k, h) => `${v1Root(k, h)!.releaseAgent}\n`, write: writeReleaseAgent },
  // SIMPLIFICATION: threads are not modelled: tasks lists and moves processes, as cgroup.procs.
  tasks: { mode: 0o644, read: pidlist, write: writeProcs },
}

function filesOf(c: V1Cgroup): string[] {
  return Object.keys(FILES).filter((n) => c.parent < 0 || !FILES[n]!.rootOnly)
}

/** The filesystem of a `cgroup` mount: paths relative to the mount's root cgroup. */
export const cgroupV1fs: GenFs = (k, viewer, path, mount) => {
  const h = mount?.v1Root
  const r = h === undefined ? undefined : v1Root(k, h)
  if (!r || h === undefined) return undefined
  let c = r.cgroups[rootOf(mount!, r.rootCg)]
  if (!c) return undefined
  const parts = path.split('/').filter(Boolean)
  for (let i = 0; i < parts.length; i++) {
    const child = c.children[parts[i]!]
    if (child !== undefined) {
      c = r.cgroups[child]!
      continue
    }
    if (i !== parts.length - 1 || !filesOf(c).includes(parts[i]!)) return undefined
    return fileNode(k, viewer, h, c.id, FILES[parts[i]!]!)
  }
  return dirNode(k, h, c.id)
}

const rootOf = (m: Mount, dflt: number) => m.cgroupRoot ?? dflt

function dirNode(k: Kernel, h: number, id: number): GenNode {
  return {
    type: 'd', mode: 0o755, uid: 0, gid: 0,
    list: () => {
      const c = v1Cg(k, h, id)
      return c ? [...filesOf(c), ...Object.keys(c.children)] : []
    },
    mkdir: (name) => v1Mkdir(k, h, id, name),
    rmdir: (name) => {
      const r = v1Rmdir(k, h, id, name)
      if (typeof r === 'number') return r
      v1CheckForRelease(k, h, r.released)
      return 0
    },
  }
}

function fileNode(k: Kernel, viewer: Task, h: number, id: number, f: V1File): GenNode {
  const now = () => v1Cg(k, h, id)
  return {
    type: 'f', mode: f.mode, uid: 0, gid: 0,
    read: () => { const c = now(); return c ? f.read(k, h, c, viewer) : '' },
    ...(f.write ? { write: (data: string) => { const c = now(); return c ? f.write!(k, h, c, viewer, data) : -E.ENODEV } } : {}),
  }
}
