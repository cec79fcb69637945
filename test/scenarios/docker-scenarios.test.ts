// Golden transcripts of the Docker lessons (scenarios/docker/images-and-layers,
// networks, freezer, own-cgroup), as `npx isolab sh < scenarios/docker/X.sh`
// runs them: stdout byte for byte against golden/docker-X.txt, stderr exactly,
// plus the facts each one exists to show. Update with
// `npx vitest run test/scenarios/docker-scenarios.test.ts -u` and review the diff.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const cache = new Map<string, { status: number; stdout: string; stderr: string }>()
function run(name: string) {
  let r = cache.get(name)
  if (!r) {
    const script = readFileSync(new URL(`../../scenarios/docker/${name}.sh`, import.meta.url), 'utf8')
    cache.set(name, (r = new Machine({ seed: 1 }).runScript(script, { maxSteps: 50_000_000 })))
  }
  return r
}
const ID = '[0-9a-f]{64}'

describe('images-and-layers: one image shared, a thin writable layer each (overlayfs, Docker overlay2 driver)', () => {
  it('golden', async () => {
    const r = run('images-and-layers')
    expect(r.stderr).toBe('cat: /etc/os-release: No such file or directory\n')
    await expect(r.stdout).toMatchFileSnapshot('golden/docker-images-and-layers.txt')
  })
  it('the root is an overlay of the image layer (lowerdir, via l/) and the container\'s diff (upperdir)', () => {
    expect(run('images-and-layers').stdout).toMatch(new RegExp(
      `^overlay on / type overlay \\(rw,relatime,lowerdir=/var/lib/docker/overlay2/l/[A-Z0-9]{26},upperdir=/var/lib/docker/overlay2/(${ID})/diff,workdir=/var/lib/docker/overlay2/\\1/work\\)$`, 'm'))
  })
  it('both containers have the image\'s layer as LowerDir and see the same inode in it: one copy of the image', () => {
    const out = run('images-and-layers').stdout
    const lower = [...out.matchAll(/^app[12] LowerDir: (.*)$/gm)].map((m) => m[1])
    expect(lower).toHaveLength(2)
    expect(lower[0]).toBe(lower[1])
    expect(lower[0]).toMatch(/^\/var\/lib\/docker\/overlay2\/[0-9a-f]+\/diff$/)
    const inodes = [...run('images-and-layers').stdout.matchAll(/^(?:app1|app2|host): (\d+) \S*\/bin\/busybox$/gm)].map((m) => m[1])
    expect(inodes).toHaveLength(3)
    expect(new Set(inodes).size).toBe(1)
  })
  it('a write lands only in the writer\'s upperdir; a deletion is a whiteout (char device 0,0: overlayfs.rst)', () => {
    const out = run('images-and-layers').stdout
    expect(out).toContain('./root:\nnote.txt\napp2 /root: []\nimage /root: []\n')
    expect(out).toMatch(/^c--------- 1 root root 0, 0 .* etc\/os-release$/m)
    expect(out).toContain('app2 still has it: NAME="Alpine Linux"\nso does the image:  NAME="Alpine Linux"\n')
  })
  it('docker ps -s: each container\'s own layer (bytes it wrote), "virtual" the shared image', () => {
    expect(run('images-and-layers').stdout).toContain('NAMES     SIZE\napp2      0B (virtual 7.8MB)\napp1      6B (virtual 7.8MB)\n')
  })
  it('docker rm removes the upperdir; the named volume keeps its data', () => {
    const out = run('images-and-layers').stdout
    expect(out).toMatch(new RegExp(`^app3 exited; its upperdir still holds /root/note: lost\nafter docker rm app3:\nls: cannot access '/var/lib/docker/overlay2/${ID}/diff': No such file or directory$`, 'm'))
    expect(out).toMatch(/volume on the host: kept\na new container: {4}kept\n$/)
  })
})

