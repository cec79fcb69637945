// Property (issue 11): with no vulnerable component armed (the default,
// patched kernel), no random sequence of the syscalls the modelled kernel
// exploits use (user namespaces, heap sprays with msgsnd, fsopen/fsconfig up
// to and past the legacy option buffer, pipe fills, splice from a file and
// writes into the pipe) run from a "container" (an unprivileged user in its
// own user, mount, ipc and uts namespaces) changes what another container or
// the host observes: a file both can read, a root-only host file, the other
// container's file, the host's hostname and mounts, and the attacker's own
// credentials as the host sees them.
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { CLONE_NEWIPC, CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWUTS, O_RDONLY, O_RDWR, O_WRONLY, type Kpid } from '../../kernel-sim/abi/index.ts'
import { FSCONFIG_SET_FLAG, FSCONFIG_SET_STRING } from '../../kernel-sim/abi/mount.ts'
import { harness, type Harness } from '../../kernel-sim/testing/harness.ts'

const CHAIN = 'rop:commit_creds(prepare_kernel_cred(0));switch_task_namespaces(init_nsproxy);copy_fs_struct(init_fs)'

type Op =
  | { op: 'unshare'; flags: number }
  | { op: 'spray'; n: number; size: number }
  | { op: 'fsopen'; fs: string }
  | { op: 'fsconfig'; key: string; size: number; flag: boolean }
  | { op: 'fill'; last: string } // 117 parameters to 4095 bytes, then one more
  | { op: 'pipefill'; bytes: number }
  | { op: 'drain' }
  | { op: 'splice'; file: number; off: number; len: number }
  | { op: 'pipewrite'; data: string }
  | { op: 'open'; file: number; flags: number }

const FILES = ['/shared', '/host-secret', '/other/secret']
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constantFrom(CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWUSER | CLONE_NEWNS, CLONE_NEWIPC).map((flags) => ({ op: 'unshare' as const, flags })),
  fc.record({ op: fc.constant('spray' as const), n: fc.integer({ min: 1, max: 8 }), size: fc.constantFrom(100, 2100, 4000, 4048) }),
  fc.constantFrom('ext2', 'ext4', 'tmpfs', 'devpts', 'nosuch').map((fs) => ({ op: 'fsopen' as const, fs })),
  fc.record({ op: fc.constant('fsconfig' as const), key: fc.constantFrom('x', 'source', 'ro', 'a,b'), size: fc.constantFrom(0, 1, 32, 1000, 4090, 5000), flag: fc.boolean() }),
  fc.constantFrom(CHAIN, 'B'.repeat(64), 'x').map((last) => ({ op: 'fill' as const, last })),
  fc.constantFrom(1, 4096, 65536).map((bytes) => ({ op: 'pipefill' as const, bytes })),
  fc.constant({ op: 'drain' as const }),
  fc.record({ op: fc.constant('splice' as const), file: fc.nat(2), off: fc.constantFrom(0, 1, 4, 5000), len: fc.constantFrom(1, 5, 4096) }),
  fc.constantFrom('EVIL', 'y', 'Z'.repeat(5000)).map((data) => ({ op: 'pipewrite' as const, data })),
  fc.record({ op: fc.constant('open' as const), file: fc.nat(2), flags: fc.constantFrom(O_RDONLY, O_WRONLY, O_RDWR) }),
)

/** The host and a second container, seen from the host: what must not change. */
function observe(h: Harness, host: Kpid, attacker: Kpid) {
  const read = (path: string) => {
    const fd = h.open(host, path)
    const data = h.call(host, 'read', fd, 100000)
    h.call(host, 'close', fd)
    return data
  }
  const t = h.k.task(attacker)
  return {
    files: FILES.map(read),
    hostname: h.k.coarse.uts.hostname,
    mounts: h.k.coarse.mounts.length,
    attacker: t && t.state !== 'Z' ? { euid: t.cred.euid, caps: t.cred.capEff, mnt: t.ns.mnt !== h.k.task(host)!.ns.mnt } : 'gone',
  }
}

function world(kernel?: string) {
  const h = harness(kernel ? { kernel } : {}) // default versions: nothing armed
  const host = h.spawn()
  const mk = (path: string, data: string, mode: number) => {
    const fd = h.open(host, path, 0o101, mode)
    h.call(host, 'write', fd, data)
    h.call(host, 'close', fd)
    h.k.mutInode((h.call(host, 'stat', path) as { ino: number }).ino).disk = true // on the disk: page-cached
  }
  h.call(host, 'mkdir', '/other', 0o700)
  mk('/shared', 'root:x:0:0:root:/root:/bin/sh\n'.repeat(200), 0o644) // readable by all, like an image layer's /etc/passwd
  mk('/host-secret', 'host secret\n', 0o600)
  mk('/other/secret', 'other container\n', 0o600)
  h.k.commit()
  const attacker = h.spawn({ uid: 1000 })
  expect(h.call(attacker, 'unshare', CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS)).toBe(0)
  return { h, host, attacker }
}

