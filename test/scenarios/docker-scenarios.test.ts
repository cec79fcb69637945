// The Docker scenarios (scenarios/docker/*.yaml, fd-exhaustion: its own file)
// played as `isolab scenario run NAME` plays them: the narrated transcript
// byte for byte against golden/docker-NAME.txt, plus the facts each one exists
// to show. Each escape precondition works only with its weakening flag
// ("each escape demo passes only with its weakening flag").
// Update with `npx vitest run test/scenarios/docker-scenarios.test.ts -u` and review the diff.
import { describe, expect, it } from 'vitest'
import { played } from './play.ts'

const NAMES = ['escape-docker-sock', 'escape-pid-host', 'escape-privileged', 'freezer', 'images-and-layers', 'limits', 'networks', 'own-cgroup', 'startup-timeline'] as const
const dk = (name: string) => played(`docker/${name}`)
const ID = '[0-9a-f]{64}'

describe('scenarios/docker (golden transcripts)', () => {
  it.each(NAMES)('%s: every expectation holds; the transcript is the golden one', async (name) => {
    const p = dk(name)
    expect(p.result.ok).toBe(true)
    await expect(p.transcript).toMatchFileSnapshot(`golden/docker-${name}.txt`)
  })
})

describe('escapes by misconfiguration: each works only with its weakening flag', () => {
  it('escape-docker-sock: only a container given the Docker socket reaches the host', () => {
    expect(dk('escape-docker-sock').out('default')).toBe('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\nexit status 125\n')
    expect(dk('escape-docker-sock').out('socket')).toBe('host\n')
  })
  it('escape-pid-host: --pid=host alone cannot enter pid 1\'s namespaces; with --privileged it can', () => {
    expect(dk('escape-pid-host').out('pid-host')).toBe("nsenter: reassociate to namespace 'ns/uts' failed: Operation not permitted\nexit status 1\n")
    expect(dk('escape-pid-host').out('privileged')).toBe('host\n')
  })
  it('escape-privileged: only --privileged sees /dev/vda1 and can mount the host\'s root disk', () => {
    const p = dk('escape-privileged')
    expect(p.out('default')).toBe('mount: /mnt: permission denied.\nexit status 32\n')
    expect(p.out('cap-only')).toBe('mount: /mnt: special device /dev/vda1 does not exist.\nexit status 32\n')
    expect(p.out('privileged')).toBe("the host's hostname: host\non the host, /var/tmp/from-container: pwned\n")
  })
})

describe('limits and startup', () => {
  it('limits: pids-limit stops a fork bomb, memory limit OOM-kills (137, OOMKilled), ulimit sets soft and hard nofile', () => {
    const p = dk('limits')
    expect(p.out('pids')).toBe('pids.max inside: 10\nforkbomb: fork() refused: Resource temporarily unavailable (EAGAIN); all bomb processes exited after 1 s\n')
    expect(p.out('memory')).toBe("memhog's exit status: 137\ndocker inspect hog: OOMKilled=true ExitCode=137\nmemory.max it ran under: 67108864 bytes\n")
    expect(p.out('ulimit')).toBe('open files, soft: 1024, hard: 1024\ndefault open files, soft: 1048576, hard: 1048576\n')
  })
  it('startup-timeline: the runtime\'s steps from dockerd to execve, 100-500 ms in all (seed)', () => {
    const out = dk('startup-timeline').out('timeline')
    const total = Number(/timeline:\s+([\d.]+) ms {2}total: container started/.exec(out)![1])
    expect(total).toBeGreaterThanOrEqual(100)
    expect(total).toBeLessThanOrEqual(500)
    const steps = out.split('\n').filter((l) => / \+ +[\d.]+ ms {2}/.test(l)).map((l) => l.replace(/^.* ms {2}/, ''))
    expect(steps.slice(0, 2)).toEqual(['dockerd: create container (config, names, hosts files)', 'dockerd: prepare rootfs (overlay2 layers → merged)'])
    expect(steps).toContain('runc: create namespaces (clone)')
    expect(steps.at(-1)).toBe('runc: execve the container process')
  })
})

