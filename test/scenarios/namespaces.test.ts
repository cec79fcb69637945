// The namespace scenarios (scenarios/namespaces/*.yaml) played as
// `isolab scenario run NAME` plays them: the narrated transcript byte for byte
// against golden/namespaces-NAME.txt, and the lines each one exists to show.
// Update with `npx vitest run test/scenarios/namespaces.test.ts -u` and review the diff.
import { describe, expect, it } from 'vitest'
import { played } from './play.ts'

const NAMES = ['cgroup', 'container-is-a-process', 'ipc', 'lsns', 'mount', 'net', 'pid', 'time', 'user', 'uts'] as const
const ns = (name: string) => played(`namespaces/${name}`)

describe('scenarios/namespaces (golden transcripts)', () => {
  it.each(NAMES)('%s: every expectation holds; the transcript is the golden one', async (name) => {
    const p = ns(name)
    expect(p.result.ok).toBe(true)
    await expect(p.transcript).toMatchFileSnapshot(`golden/namespaces-${name}.txt`)
  })
})

describe('scenarios/namespaces (what each one shows)', () => {
  it('container-is-a-process: the host lists it; its pid namespace differs; inside it is pid 1; SIGKILL ends it (137)', () => {
    const p = ns('container-is-a-process')
    const sleep = p.out('host-view').split('\n').find((l) => l.endsWith(' 00:00:00 sleep 1000'))!
    const hostPid = /^root +(\d+)/.exec(sleep)![1]
    expect(p.out('namespaces')).toMatch(/^the shell: {5}pid:\[4026531836\]\nthe container: pid:\[(?!4026531836)\d+\]\n$/)
    expect(p.out('inside')).toContain(`NSpid:\t${hostPid}\t1\n`)
    expect(p.out('inside')).toContain('      1       0 sleep\n')
    expect(p.out('kill')).toContain('unshare exited with 137 (128 + 9: killed)')
  })
  it('pid: readlink /proc/self is 1; init ignores kill -9 from inside (pid_namespaces(7))', () => {
    expect(ns('pid').out('self')).toBe('1\n')
    expect(ns('pid').out('ps')).toMatch(/^ {4}PID {4}PPID COMMAND\n {6}1 {7}0 sh\n/)
    expect(ns('pid').out('init')).toContain('kill -9 1 inside: status 0 (init ignores it)\n')
  })
  it('uts: the hostname set inside is not seen outside', () => {
    expect(ns('uts').out('inside')).toMatch(/^inside: {2}container1\nuts:\[(?!4026531838)\d+\]\n$/)
    expect(ns('uts').out('outside')).toBe('outside: host\n')
  })
  it('user: root inside, uid 1000 outside; host files owned by nobody inside; no UTS namespace without one of its own', () => {
    const p = ns('user')
    expect(p.out('root')).toContain('whoami inside: root\nuid_map (inside, outside, count):          0       1000          1\n')
    expect(p.out('root')).toContain('-rw-r--r-- 1 65534 65534')
    expect(p.out('outside')).toContain('1 1000 1000 0 Nov 26 09:00 /tmp/made-by-root\n')
    expect(p.out('host-uts')).toBe('unshare: unshare failed: Operation not permitted\nunshare --uts as uid 1000: exit status 1\n')
  })
  it('mount: the tmpfs and its file are visible inside only', () => {
    expect(ns('mount').out('inside')).toContain('inside, ls /mnt/scratch: inside\ninside, mountinfo (mount point, fs type): /mnt/scratch tmpfs\n')
    expect(ns('mount').out('outside')).toBe('outside, ls /mnt/scratch: []\noutside, mountinfo entries for scratch: 0\noutside, mount namespace: mnt:[4026531832]\n')
  })
  it('net: lo DOWN, port 80 twice, veth reachable, island unreachable', () => {
    const p = ns('net')
    expect(p.out('empty')).toContain('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN')
    expect(p.out('ports')).toBe('reply from namespace A\nreply from namespace B\n')
    expect(p.out('veth')).toContain('64 bytes from 10.0.0.2: icmp_seq=1 ttl=64')
    expect(p.out('island')).toContain('ping: connect: Network is unreachable\nping from island: exit status 2\n')
  })
  it('ipc: the host\'s queue is not listed inside a new IPC namespace (ipc_namespaces(7))', () => {
    expect(ns('ipc').out('make')).toMatch(/^Message queue id: 0\n/)
    expect(ns('ipc').out('inside')).toContain('key        msqid      owner      perms      used-bytes   messages    \n\nnumber of queues: 0\n')
    expect(ns('ipc').out('still')).toBe('queues on the host: 1\n')
  })
  it('cgroup: /tenant on the host is / inside; the host\'s init is /..; the mounted root carries tenant\'s pids.max (cgroup_namespaces(7))', () => {
    const p = ns('cgroup')
    expect(p.out('host')).toContain('host view of this shell:  0::/tenant\nhost view of pid 1:       0::/\n')
    expect(p.out('inside')).toContain('inside view of this shell: 0::/\ninside view of pid 1:      0::/..\n')
    expect(p.out('inside')).toContain('pids.max at the root of the mounted cgroupfs: 50\n')
    expect(p.out('same')).toBe('host root pids.max: cat: /sys/fs/cgroup/pids.max: No such file or directory\nhost tenant/pids.max: 50\n')
  })
  it('time: a boottime offset inside the new time namespace only (time_namespaces(7))', () => {
    expect(ns('time').out('host')).toBe('host offsets (clock, seconds, nanoseconds):\nmonotonic           0         0\nboottime            0         0\n')
    expect(ns('time').out('shifted')).toBe('offsets inside the new time namespace:\nmonotonic           0         0\nboottime        86400         0\n' +
      'host offsets afterwards:\nmonotonic           0         0\nboottime            0         0\n')
  })
  it('lsns: the host\'s namespace and the sleeping process\'s own; gone with it', () => {
    const p = ns('lsns')
    expect(p.out('uts')).toMatch(/ {8}NS TYPE NPROCS PID USER COMMAND\n4026531838 uts +\d+ +1 root \/sbin\/init\n\d+ uts +1 +\d+ root sleep 100\n/)
    expect(p.out('net')).toContain('network namespaces on this kernel: 2\n')
    expect(p.out('gone')).toContain('network namespaces after kill: 1\n')
  })
})
