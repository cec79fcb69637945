// notify_on_release and release_agent (cgroups.rst "1.4 What does notify_on_release do ?";
// kernel/cgroup/cgroup-v1.c cgroup1_release_agent(): call_usermodehelper with argv
// {agent, path}, envp {HOME=/, PATH=/sbin:/bin:/usr/sbin:/usr/bin}), and CVE-2022-0492's fix
// (24f6008564183aa120d07c03d9289519c2fe02af: release_agent needs CAP_SYS_ADMIN in the initial user namespace).
import { describe, expect, it } from 'vitest'
import { CLONE_NEWCGROUP, CLONE_NEWNS, CLONE_NEWUSER, E, INIT_KPID, type Kpid } from '../../../abi/index.ts'
import { harness, type Harness } from '../../../testing/harness.ts'
import { ELF_PREFIX_TEXT } from '../../../testing/consts.ts'
import { installFile } from '../../../index.ts'
import type { Task } from '../../state.ts'
import { rd, wr } from '../testutil.ts'

const VULNERABLE = '5.16.5'
const FIXED = '5.16.6'

/** A host with the rdma hierarchy at /rdma and an agent program at /agent (a stand-in that sleeps, so it can be inspected). */
function setup(kernel = VULNERABLE): { h: Harness; p: Kpid } {
  const h = harness({ kernel })
  const p = h.spawn()
  h.call(p, 'mkdir', '/rdma', 0o755)
  expect(h.call(p, 'mount', 'cgroup', '/rdma', 'cgroup', 0, 'rdma')).toBe(0)
  installFile(h.k, '/agent', `${ELF_PREFIX_TEXT}init\n`, 0o755)
  return { h, p }
}

const agents = (h: Harness): Task[] => [...h.k.s.tasks.values()].filter((t) => t.cmdline[0] === '/agent')

/** A child of `p` joins cgroup `rel` and exits. */
function joinAndExit(h: Harness, p: Kpid, rel: string): void {
  const c = h.fork(p)
  expect(wr(h, c, `/rdma/${rel}/cgroup.procs`, '0')).toBe(1)
  h.call(c, 'exit', 0)
  h.settle()
}

describe('notify_on_release', () => {
  it('a new cgroup takes its parent\'s notify_on_release; writes take 0/1 and refuse anything else', () => {
    const { h, p } = setup()
    expect(wr(h, p, '/rdma/notify_on_release', '1')).toBe(1)
    h.call(p, 'mkdir', '/rdma/a', 0o755)
    expect(rd(h, p, '/rdma/a/notify_on_release')).toBe('1\n')
    expect(wr(h, p, '/rdma/a/notify_on_release', '0\n')).toBe(2)
    expect(rd(h, p, '/rdma/a/notify_on_release')).toBe('0\n')
    expect(wr(h, p, '/rdma/a/notify_on_release', 'yes')).toBe(-E.EINVAL)
  })

  it('the last task exiting runs the agent as the kernel does: argv {agent, "/x"}, the minimal environment, init\'s credentials and namespaces, no open files', () => {
    const { h, p } = setup()
    h.call(p, 'mkdir', '/rdma/x', 0o755)
    expect(wr(h, p, '/rdma/x/notify_on_release', '1')).toBe(1)
    expect(wr(h, p, '/rdma/release_agent', '/agent\n')).toBe(7)
    expect(rd(h, p, '/rdma/release_agent')).toBe('/agent\n')
    expect(agents(h)).toEqual([])
    joinAndExit(h, p, 'x')
    const [a] = agents(h)
    expect(a?.cmdline).toEqual(['/agent', '/x'])
    expect(a?.environ).toEqual(['HOME=/', 'PATH=/sbin:/bin:/usr/sbin:/usr/bin'])
    const init = h.k.taskOrOops(INIT_KPID)
    expect(a?.cred.euid).toBe(0)
    expect(a?.cred.capEff).toBe(init.cred.capEff)
    expect(a?.ns).toEqual(init.ns)
    expect(a?.root).toBe('/')
    expect(a?.lsm).toBeUndefined()
    expect(a?.seccomp).toBeUndefined()
    expect(rd(h, p, `/proc/${a!.kpid}/fd/0`)).toBeLessThan(0)
  })

  it('no agent while a task, or a child cgroup, is left; none with notify_on_release=0 or an empty release_agent', () => {
    const { h, p } = setup()
    h.call(p, 'mkdir', '/rdma/x', 0o755)
    h.call(p, 'mkdir', '/rdma/x/sub', 0o755)
    h.call(p, 'mkdir', '/rdma/y', 0o755)
    h.call(p, 'mkdir', '/rdma/z', 0o755)
    wr(h, p, '/rdma/x/notify_on_release', '1')
    wr(h, p, '/rdma/z/notify_on_release', '1')
    joinAndExit(h, p, 'x') // x has a child cgroup
    joinAndExit(h, p, 'y') // y does not ask
    joinAndExit(h, p, 'z') // no agent set yet
    expect(agents(h)).toEqual([])
    wr(h, p, '/rdma/release_agent', '/agent')
    const a = h.fork(p)
    const b = h.fork(p)
    wr(h, a, '/rdma/z/cgroup.procs', '0')
    wr(h, b, '/rdma/z/cgroup.procs', '0')
    h.call(a, 'exit', 0)
    h.settle()
    expect(agents(h)).toEqual([]) // b is still there
    h.call(b, 'exit', 0)
    h.settle()
    expect(agents(h).map((t) => t.cmdline)).toEqual([['/agent', '/z']])
  })

  it('moving the last task out, or removing the last child cgroup, releases too', () => {
    const { h, p } = setup()
    wr(h, p, '/rdma/release_agent', '/agent')
    h.call(p, 'mkdir', '/rdma/m', 0o755)
    wr(h, p, '/rdma/m/notify_on_release', '1')
    expect(wr(h, p, '/rdma/m/cgroup.procs', `${p}`)).toBe(String(p).length)
    expect(rd(h, p, '/rdma/m/cgroup.procs')).toBe(`${p}\n`)
    expect(wr(h, p, '/rdma/cgroup.procs', `${p}`)).toBe(String(p).length)
    expect(agents(h).map((t) => t.cmdline)).toEqual([['/agent', '/m']])
    h.call(p, 'mkdir', '/rdma/m/child', 0o755)
    expect(h.call(p, 'rmdir', '/rdma/m/child')).toBe(0)
    expect(agents(h).map((t) => t.cmdline[1])).toEqual(['/m', '/m'])
  })

  it('cgroup.procs: EINVAL for a non-number, ESRCH for no such pid, EACCES moving another user\'s task; rmdir of a populated cgroup is EBUSY', () => {
    const { h, p } = setup()
    h.call(p, 'mkdir', '/rdma/x', 0o755)
    h.call(p, 'chmod', '/rdma/x/cgroup.procs', 0o666)
    expect(wr(h, p, '/rdma/x/cgroup.procs', 'abc')).toBe(-E.EINVAL)
    expect(wr(h, p, '/rdma/x/cgroup.procs', '99999')).toBe(-E.ESRCH)
    const u = h.spawn({ uid: 1000 })
    expect(wr(h, u, '/rdma/x/cgroup.procs', `${p}`)).toBe(-E.EACCES)
    expect(wr(h, p, '/rdma/x/cgroup.procs', `${p}`)).toBeGreaterThan(0)
    expect(h.call(p, 'rmdir', '/rdma/x')).toBe(-E.EBUSY)
  })
})

