// mount(8) and umount(8) (util-linux), the parts namespaces need: list the
// mounts (from /proc/self/mountinfo), `mount -t TYPE SRC DIR`, `--bind`,
// `--make-{shared,slave,private,unbindable}` (and r-variants); `umount DIR`.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { E, strerror, MS_BIND, MS_PRIVATE, MS_RDONLY, MS_REC, MS_REMOUNT, MS_SHARED, MS_SLAVE, MS_UNBINDABLE } from '../../../kernel-sim/abi/index.ts'
import { getresuid, mount, out, stat, umount2 } from '../../libc/index.ts'
import { has, lastArg, parseOpts, tryHelp, warn } from '../lib/cmd.ts'
import type { ProgramInfo } from '../lib/types.ts'
import { parseMountinfo, readFile } from './nslib.ts'

const PROP: Record<string, number> = { shared: MS_SHARED, slave: MS_SLAVE, private: MS_PRIVATE, unbindable: MS_UNBINDABLE }

const LONG = [
  { name: 'types', hasArg: 'required', val: 't' }, { name: 'options', hasArg: 'required', val: 'o' },
  { name: 'bind', hasArg: 'no', val: 'B' }, { name: 'rbind', hasArg: 'no', val: 'R' },
  ...Object.keys(PROP).flatMap((k) => [
    { name: `make-${k}`, hasArg: 'no' as const, val: `m${k}` }, { name: `make-r${k}`, hasArg: 'no' as const, val: `r${k}` },
  ]),
] as const

/** util-linux ≥ 2.30 messages: "mount: /mnt: permission denied." */
function mountError(dir: string, errno: number, fstype: string, source = '', remount = false): string {
  // libmount (context_mount.c) on a failed MS_REMOUNT: EINVAL is a bad option or no mount there.
  if (errno === E.EINVAL && remount) return `mount: ${dir}: mount point not mounted or bad option.`
  if (errno === E.EPERM) return `mount: ${dir}: permission denied.` // libmount's text for root (euid 0)
  if (errno === E.ENOENT) return `mount: ${dir}: mount point does not exist.`
  if (errno === E.ENODEV) return `mount: ${dir}: unknown filesystem type '${fstype}'.`
  // libmount's generic EINVAL text (e.g. an overlay with bad options; the kernel logs why in dmesg).
  if (errno === E.EINVAL && source) return `mount: ${dir}: wrong fs type, bad option, bad superblock on ${source}, missing codepage or helper program, or other error.`
  return `mount: ${dir}: ${strerror(errno).toLowerCase()}.`
}

function* mountMain(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 't:o:BR', long: LONG, usage: 'Usage:\n mount [-lhV]\n mount -a [options]\n mount [options] [--source] <source> | [--target] <directory>\n mount [options] <source> <directory>\n mount <operation> <mountpoint> [<target>]' })
  if (typeof p === 'number') return p
  const prop = p.opts.find((o) => /^[mr](shared|slave|private|unbindable)$/.test(o.opt))
  if (prop) {
    const dir = p.operands[0]
    if (!dir) return yield* usage()
    const flags = PROP[prop.opt.slice(1)]! | (prop.opt[0] === 'r' ? MS_REC : 0)
    const r = yield* mount('none', dir, '', flags)
    if (r < 0) return yield* fail(mountError(dir, -r, ''))
    return 0
  }
  if (p.operands.length === 0) {
    const info = yield* readFile('/proc/self/mountinfo')
    if (typeof info !== 'string') return 1
    let s = ''
    const type = lastArg(p, 't')
    // libmount prints the per-mount options, then the filesystem's own (minus rw/ro): "(rw,relatime,lowerdir=...)".
    for (const m of parseMountinfo(info)) if (!type || type === m.fstype) s += `${m.source} on ${m.target} type ${m.fstype} (${m.options})\n`
    yield* out(s)
    return 0
  }
  const [src, dir] = p.operands.length === 1 ? ['none', p.operands[0]!] : [p.operands[0]!, p.operands[1]!]
  const o = (lastArg(p, 'o') ?? '').split(',')
  const bind = has(p, 'B') || has(p, 'R') || o.includes('bind')
  // mount(8) -o: remount, ro/rw and bind become mount(2) flags; the rest is passed as data.
  const remount = o.includes('remount')
  const ro = o.lastIndexOf('ro') > o.lastIndexOf('rw')
  const fstype = lastArg(p, 't') ?? (bind || remount ? '' : 'none')
  const data = o.filter((x) => x && !['bind', 'remount', 'ro', 'rw'].includes(x)).join(',')
  const flags = (bind ? MS_BIND | (has(p, 'R') ? MS_REC : 0) : 0) | (remount ? MS_REMOUNT : 0) | (ro ? MS_RDONLY : 0)
  const r = yield* mount(src, dir, fstype, flags, data)
  if (r < 0) {
    const [, euid] = yield* getresuid()
    if (r === -E.EPERM && euid !== 0) return yield* fail('mount: only root can do that.')
    // libmount: ENOENT with the mount point present means the source device is missing.
    // (libmount stats the source as a path: "overlay" or "none" with a missing lowerdir reads the same way.)
    if (r === -E.ENOENT && typeof (yield* stat(dir)) !== 'number' && typeof (yield* stat(src)) === 'number') return yield* fail(`mount: ${dir}: special device ${src} does not exist.`)
    return yield* fail(mountError(dir, -r, fstype, fstype && !remount && !bind ? src : '', remount))
  }
  return 0
}

function* usage() {
  yield* tryHelp('mount')
  return 1
}

function* fail(msg: string) {
  yield* warn(msg.split(': ')[0]!, msg.split(': ').slice(1).join(': '))
  return 32 // mount(8): "mount failure"
}

function* umountMain(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'l', long: [{ name: 'lazy', hasArg: 'no', val: 'l' }], usage: 'Usage:\n umount [-hV]\n umount -a [options]\n umount [options] <source> | <directory>' })
  if (typeof p === 'number') return p
  if (p.operands.length === 0) {
    yield* warn('umount', 'bad usage')
    yield* tryHelp('umount')
    return 1
  }
  let status = 0
  for (const dir of p.operands) {
    const r = yield* umount2(dir, has(p, 'l') ? 2 : 0)
    if (r < 0) {
      const msg = r === -E.EINVAL ? 'not mounted.' : r === -E.EBUSY ? 'target is busy.' : r === -E.EPERM ? 'must be superuser to unmount.' : `${strerror(-r).toLowerCase()}.`
      yield* warn('umount', `${dir}: ${msg}`)
      status = 32
    }
  }
  return status
}

export const mountProgram: ProgramInfo = { name: 'mount', path: '/usr/bin/mount', description: 'mount a filesystem', main: mountMain, stdoutAtExit: 'closestream' }
export const umountProgram: ProgramInfo = { name: 'umount', path: '/usr/bin/umount', description: 'unmount filesystems', main: umountMain }
