// Namespace rules from the man pages: namespaces(7), pid_namespaces(7),
// user_namespaces(7), uts_namespaces(7), network_namespaces(7), clone(2),
// unshare(2), setns(2).
import { describe, expect, it } from 'vitest'
import {
  CLONE_FS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWUSER, CLONE_NEWUTS, CLONE_PARENT,
  E, O_RDONLY, O_WRONLY, SIG, type Kpid,
} from '../../abi/index.ts'
import { harness } from '../../testing/harness.ts'

type H = ReturnType<typeof harness>
const read = (h: H, pid: Kpid, path: string) => {
  const fd = h.open(pid, path)
  if (fd < 0) return fd
  const d = h.call(pid, 'read', fd, 65536) as string
  h.call(pid, 'close', fd)
  return d
}
const write = (h: H, pid: Kpid, path: string, data: string) => {
  const fd = h.open(pid, path, O_WRONLY)
  if (fd < 0) return fd
  const r = h.call(pid, 'write', fd, data) as number
  h.call(pid, 'close', fd)
  return r
}
const nsCount = (h: H) => h.k.s.namespaces.size

describe('/proc/PID/ns (namespaces(7))', () => {
  it('links read type:[inode] with the nsfs.h initial inode numbers', () => {
    const h = harness()
    const p = h.spawn()
    const want: Record<string, string> = {
      cgroup: 'cgroup:[4026531835]', ipc: 'ipc:[4026531839]', mnt: 'mnt:[4026531832]', net: 'net:[4026531833]',
      pid: 'pid:[4026531836]', pid_for_children: 'pid:[4026531836]', time: 'time:[4026531834]',
      time_for_children: 'time:[4026531834]', user: 'user:[4026531837]', uts: 'uts:[4026531838]',
    }
    for (const [name, target] of Object.entries(want)) expect(h.call(p, 'readlink', `/proc/self/ns/${name}`)).toBe(target)
  })

  it('a new namespace gets an inode from the proc allocator (> 0xF0000000), e.g. 4026532177', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'unshare', CLONE_NEWUTS)).toBe(0)
    expect(h.call(p, 'readlink', '/proc/self/ns/uts')).toBe('uts:[4026532177]')
  })

  it('stat -L of a link gives the namespace inode on nsfs (dev 0:4)', () => {
    const h = harness()
    const p = h.spawn()
    const st = h.call(p, 'stat', '/proc/self/ns/uts') as { ino: number; dev: number }
    expect(st.ino).toBe(4026531838)
    expect(st.dev).toBe(4)
  })
})

describe('unshare(2)/clone(2) errors', () => {
  it('EPERM: non-user namespaces need CAP_SYS_ADMIN', () => {
    const h = harness()
    const u = h.spawn({ uid: 1000 })
    for (const f of [CLONE_NEWUTS, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWPID]) expect(h.call(u, 'unshare', f)).toBe(-E.EPERM)
  })

  it('a user namespace needs no privilege and is created first when combined', () => {
    const h = harness()
    const u = h.spawn({ uid: 1000 })
    expect(h.call(u, 'unshare', CLONE_NEWUSER | CLONE_NEWUTS | CLONE_NEWNET)).toBe(0)
    expect(h.call(u, 'sethostname', 'inner')).toBe(0)
    expect((h.call(u, 'uname') as { nodename: string }).nodename).toBe('inner')
  })

  it('EINVAL: CLONE_NEWPID twice; CLONE_NEWNS|CLONE_FS; CLONE_NEWPID|CLONE_PARENT', () => {
    const h = harness()
    const p = h.spawn()
    expect(h.call(p, 'unshare', CLONE_NEWPID)).toBe(0)
    expect(h.call(p, 'unshare', CLONE_NEWPID)).toBe(-E.EINVAL)
    expect(h.call(p, 'clone', CLONE_NEWNS | CLONE_FS, () => undefined)).toBe(-E.EINVAL)
    expect(h.call(p, 'clone', CLONE_NEWPID | CLONE_PARENT, () => undefined)).toBe(-E.EINVAL)
  })

  it('ENOSPC: pid namespaces nest at most 32 deep', () => {
    const h = harness()
    let p = h.spawn()
    for (let i = 0; i < 32; i++) p = h.fork(p, CLONE_NEWPID)
    expect(p).toBeGreaterThan(0)
    expect(h.call(p, 'clone', CLONE_NEWPID, () => undefined)).toBe(-E.ENOSPC)
  })

  it('ENOSPC: /proc/sys/user/max_uts_namespaces', () => {
    const h = harness()
    const p = h.spawn()
    expect(read(h, p, '/proc/sys/user/max_uts_namespaces')).toBe(`${Math.floor(h.k.coarse.sysctl.threadsMax / 2)}\n`)
    write(h, p, '/proc/sys/user/max_uts_namespaces', '1')
    expect(h.call(p, 'unshare', CLONE_NEWUTS)).toBe(0)
    expect(h.call(p, 'unshare', CLONE_NEWUTS)).toBe(-E.ENOSPC)
  })
})