describe('images-and-layers: one image shared, a thin writable layer each (overlayfs, Docker overlay2 driver)', () => {
  it('the root is an overlay of the image layer (lowerdir, via l/) and the container\'s diff (upperdir)', () => {
    expect(dk('images-and-layers').out('overlay')).toMatch(new RegExp(
      `^overlay on / type overlay \\(rw,relatime,lowerdir=/var/lib/docker/overlay2/l/[A-Z0-9]{26},upperdir=/var/lib/docker/overlay2/(${ID})/diff,workdir=/var/lib/docker/overlay2/\\1/work\\)$`, 'm'))
  })
  it('both containers have the image\'s layer as LowerDir and see the same inode in it: one copy of the image', () => {
    const out = dk('images-and-layers').out('shared')
    const lower = [...out.matchAll(/^app[12] LowerDir: (.*)$/gm)].map((m) => m[1])
    expect(lower).toHaveLength(2)
    expect(lower[0]).toBe(lower[1])
    expect(lower[0]).toMatch(/^\/var\/lib\/docker\/overlay2\/[0-9a-f]+\/diff$/)
    const inodes = [...out.matchAll(/^(?:app1|app2|host): (\d+) \S*\/bin\/busybox$/gm)].map((m) => m[1])
    expect(inodes).toHaveLength(3)
    expect(new Set(inodes).size).toBe(1)
  })
  it('a write lands only in the writer\'s upperdir; a deletion is a whiteout (char device 0,0: overlayfs.rst)', () => {
    const p = dk('images-and-layers')
    expect(p.out('copy-up')).toContain('./root:\nnote.txt\napp2 /root: []\nimage /root: []\n')
    expect(p.out('whiteout')).toMatch(/^c--------- 1 root root 0, 0 .* etc\/os-release$/m)
    expect(p.out('whiteout')).toContain('cat: /etc/os-release: No such file or directory\ncat in app1: exit status 1\n')
    expect(p.out('whiteout')).toContain('app2 still has it: NAME="Alpine Linux"\nso does the image:  NAME="Alpine Linux"\n')
  })
  it('docker ps -s: each container\'s own layer (bytes it wrote), "virtual" the shared image', () => {
    expect(dk('images-and-layers').out('cost')).toContain('NAMES     SIZE\napp2      0B (virtual 7.8MB)\napp1      6B (virtual 7.8MB)\n')
  })
  it('docker rm removes the upperdir; the named volume keeps its data', () => {
    const out = dk('images-and-layers').out('volume')
    expect(out).toMatch(new RegExp(`^app3 exited; its upperdir still holds /root/note: lost\nafter docker rm app3:\nls: cannot access '/var/lib/docker/overlay2/${ID}/diff': No such file or directory$`, 'm'))
    expect(out).toMatch(/volume on the host: kept\na new container: {4}kept\n$/)
  })
})

describe('networks: default bridge vs user-defined networks (docker network create, embedded DNS 127.0.0.11)', () => {
  it('the default bridge answers by IP only; appnet resolves names through 127.0.0.11', () => {
    const p = dk('networks')
    expect(p.out('default-bridge')).toContain('ping db1, by name:\nping: db1: Temporary failure in name resolution\n')
    expect(p.out('default-bridge')).toContain('64 bytes from 172.17.0.2: icmp_seq=1')
    expect(p.out('default-bridge')).toContain('nameserver 8.8.8.8\n')
    const app = p.out('user-defined')
    expect(app).toContain('PING db (172.18.0.2) 56(84) bytes of data.\n64 bytes from 172.18.0.2')
    expect(app).toContain('nameserver 127.0.0.11\n')
    expect(app).toContain('default via 172.18.0.1 dev eth0\n172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3\n')
    expect(app).toMatch(/^172\.18\.0\.0\/16 dev br-[0-9a-f]{12} proto kernel scope link src 172\.18\.0\.1$/m)
  })
  it('othernet gets no answer from appnet (bridges isolated); -p goes through docker-proxy from the gateway', () => {
    const p = dk('networks')
    expect(p.out('isolated')).toContain('ping: db: Temporary failure in name resolution\n')
    expect(p.out('isolated')).toContain('1 packets transmitted, 0 received, 100% packet loss')
    expect(p.out('publish')).toMatch(/^ +\d+ \/usr\/bin\/docker-proxy -proto tcp -host-ip 0\.0\.0\.0 -host-port 8080 -container-ip 172\.17\.0\.3 -container-port 80$/m)
    expect(p.out('publish')).toContain('HTTP/1.1 200 OK\n172.17.0.1 - - [')
  })
})

