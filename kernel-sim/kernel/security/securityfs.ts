// securityfs as mounted under /sys/kernel/security: AppArmor's policy view.
// /sys/kernel/security/apparmor/profiles lists "NAME (MODE)" lines, readable
// by root only (mode 0440), which is why aa-status needs privilege.
import { dirNode, fileNode, type GenNode } from '../fs/genfs.ts'
import type { Kernel } from '../kernel.ts'
import { lsmProfiles } from './lsm.ts'

/** Paths below /sys ("/kernel/security/..."), or undefined. */
export function securityfsNode(k: Kernel, path: string): GenNode | undefined {
  switch (path) {
    case '/kernel/security': return dirNode(() => ['apparmor'], 0o755)
    case '/kernel/security/apparmor': return dirNode(() => ['profiles'], 0o755)
    case '/kernel/security/apparmor/profiles':
      return fileNode(() => Object.values(lsmProfiles(k)).map((p) => `${p.name} (${p.mode})\n`).sort().join(''), 0o440)
    default: return undefined
  }
}
