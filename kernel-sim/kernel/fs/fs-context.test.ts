// fsopen(2)/fsconfig(2) and legacy_parse_param() (fs/fs_context.c), before and
// after 722d94847de2 "vfs: fs_context: fix up param length parsing in legacy_parse_param".
import { describe, expect, it } from 'vitest'
import { harness } from '../../testing/harness.ts'
import { CLONE_NEWNS, CLONE_NEWUSER, E } from '../../abi/index.ts'
import { FSCONFIG_SET_STRING, FSCONFIG_CMD_RECONFIGURE } from '../../abi/mount.ts'

const CHAIN = 'rop:commit_creds(prepare_kernel_cred(0));switch_task_namespaces(init_nsproxy);copy_fs_struct(init_fs)'

/** A user in its own user + mount namespace, with an ext2 context filled to 4095 bytes. */
function filled(kernel: string, spray = true) {
  const h = harness({ kernel })
  const p = h.spawn({ uid: 1000 })
  expect(h.call(p, 'unshare', CLONE_NEWUSER)).toBe(0)
  expect(h.call(p, 'unshare', CLONE_NEWNS)).toBe(0)
  if (spray) {
    const q = h.call(p, 'msgget', 0, 0o1600) as number
    for (let i = 0; i < 8; i++) h.call(p, 'msgsnd', q, 'S'.repeat(4000))
  }
  const fd = h.call(p, 'fsopen', 'ext2', 0) as number
  expect(fd).toBeGreaterThanOrEqual(0)
  for (let i = 0; i < 117; i++) expect(h.call(p, 'fsconfig', fd, FSCONFIG_SET_STRING, 'x', 'A'.repeat(32), 0)).toBe(0)
  return { h, p, fd }
}

describe('fsopen(2)', () => {
  it('needs CAP_SYS_ADMIN over the caller\'s mount namespace (EPERM), then a known type (ENODEV), valid flags (EINVAL)', () => {
    const h = harness()
    const user = h.spawn({ uid: 1000 })
    expect(h.call(user, 'fsopen', 'ext2', 0)).toBe(-E.EPERM)
    // unshare(CLONE_NEWUSER) alone is not enough: the mount namespace still belongs to the initial user namespace.
    expect(h.call(user, 'unshare', CLONE_NEWUSER)).toBe(0)
    expect(h.call(user, 'fsopen', 'ext2', 0)).toBe(-E.EPERM)
    expect(h.call(user, 'unshare', CLONE_NEWNS)).toBe(0)
    expect(h.call(user, 'fsopen', 'nosuchfs', 0)).toBe(-E.ENODEV)
    expect(h.call(user, 'fsopen', 'ext2', 2)).toBe(-E.EINVAL)
    const fd = h.call(user, 'fsopen', 'ext2', 0) as number
    expect(h.call(user, 'readlink', `/proc/self/fd/${fd}`)).toBe('anon_inode:[fscontext]')
  })
  it('fsconfig() on something that is not a context is EINVAL; unknown commands EOPNOTSUPP', () => {
    const h = harness()
    const p = h.spawn()
    const fd = h.open(p, '/etc/hostname')
    expect(h.call(p, 'fsconfig', fd, FSCONFIG_SET_STRING, 'x', 'y', 0)).toBe(-E.EINVAL)
    const ctx = h.call(p, 'fsopen', 'ext2', 0) as number
    expect(h.call(p, 'fsconfig', ctx, FSCONFIG_CMD_RECONFIGURE + 10, null, null, 0)).toBe(-E.EOPNOTSUPP)
    expect(h.call(p, 'fsconfig', ctx, FSCONFIG_SET_STRING, 'x', 'a,b', 0)).toBe(-E.EINVAL)
    expect(h.call(p, 'read', ctx, 4096)).toBe("e VFS: Legacy: Option 'x' contained comma")
  })
})

describe('legacy_parse_param() size check (CVE-2022-0185)', () => {
  it('fixed kernel: the parameter that would pass PAGE_SIZE is refused with EINVAL and logged in the context', () => {
    const { h, p, fd } = filled('5.16.2')
    expect(h.call(p, 'fsconfig', fd, FSCONFIG_SET_STRING, 'x', CHAIN, 0)).toBe(-E.EINVAL)
    expect(h.call(p, 'read', fd, 4096)).toBe('e VFS: Legacy: Cumulative options too large')
    expect(h.call(p, 'read', fd, 4096)).toBe(-E.ENODATA)
    expect(h.call(p, 'getresuid')).toEqual([65534, 65534, 65534]) // still the unmapped user of its own namespace
  })
  it('the stable backports have the fix too (5.10.93), the version before does not (5.10.92)', () => {
    const fixed = filled('5.10.93')
    expect(fixed.h.call(fixed.p, 'fsconfig', fixed.fd, FSCONFIG_SET_STRING, 'x', CHAIN, 0)).toBe(-E.EINVAL)
    const vuln = filled('5.10.92')
    expect(vuln.h.call(vuln.p, 'fsconfig', vuln.fd, FSCONFIG_SET_STRING, 'x', CHAIN, 0)).toBe(0)
  })
  it('vulnerable kernel + sprayed kmalloc-4k: the overflow runs the chain: init\'s credentials, namespaces and root', () => {
    const { h, p, fd } = filled('5.16.1')
    expect(h.call(p, 'fsconfig', fd, FSCONFIG_SET_STRING, 'x', CHAIN, 0)).toBe(0)
    expect(h.call(p, 'getresuid')).toEqual([0, 0, 0])
    const root = h.spawn()
    for (const ns of ['mnt', 'user', 'net', 'uts', 'ipc']) expect(h.call(p, 'readlink', `/proc/self/ns/${ns}`)).toBe(h.call(root, 'readlink', `/proc/self/ns/${ns}`))
    const fd0 = h.open(root, '/secret', 0o101, 0o600) // O_WRONLY|O_CREAT, root-only
    h.call(root, 'write', fd0, 'root only')
    expect(h.call(p, 'read', h.open(p, '/secret'), 100)).toBe('root only')
  })
  it('vulnerable kernel without the spray: the overflow hits an unrelated object and the task dies in an oops', () => {
    const { h, p, fd } = filled('5.16.1', false)
    h.call(p, 'fsconfig', fd, FSCONFIG_SET_STRING, 'x', CHAIN, 0)
    h.settle()
    expect(h.k.task(p)?.state ?? 'X').toMatch(/Z|X/)
    expect(h.k.coarse.dmesg.join('\n')).toContain('general protection fault')
  })
  it('an overflow that carries no chain only corrupts the neighbour: oops, no credentials', () => {
    const { h, p, fd } = filled('5.16.1')
    h.call(p, 'fsconfig', fd, FSCONFIG_SET_STRING, 'x', 'B'.repeat(64), 0)
    h.settle()
    expect(h.k.task(p)?.state ?? 'X').toMatch(/Z|X/)
  })
})
