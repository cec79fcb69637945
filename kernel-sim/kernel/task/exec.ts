// execve(2): replace the program of a task. Executables in the simulated
// filesystem are tiny ELF stand-ins naming a program ("\x7fELF isolab:cat"),
// or scripts starting with "#!" (the interpreter runs with the script's path).
import type { Kpid } from '../../abi/pid.ts'
import { E } from '../../abi/index.ts'
import { closeOnExec } from '../fd/fd-table.ts'
import { namei } from '../fs/namei.ts'
import { MAY_EXEC, permitted } from '../fs/perm.ts'
import { getattr } from '../fs/vnode.ts'
import { releaseUnlinked } from '../fs/unlinked.ts'
import { pageCacheMapAll } from '../fs/pagecache.ts'
import { EXECED } from '../block.ts'
import { forgetMappings } from '../vma.ts'
import type { Kernel } from '../kernel.ts'
import { capsAfterExec } from './cred.ts'
import { securityExec } from '../security/hooks.ts'
import { executedFile } from '../security/exploit-report.ts'
import { cgroupRssChanged } from '../cgroup/index.ts'
import { execNsCaps } from '../ns/lifecycle.ts'
import { execEnterTimeNs } from '../ns/nsproxy.ts'

export const ELF_PREFIX = '\x7fELF\x02\x01\x01 isolab:'
const ARG_MAX = 2 * 1024 * 1024 // 2 MiB; above it E2BIG
/** Memory of a freshly exec'ed process image. SIMPLIFICATION: one size for every program. */
export const IMAGE_RSS = 1 << 20

export function sysExecve(k: Kernel, kpid: Kpid, path: string, argv: readonly string[], envp: readonly string[], depth = 0): number | typeof EXECED {
  const t = k.taskOrOops(kpid)
  if (!Array.isArray(argv) || !Array.isArray(envp)) return -E.EFAULT
  const size = argv.reduce((a, s) => a + s.length + 1, 0) + envp.reduce((a, s) => a + s.length + 1, 0)
  if (size > ARG_MAX) return -E.E2BIG
  const r = namei(k, t, path)
  if (typeof r === 'number') return r
  const a = getattr(k, r.node)
  if (a.type !== 'f' || r.node.kind !== 'tmpfs') return -E.EACCES
  if (!permitted(t.cred, a, MAY_EXEC) || (a.mode & 0o111) === 0) return -E.EACCES
  const ino = k.inode(r.node.ino)!
  // The binary is mapped: its pages are read through the page cache (a changed cached page is what runs).
  const data = ino.disk ? pageCacheMapAll(k, kpid, ino.ino) : ino.data
  if (data.startsWith('#!')) {
    if (depth >= 4) return -E.ELOOP
    const line = data.slice(2, data.indexOf('\n') === -1 ? undefined : data.indexOf('\n')).trim()
    const [interp, ...rest] = line.split(/\s+/)
    if (!interp) return -E.ENOEXEC
    const arg = rest.length ? [rest.join(' ')] : []
    const done = sysExecve(k, kpid, interp, [interp, ...arg, path, ...argv.slice(1)], envp, depth + 1)
    if (done === EXECED) executedFile(k, kpid, ino.ino, r.path) // a script a container rewrote (CVE-2019-5736's payload)
    return done
  }
  if (!data.startsWith(ELF_PREFIX)) return -E.ENOEXEC
  // The first line names the program; later lines are the binary's notes (e.g. its version, as an ELF note holds it).
  const name = data.slice(ELF_PREFIX.length).split('\n', 1)[0]!.trim()
  const main = k.programs(name)
  if (!main) return -E.ENOEXEC

  const denied = securityExec(k, t) // the LSM's profile transition (security/hooks.ts)
  if (denied) return denied
  // Point of no return. The new image holds its file first (a memfd whose last fd closes on exec stays).
  const oldExe = t.exeIno
  const w = k.mutTask(kpid)
  w.exeIno = ino.ino
  w.exeIn = r.in ?? { mnt: t.ns.mnt, root: t.root }
  closeOnExec(k, t)
  const disp: typeof w.sigDisp = {}
  for (const [sig, d] of Object.entries(w.sigDisp)) if (d === 'ignore') disp[Number(sig)] = 'ignore'
  w.sigDisp = disp
  w.sigCaught = []
  const base = path.split('/').filter(Boolean).pop() ?? path
  w.comm = base.slice(0, 15)
  w.cmdline = [...argv]
  w.environ = [...envp]
  w.exe = r.path
  w.cred = w.cred.nsCaps ? execNsCaps(k, w.cred) : capsAfterExec(w.cred)
  execEnterTimeNs(k, kpid)
  forgetMappings(k, w)
  w.mmaps = {}
  cgroupRssChanged(k, kpid, IMAGE_RSS - w.rssBytes)
  w.rssBytes = IMAGE_RSS
  const cont = k.sched.conts.get(kpid)!
  cont.gen = main(argv, envp)
  cont.resume = undefined
  cont.retry = undefined
  if (oldExe !== ino.ino) releaseUnlinked(k, oldExe)
  executedFile(k, kpid, ino.ino, r.path)
  return EXECED
}
