// `ip route` and `fdflood --connect` through the shell, as a student types
// them (ip-route(8), connect(2), ip(7) ip_local_port_range).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script, { maxSteps: 1e9 })

describe('ip route', () => {
  it('the host shows its DHCP default route and the connected subnet; a new namespace shows nothing', () => {
    const r = run('ip route; echo ---; unshare -n ip route; echo $?')
    expect(r.stdout).toBe('default via 10.0.2.2 dev eth0 proto dhcp src 10.0.2.15 metric 100\n' +
      '10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n---\n0\n')
  })

  it('add and del default with iproute2\'s messages and exit statuses', () => {
    const r = run([
      'ip route add default via 10.0.2.2; echo $?',
      'ip route del default; echo $?',
      'ip route del default; echo $?',
      'ip route add default via 192.168.1.1; echo $?',
      'ip route add default via 10.0.2.2 dev eth7; echo $?',
      'ip route add default via 10.0.2.2; echo $?',
      'ip route',
      'setpriv --reuid=1000 ip route del default; echo $?',
    ].join('\n'))
    expect(r.stdout).toBe('2\n0\n2\n2\n1\n0\ndefault via 10.0.2.2 dev eth0\n10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15\n2\n')
    expect(r.stderr).toBe('RTNETLINK answers: File exists\nRTNETLINK answers: No such process\n' +
      'Error: Nexthop has invalid gateway.\nCannot find device "eth7"\nRTNETLINK answers: Operation not permitted\n')
  })
})

describe('fdflood --connect', () => {
  it('one destination stops at 28,232 connections with EADDRNOTAVAIL; a range goes on to the next destination', () => {
    const r = run('ulimit -n 100000; fdflood --connect 203.0.113.1:80; echo $?; fdflood -c 203.0.113.1-3:80 -n 60000; echo $?')
    expect(r.stdout).toBe('fdflood: opened 28232 connections; connect(203.0.113.1:80) failed: Cannot assign requested address (EADDRNOTAVAIL)\n1\n' +
      'fdflood: opened 60000 connections\n0\n')
  })

  it('refused, unanswered, unreachable; EMFILE from socket()', () => {
    const r = run('fdflood -c 203.0.113.9:22; fdflood -c 8.8.8.8:443; unshare -n fdflood -c 203.0.113.9:443; ulimit -n 8; fdflood -c 198.51.100.1:443 --connect 192.0.2.1:80')
    expect(r.stdout).toBe('fdflood: opened 0 connections; connect(203.0.113.9:22) failed: Connection refused (ECONNREFUSED)\n' +
      'fdflood: opened 0 connections; connect(8.8.8.8:443) failed: Connection timed out (ETIMEDOUT)\n' +
      'fdflood: opened 0 connections; connect(203.0.113.9:443) failed: Network is unreachable (ENETUNREACH)\n' +
      'fdflood: opened 5 connections; socket(AF_INET, SOCK_STREAM) failed: Too many open files (EMFILE)\n')
  })

  it('bad destinations are usage errors; --help documents the range syntax', () => {
    const r = run('fdflood -c 203.0.113.5-2:80; echo $?; fdflood --help | grep -c 203.0.113.1-38:80')
    expect(r.stderr).toBe("fdflood: invalid destination '203.0.113.5-2:80' (expected ADDR:PORT or A.B.C.X-Y:PORT)\nTry 'fdflood --help' for more information.\n")
    expect(r.stdout).toBe('1\n1\n')
  })

  it('containers route via docker0 (default via 172.17.0.1) and leave from the host; --network none has no route', () => {
    const r = run([
      'docker run --rm alpine ip route',
      'docker run --rm alpine fdflood -c 203.0.113.1:443 -n 3',
      'docker run --rm --network none alpine fdflood -c 203.0.113.1:443',
    ].join('\n'))
    expect(r.stdout).toContain('default via 172.17.0.1 dev eth0\n172.17.0.0/16 dev eth0 proto kernel scope link src 172.17.0.2\n')
    expect(r.stdout).toContain('fdflood: opened 3 connections\n')
    expect(r.stdout).toContain('fdflood: opened 0 connections; connect(203.0.113.1:443) failed: Network is unreachable (ENETUNREACH)\n')
  })
})
