// sysfs (/sys): the few files userland reads (nproc, the cgroup mount point).
import { dirNode, fileNode, type GenFs } from './genfs.ts'
import { securityfsNode } from '../security/securityfs.ts'
import { smtControl, VULN_FILES, vulnerabilityText } from '../cpu-bugs.ts'

const TREE: Record<string, string[]> = {
  '/': ['devices', 'fs', 'kernel'],
  '/devices': ['system'],
  '/devices/system': ['cpu'],
  '/devices/system/cpu': ['online', 'possible', 'smt', 'vulnerabilities'],
  '/devices/system/cpu/smt': ['active', 'control'],
  '/devices/system/cpu/vulnerabilities': [...VULN_FILES],
  '/fs': ['cgroup'],
  '/fs/cgroup': [],
  '/kernel': ['security'],
}

export const sysfs: GenFs = (k, _viewer, path) => {
  const p = path === '' ? '/' : path
  if (p.startsWith('/kernel/security')) return securityfsNode(k, p) // AppArmor's securityfs view
  if (TREE[p]) return dirNode(() => TREE[p]!, 0o755)
  const cpus = k.s.machine.cpus
  if (p === '/devices/system/cpu/online' || p === '/devices/system/cpu/possible') {
    return fileNode(() => (cpus > 1 ? `0-${cpus - 1}\n` : '0\n'))
  }
  if (p === '/devices/system/cpu/smt/control') return fileNode(() => smtControl(k), 0o644)
  if (p === '/devices/system/cpu/smt/active') return fileNode(() => (smtControl(k) === 'on\n' ? '1\n' : '0\n'))
  const bug = /^\/devices\/system\/cpu\/vulnerabilities\/(\w+)$/.exec(p)?.[1]
  if (bug && (VULN_FILES as readonly string[]).includes(bug)) return fileNode(() => vulnerabilityText(k, bug as (typeof VULN_FILES)[number]))
  return undefined
}
