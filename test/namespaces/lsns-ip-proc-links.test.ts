// Small fidelity items of namespaces and networking tools, each against its source:
// lsns(8) -t net (util-linux lsns.c adds NETNSID and NSFS to the default columns),
// ls -l /proc/PID/ns (the links' size is 0; /proc/PID/fd links are 64: proc_fd_instantiate()),
// ip -o (iproute2 -oneline: one record per line, inner line breaks printed as "\").
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('lsns -t net', () => {
  it('adds NETNSID and NSFS to the default columns; NSFS is the nsfs bind mount (ip netns add)', () => {
    const r = run('ip netns add foo; ip netns exec foo sleep 100 & sleep 1; lsns -t net')
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('        NS TYPE NPROCS PID USER    NETNSID NSFS           COMMAND')
    expect(lines[1]).toMatch(/^4026531833 net +\d+ +1 root unassigned +\/sbin\/init$/)
    expect(lines[2]).toMatch(/^\d{10} net +1 +\d+ root unassigned \/run\/netns\/foo sleep 100$/)
  })
  it('other types keep NS TYPE NPROCS PID USER COMMAND', () => {
    expect(run('lsns -t uts').stdout.split('\n')[0]).toBe('        NS TYPE NPROCS PID USER COMMAND')
  })
})

describe('lsns and a failed write (util-linux include/closestream.h, close_stdout_atexit() in lsns.c)', () => {
  it('> /dev/full: "lsns: write error: No space left on device", status 1', () => {
    const r = run('lsns > /dev/full; echo $?')
    expect(r.stderr).toBe('lsns: write error: No space left on device\n')
    expect(r.stdout).toBe('1\n')
  })
  it('a closed pipe with SIGPIPE ignored is no error: !(errno == EPIPE)', () => {
    const r = run("trap '' PIPE; (sleep 1; lsns; echo status=$? >&2) | true")
    expect(r.stderr).toBe('status=0\n')
  })
})

describe('ls -l /proc/PID/ns and /proc/PID/fd', () => {
  it('namespace links have size 0 and the directory total is 0', () => {
    const r = run('ls -l /proc/self/ns/')
    expect(r.stdout.split('\n')[0]).toBe('total 0')
    expect(r.stdout).toMatch(/\nlrwxrwxrwx 1 root root 0 .* net -> net:\[4026531833\]\n/)
  })
  it('fd links have size 64 (yet hold no blocks: total 0)', () => {
    const r = run('ls -l /proc/self/fd')
    expect(r.stdout.split('\n')[0]).toBe('total 0')
    expect(r.stdout).toMatch(/\nlr-x------ 1 root root 64 .* 0 -> /)
  })
})

describe('stat -L /proc/PID/ns/uts', () => {
  // namespaces(7): the links point at the namespace's nsfs inode; fs/nsfs.c gives it S_IFREG | S_IRUGO, root's.
  it('the followed link is the nsfs file: regular empty file, 0444, root, on nsfs\'s device', () => {
    const r = run('stat -L /proc/self/ns/uts')
    expect(r.stdout).toMatch(/^ {2}File: \/proc\/self\/ns\/uts\n {2}Size: 0 +\tBlocks: 0 +IO Block: 4096 +regular empty file\n/)
    expect(r.stdout).toMatch(/\nDevice: 0,4\tInode: 4026531838 +Links: 1\n/)
    expect(r.stdout).toMatch(/\nAccess: \(0444\/-r--r--r--\) {2}Uid: \( {4}0\/ {4}root\) {3}Gid: \( {4}0\/ {4}root\)\n/)
  })
  it('without -L it is the link, lrwxrwxrwx', () => {
    expect(run('stat /proc/self/ns/uts').stdout).toMatch(/\nAccess: \(0777\/lrwxrwxrwx\) /)
  })
})

describe('ip -o', () => {
  it('link: one line per device, "\\" where the link/ether line began', () => {
    expect(run('ip -o link show lo').stdout).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n')
  })
  it('addr: one line per address, led by "index: name"', () => {
    expect(run('ip -o addr').stdout).toBe(
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n' +
      '2: eth0    inet 10.0.2.15/24 scope global eth0\\       valid_lft forever preferred_lft forever\n')
  })
  it('route: already one line per route', () => {
    expect(run('ip -o route').stdout).toBe(run('ip route').stdout)
  })
})
