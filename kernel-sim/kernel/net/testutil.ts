// Test helpers for the network tests: a Docker-like topology built with
// rtnetlink requests, as the runtime builds it (src/runtime/network.ts).
import { CLONE_NEWNET, type Kpid } from '../../abi/index.ts'
import type { Harness } from '../../testing/harness.ts'

/**
 * A container-like network namespace: docker0 (172.17.0.1/16) on the host, a
 * veth pair with eth0 = 172.17.0.`n`/16 inside and `vethc<n>` on the bridge,
 * and (unless `withRoute` is false) `default via 172.17.0.1 dev eth0`.
 * Returns the pid of a process inside it.
 */
export function container(h: Harness, host: Kpid, withRoute = true, n = 2): Kpid {
  h.call(host, 'rtnl', { op: 'newlink', name: 'docker0', kind: 'bridge' }) // EEXIST after the first: fine
  h.call(host, 'rtnl', { op: 'newaddr', name: 'docker0', cidr: '172.17.0.1/16' })
  h.call(host, 'rtnl', { op: 'setlink', name: 'docker0', up: true })
  const c = h.fork(h.spawn(), CLONE_NEWNET)
  const outer = `vethc${n}`
  for (const req of [
    { op: 'setlink', name: 'lo', up: true },
    { op: 'newlink', name: 'eth0', kind: 'veth', peer: outer },
    { op: 'newaddr', name: 'eth0', cidr: `172.17.0.${n}/16` },
    { op: 'setlink', name: 'eth0', up: true },
    { op: 'setlink', name: outer, netnsPid: host },
  ]) if (h.call(c, 'rtnl', req) !== 0) throw new Error(`rtnl ${JSON.stringify(req)} failed`)
  if (h.call(host, 'rtnl', { op: 'setlink', name: outer, master: 'docker0', up: true }) !== 0) throw new Error('master failed')
  if (withRoute && h.call(c, 'rtnl', { op: 'newroute', via: '172.17.0.1', dev: 'eth0' }) !== 0) throw new Error('newroute failed')
  return c
}
