// Property tests (fast-check) for namespace isolation (namespaces(7),
// pid_namespaces(7), uts_namespaces(7), network_namespaces(7)): two sibling
// "containers" (each a process in new pid+uts+net+mnt namespaces) run random
// sequences of fork/unshare/kill/sethostname/bind/exit. Nothing done in one is
// observable from the other: its pids are invisible (kill gives ESRCH), its
// hostname unchanged, its ports independent. And every process in a child pid
// namespace is visible from each ancestor namespace, with one pid per level.
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUTS, E, type Kpid, type Vpid } from '../../kernel-sim/abi/index.ts'
import { harness } from '../../kernel-sim/testing/harness.ts'
import { pidIn } from '../../kernel-sim/kernel/ns/pid.ts'
import { nsRec } from '../../kernel-sim/kernel/ns/core.ts'
import type { Task } from '../../kernel-sim/kernel/state.ts'

type Op =
  | { op: 'fork'; c: number; i: number; newpid: boolean }
  | { op: 'kill'; c: number; i: number; pid: number }
  | { op: 'hostname'; c: number; i: number; name: string }
  | { op: 'bind'; c: number; i: number; port: number }
  | { op: 'exit'; c: number; i: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('fork' as const), c: fc.nat(1), i: fc.nat(5), newpid: fc.boolean() }),
  fc.record({ op: fc.constant('kill' as const), c: fc.nat(1), i: fc.nat(5), pid: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ op: fc.constant('hostname' as const), c: fc.nat(1), i: fc.nat(5), name: fc.constantFrom('a', 'b', 'web', 'db') }),
  fc.record({ op: fc.constant('bind' as const), c: fc.nat(1), i: fc.nat(5), port: fc.constantFrom(80, 443, 8080) }),
  fc.record({ op: fc.constant('exit' as const), c: fc.nat(1), i: fc.nat(5) }),
)

test.prop([fc.array(opArb, { maxLength: 30 })], { numRuns: 60 })('sibling containers cannot observe each other', (ops) => {
  const h = harness()
  const host = h.spawn()
  const flags = CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWNS
  const inits = [h.fork(host, flags), h.fork(host, flags)]
  const members: Kpid[][] = [[inits[0]!], [inits[1]!]]
  const hostnames = ['test', 'test']
  // Port → the processes holding a socket bound to it (fork shares the fd, exit closes it).
  const ports: Map<number, Set<Kpid>>[] = [new Map(), new Map()]
  const alive = (p: Kpid) => h.k.task(p) !== undefined && h.k.task(p)!.state !== 'Z'
  for (const o of ops) {
    const live = members[o.c]!.filter(alive)
    if (live.length === 0) continue
    const p = live[o.i % live.length]!
    const other = 1 - o.c
    switch (o.op) {
      case 'fork': {
        const c = h.fork(p, o.newpid ? CLONE_NEWPID : 0)
        if (c > 0) {
          members[o.c]!.push(c)
          for (const holders of ports[o.c]!.values()) if (holders.has(p)) holders.add(c)
        }
        break
      }
      case 'kill': {
        // A pid number that belongs only to the sibling is not there from here.
        // (A zombie still has its pid: kill(2) succeeds on it until it is reaped.)
        const exists = (m: Kpid) => h.k.task(m) !== undefined
        const mine = new Set(members[o.c]!.filter(exists).map((m) => pidIn(h.k, h.k.task(m)!, h.k.task(p)!.ns.pid)))
        const r = h.call(p, 'kill', o.pid, 0)
        if (!mine.has(o.pid as Vpid)) expect(r).toBe(-E.ESRCH) // o.pid: a pid number as the caller names it
        break
      }
      case 'hostname':
        if (h.k.task(p)!.ns.uts === h.k.task(inits[o.c]!)?.ns.uts) {
          expect(h.call(p, 'sethostname', o.name)).toBe(0)
          hostnames[o.c] = o.name
        }
        break
      case 'bind': {
        if (h.k.task(p)!.ns.net !== h.k.task(inits[o.c]!)?.ns.net) break
        const fd = h.call(p, 'socket', 2, 1, 0) as number
        const r = h.call(p, 'bind', fd, { family: 'inet', addr: '0.0.0.0', port: o.port })
        // Ports are per namespace: only our own earlier binds conflict.
        expect(r).toBe(ports[o.c]!.has(o.port) ? -E.EADDRINUSE : 0)
        if (r === 0) ports[o.c]!.set(o.port, new Set([p]))
        break
      }
      case 'exit':
        if (p !== inits[o.c]) {
          h.call(p, 'exit', 0)
          // Its sockets close: a port is free once no process holds it.
          for (const [port, holders] of ports[o.c]!) if (holders.delete(p) && holders.size === 0) ports[o.c]!.delete(port)
        }
        break
    }
    // The sibling's view is unchanged.
    const q = members[other]!.find(alive)
    if (q) expect((h.call(q, 'uname') as { nodename: string }).nodename).toBe(hostnames[other])
  }
  expect((h.call(host, 'uname') as { nodename: string }).nodename).toBe('test')
})

/** The task's pid in each pid namespace from the root down to its own. */
function chain(h: ReturnType<typeof harness>, t: Task): number[] {
  const out: number[] = []
  let ns: number | undefined = t.ns.pid
  while (ns !== undefined) {
    out.unshift(pidIn(h.k, t, ns))
    ns = nsRec(h.k, ns)?.parent
  }
  return out
}

test.prop([fc.array(fc.record({ parent: fc.nat(20), newpid: fc.boolean() }), { minLength: 1, maxLength: 25 })], { numRuns: 60 })(
  'every process in a child pid namespace is visible from its ancestors, with a pid at each level',
  (forks) => {
    const h = harness()
    const procs = [h.spawn()]
    for (const f of forks) {
      const c = h.fork(procs[f.parent % procs.length]!, f.newpid ? CLONE_NEWPID : 0)
      if (c > 0) procs.push(c)
    }
    for (const kpid of procs) {
      const t = h.k.task(kpid)!
      const pids = chain(h, t)
      expect(pids.length).toBe((t.nsPids?.length ?? 0) + 1)
      expect(pids[0]).toBe(kpid)
      for (const v of pids) expect(v).toBeGreaterThan(0)
      // NSpid in /proc/PID/status (host view) lists the same pids.
      const fd = h.open(procs[0]!, `/proc/${kpid}/status`)
      const status = h.call(procs[0]!, 'read', fd, 65536) as string
      h.call(procs[0]!, 'close', fd)
      expect(/^NSpid:\t(.*)$/m.exec(status)![1]).toBe(pids.join('\t'))
      // From its own namespace it sees itself with its innermost pid.
      expect(h.call(kpid, 'getpid')).toBe(pids.at(-1))
    }
  },
)
