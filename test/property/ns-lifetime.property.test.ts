// Property test (fast-check) for namespace lifetime (namespaces(7) "Namespace
// lifetime"): under random unshare/clone/setns/open/close/bind-mount/umount/exit
// sequences, a namespace exists exactly while something holds it — a member
// task (any NsProxy field), an open /proc/PID/ns file, a bind mount of one, or
// a child/owned namespace — and its reference count equals those holders.
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS, O_RDONLY } from '../../kernel-sim/abi/index.ts'
import { harness } from '../../kernel-sim/testing/harness.ts'
import { PROXY_FIELDS, isInit } from '../../kernel-sim/kernel/ns/core.ts'

const FLAGS = [CLONE_NEWUTS, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWUSER | CLONE_NEWUTS]
const NAMES = ['uts', 'net', 'pid', 'ipc', 'mnt', 'user', 'pid_for_children']

type Op =
  | { op: 'unshare' | 'clone'; p: number; f: number }
  | { op: 'open'; p: number; q: number; n: number }
  | { op: 'close'; p: number; i: number }
  | { op: 'setns'; p: number; i: number }
  | { op: 'bind'; p: number; q: number }
  | { op: 'umount'; p: number }
  | { op: 'exit'; p: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('unshare' as const, 'clone' as const), p: fc.nat(9), f: fc.nat(FLAGS.length - 1) }),
  fc.record({ op: fc.constant('open' as const), p: fc.nat(9), q: fc.nat(9), n: fc.nat(NAMES.length - 1) }),
  fc.record({ op: fc.constant('close' as const), p: fc.nat(9), i: fc.nat(5) }),
  fc.record({ op: fc.constant('setns' as const), p: fc.nat(9), i: fc.nat(5) }),
  fc.record({ op: fc.constant('bind' as const), p: fc.nat(9), q: fc.nat(9) }),
  fc.record({ op: fc.constant('umount' as const), p: fc.nat(9) }),
  fc.record({ op: fc.constant('exit' as const), p: fc.nat(9) }),
)

test.prop([fc.array(opArb, { maxLength: 40 })], { numRuns: 80 })('a namespace lives exactly as long as its holders', (ops) => {
  const h = harness()
  const root = h.spawn()
  h.call(root, 'mkdir', '/pins', 0o755)
  const procs = [root, h.spawn()]
  const fds = new Map<number, number[]>()
  const live = () => procs.filter((p) => h.k.task(p) && h.k.task(p)!.state !== 'Z')
  let pins = 0
  for (const o of ops) {
    const ps = live()
    if (ps.length === 0) break
    const p = ps[o.p % ps.length]!
    switch (o.op) {
      case 'unshare': h.call(p, 'unshare', FLAGS[o.f]!); break
      case 'clone': { const c = h.fork(p, FLAGS[o.f]!); if (c > 0) procs.push(c); break }
      case 'open': {
        const q = ps[o.q % ps.length]!
        const fd = h.open(p, `/proc/${q}/ns/${NAMES[o.n]}`, O_RDONLY)
        if (fd >= 0) fds.set(p, [...(fds.get(p) ?? []), fd])
        break
      }
      case 'close': case 'setns': {
        const mine = fds.get(p) ?? []
        if (mine.length === 0) break
        const fd = mine[o.i % mine.length]!
        if (o.op === 'setns') h.call(p, 'setns', fd, 0)
        else { h.call(p, 'close', fd); fds.set(p, mine.filter((x) => x !== fd)) }
        break
      }
      case 'bind': {
        const q = ps[o.q % ps.length]!
        const path = `/pins/${pins++}`
        h.call(root, 'open', -100, path, 0o100, 0o644)
        if (h.k.task(root)?.state !== 'Z') h.call(root, 'mount', `/proc/${q}/ns/net`, path, '', 4096, '')
        break
      }
      case 'umount':
        if (pins > 0 && h.k.task(root)?.state !== 'Z') h.call(root, 'umount2', `/pins/${pins - 1}`, 0)
        break
      case 'exit':
        if (p !== root) { h.call(p, 'exit', 0); fds.delete(p) }
        break
    }
    checkRefs(h)
  }
})

/** Recount every holder from the state and compare with the records. */
function checkRefs(h: ReturnType<typeof harness>): void {
  const want = new Map<number, number>()
  const add = (ino: number) => { if (!isInit(ino)) want.set(ino, (want.get(ino) ?? 0) + 1) }
  for (const t of h.k.s.tasks.values()) {
    if (t.state === 'Z') { add(t.ns.pid); continue }
    for (const f of PROXY_FIELDS) add(t.ns[f])
  }
  for (const f of h.k.openFiles()) if (f.kind === 'proc' && f.obj > 0) add(f.obj)
  const tables = [h.k.coarse.mounts, ...[...h.k.s.namespaces.values()].map((r) => r.mounts ?? [])]
  for (const ms of tables) for (const m of ms) if (m.nsIno !== undefined) add(m.nsIno)
  for (const r of [...h.k.s.namespaces.values()]) {
    if (isInit(r.ino)) continue
    if (r.parent !== undefined) add(r.parent)
    if (r.type !== 'user') add(r.owner)
  }
  const have = new Map([...h.k.s.namespaces.values()].filter((r) => !isInit(r.ino)).map((r) => [r.ino, r.refs]))
  expect(have).toEqual(want)
}