describe('freezer: docker pause writes cgroup.freeze (cgroup-v2.rst "cgroup.freeze")', () => {
  const usage = (s: string) => [...s.matchAll(/usage_usec (\d+)/g)].map((m) => Number(m[1]))
  it('paused: freeze 1, frozen 1, "(Paused)", every task S (do_freezer_trap), the CPU burner too; exec refused', () => {
    const paused = dk('freezer').out('pause')
    expect(paused).toContain('cgroup.freeze 1, frozen 1\nburner: Up 1 second (Paused)\n')
    expect(paused).toMatch(/^ +\d+ S +\S+ cpuburn 1000$/m)
    expect(paused).not.toMatch(/^ +\d+ R /m)
    expect(paused).toMatch(new RegExp(`Error response from daemon: Container ${ID} is paused, unpause the container before exec\ndocker exec into the paused container: exit status 1\n`))
  })
  it('cpu.stat usage_usec stands still while frozen and grows again after unpause', () => {
    const [atPause, twoLater] = usage(dk('freezer').out('pause'))
    const [afterUnpause] = usage(dk('freezer').out('unpause'))
    expect(twoLater).toBe(atPause)
    expect(afterUnpause! - twoLater!).toBeGreaterThan(1_900_000) // 2 s of one CPU
    expect(dk('freezer').out('unpause')).toMatch(/^burner\ncgroup.freeze 0, frozen 0\n[^]*\n +\d+ R +\S+ cpuburn 1000\n/)
  })
})

describe('own-cgroup: the container sees its cgroup as / (cgroup_namespaces(7)); the limit is the host\'s', () => {
  it('inside: 0::/, the --memory and --pids-limit values, a read-only cgroup2 mount, pids of its own namespace', () => {
    const out = dk('own-cgroup').out('inside')
    expect(out).toContain('/proc/self/cgroup: 0::/\nmemory.max: 67108864 ')
    expect(out).toContain('pids.max:   20  (--pids-limit 20)\ncgroup on /sys/fs/cgroup type cgroup2 (ro,')
    expect(out).toContain('sh: line 1: /sys/fs/cgroup/memory.max: Read-only file system\necho max > memory.max inside: exit status 1\n')
    expect(out).toContain('cgroup.procs of a new container (sh, cat): 1 2\n') // task_pid_vnr: the reader's pid namespace
  })
  it('outside: the same limits under /sys/fs/cgroup/docker/<id>; --privileged lifts its own (a 100M allocation survives 64m)', () => {
    expect(dk('own-cgroup').out('host')).toMatch(new RegExp(`/proc/\\d+/cgroup: 0::/docker/${ID}\nmemory.max: 67108864\npids.max:   20\n`))
    const out = dk('own-cgroup').out('privileged')
    expect(out).toContain('default: exit 137\nmemhog: allocated and touched 100.0 MiB\n--privileged, after echo max > /sys/fs/cgroup/memory.max, exit 0\n')
    expect(out).toContain("the host's memory.max for lifter: max\ndocker still reports Memory=67108864\n")
  })
})
