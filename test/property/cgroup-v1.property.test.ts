// Property (issue 11, CVE-2022-0492): on a fixed kernel, no random sequence of the cgroup v1
// operations the exploit uses (unshare of user/mount/cgroup namespaces, mount -t cgroup with
// controllers, names or release_agent=, mkdir, notify_on_release, release_agent, joining a cgroup
// and leaving it by exit or migration, rmdir) from a container's root — uid 0 without CAP_SYS_ADMIN,
// in its own mount namespace, on a host that has the rdma controller's v1 hierarchy (even left in
// view at /rdma) — makes the host kernel start a process: the
// release agent runs as host root, so "no new child of init" is what must hold. The same sequence
// on an affected kernel does start one (the property can fail).
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { CAP, CLONE_NEWCGROUP, CLONE_NEWNS, CLONE_NEWUSER, INIT_KPID, O_WRONLY, type Kpid } from '../../kernel-sim/abi/index.ts'
import { ELF_PREFIX_TEXT } from '../../kernel-sim/testing/consts.ts'
import { installFile } from '../../kernel-sim/index.ts'
import { harness, type Harness } from '../../kernel-sim/testing/harness.ts'

type Op =
  | { op: 'unshare'; flags: number }
  | { op: 'mount'; opts: string }
  | { op: 'mkdir'; dir: string }
  | { op: 'rmdir'; dir: string }
  | { op: 'write'; file: string; data: string }
  | { op: 'join-exit'; dir: string }
  | { op: 'move'; dir: string }

const DIRS = ['x', 'x/y', '']
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constantFrom(CLONE_NEWUSER, CLONE_NEWUSER | CLONE_NEWNS, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP, CLONE_NEWNS | CLONE_NEWCGROUP).map((flags) => ({ op: 'unshare' as const, flags })),
  fc.constantFrom('rdma', 'none,name=mine', 'rdma,release_agent=/box/agent', 'misc', '').map((opts) => ({ op: 'mount' as const, opts })),
  fc.constantFrom('x', 'x/y').map((dir) => ({ op: 'mkdir' as const, dir })),
  fc.constantFrom('x', 'x/y').map((dir) => ({ op: 'rmdir' as const, dir })),
  fc.record({ op: fc.constant('write' as const), file: fc.constantFrom('notify_on_release', 'x/notify_on_release', 'x/y/notify_on_release', 'release_agent'), data: fc.constantFrom('1', '0', '/box/agent', '/agent') }),
  fc.constantFrom(...DIRS).map((dir) => ({ op: 'join-exit' as const, dir })),
  fc.constantFrom(...DIRS).map((dir) => ({ op: 'move' as const, dir })),
)

/** Every capability but CAP_SYS_ADMIN (Docker's default set has none of the admin ones). */
const NO_SYS_ADMIN = ((1n << 41n) - 1n) & ~(1n << BigInt(CAP.SYS_ADMIN))

/** A host with the rdma hierarchy mounted, and a container's root: uid 0, its own mount namespace, no CAP_SYS_ADMIN. */
function world(kernel: string) {
  const h = harness({ kernel })
  const host = h.spawn()
  h.call(host, 'mkdir', '/rdma', 0o755)
  expect(h.call(host, 'mount', 'cgroup', '/rdma', 'cgroup', 0, 'rdma')).toBe(0)
  h.call(host, 'mkdir', '/cg', 0o755)
  installFile(h.k, '/box/agent', `${ELF_PREFIX_TEXT}init\n`, 0o755) // a program the "container" wrote (a sleeping stand-in)
  const root = h.spawn()
  expect(h.call(root, 'unshare', CLONE_NEWNS)).toBe(0)
  expect(h.call(root, 'capset', { inh: 0n, prm: NO_SYS_ADMIN, eff: NO_SYS_ADMIN, bnd: NO_SYS_ADMIN, amb: 0n })).toBe(0)
  return { h, root }
}

const initChildren = (h: Harness) => h.k.taskOrOops(INIT_KPID).children.filter((c) => h.k.task(c)?.state !== 'Z').length

function write(h: Harness, p: Kpid, path: string, data: string): void {
  const fd = h.open(p, path, O_WRONLY)
  if (fd < 0) return
  h.call(p, 'write', fd, data)
  h.call(p, 'close', fd)
}

/** Runs `ops` as the container's root: how many processes init had before and after. */
function attack(ops: Op[], kernel: string) {
  const { h, root: p } = world(kernel)
  const before = initChildren(h)
  const at = (rel: string) => (rel ? `/cg/${rel}` : '/cg')
  for (const o of ops) {
    switch (o.op) {
      case 'unshare': h.call(p, 'unshare', o.flags); break
      case 'mount': h.call(p, 'mount', 'cgroup', '/cg', 'cgroup', 0, o.opts); break
      case 'mkdir': h.call(p, 'mkdir', at(o.dir), 0o755); break
      case 'rmdir': h.call(p, 'rmdir', at(o.dir)); break
      case 'write': write(h, p, o.file, o.data); break
      case 'move': write(h, p, `${at(o.dir)}/cgroup.procs`, '0'); break
      case 'join-exit': {
        const c = h.fork(p)
        if (c > 0) {
          write(h, c, `${at(o.dir)}/cgroup.procs`, '0')
          h.call(c, 'exit', 0)
          h.settle()
        }
        break
      }
    }
  }
  return { before, after: initChildren(h) }
}

test.prop([fc.array(opArb, { minLength: 1, maxLength: 20 })], { numRuns: 60 })(
  'fixed kernel (5.16.6): no sequence of cgroup v1 operations from a container\'s root makes the host kernel start a process',
  (ops) => {
    const { before, after } = attack(ops, '5.16.6')
    expect(after).toBe(before)
  },
)

test('affected kernel (5.16.5): Unit 42\'s sequence is caught by the same observation', () => {
  const exploit: Op[] = [
    { op: 'unshare', flags: CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP }, { op: 'mount', opts: 'rdma' }, { op: 'mkdir', dir: 'x' },
    { op: 'write', file: '/cg/x/notify_on_release', data: '1' }, { op: 'write', file: '/cg/release_agent', data: '/box/agent' }, { op: 'join-exit', dir: 'x' },
  ]
  const r = attack(exploit, '5.16.5')
  expect(r.after).toBe(r.before + 1)
  const fixed = attack(exploit, '5.16.6')
  expect(fixed.after).toBe(fixed.before)
})