/** Runs `ops` from the attacker: what the host observed before and after. */
function attack(ops: Op[], kernel?: string) {
    const { h, host, attacker: p } = world(kernel)
    const before = observe(h, host, p)
    let q = -1
    let ctx = -1
    let pipe: [number, number] | undefined
    const fds: number[] = []
    for (const o of ops) {
      if (h.k.task(p)?.state === 'Z' || !h.k.task(p)) break
      switch (o.op) {
        case 'unshare': h.call(p, 'unshare', o.flags); break
        case 'spray':
          if (q < 0) q = h.call(p, 'msgget', 0, 0o1600) as number
          for (let i = 0; i < o.n; i++) h.call(p, 'msgsnd', q, 'S'.repeat(o.size))
          break
        case 'fsopen': ctx = h.call(p, 'fsopen', o.fs, 0) as number; break
        case 'fsconfig':
          if (o.flag) h.call(p, 'fsconfig', ctx, FSCONFIG_SET_FLAG, o.key, null, 0)
          else h.call(p, 'fsconfig', ctx, FSCONFIG_SET_STRING, o.key, 'A'.repeat(o.size), 0)
          break
        case 'fill':
          for (let i = 0; i < 117; i++) h.call(p, 'fsconfig', ctx, FSCONFIG_SET_STRING, 'x', 'A'.repeat(32), 0)
          h.call(p, 'fsconfig', ctx, FSCONFIG_SET_STRING, 'x', o.last, 0)
          break
        case 'pipefill':
          pipe ??= h.call(p, 'pipe2', 0) as [number, number]
          h.call(p, 'write', pipe[1], 'P'.repeat(o.bytes))
          break
        case 'drain': if (pipe) h.call(p, 'read', pipe[0], 65536); break
        case 'splice': {
          pipe ??= h.call(p, 'pipe2', 0) as [number, number]
          const fd = h.open(p, FILES[o.file]!, O_RDONLY)
          if (fd >= 0) fds.push(fd)
          h.call(p, 'splice', fd, o.off, pipe[1], null, o.len, 0)
          break
        }
        case 'pipewrite': if (pipe) h.call(p, 'write', pipe[1], o.data); break
        case 'open': {
          const fd = h.open(p, FILES[o.file]!, o.flags)
          if (fd >= 0 && o.flags !== O_RDONLY) h.call(p, 'write', fd, 'EVIL')
          break
        }
      }
    }
    return { before, after: observe(h, host, p) }
}

test.prop([fc.array(opArb, { minLength: 1, maxLength: 25 })], { numRuns: 50 })(
  'patched kernel: no syscall sequence from a container changes what the host or another container observes',
  (ops) => {
    const { before, after } = attack(ops)
    expect(after.files).toEqual(before.files)
    expect(after.hostname).toBe(before.hostname)
    expect(after.mounts).toBe(before.mounts)
    if (after.attacker !== 'gone') expect(after.attacker).toEqual(before.attacker)
  },
)

// The property can fail: the same observations catch each bug once its version arms it.
test('armed kernels: the exploits\' sequences are caught by the same observations', () => {
  const escape: Op[] = [{ op: 'spray', n: 8, size: 4000 }, { op: 'unshare', flags: CLONE_NEWNS }, { op: 'fsopen', fs: 'ext2' }, { op: 'fill', last: CHAIN }]
  const r0185 = attack(escape, '5.16.1')
  expect(r0185.after.attacker).toMatchObject({ euid: 0, mnt: false }) // init's credentials and mount namespace
  expect(attack(escape).after.attacker).toEqual(attack(escape).before.attacker)
  const dirty: Op[] = [{ op: 'pipefill', bytes: 65536 }, { op: 'drain' }, { op: 'splice', file: 0, off: 4, len: 1 }, { op: 'pipewrite', data: 'y' }]
  const r0847 = attack(dirty, '5.16.10')
  expect(r0847.after.files[0]).not.toEqual(r0847.before.files[0])
  expect(String(r0847.after.files[0]).slice(0, 8)).toBe('root:y:0')
})
