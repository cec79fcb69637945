// The namespace demonstrations under scenarios/namespaces/ run as
// `npx isolab sh < scenarios/namespaces/X.sh` would; the key lines are checked.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const scenario = (name: string) => new Machine().runScript(readFileSync(new URL(`../../scenarios/namespaces/${name}.sh`, import.meta.url), 'utf8'))

describe('scenarios/namespaces', () => {
  it('container-is-a-process: the host sees the container as a process; its pid namespace differs; inside it is pid 1', () => {
    const r = scenario('container-is-a-process')
    const lines = r.stdout.split('\n')
    expect(lines).toContain('UID        PID  PPID  C STIME TTY          TIME CMD')
    const sleep = lines.find((l) => l.endsWith(' 00:00:00 sleep 1000'))!
    expect(sleep).toMatch(/^root +(\d+) +\d+ /)
    const hostPid = /^root +(\d+)/.exec(sleep)![1]
    const [shellNs, containerNs] = lines.filter((l) => l.startsWith('pid:['))
    expect(shellNs).toBe('pid:[4026531836]')
    expect(containerNs).not.toBe(shellNs)
    expect(lines).toContain(`NSpid:\t${hostPid}\t1`)
    expect(lines).toContain('      1       0 sleep')
    expect(lines.at(-2)).toBe('unshare exited with 137 (128 + 9: killed)')
  })

  it('pid: readlink /proc/self is 1; init ignores kill -9 from inside', () => {
    const r = scenario('pid')
    expect(r.stdout.startsWith('1\n    PID    PPID COMMAND\n      1       0 sh\n')).toBe(true)
    expect(r.stdout).toContain('kill -9 1 inside: status 0 (init ignores it)\n')
  })

  it('uts: the hostname set inside is not seen outside', () => {
    expect(scenario('uts').stdout).toMatch(/^host\ninside: container1\nuts:\[\d+\]\noutside: host\nuts:\[4026531838\]\n$/)
  })

  it('user: root inside, uid 1000 outside; host files owned by nobody inside', () => {
    const r = scenario('user')
    expect(r.stdout).toContain('root\n         0       1000          1\n')
    expect(r.stdout).toContain('-rw-r--r-- 1 65534 65534')
    expect(r.stdout).toContain('1 1000 1000 0 Nov 26 09:00 /tmp/made-by-root\n')
    expect(r.stderr).toBe('unshare: unshare failed: Operation not permitted\n')
  })

  it('mount: the tmpfs is visible inside only', () => {
    expect(scenario('mount').stdout).toBe('inside\n/mnt/scratch tmpfs\noutside:\nmnt:[4026531832]\n')
  })

  it('net: lo DOWN, port 80 twice, veth reachable, island unreachable', () => {
    const r = scenario('net')
    expect(r.stdout).toContain('1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN')
    expect(r.stdout).toContain('reply from namespace A\nreply from namespace B\n')
    expect(r.stdout).toContain('64 bytes from 10.0.0.2: icmp_seq=1 ttl=64')
    expect(r.stderr).toBe('ping: connect: Network is unreachable\n')
  })

  it('ipc: the queue is not listed inside a new IPC namespace', () => {
    const r = scenario('ipc')
    expect(r.stdout).toMatch(/^Message queue id: 0\n0x[0-9a-f]{8} 0 {10}root/)
    expect(r.stdout).toContain('inside:\n\n------ Message Queues --------\nkey        msqid      owner      perms      used-bytes   messages    \n\n')
  })

  it('cgroup: the creator\'s cgroup is "/" inside a new cgroup namespace', () => {
    expect(scenario('cgroup').stdout).toMatch(/^0::\/.*\ncgroup:\[4026531835\]\n0::\/\ncgroup:\[\d+\]\n$/)
  })

  it('time: boottime offset inside the new time namespace only', () => {
    expect(scenario('time').stdout).toBe('monotonic           0         0\nboottime            0         0\nmonotonic           0         0\nboottime        86400         0\n')
  })

  it('lsns: the host namespace and the sleeping process\'s own', () => {
    const r = scenario('lsns')
    expect(r.stdout).toMatch(/ {8}NS TYPE NPROCS PID USER COMMAND\n4026531838 uts +\d+ +1 root \/sbin\/init\n\d+ uts +1 +\d+ root sleep 100\n/)
  })
})