describe('CVE-2022-0492: release_agent from a user namespace', () => {
  /** unshare -UrmC in a fresh process, then mount the host's rdma hierarchy at /proc. */
  function inUserns(h: Harness): Kpid {
    const q = h.spawn()
    expect(h.call(q, 'unshare', CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP)).toBe(0)
    expect(h.call(q, 'mount', 'cgroup', '/proc', 'cgroup', 0, 'rdma')).toBe(0)
    return q
  }

  it(`affected kernel (${VULNERABLE}): root in a user namespace sets the agent, and the host kernel runs it as host root`, () => {
    const { h } = setup(VULNERABLE)
    const q = inUserns(h)
    expect(h.call(q, 'mkdir', '/proc/x', 0o755)).toBe(0)
    expect(wr(h, q, '/proc/x/notify_on_release', '1')).toBe(1)
    expect(wr(h, q, '/proc/release_agent', '/agent')).toBe(6)
    const c = h.fork(q)
    wr(h, c, '/proc/x/cgroup.procs', '0')
    h.call(c, 'exit', 0)
    h.settle()
    const [a] = agents(h)
    expect(a?.cred.euid).toBe(0)
    expect(a?.cred.nsCaps).toBeUndefined() // capabilities in the initial user namespace, not the attacker's
    expect(a?.ns).toEqual(h.k.taskOrOops(INIT_KPID).ns)
  })

  it(`fixed kernel (${FIXED}): the write is EPERM from the user namespace; host root may still set it`, () => {
    const { h, p } = setup(FIXED)
    const q = inUserns(h)
    expect(wr(h, q, '/proc/release_agent', '/agent')).toBe(-E.EPERM)
    expect(rd(h, q, '/proc/release_agent')).toBe('\n')
    expect(wr(h, p, '/rdma/release_agent', '/agent')).toBe(6)
  })

  it(`fixed kernel: the release_agent= mount option from a user namespace is EINVAL, "cgroup: Setting release_agent not allowed"`, () => {
    const { h } = setup(FIXED)
    const q = h.spawn()
    expect(h.call(q, 'unshare', CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP)).toBe(0)
    expect(h.call(q, 'mount', 'cgroup', '/proc', 'cgroup', 0, 'none,name=x,release_agent=/agent')).toBe(-E.EINVAL)
    expect(h.k.coarse.dmesg.join('\n')).toContain('cgroup: Setting release_agent not allowed')
    const { h: h2 } = setup(VULNERABLE)
    const q2 = h2.spawn()
    h2.call(q2, 'unshare', CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP)
    expect(h2.call(q2, 'mount', 'cgroup', '/proc', 'cgroup', 0, 'none,name=x,release_agent=/agent')).toBe(-E.EPERM) // parsed; then no new hierarchy from a cgroup namespace
  })
})
