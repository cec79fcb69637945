// ss(8) over /proc/net/tcp and /proc/net/unix (proc(5)): iproute2's columns (the address
// right-aligned against ":Port", "Process" right after the peer's port), -t -l -n -p -x -a -s.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('ss', () => {
  it('/proc/net/tcp lists a listener with its port in hex and the socket inode /proc/PID/fd shows', () => {
    const r = run('nc -l 8080 & sleep 1; cat /proc/net/tcp; ls -l /proc/$!/fd/3')
    expect(r.stdout).toMatch(/^ {2}sl {2}local_address rem_address {3}st tx_queue rx_queue/)
    expect(r.stdout).toMatch(/\n {3}0: 00000000:1F90 00000000:0000 0A 00000000:00000000 .* (\d+) 1 0000000000000000 100 0 0 10 0\n/)
    const ino = /0A 0{8}:0{8} .* (\d+) 1 0{16}/.exec(r.stdout)![1]
    expect(r.stdout).toContain(`3 -> socket:[${ino}]`)
  })

  it('-tln: listening TCP sockets with numeric ports', () => {
    expect(run('nc -l 8080 & sleep 1; ss -tln').stdout).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' +
      'LISTEN 0      4096         0.0.0.0:8080      0.0.0.0:*\n')
  })

  it('-tlp: service names without -n, and the owning process', () => {
    expect(run('nc -l 80 & sleep 1; ss -tlp').stdout).toMatch(/\nLISTEN 0 +4096 +0\.0\.0\.0:http +0\.0\.0\.0:\* +users:\(\("nc",pid=\d+,fd=3\)\)\n$/)
  })

  it('-xl: unix sockets, path and inode separated by a space (dockerd\'s /run/docker.sock)', () => {
    expect(run('docker ps >/dev/null; ss -xl').stdout).toMatch(/^Netid State +Recv-Q Send-Q +Local Address:Port +Peer Address:PortProcess\nu_str LISTEN 0 +4096 +\/run\/docker\.sock \d+ +\* 0\n$/)
  })

  it('without -l only connected sockets; -s the summary', () => {
    expect(run('nc -l 8080 & sleep 1; ss -t').stdout).toBe('State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n')
    // Total counts every socket: the listener and systemd's /run/docker.sock.
    expect(run('nc -l 8080 & sleep 1; ss -s').stdout).toBe('Total: 2\nTCP:   1 (estab 0, closed 0, orphaned 0, timewait 0)\n\n' +
      'Transport Total     IP        IPv6\nRAW\t  0         0         0        \nUDP\t  0         0         0        \n' +
      'TCP\t  1         1         0        \nINET\t  1         1         0        \nFRAG\t  0         0         0        \n\n')
  })
})
