// docker network: user-defined bridge networks as Docker 27 prints and runs them
// (docs.docker.com/reference/cli/docker/network/create/, …/network/inspect/,
// …/network/rm/, …/network/connect/; docs.docker.com/engine/network/drivers/bridge/:
// "containers on a user-defined bridge can resolve each other by name or alias",
// "the default bridge network ... can only access each other by IP address";
// docs.docker.com/engine/network/#dns-services: the embedded DNS server at 127.0.0.11).
// Ids, names and addresses come from the machine's seeded generator, so they are fixed here.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script, { maxSteps: 50_000_000 })
const PULL = 'docker pull alpine >/dev/null; '
const SERVER = `sh -c 'while true; do nc -l -p 80 >/dev/null; done'`

describe('docker network create / ls / inspect / rm', () => {
  it('create prints the 64-hex id; ls lists the new networks by name; the host gets br-<12 hex> with the gateway .1', () => {
    const r = run('docker network create app; docker network create --driver bridge web; docker network ls; ip addr show | grep inet')
    expect(r.stderr).toBe('')
    const [app, web] = r.stdout.split('\n') as [string, string]
    expect(app).toMatch(/^[0-9a-f]{64}$/)
    expect(web).toMatch(/^[0-9a-f]{64}$/)
    expect(r.stdout.split('\n').slice(2, 8).join('\n')).toBe(`NETWORK ID     NAME      DRIVER    SCOPE
${app.slice(0, 12)}   app       bridge    local
7a1e2b3c4d5e   bridge    bridge    local
9f8e7d6c5b4a   host      host      local
1a2b3c4d5e6f   none      null      local
${web.slice(0, 12)}   web       bridge    local`)
    // Docker picks the next free /16 of its default pools: 172.18.0.0/16, then 172.19.0.0/16.
        expect(r.stdout).toContain(`inet 172.18.0.1/16`)
    expect(r.stdout).toContain(`inet 172.19.0.1/16`)
  })

  it('inspect: the Engine API document (IPAM config, endpoints of running containers)', () => {
    const r = run(PULL + 'docker network create --subnet 10.5.0.0/24 back >/dev/null; docker run -d --name db --network back alpine sleep 100 >/dev/null; docker network inspect back')
    expect(r.stderr).toBe('')
    const [doc] = JSON.parse(r.stdout) as [Record<string, unknown>]
    expect(Object.keys(doc)).toEqual(['Name', 'Id', 'Created', 'Scope', 'Driver', 'EnableIPv6', 'IPAM', 'Internal', 'Attachable', 'Ingress', 'ConfigFrom', 'ConfigOnly', 'Containers', 'Options', 'Labels'])
    expect(doc.IPAM).toEqual({ Driver: 'default', Options: {}, Config: [{ Subnet: '10.5.0.0/24', Gateway: '10.5.0.1' }] })
    const eps = Object.values(doc.Containers as object) as Record<string, string>[]
    expect(eps).toHaveLength(1)
    expect(eps[0]).toMatchObject({ Name: 'db', MacAddress: '02:42:0a:05:00:02', IPv4Address: '10.5.0.2/24', IPv6Address: '' })
    expect(eps[0]!.EndpointID).toMatch(/^[0-9a-f]{64}$/)
    expect(r.stdout.startsWith('[\n    {\n        "Name": "back",\n        "Id": "')).toBe(true)
  })

  it('errors: duplicate name, unknown network, overlapping pool, malformed CIDR, missing argument', () => {
    const r = run('docker network create app >/dev/null; docker network create app; echo $?; docker network rm nope; echo $?; ' +
      'docker network inspect nope; echo $?; docker network create --subnet 172.18.5.0/24 x; docker network create --subnet 10.0.0.300/8 y; ' +
      'docker network create --subnet foo z; docker network create; echo $?; docker network rm bridge')
    expect(r.stdout).toBe('1\n1\n[]\n1\n1\n')
    expect(r.stderr).toBe(`Error response from daemon: network with name app already exists
Error response from daemon: network nope not found
Error response from daemon: network nope not found
Error response from daemon: invalid pool request: Pool overlaps with other one on this address space
Error response from daemon: invalid CIDR address: 10.0.0.300/8
Error response from daemon: invalid CIDR address: foo
"docker network create" requires exactly 1 argument.
See 'docker network create --help'.

Usage:  docker network create [OPTIONS] NETWORK

Create a network
Error response from daemon: bridge is a pre-defined network and cannot be removed
`)
  })

  it('rm: refused while a running container is attached, then removes the network and its bridge', () => {
    const r = run(PULL + 'docker network create app >/dev/null; docker run -d --name c1 --network app alpine sleep 100 >/dev/null; ' +
      'docker network rm app; echo $?; docker rm -f c1 >/dev/null; docker network rm app; docker network ls -q | wc -l; ip link | grep -c br-')
    const id = /network app id ([0-9a-f]{64}) has/.exec(r.stderr)?.[1]
    expect(id).toMatch(/^[0-9a-f]{64}$/)
    expect(r.stderr).toBe(`Error response from daemon: error while removing network: network app id ${id} has active endpoints\n`)
    expect(r.stdout).toBe('1\napp\n3\n0\n')
  })

  it('docker run --network with an unknown network: the daemon error and status 125', () => {
    const r = run(PULL + 'docker run --rm --network nope alpine true; echo $?')
    expect(r.stderr).toBe(`docker: Error response from daemon: network nope not found.\nSee 'docker run --help'.\n`)
    expect(r.stdout).toBe('125\n')
  })
})

