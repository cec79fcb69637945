// Published ports are allocated once (libnetwork portallocator.go: "Bind for
// 0.0.0.0:PORT failed: port is already allocated", wrapped by the bridge driver
// as "driver failed programming external connectivity on endpoint NAME (ID)").
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript('docker pull nginx >/dev/null; ' + script, { maxSteps: 50_000_000 })
const refused = (name: string) => new RegExp(`driver failed programming external connectivity on endpoint ${name} \\([0-9a-f]{64}\\): Bind for 0\\.0\\.0\\.0:8080 failed: port is already allocated`)

describe('-p HOST:CONTAINER: one running container per host port', () => {
  it('a second run on the same host port fails with 125 and leaves the container Created; --rm removes it', () => {
    const r = run(`docker run -d --name web1 -p 8080:80 nginx >/dev/null; docker run -d --name web2 -p 8080:80 nginx; echo rc=$?; ` +
      `docker run --rm --name web3 -p 8080:80 nginx; echo rc=$?; docker ps -a --format '{{.Names}} {{.State}}'`)
    expect(r.stdout).toBe('rc=125\nrc=125\nweb2 created\nweb1 running\n')
    const lines = r.stderr.split('\n')
    expect(lines[0]).toMatch(new RegExp('^docker: Error response from daemon: ' + refused('web2').source + '\\.$'))
    expect(lines[1]).toBe("See 'docker run --help'.")
    expect(lines[2]).toMatch(refused('web3'))
  })
  it('docker start of the Created one fails while the port is taken and works once it is free', () => {
    const r = run(`docker run -d --name web1 -p 8080:80 nginx >/dev/null; docker create --name web2 -p 8080:80 nginx >/dev/null; ` +
      `docker start web2; echo rc=$?; docker stop web1 >/dev/null; docker start web2; echo rc=$?; docker port web2`)
    expect(r.stdout).toBe('rc=1\nweb2\nrc=0\n80/tcp -> 0.0.0.0:8080\n')
    const lines = r.stderr.split('\n')
    expect(lines[0]).toMatch(new RegExp('^Error response from daemon: ' + refused('web2').source + '$'))
    expect(lines[1]).toBe('Error: failed to start containers: web2')
  })
  it('-p IP:HOST:CONTAINER keeps the address (docker port, ps PORTS, inspect PortBindings and NetworkSettings.Ports); it conflicts with 0.0.0.0 and itself', () => {
    const r = run(`docker run -d --name w1 -p 127.0.0.1:8080:80 nginx >/dev/null; docker port w1; docker ps --format '{{.Ports}}'; ` +
      `docker inspect -f '{{json .HostConfig.PortBindings}} {{json .NetworkSettings.Ports}}' w1; ps -eo args | grep '^/usr/bin/docker-proxy' | cut -d' ' -f4-7; ` +
      `docker run -d --name w2 -p 8080:80 nginx; docker run -d --name w3 -p 127.0.0.1:8080:80 nginx`)
    expect(r.stdout).toBe('80/tcp -> 127.0.0.1:8080\n127.0.0.1:8080->80/tcp\n' +
      '{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]} {"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]}\n-host-ip 127.0.0.1 -host-port 8080\n')
    const lines = r.stderr.split('\n')
    expect(lines[0]).toMatch(/Bind for 0\.0\.0\.0:8080 failed: port is already allocated\.$/)
    expect(lines[2]).toMatch(/Bind for 127\.0\.0\.1:8080 failed: port is already allocated\.$/)
  })
  it('different host ports, or the same port with another protocol, do not conflict', () => {
    const r = run(`docker run -d --name a1 -p 8080:80 nginx >/dev/null; docker run -d --name a2 -p 8081:80 nginx >/dev/null; ` +
      `docker run -d --name a3 -p 8080:80/udp nginx >/dev/null; docker ps --format '{{.Names}}' | sort`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('a1\na2\na3\n')
  })
})
