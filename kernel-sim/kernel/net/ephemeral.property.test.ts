// Isolation of the ephemeral port space (network_namespaces(7): port numbers
// are per namespace; ip(7) ip_local_port_range): whatever container A
// connects and closes, B's ports towards any destination stay untouched, and
// A holds exactly one port per open connection.
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { AF_INET, SOCK_STREAM, type Kpid } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import { ephemeralUsed } from './ephemeral.ts'
import { container } from './testutil.ts'

const DESTS = [['203.0.113.1', 80], ['203.0.113.1', 443], ['198.51.100.9', 80], ['192.0.2.200', 22]] as const
type Op = { kind: 'connect'; dest: number } | { kind: 'close'; pick: number }
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.integer({ min: 0, max: DESTS.length - 1 }).map((dest) => ({ kind: 'connect' as const, dest })),
  fc.nat().map((pick) => ({ kind: 'close' as const, pick })),
)

describe('ephemeral ports are per network namespace', () => {
  test.prop([fc.array(op, { minLength: 1, maxLength: 60 })], { numRuns: 40 })('connections from A never consume B\'s ephemeral ports', (ops) => {
    const h = harness()
    const host = h.spawn()
    const a = container(h, host, true, 2)
    const b = container(h, host, true, 3)
    const nsOf = (p: Kpid) => h.k.task(p)!.ns.net
    const open: { fd: number; dest: number }[] = []
    for (const o of ops) {
      if (o.kind === 'connect') {
        const fd = h.call(a, 'socket', AF_INET, SOCK_STREAM, 0) as number
        const [addr, port] = DESTS[o.dest]!
        if (h.call(a, 'connect', fd, { family: 'inet', addr, port }) === 0) open.push({ fd, dest: o.dest })
        else h.call(a, 'close', fd) // refused (port 22): the port was given back
      } else if (open.length) {
        const [c] = open.splice(o.pick % open.length, 1)
        h.call(a, 'close', c!.fd)
      }
    }
    DESTS.forEach(([addr, port], i) => {
      expect(ephemeralUsed(h.k, nsOf(a), addr, port)).toBe(open.filter((c) => c.dest === i).length)
      expect(ephemeralUsed(h.k, nsOf(b), addr, port)).toBe(0)
    })
    // B's first connection to A's busiest destination gets the first port of the range.
    const fd = h.call(b, 'socket', AF_INET, SOCK_STREAM, 0) as number
    expect(h.call(b, 'connect', fd, { family: 'inet', addr: '203.0.113.1', port: 80 })).toBe(0)
    expect(h.call(b, 'getsockname', fd)).toEqual({ family: 'inet', addr: '172.17.0.3', port: 32768 })
  })
})
