// ping(8) (iputils): ICMP echo over the simulated links. A reply comes back
// when the address is local or one veth/bridge hop away (routes exist and the
// links are up); otherwise ping reports what the kernel said.
// SIMPLIFICATION: fixed round-trip time; no ICMP sockets, the route check is the echo.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { E, strerror } from '../../../kernel-sim/abi/index.ts'
import { nanosleep, out, rtnl } from '../../libc/index.ts'
import { lastArg, parseOpts, warn } from '../lib/cmd.ts'
import { resolveHost } from '../../libc/netdb.ts'

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'c:i:W:q', usageStatus: 2 })
  if (typeof p === 'number') return p
  const host = p.operands[0]
  if (!host) {
    yield* warn('ping', 'usage error: Destination address required')
    return 1
  }
  // getaddrinfo: /etc/hosts, then the nameservers of /etc/resolv.conf (a container's 127.0.0.11).
  const res = yield* resolveHost(host)
  if ('error' in res) {
    yield* warn('ping', `${host}: ${res.error}`)
    return 2
  }
  const addr = res.addr
  const countArg = lastArg(p, 'c') ?? '4'
  // iputils ping.c: -c goes through strtoll_or_err(); anything else than 1..LLONG_MAX is refused (exit 1)
  if (!/^\d+$/.test(countArg) || Number(countArg) < 1) {
    yield* warn('ping', `invalid argument: '${countArg}': ${/^\d+$/.test(countArg) ? 'out of range: 1 <= value <= 9223372036854775807' : 'Invalid argument'}`)
    return 1
  }
  const count = Number(countArg)
  const first = (yield* rtnl({ op: 'getroute', addr })) as number
  if (first === -E.ENETUNREACH) {
    yield* warn('ping', `connect: ${strerror(E.ENETUNREACH)}`)
    return 2
  }
  const name = host === 'localhost' ? addr : host
  yield* out(`PING ${name} (${addr}) 56(84) bytes of data.\n`)
  let received = 0
  // ICMP errors (host unreachable) count as "+N errors"; a dropped packet (a firewall's DROP) is only lost.
  let errors = 0
  const rtt = addr.startsWith('127.') ? 0.035 : 0.062
  for (let seq = 1; seq <= count; seq++) {
    const r = (yield* rtnl({ op: 'getroute', addr })) as number
    if (r === 0) {
      received++
      yield* out(`64 bytes from ${addr}: icmp_seq=${seq} ttl=64 time=${rtt.toFixed(3)} ms\n`)
    } else if (r === -E.EHOSTUNREACH) {
      errors++
      yield* out(`From ${addr} icmp_seq=${seq} Destination Host Unreachable\n`)
    }
    if (seq < count) yield* nanosleep(1e9)
  }
  const loss = Math.round(((count - received) / count) * 100)
  const time = (count - 1) * 1000 + (received ? 0 : 0)
  yield* out(`\n--- ${name} ping statistics ---\n${count} packets transmitted, ${received} received, ${errors ? `+${errors} errors, ` : ''}${loss}% packet loss, time ${time}ms\n`)
  if (received) yield* out(`rtt min/avg/max/mdev = ${rtt.toFixed(3)}/${rtt.toFixed(3)}/${rtt.toFixed(3)}/0.000 ms\n`)
  return received ? 0 : 1
}

export { main as pingProgramMain }