describe('pid namespaces (pid_namespaces(7))', () => {
  it('the first child is PID 1 with getppid() 0; its children count from 2; NSpid has one pid per level', () => {
    const h = harness()
    const p = h.spawn()
    const init = h.fork(p, CLONE_NEWPID)
    expect(h.call(init, 'getpid')).toBe(1)
    expect(h.call(init, 'getppid')).toBe(0)
    const c = h.fork(init)
    expect(h.call(c, 'getpid')).toBe(2)
    expect(h.call(c, 'getppid')).toBe(1)
    expect(read(h, p, `/proc/${c}/status`)).toContain(`NSpid:\t${c}\t2\n`)
  })

  it('unshare(CLONE_NEWPID) affects children only: pid_for_children differs, pid stays', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'unshare', CLONE_NEWPID)
    expect(h.call(p, 'readlink', '/proc/self/ns/pid')).toBe('pid:[4026531836]')
    expect(h.call(p, 'readlink', '/proc/self/ns/pid_for_children')).toBe('') // no child yet: empty
    const c = h.fork(p)
    expect(h.call(c, 'getpid')).toBe(1)
    expect(h.call(p, 'readlink', '/proc/self/ns/pid_for_children')).toBe(h.call(c, 'readlink', '/proc/self/ns/pid'))
  })

  it('processes outside are invisible: kill gives ESRCH, /proc of a new mount lists the namespace only', () => {
    const h = harness()
    const p = h.spawn()
    const init = h.fork(p, CLONE_NEWPID | CLONE_NEWNS)
    expect(h.call(init, 'kill', p, 0)).toBe(-E.ESRCH)
    expect(h.call(init, 'mount', 'proc', '/proc', 'proc', 0, '')).toBe(0)
    h.fork(init)
    const fd = h.open(init, '/proc')
    const names = (h.call(init, 'getdents', fd) as { name: string }[]).map((d) => d.name).filter((n) => /^\d+$/.test(n))
    expect(names).toEqual(['1', '2'])
    expect(h.call(init, 'readlink', '/proc/self')).toBe('1')
    expect(h.call(p, 'readlink', '/proc/self')).toBe(String(p)) // the host's /proc is untouched
  })

  it('init only gets signals it handles from inside; SIGKILL from an ancestor always', () => {
    const h = harness()
    const p = h.spawn()
    const init = h.fork(p, CLONE_NEWPID)
    const c = h.fork(init)
    expect(h.call(c, 'kill', 1, SIG.SIGKILL)).toBe(0) // "succeeds" but is ignored
    expect(h.k.task(init)!.state).not.toBe('Z')
    expect(h.call(p, 'kill', init, SIG.SIGTERM)).toBe(0)
    expect(h.k.task(init)!.state).not.toBe('Z')
    expect(h.call(p, 'kill', init, SIG.SIGKILL)).toBe(0)
    expect(h.k.task(init)!.state).toBe('Z')
  })

  it('when init dies every process in the namespace is killed and later forks fail with ENOMEM', () => {
    const h = harness()
    const p = h.spawn()
    h.call(p, 'unshare', CLONE_NEWPID)
    const init = h.fork(p)
    const c = h.fork(init)
    h.call(init, 'exit', 0)
    expect(h.k.task(c)?.state ?? 'reaped').toMatch(/Z|reaped/)
    expect(h.call(p, 'clone', 0, () => undefined)).toBe(-E.ENOMEM)
  })

  it('orphans are reparented to the namespace init', () => {
    const h = harness()
    const p = h.spawn()
    const init = h.fork(p, CLONE_NEWPID)
    const mid = h.fork(init)
    const leaf = h.fork(mid)
    h.call(mid, 'exit', 0)
    expect(h.k.task(leaf)!.ppid).toBe(init)
    expect(h.call(leaf, 'getppid')).toBe(1)
  })
})

