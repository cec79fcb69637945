// rtnetlink(7) finds a device by its name (IFLA_IFNAME; Linux's __dev_get_by_name
// hashes a namespace's names): the lookup stays right while devices come, go
// (the others move up the list), leave for another namespace and come back
// under a name used before.
import { describe, expect, it } from 'vitest'
import { CLONE_NEWNET, E, O_RDONLY } from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'
import type { LinkInfo } from './rtnl.ts'

const names = (links: unknown) => (links as LinkInfo[]).map((l) => `${l.name}${l.up ? ' UP' : ''}${l.masterName ? ` master ${l.masterName}` : ''}`)

describe('rtnetlink: devices by name', () => {
  it('after a pair is deleted the devices behind it are still found; a deleted name can be made again', () => {
    const h = harness()
    const p = h.fork(h.spawn(), CLONE_NEWNET)
    expect(h.call(p, 'rtnl', { op: 'newlink', name: 'a', kind: 'veth', peer: 'b' })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'newlink', name: 'br0', kind: 'bridge' })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'newlink', name: 'c', kind: 'veth', peer: 'd' })).toBe(0)
    // veth(4): deleting one end deletes the other; br0, c and d move up the list.
    expect(h.call(p, 'rtnl', { op: 'dellink', name: 'b' })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'setlink', name: 'br0', up: true })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'setlink', name: 'd', master: 'br0', up: true })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'setlink', name: 'a', up: true })).toBe(-E.ENODEV)
    expect(h.call(p, 'rtnl', { op: 'newlink', name: 'c', kind: 'bridge' })).toBe(-E.EEXIST)
    expect(h.call(p, 'rtnl', { op: 'newlink', name: 'a', kind: 'bridge' })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'newaddr', name: 'a', cidr: '10.9.0.1/24' })).toBe(0)
    expect(names(h.call(p, 'rtnl', { op: 'getlink' }))).toEqual(['lo', 'br0 UP', 'c', 'd UP master br0', 'a'])
  })

  it('a device moved to another namespace is found there, and its name is free again where it was', () => {
    const h = harness()
    const host = h.spawn()
    const p = h.fork(host, CLONE_NEWNET)
    const hostNet = h.open(p, `/proc/${host}/ns/net`, O_RDONLY)
    expect(h.call(p, 'rtnl', { op: 'newlink', name: 'eth0', kind: 'veth', peer: 'vethX' })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'setlink', name: 'vethX', netnsFd: hostNet })).toBe(0)
    expect(h.call(host, 'rtnl', { op: 'setlink', name: 'vethX', up: true })).toBe(0)
    expect(names(h.call(host, 'rtnl', { op: 'getlink' }))).toContain('vethX UP')
    expect(h.call(p, 'rtnl', { op: 'setlink', name: 'vethX', up: true })).toBe(-E.ENODEV)
    expect(h.call(p, 'rtnl', { op: 'newlink', name: 'vethX', kind: 'bridge' })).toBe(0)
    // Back home while a device of that name is there: EEXIST (dev_change_net_namespace).
    const own = h.open(host, `/proc/${p}/ns/net`, O_RDONLY)
    expect(h.call(host, 'rtnl', { op: 'setlink', name: 'vethX', netnsFd: own })).toBe(-E.EEXIST)
  })

  it('a device leaving from the middle of the list: every device after it is still found under its own name', () => {
    const h = harness()
    const host = h.spawn()
    const p = h.fork(host, CLONE_NEWNET)
    const q = h.fork(host, CLONE_NEWNET)
    const qNet = h.open(p, `/proc/${q}/ns/net`, O_RDONLY)
    for (const n of ['a', 'b', 'c']) expect(h.call(p, 'rtnl', { op: 'newlink', name: n, kind: 'veth', peer: `${n}p` })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'setlink', name: 'ap', netnsFd: qNet })).toBe(0) // the 3rd of 7: four move up
    for (const n of ['a', 'b', 'bp', 'c', 'cp']) expect(h.call(p, 'rtnl', { op: 'setlink', name: n, up: true })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'setlink', name: 'ap', up: true })).toBe(-E.ENODEV)
    expect(names(h.call(p, 'rtnl', { op: 'getlink' }))).toEqual(['lo', 'a UP', 'b UP', 'bp UP', 'c UP', 'cp UP'])
    expect(names(h.call(q, 'rtnl', { op: 'getlink' }))).toEqual(['lo', 'ap'])
    // The last device leaving (a container's host-side peer) and its name made again.
    expect(h.call(p, 'rtnl', { op: 'setlink', name: 'cp', netnsFd: qNet })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'newlink', name: 'cp', kind: 'bridge' })).toBe(0)
    expect(h.call(p, 'rtnl', { op: 'setlink', name: 'cp', up: true })).toBe(0)
    expect(names(h.call(p, 'rtnl', { op: 'getlink' }))).toEqual(['lo', 'a UP', 'b UP', 'bp UP', 'c UP', 'cp UP'])
    expect(names(h.call(q, 'rtnl', { op: 'getlink' }))).toEqual(['lo', 'ap', 'cp'])
  })
})
