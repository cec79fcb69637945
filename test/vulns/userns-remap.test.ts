// dockerd --userns-remap (docs.docker.com/engine/security/userns-remap/): with
// "userns-remap": "default" Docker creates dockremap and its /etc/subuid and
// /etc/subgid range, and every container's user namespace maps 0 to it
// (user_namespaces(7) uid_map "0 100000 65536"). Container root is then uid
// 100000 on the host: the runc bugs' host files refuse it (EACCES).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { remapSetting } from '../../src/runtime/userns-remap.ts'
import { compare, type Comparison } from '../../src/compare/compare.ts'

const REMAP = `mkdir -p /etc/docker && echo '{"userns-remap": "default"}' > /etc/docker/daemon.json`

describe('dockerd --userns-remap', () => {
  it('daemon.json "userns-remap": "default": dockremap\'s range, uid_map 0 100000 65536, files and processes owned by 100000 on the host', () => {
    const r = new Machine().runScript(`${REMAP}
docker run --rm alpine sh -c 'id; cat /proc/self/uid_map /proc/self/gid_map'
docker run -d --name c1 alpine sh -c 'echo data > /f; sleep infinity' >/dev/null 2>&1; sleep 1
ls -n /var/lib/docker/overlay2/*/diff/f | cut -d' ' -f3,4
ps -o user= -C sleep
docker exec c1 sh -c 'id -u; cat /proc/self/uid_map'
docker info 2>/dev/null | grep userns
cat /etc/subuid /etc/subgid; grep dockremap /etc/passwd`)
    expect(r.stdout).toBe(`uid=0(root) gid=0(root) groups=0(root)
         0     100000      65536
         0     100000      65536
100000 100000
100000
0
         0     100000      65536
  userns
dockremap:100000:65536
dockremap:100000:65536
dockremap:x:999:999::/home/dockremap:/bin/false
`)
  })
  it('without it: container root is host root (uid_map 0 0 4294967295), and docker info has no userns', () => {
    const r = new Machine().runScript('docker run --rm alpine cat /proc/self/uid_map; docker info 2>/dev/null | grep -c userns')
    expect(r.stdout).toBe('         0          0 4294967295\n0\n')
  })
  it('the flag: --userns-remap=VALUE and --userns-remap VALUE win over daemon.json', () => {
    for (const argv of [['dockerd', '--userns-remap=default'], ['dockerd', '--userns-remap', 'default']]) {
      const g = remapSetting(argv)
      expect(g.next()).toEqual({ done: true, value: 'default' })
    }
  })
  it('a named user without a subordinate range: dockerd refuses to start, as Docker does', () => {
    const r = new Machine().runScript(`mkdir -p /etc/docker && echo '{"userns-remap": "nobody"}' > /etc/docker/daemon.json; docker ps 2>&1 | head -1; cat /var/log/dockerd.log 2>/dev/null | tail -1`)
    expect(r.stdout).not.toContain('CONTAINER ID')
  })
})

describe('user-namespace remapping stops the runc bugs', () => {
  it('CVE-2019-5736 (runc 1.0.0-rc6): opening the host\'s /usr/bin/runc for writing is EACCES, and it stays as it is', () => {
    const m = new Machine({ versions: { runc: '1.0.0-rc6' } })
    const r = m.runScript(`exec 2>&1\n${REMAP}
docker run -d --name attacker isolab/exploits exploit CVE-2019-5736 5 -- id >/dev/null
sleep 1; docker exec attacker sh; sleep 1; docker logs attacker | tail -1`, { maxSteps: 50_000_000 })
    expect(r.stdout).toMatch(/exploit: CVE-2019-5736: open\("\/proc\/self\/fd\/3", O_WRONLY\|O_TRUNC\): Permission denied \(blocked by user-namespace remapping: container root is uid 100000 on the host\)/)
    expect(m.runScript('runc --version | head -1').stdout).toBe('runc version 1.0.0-rc6\n')
  })
  it('CVE-2024-21626 (runc 1.1.11): the cwd still leaks, but the host\'s /etc/shadow is EACCES to uid 100000', () => {
    const r = new Machine({ versions: { runc: '1.1.11' } }).runScript(`${REMAP}
for n in $(seq 3 20); do docker run --rm -w /proc/self/fd/$n isolab/exploits exploit CVE-2024-21626 2>&1 | grep -q getcwd && { docker run --rm -w /proc/self/fd/$n isolab/exploits exploit CVE-2024-21626 2>&1; break; }; done`)
    expect(r.stdout).toContain('[+] getcwd() = (unreachable)/sys/fs/cgroup')
    expect(r.stdout).toContain('exploit: CVE-2024-21626: open("../../../../etc/shadow", O_RDONLY): Permission denied (blocked by user-namespace remapping: container root is uid 100000 on the host)')
  })
})

describe('isolab compare: the userns row runs a remapped daemon', () => {
  it('CVE-2022-0185: the remapped container is blocked by the default seccomp profile and reaches only itself', () => {
    const c = compare('CVE-2022-0185') as Comparison
    const row = c.rows.find((x) => x.topology === 'userns')!
    expect(row.outcome).toBe('blocked')
    expect(row.stoppedBy).toBe('blocked by the seccomp profile docker-default')
    expect(row.reached).toEqual({ own: true, containers: false, host: false, vms: false })
  })
})