describe('networks: default bridge vs user-defined networks (docker network create, embedded DNS 127.0.0.11)', () => {
  it('golden', async () => {
    const r = run('networks')
    expect(r.stderr).toBe('ping: db1: Temporary failure in name resolution\nping: db: Temporary failure in name resolution\n')
    await expect(r.stdout).toMatchFileSnapshot('golden/docker-networks.txt')
  })
  it('the default bridge answers by IP only; appnet resolves names through 127.0.0.11', () => {
    const out = run('networks').stdout
    expect(out).toContain('64 bytes from 172.17.0.2: icmp_seq=1')
    expect(out).toContain('nameserver 8.8.8.8\n')
    expect(out).toContain('PING db (172.18.0.2) 56(84) bytes of data.\n64 bytes from 172.18.0.2')
    expect(out).toContain('nameserver 127.0.0.11\n')
    expect(out).toContain('default via 172.18.0.1 dev eth0\n172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3\n')
    expect(out).toMatch(/^172\.18\.0\.0\/16 dev br-[0-9a-f]{12} proto kernel scope link src 172\.18\.0\.1$/m)
  })
  it('othernet gets no answer from appnet (bridges isolated); -p goes through docker-proxy from the gateway', () => {
    const out = run('networks').stdout
    expect(out).toContain('1 packets transmitted, 0 received, 100% packet loss')
    expect(out).toMatch(/^ +\d+ \/usr\/bin\/docker-proxy -proto tcp -host-ip 0\.0\.0\.0 -host-port 8080 -container-ip 172\.17\.0\.3 -container-port 80$/m)
    expect(out).toContain('HTTP/1.1 200 OK\n172.17.0.1 - - [')
  })
})

describe('freezer: docker pause writes cgroup.freeze (cgroup-v2.rst "cgroup.freeze")', () => {
  const usage = (s: string) => [...s.matchAll(/usage_usec (\d+)/g)].map((m) => Number(m[1]))
  it('golden', async () => {
    const r = run('freezer')
    expect(r.stderr).toMatch(new RegExp(`^Error response from daemon: Container ${ID} is paused, unpause the container before exec\n$`))
    await expect(r.stdout).toMatchFileSnapshot('golden/docker-freezer.txt')
  })
  it('paused: freeze 1, frozen 1, "(Paused)", every task S (do_freezer_trap), the CPU burner too', () => {
    const paused = run('freezer').stdout.split('== docker pause burner\n')[1]!.split('== docker unpause')[0]!
    expect(paused).toContain('cgroup.freeze 1, frozen 1\nburner: Up 1 second (Paused)\n')
    expect(paused).toMatch(/^ +\d+ S +\S+ cpuburn 1000$/m)
    expect(paused).not.toMatch(/^ +\d+ R /m)
  })
  it('cpu.stat usage_usec stands still while frozen and grows again after unpause', () => {
    const [, atPause, twoLater, afterUnpause] = usage(run('freezer').stdout)
    expect(twoLater).toBe(atPause)
    expect(afterUnpause! - twoLater!).toBeGreaterThan(1_900_000) // 2 s of one CPU
    expect(run('freezer').stdout).toMatch(/== docker unpause burner\nburner\ncgroup.freeze 0, frozen 0\n[^]*\n +\d+ R +\S+ cpuburn 1000\n/)
  })
})

describe('own-cgroup: the container sees its cgroup as / (cgroup_namespaces(7)); the limit is the host\'s', () => {
  it('golden', async () => {
    const r = run('own-cgroup')
    expect(r.stderr).toBe('sh: line 1: /sys/fs/cgroup/memory.max: Read-only file system\n')
    await expect(r.stdout).toMatchFileSnapshot('golden/docker-own-cgroup.txt')
  })
  it('inside: 0::/, the --memory and --pids-limit values, a read-only cgroup2 mount, pids of its own namespace', () => {
    const out = run('own-cgroup').stdout
    expect(out).toContain('/proc/self/cgroup: 0::/\nmemory.max: 67108864 ')
    expect(out).toContain('pids.max:   20  (--pids-limit 20)\ncgroup on /sys/fs/cgroup type cgroup2 (ro,')
    expect(out).toContain('cgroup.procs of a new container (sh, cat): 1 2\n') // task_pid_vnr: the reader's pid namespace
  })
  it('outside: the same limits under /sys/fs/cgroup/docker/<id>; --privileged lifts its own (a 100M allocation survives 64m)', () => {
    const out = run('own-cgroup').stdout
    expect(out).toMatch(new RegExp(`/proc/\\d+/cgroup: 0::/docker/${ID}\nmemory.max: 67108864\npids.max:   20\n`))
    expect(out).toContain('default: exit 137\nmemhog: allocated and touched 100.0 MiB\n--privileged, after echo max > /sys/fs/cgroup/memory.max: exit 0\n')
    expect(out).toContain("the host's memory.max for lifter: max\ndocker still reports Memory=67108864\n")
  })
})