describe('namespace lifetime (namespaces(7))', () => {
  it('goes with its last member; an open /proc/PID/ns file or a bind mount keeps it', () => {
    const h = harness()
    const p = h.spawn()
    const before = nsCount(h)
    const c = h.fork(p, CLONE_NEWUTS | CLONE_NEWNET)
    expect(nsCount(h)).toBe(before + 2)
    const fd = h.open(p, `/proc/${c}/ns/uts`, O_RDONLY)
    h.call(p, 'mkdir', '/netns', 0o755)
    h.call(p, 'open', -100, '/netns/x', 0o100, 0o644)
    expect(h.call(p, 'mount', `/proc/${c}/ns/net`, '/netns/x', '', 4096, '')).toBe(0)
    h.call(c, 'exit', 0)
    h.call(p, 'wait4', c, 0)
    expect(nsCount(h)).toBe(before + 2)
    // setns through the kept fd still works after the last member left
    expect(h.call(p, 'setns', fd, CLONE_NEWUTS)).toBe(0)
    expect(h.call(p, 'sethostname', 'kept')).toBe(0)
    const q = h.spawn()
    expect((h.call(q, 'uname') as { nodename: string }).nodename).toBe('test')
    expect(h.call(p, 'umount2', '/netns/x', 0)).toBe(0)
    expect(nsCount(h)).toBe(before + 1) // net gone; uts held by p now
    h.call(p, 'close', fd)
    h.call(p, 'exit', 0)
    expect(nsCount(h)).toBe(before)
  })

  it('a bind mount copied into a new mount namespace holds the namespace too, until the detach of put_old after pivot_root drops it', () => {
    const h = harness()
    const p = h.spawn()
    const before = nsCount(h)
    const c = h.fork(p, CLONE_NEWNET)
    for (const d of ['/netns', '/new']) h.call(p, 'mkdir', d, 0o755)
    h.call(p, 'open', -100, '/netns/x', 0o100, 0o644)
    expect(h.call(p, 'mount', `/proc/${c}/ns/net`, '/netns/x', '', 4096, '')).toBe(0)
    h.call(c, 'exit', 0)
    h.call(p, 'wait4', c, 0)
    expect(nsCount(h)).toBe(before + 1) // the bind mount holds it
    expect(h.call(p, 'mount', 'tmpfs', '/new', 'tmpfs', 0, '')).toBe(0)
    h.call(p, 'mkdir', '/new/old', 0o755)
    const q = h.fork(p, CLONE_NEWNS) // its copy of /netns/x holds the namespace as well
    expect(nsCount(h)).toBe(before + 2)
    expect(h.call(p, 'umount2', '/netns/x', 0)).toBe(0)
    expect(nsCount(h)).toBe(before + 2) // the net namespace lives on in q's table
    expect(h.call(q, 'pivot_root', '/new', '/new/old')).toBe(0)
    expect(h.call(q, 'umount2', '/old', 2)).toBe(0)
    expect(nsCount(h)).toBe(before + 1) // dropped with put_old: only q's mount namespace is left
  })
})

describe('user namespaces (user_namespaces(7))', () => {
  it('uid_map: written once, malformed EINVAL, unprivileged may map only its own euid; gid_map needs setgroups deny', () => {
    const h = harness()
    const u = h.spawn({ uid: 1000 })
    expect(h.call(u, 'unshare', CLONE_NEWUSER)).toBe(0)
    expect(h.call(u, 'getresuid')).toEqual([65534, 65534, 65534])
    expect(write(h, u, '/proc/self/uid_map', '0 1000')).toBe(-E.EINVAL)
    expect(write(h, u, '/proc/self/uid_map', '0 0 1')).toBe(-E.EPERM)
    expect(write(h, u, '/proc/self/gid_map', '0 1000 1')).toBe(-E.EPERM)
    expect(write(h, u, '/proc/self/uid_map', '0 1000 1')).toBeGreaterThan(0)
    expect(write(h, u, '/proc/self/uid_map', '0 1000 1')).toBe(-E.EPERM)
    expect(write(h, u, '/proc/self/setgroups', 'deny')).toBeGreaterThan(0)
    expect(write(h, u, '/proc/self/gid_map', '0 1000 1\n')).toBeGreaterThan(0)
    expect(read(h, u, '/proc/self/uid_map')).toBe('         0       1000          1\n')
    expect(h.call(u, 'getresuid')).toEqual([0, 0, 0])
  })

  it('full capabilities inside, none over the parent: sethostname in the host UTS namespace is EPERM', () => {
    const h = harness()
    const u = h.spawn({ uid: 1000 })
    h.call(u, 'unshare', CLONE_NEWUSER)
    expect(read(h, u, '/proc/self/status')).toContain('CapEff:\t000001ffffffffff')
    expect(h.call(u, 'sethostname', 'x')).toBe(-E.EPERM)
    expect(h.open(u, '/proc/sys/fs/file-max', O_WRONLY)).toBe(-E.EACCES)
  })

  it('the initial uid_map is "0 0 4294967295"', () => {
    const h = harness()
    const p = h.spawn()
    expect(read(h, p, '/proc/self/uid_map')).toBe('         0          0 4294967295\n')
  })
})

