// Pid arguments are read in the caller's pid namespace (find_task_by_vpid) in
// every call that takes one, not only kill/wait4: prlimit(2) and capget(2)
// (kernel/sys.c, kernel/capability.c) and rtnetlink's IFLA_NET_NS_PID
// (net/core/rtnetlink.c rtnl_link_get_net → get_net_ns_by_pid).
import { describe, expect, it } from 'vitest'
import { CLONE_NEWNET, CLONE_NEWPID, RLIMIT_NOFILE } from '../../abi/index.ts'
import { harness, setNofile } from '../../testing/harness.ts'

describe('pid arguments in a child pid namespace', () => {
  it('prlimit(1, ...) and capget(1) name the namespace\'s own init, not the host\'s', () => {
    const h = harness()
    const host = h.spawn()
    const c = h.fork(host, CLONE_NEWPID)
    expect(Array.isArray(setNofile(h, c, 77, 77))).toBe(true)
    expect(h.call(c, 'getpid')).toBe(1)
    expect(h.call(c, 'prlimit', 1, RLIMIT_NOFILE)).toEqual([77, 77])
    expect(h.call(host, 'prlimit', 1, RLIMIT_NOFILE)).not.toEqual([77, 77]) // the host's init is untouched
    // A pid that exists only outside the namespace is not found from inside.
    expect(h.call(c, 'prlimit', host, RLIMIT_NOFILE)).toBeLessThan(0)
    expect(h.call(c, 'capget', host)).toBeLessThan(0)
  })

  it('ip link set DEV netns 1 from inside moves the device to the namespace of its own pid 1', () => {
    const h = harness()
    const host = h.spawn()
    const c = h.fork(host, CLONE_NEWPID | CLONE_NEWNET)
    expect(h.call(c, 'rtnl', { op: 'newlink', name: 'veth0', kind: 'veth', peer: 'veth1' })).toBe(0)
    expect(h.call(c, 'rtnl', { op: 'setlink', name: 'veth1', netnsPid: 1 })).toBe(0)
    const names = (pid: typeof c) => (h.call(pid, 'rtnl', { op: 'getlink' }) as { name: string }[]).map((l) => l.name)
    expect(names(c)).toContain('veth1')
    expect(names(host)).not.toContain('veth1')
  })
})