describe('name resolution and isolation', () => {
  it('a user-defined network: resolv.conf points at 127.0.0.11 and containers resolve each other by name', () => {
    const r = run(PULL + 'docker network create app >/dev/null; docker run -d --name web --network app alpine ' + SERVER + ' >/dev/null; ' +
      `docker run --rm --network app alpine sh -c 'grep nameserver /etc/resolv.conf; ping -c 1 web; nc web 80 </dev/null && echo connected; ping -c1 web.app | head -1; ping -c1 nosuch'`)
    expect(r.stdout).toBe(`nameserver 127.0.0.11
PING web (172.18.0.2) 56(84) bytes of data.
64 bytes from 172.18.0.2: icmp_seq=1 ttl=64 time=0.062 ms

--- web ping statistics ---
1 packets transmitted, 1 received, 0% packet loss, time 0ms
rtt min/avg/max/mdev = 0.062/0.062/0.062/0.000 ms
connected
PING web.app (172.18.0.2) 56(84) bytes of data.
`)
    // Not a container: the embedded server forwards to 8.8.8.8, which never answers in this
    // world (net/remote.ts), so it reports SERVFAIL and getaddrinfo gives EAI_AGAIN.
    expect(r.stderr).toBe('ping: nosuch: Temporary failure in name resolution\n')
  })

  it('the default bridge: no embedded DNS, containers reach each other by IP only', () => {
    const r = run(PULL + 'docker run -d --name one alpine ' + SERVER + ' >/dev/null; ' +
      `docker run --rm alpine sh -c 'cat /etc/resolv.conf; nc one 80 </dev/null; echo $?; nc 172.17.0.2 80 </dev/null && echo by-ip'`)
    expect(r.stdout).toBe('nameserver 8.8.8.8\n1\nby-ip\n')
    expect(r.stderr).toMatch(/^nc: getaddrinfo for host "one" port 80: (Temporary failure in name resolution|Name or service not known)\n$/)
  })

  it('two networks are isolated: names do not resolve and traffic is dropped; published ports stay reachable', () => {
    const r = run(PULL + 'docker network create a >/dev/null; docker network create b >/dev/null; ' +
      'docker run -d --name sb --network b -p 8080:80 alpine ' + SERVER + ' >/dev/null; ' +
      `docker run --rm --network a alpine sh -c 'nc sb 80 </dev/null; nc 172.19.0.2 80 </dev/null; echo $?; nc 172.18.0.1 8080 </dev/null && echo published; ping -c 1 172.19.0.2'`)
    // Dropped, not refused: ping loses the packet without an ICMP error.
    expect(r.stdout).toBe('1\npublished\nPING 172.19.0.2 (172.19.0.2) 56(84) bytes of data.\n\n--- 172.19.0.2 ping statistics ---\n1 packets transmitted, 0 received, 100% packet loss, time 0ms\n')
    expect(r.stderr).toBe('nc: getaddrinfo for host "sb" port 80: Temporary failure in name resolution\n' +
      'nc: connect to 172.19.0.2 port 80 (tcp) failed: Connection timed out\n')
  })

  it('connect adds eth1 and the network\'s names; disconnect takes both away again', () => {
    const r = run(PULL + 'docker network create a >/dev/null; docker network create b >/dev/null; ' +
      'docker run -d --name sb --network b alpine ' + SERVER + ' >/dev/null; docker run -d --name cx --network a alpine sleep 100 >/dev/null; ' +
      'docker network connect b cx; docker exec cx ip addr show eth1 | grep inet; docker exec cx nc sb 80 </dev/null && echo reached; ' +
      `docker inspect -f '{{.NetworkSettings.Networks.a.IPAddress}} {{.NetworkSettings.Networks.b.IPAddress}} {{.NetworkSettings.Networks.b.Gateway}}' cx; ` +
      'docker network connect b cx; docker network disconnect b cx; docker exec cx ip addr show eth1; docker exec cx nc sb 80 </dev/null; echo $?; ' +
      'docker network connect nope cx; docker network connect b nope')
    expect(r.stdout).toBe(`    inet 172.19.0.3/16 scope global eth1
reached
172.18.0.2 172.19.0.3 172.19.0.1
1
`)
    expect(r.stderr).toBe(`Error response from daemon: endpoint with name cx already exists in network b
Device "eth1" does not exist.
nc: getaddrinfo for host "sb" port 80: Temporary failure in name resolution
Error response from daemon: network nope not found
Error response from daemon: No such container: nope
`)
  })
  it('start joins every network again: a stopped container keeps its address if free; one connected while stopped gets eth1 at start', () => {
    const r = run(PULL + 'docker network create a >/dev/null; docker network create b >/dev/null; ' +
      'docker run -d --name sb --network b alpine ' + SERVER + ' >/dev/null; docker create --name cx --network a alpine sleep 100 >/dev/null; ' +
      'docker network connect b cx; docker start cx >/dev/null; docker exec cx ip addr | grep "inet "; docker stop -t 0 cx >/dev/null; ' +
      'docker start cx >/dev/null; docker exec cx ip addr | grep "inet 172"; docker exec cx nc sb 80 </dev/null && echo reached')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`    inet 127.0.0.1/8 scope host lo
    inet 172.18.0.2/16 scope global eth0
    inet 172.19.0.3/16 scope global eth1
    inet 172.18.0.2/16 scope global eth0
    inet 172.19.0.3/16 scope global eth1
reached
`)
  })
  it('--internal: no default route, so nothing beyond the network is reachable; inspect shows Internal', () => {
    const r = run(PULL + 'docker network create --internal int >/dev/null; docker network inspect -f "{{.Internal}}" int; ' +
      `docker run --rm --network int alpine sh -c 'ip route; nc 10.0.2.15 22 </dev/null'`)
    expect(r.stdout).toBe('true\n172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2\n')
    expect(r.stderr).toBe('nc: connect to 10.0.2.15 port 22 (tcp) failed: Network is unreachable\n')
  })
  it('ls --filter (type, name, driver) and prune (custom networks without running containers)', () => {
    const r = run(PULL + 'docker network create app >/dev/null; docker network create app2 >/dev/null; docker network create zz >/dev/null; ' +
      'docker run -d --network zz alpine sleep 100 >/dev/null; docker network ls --filter type=builtin; docker network ls -f name=app -f driver=bridge --format "{{.Name}}"; ' +
      'docker network ls -f foo=1; echo n | docker network prune; echo; docker network prune -f; docker network ls --format "{{.Name}} {{.Driver}}"')
    expect(r.stdout).toBe(`NETWORK ID     NAME      DRIVER    SCOPE
7a1e2b3c4d5e   bridge    bridge    local
9f8e7d6c5b4a   host      host      local
1a2b3c4d5e6f   none      null      local
app
app2
WARNING! This will remove all custom networks not used by at least one container.
Are you sure you want to continue? [y/N] 
Deleted Networks:
app
app2

bridge bridge
host host
none null
zz bridge
`)
    expect(r.stderr).toBe(`Error response from daemon: invalid filter 'foo'\n`)
  })
  it('connect --ip and --alias: a chosen address on a user-configured subnet, aliases answered by the embedded DNS', () => {
    const r = run(PULL + 'docker network create --subnet 10.9.0.0/24 fixed >/dev/null; docker network create auto >/dev/null; ' +
      'docker run -d --name cx alpine sleep 100 >/dev/null; docker run -d --name sv --network fixed alpine sleep 100 >/dev/null; ' +
      'docker run -d --name other alpine sleep 100 >/dev/null; docker run -d --name nn --network none alpine sleep 100 >/dev/null; ' +
      'docker network connect --ip 10.9.0.50 --alias db --alias store fixed cx; docker network connect --ip 172.18.0.9 auto other; ' +
      'docker network connect --ip 10.9.0.50 fixed other; docker network connect --ip 10.10.0.5 fixed other; docker network connect auto nn; ' +
      `docker exec sv sh -c 'ping -c1 db | head -1; ping -c1 store | head -1'; ` +
      `docker inspect -f '{{json .NetworkSettings.Networks.fixed.Aliases}} {{.NetworkSettings.Networks.fixed.IPAddress}}' cx`)
    expect(r.stdout).toBe('PING db (10.9.0.50) 56(84) bytes of data.\nPING store (10.9.0.50) 56(84) bytes of data.\n["db","store"] 10.9.0.50\n')
    expect(r.stderr).toBe(`Error response from daemon: user specified IP address is supported only when connecting to networks with user configured subnets
Error response from daemon: Address already in use
Error response from daemon: no configured subnet or ip-range contain the IP address 10.10.0.5
Error response from daemon: container cannot be connected to multiple networks with one of the networks in private (none) mode
`)
  })
  it('docker run --ip and --network-alias: on user-defined networks only (daemon errors, status 125)', () => {
    const r = run(PULL + 'docker network create --subnet 10.9.0.0/24 fixed >/dev/null; ' +
      'docker run -d --name db --network fixed --ip 10.9.0.77 --network-alias database alpine sleep 100 >/dev/null; ' +
      'docker run --rm --network fixed alpine ping -c1 database | head -1; docker run --rm --ip 172.17.0.9 alpine true; ' +
      'docker run --rm --network-alias x alpine true; docker run --rm --network fixed --ip 10.9.0.77 alpine true; echo $?')
    expect(r.stdout).toBe('PING database (10.9.0.77) 56(84) bytes of data.\n125\n')
    expect(r.stderr).toBe(`docker: Error response from daemon: user specified IP address is supported on user defined networks only.
See 'docker run --help'.
docker: Error response from daemon: network-scoped alias is supported only for containers in user defined networks.
See 'docker run --help'.
docker: Error response from daemon: Address already in use.
See 'docker run --help'.
`)
  })
})