describe('setns(2) and pivot_root(2)', () => {
  it('setns: EINVAL for a non-namespace fd or a wrong nstype; EINVAL joining an ancestor pid namespace; EBADF', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p, CLONE_NEWPID)
    const notNs = h.open(c, '/proc/self/status')
    expect(h.call(c, 'setns', notNs, 0)).toBe(-E.EINVAL)
    const fd = h.open(c, `/proc/${p}/ns/pid`)
    expect(h.call(c, 'setns', fd, CLONE_NEWUTS)).toBe(-E.EINVAL)
    expect(h.call(c, 'setns', fd, CLONE_NEWPID)).toBe(-E.EINVAL) // the host's is an ancestor of c's
    expect(h.call(c, 'setns', 99, 0)).toBe(-E.EBADF)
  })

  it('setns: EPERM without CAP_SYS_ADMIN; joining a pid namespace sets pid_for_children only', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p, CLONE_NEWPID | CLONE_NEWUTS)
    const u = h.spawn({ uid: 1000 })
    expect(h.call(u, 'setns', h.open(u, `/proc/${c}/ns/uts`), 0)).toBe(-E.EPERM)
    expect(h.call(p, 'setns', h.open(p, `/proc/${c}/ns/pid`), 0)).toBe(0)
    expect(h.call(p, 'readlink', '/proc/self/ns/pid')).toBe('pid:[4026531836]')
    const g = h.fork(p)
    expect(h.call(g, 'getpid')).toBe(2)
  })

  it('pivot_root: the new root becomes /, the old one moves under put_old; EINVAL if new_root is not a mount point', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p, CLONE_NEWNS)
    h.call(c, 'mkdir', '/newroot', 0o755)
    expect(h.call(c, 'pivot_root', '/newroot', '/newroot')).toBe(-E.EINVAL)
    expect(h.call(c, 'mount', 'tmpfs', '/newroot', 'tmpfs', 0, '')).toBe(0)
    h.call(c, 'mkdir', '/newroot/old', 0o755)
    h.call(c, 'mkdir', '/newroot/inside', 0o755)
    expect(h.call(c, 'pivot_root', '/newroot', '/newroot/old')).toBe(0)
    expect(h.call(c, 'stat', '/inside')).toMatchObject({ nlink: 2 })
    expect(h.call(c, 'stat', '/old/remote')).toMatchObject({ size: expect.any(Number) })
    expect(h.call(p, 'stat', '/inside')).toBe(-E.ENOENT) // the host's mount namespace is untouched
  })
})

describe('UTS and network namespaces', () => {
  it('uts_namespaces(7): a hostname set inside is not seen outside', () => {
    const h = harness()
    const p = h.spawn()
    const c = h.fork(p, CLONE_NEWUTS)
    expect(h.call(c, 'sethostname', 'inside')).toBe(0)
    expect((h.call(p, 'uname') as { nodename: string }).nodename).toBe('test')
    expect(read(h, c, '/proc/sys/kernel/hostname')).toBe('inside\n')
    expect(read(h, p, '/proc/sys/kernel/hostname')).toBe('test\n')
  })

  it('network_namespaces(7): each has its own port space; lo starts DOWN', () => {
    const h = harness()
    const a = h.fork(h.spawn(), CLONE_NEWNET)
    const b = h.fork(h.spawn(), CLONE_NEWNET)
    const inet = (port: number, addr = '0.0.0.0') => ({ family: 'inet', addr, port })
    for (const p of [a, b]) {
      const fd = h.call(p, 'socket', 2, 1, 0) as number
      expect(h.call(p, 'bind', fd, inet(80))).toBe(0)
      expect(h.call(p, 'listen', fd, 5)).toBe(0)
    }
    const s = h.call(a, 'socket', 2, 1, 0) as number
    expect(h.call(a, 'bind', s, inet(81, '127.0.0.1'))).toBe(-E.EADDRNOTAVAIL)
    expect(h.call(a, 'connect', s, inet(80, '127.0.0.1'))).toBe(-E.ENETUNREACH)
  })
})
