// docker run conformance: the docker run reference (linux-semantics.md §7) and
// capabilities(7), through Machine.runScript on one simulated host.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const PULL = 'docker pull alpine >/dev/null; '
const run = (script: string) => new Machine().runScript(PULL + script, { maxSteps: 50_000_000 })

describe('docker run: exit status (docker run reference, "Exit Status")', () => {
  it('the container command\'s status: busybox /bin/sh -c \'exit 3\' → 3', () => {
    expect(run("docker run --rm alpine /bin/sh -c 'exit 3'; echo $?").stdout).toBe('3\n')
  })
  it('125: unknown flag (pflag\'s current wording, docker/cli since cobra)', () => {
    const r = run('docker run --foo busybox; echo $?')
    expect(r.stdout).toBe('125\n')
    expect(r.stderr).toBe("unknown flag: --foo\nSee 'docker run --help'.\n")
  })
  it('125: unknown image, after the pull attempt', () => {
    const r = run('docker run nope; echo $?')
    expect(r.stdout).toBe('125\n')
    expect(r.stderr).toBe("Unable to find image 'nope:latest' locally\n" +
      "docker: Error response from daemon: pull access denied for nope, repository does not exist or may require 'docker login'.\n" +
      "See 'docker run --help'.\n")
  })
  it('125: malformed values (go-units RAMInBytes, the 6MB minimum, --ulimit syntax)', () => {
    const r = run('docker run -m abc alpine true; echo $?; docker run -m 1m alpine true; echo $?; docker run --ulimit nofile alpine true; echo $?')
    expect(r.stdout).toBe('125\n125\n125\n')
    expect(r.stderr).toBe("invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'\nSee 'docker run --help'.\n" +
      "docker: Error response from daemon: Minimum memory limit allowed is 6MB.\nSee 'docker run --help'.\n" +
      "invalid argument \"nofile\" for \"--ulimit\" flag: invalid ulimit argument: nofile\nSee 'docker run --help'.\n")
  })
  it('127: command not found; 126: cannot be invoked', () => {
    const r = run('docker run --rm alpine foo; echo $?; docker run --rm alpine /etc; echo $?')
    expect(r.stdout).toBe('127\n126\n')
    expect(r.stderr).toContain('exec: "foo": executable file not found in $PATH: unknown.\n')
    expect(r.stderr).toContain('exec: "/etc": is a directory: unknown.\n')
  })
})

describe('docker run: isolation primitives', () => {
  it('the command is PID 1 of a new pid namespace, in new uts/mnt/net/ipc/cgroup namespaces', () => {
    const r = run("docker run --rm -h box alpine sh -c 'echo $$; hostname; ls /proc | grep -c \"^[0-9]\"'; " +
      "for n in pid uts mnt net ipc cgroup; do a=$(readlink /proc/1/ns/$n); b=$(docker run --rm alpine readlink /proc/1/ns/$n); [ \"$a\" != \"$b\" ] && echo $n; done; hostname")
    // /proc shows only the container's processes: sh (pid 1), ls and grep.
    expect(r.stdout).toBe('1\nbox\n3\npid\nuts\nmnt\nnet\nipc\ncgroup\nhost\n')
  })
  it('default capabilities: CapEff 00000000a80425fb in /proc/1/status (capabilities(7), §7.3)', () => {
    const r = run('docker run --rm alpine grep -E "^Cap(Prm|Eff|Bnd)" /proc/1/status')
    expect(r.stdout).toBe('CapPrm:\t00000000a80425fb\nCapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n')
  })
  it('--cap-add=NET_ADMIN adds bit 12; --cap-drop ALL empties; --privileged gives the full set', () => {
    const r = run('for o in --cap-add=NET_ADMIN --cap-drop=ALL --privileged "--cap-add=ALL --cap-drop=MKNOD"; do docker run --rm $o alpine grep CapEff /proc/1/status; done')
    expect(r.stdout).toBe('CapEff:\t00000000a80435fb\nCapEff:\t0000000000000000\nCapEff:\t000001ffffffffff\nCapEff:\t000001fff7ffffff\n')
  })
  it('seccomp filter and AppArmor profile by default; none with --privileged or unconfined', () => {
    const r = run('docker run --rm alpine grep -E "^(Seccomp|NoNewPrivs):" /proc/1/status; docker run --rm alpine cat /proc/1/attr/current; ' +
      'docker run --rm --privileged alpine grep "^Seccomp:" /proc/1/status; docker run --rm --security-opt seccomp=unconfined --security-opt apparmor=unconfined alpine sh -c "grep ^Seccomp: /proc/1/status; cat /proc/1/attr/current"; ' +
      'docker run --rm --security-opt no-new-privileges alpine grep NoNewPrivs /proc/1/status')
    expect(r.stdout).toBe('NoNewPrivs:\t0\nSeccomp:\t2\ndocker-default (enforce)\nSeccomp:\t0\nSeccomp:\t0\nunconfined\nNoNewPrivs:\t1\n')
  })
  it('seccomp blocks unshare and mount in a default container (EPERM; docker-default profile)', () => {
    const r = run('docker run --rm alpine unshare -U true; echo $?; docker run --rm --security-opt seccomp=unconfined --cap-add SYS_ADMIN alpine unshare -u true; echo $?')
    expect(r.stdout).toBe('1\n0\n')
    expect(r.stderr).toContain('unshare: unshare failed: Operation not permitted\n')
  })
  it('--ulimit nofile=1024:1024 ... sh -c "ulimit -n" prints 1024 (run reference example)', () => {
    expect(run('docker run --ulimit nofile=1024:1024 --rm alpine sh -c "ulimit -n; ulimit -Hn"').stdout).toBe('1024\n1024\n')
  })
  it('--pids-limit 10 contains a fork bomb: fork fails with EAGAIN and the host keeps forking', () => {
    const r = run('docker run --rm --pids-limit 10 alpine forkbomb 1; echo ok')
    expect(r.stdout).toBe('forkbomb: fork() refused: Resource temporarily unavailable (EAGAIN); all bomb processes exited after 1 s\nok\n')
  })
  it('while a contained fork bomb holds all its pids, the host can still fork', () => {
    // The probe runs while the bomb is alive (30 s), not after it exited:
    // the container's cgroup is full and the host's fork succeeds all the same.
    const r = run('id=$(docker run -d --pids-limit 10 alpine forkbomb 30); forkbomb --probe 1; ' +
      'docker ps -q | wc -l; cat /sys/fs/cgroup/docker/$id/pids.current; grep -c . /sys/fs/cgroup/docker/$id/cgroup.procs')
    expect(r.stdout).toBe('forkbomb --probe: fork() succeeded\n1\n10\n10\n')
  })
  it('--memory 64m + memhog: OOM-killed, exit 137, inspect shows OOMKilled true', () => {
    const r = run('docker run --name hog --memory 64m alpine memhog 200M; echo $?; docker inspect -f "{{.State.OOMKilled}} {{.State.ExitCode}} {{.HostConfig.Memory}}" hog')
    expect(r.stdout).toBe('137\ntrue 137 67108864\n')
  })
  it('a normal exit is not OOMKilled', () => {
    expect(run('docker run --name ok alpine true; docker inspect -f "{{.State.OOMKilled}} {{.State.ExitCode}} {{.State.Status}}" ok').stdout).toBe('false 0 exited\n')
  })
  it('limits land in the container\'s cgroup (pids.max, memory.max, cpu.max, cpu.weight)', () => {
    const r = run('id=$(docker run -d --pids-limit 50 -m 100m --cpus 0.5 --cpu-shares 512 alpine sleep 1000); d=/sys/fs/cgroup/docker/$id; cat $d/pids.max $d/memory.max $d/cpu.max $d/cpu.weight')
    expect(r.stdout).toBe('50\n104857600\n50000 100000\n20\n')
  })
  it('--rm removes the container, its rootfs and its cgroup (left: the image layer and overlay2/l)', () => {
    const r = run('docker run --rm alpine true; docker ps -aq | wc -l; ls /var/lib/docker/overlay2 | wc -l; ls /sys/fs/cgroup/docker | grep -v -c \'[.]\'')
    expect(r.stdout).toBe('0\n2\n0\n')
  })
  it('-v bind mounts a host directory; -e sets the environment', () => {
    const r = run("mkdir /data; docker run --rm -v /data:/mnt/d -e GREETING=hi alpine sh -c 'echo $GREETING > /mnt/d/f'; cat /data/f")
    expect(r.stdout).toBe('hi\n')
  })
  it('a container\'s writes stay in its own root filesystem', () => {
    const r = run("docker run --name a alpine sh -c 'echo A > /etc/motd'; docker run --rm alpine cat /etc/motd; echo $?; cat /etc/motd | head -c 7")
    expect(r.stdout).toBe('1\nWelcome')
  })
})

describe('docker run -i: the client\'s stdin reaches the container', () => {
  it('commands piped into docker run -i run in the container; its exit status comes back', () => {
    const r = new Machine().runScript(PULL + 'docker run -i --rm -h inside alpine sh', { stdin: 'hostname; echo $$\nexit 7\n', maxSteps: 50_000_000 })
    expect(r).toEqual({ status: 7, stdout: 'inside\n1\n', stderr: '' })
  })
})

describe('docker run: start-up time (seed: "Typical time: 100-500 milliseconds")', () => {
  it('the timeline steps add up to 100-500 ms of virtual time', () => {
    const m = new Machine()
    m.runScript(PULL)
    const t0 = m.kernel.s.nowNs
    const r = m.runScript('docker run --rm --timeline alpine true')
    const ms = (m.kernel.s.nowNs - t0) / 1e6
    expect(ms).toBeGreaterThanOrEqual(100)
    expect(ms).toBeLessThanOrEqual(500)
    const total = Number(/total: container started/.test(r.stderr) && /timeline:\s+([\d.]+) ms {2}total/.exec(r.stderr)![1])
    expect(total).toBeGreaterThanOrEqual(100)
    expect(total).toBeLessThanOrEqual(ms)
    for (const s of ['create namespaces', 'create cgroup', 'mount rootfs', 'execve']) expect(r.stderr).toContain(s)
  })
})

describe('docker run: networking (network_namespaces(7); docker run reference --network, -p)', () => {
  it('bridge: eth0 with 172.17.0.x/16 on a veth whose host end is on docker0; none: only lo', () => {
    const r = run("docker run --rm alpine ip addr show eth0 | awk 'NR==1{print $2} /inet /{print $2}'; docker run --rm --network none alpine ip link | grep -c '^[0-9]'; ip link show docker0 | awk 'NR==1{print $2}'")
    expect(r.stdout).toBe('eth0@if4:\n172.17.0.2/16\n1\ndocker0:\n')
  })
  it('containers on the bridge reach each other; --network none reaches nothing', () => {
    const r = run('docker run -d --name srv alpine sleep 100 >/dev/null; docker run --rm alpine ping -c 1 172.17.0.2 | grep -c "bytes from"; docker run --rm --network none alpine ping -c 1 172.17.0.2 >/dev/null 2>&1; echo $?')
    expect(r.stdout).toBe('1\n2\n')
  })
  it('-p 8080:80 publishes nginx on the host (docker-proxy relays over docker0)', () => {
    const r = run('docker run -d --name web -p 8080:80 nginx >/dev/null 2>&1; printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc 127.0.0.1 8080 >/dev/null; docker logs web | grep GET | cut -d\\" -f2; ps -eo comm | grep -q docker-proxy && echo proxy')
    expect(r.stdout).toBe('GET / HTTP/1.0\nproxy\n')
  })
  it('ip link add needs CAP_NET_ADMIN (run reference: "RTNETLINK answers: Operation not permitted")', () => {
    const r = run('docker run --rm alpine ip link add v0 type veth peer name v1; echo $?; docker run --rm --cap-add=NET_ADMIN alpine ip link add v0 type veth peer name v1; echo $?')
    expect(r.stdout).toBe('2\n0\n')
    expect(r.stderr).toBe('RTNETLINK answers: Operation not permitted\n')
  })
})

describe('docker run: the container sees its own cgroup (cgroupns=private, the default on cgroup v2)', () => {
  it('/proc/self/cgroup is "0::/" and /sys/fs/cgroup shows the limits docker run set, read-only', () => {
    const r = run('docker run --rm -m 64m --cpus 0.5 --pids-limit 99 alpine sh -c "cat /proc/self/cgroup; grep cgroup /proc/mounts; cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max /sys/fs/cgroup/pids.max; echo 1 > /sys/fs/cgroup/pids.max"')
    expect(r.stdout).toBe('0::/\ncgroup /sys/fs/cgroup cgroup2 ro,nosuid,nodev,noexec,relatime 0 0\n67108864\n50000 100000\n99\n')
    expect(r.stderr).toContain('/sys/fs/cgroup/pids.max: Read-only file system\n')
  })
  it('--privileged mounts it read-write', () => {
    expect(run('docker run --rm --privileged alpine sh -c "echo 5 > /sys/fs/cgroup/pids.max; cat /sys/fs/cgroup/pids.max"').stdout).toBe('5\n')
  })
})

describe('docker run --memory-swap (docker run reference: "--memory-swap is the total of memory and swap")', () => {
  it('-m 64m alone allows as much swap again; 100m total leaves 36m; -1 is unlimited; no swap-limit warning', () => {
    const r = run('for s in "" "--memory-swap 100m" "--memory-swap -1"; do docker run --rm -m 64m $s alpine cat /sys/fs/cgroup/memory.swap.max; done')
    expect(r.stdout).toBe('67108864\n37748736\nmax\n')
    expect(r.stderr).toBe('')
  })
})

describe('docker exec joins only the command to the container cgroup (runc exec; the waiting parent stays outside)', () => {
  it('cgroup.procs lists the container init and the exec\'d command; pids.current counts 2', () => {
    const r = run('docker run -d --name tt alpine sleep 100 >/dev/null; docker exec tt cat /sys/fs/cgroup/cgroup.procs; docker exec tt cat /sys/fs/cgroup/pids.current')
    expect(r.stdout).toBe('1\n2\n2\n')
    expect(r.stderr).toBe('')
  })
})

describe('docker run --cgroupns (docker run reference: "private" is the default on cgroup v2)', () => {
  it('host: the container sees its path in the host hierarchy, and the whole tree; a bad mode is docker/cli\'s parse error, 125', () => {
    const r = run('docker run --rm --cgroupns host alpine sh -c "cat /proc/self/cgroup; ls /sys/fs/cgroup | grep -c ^docker$"; docker run --rm --cgroupns bogus alpine true; echo $?')
    expect(r.stdout).toMatch(/^0::\/docker\/[0-9a-f]{64}\n1\n125\n$/)
    expect(r.stderr).toBe("docker: --cgroupns: invalid CGROUP mode.\nSee 'docker run --help'.\n")
  })
})

describe('docker stop sends the image\'s STOPSIGNAL (docker stop reference: "the main process ... receives SIGTERM, or the signal defined by the STOPSIGNAL instruction")', () => {
  it('nginx (STOPSIGNAL SIGQUIT) shuts down gracefully at once: exit 0; alpine has none', () => {
    const r = run('docker run -d --name web nginx >/dev/null 2>&1; sleep 1; docker inspect -f "{{.Config.StopSignal}}" web; docker stop web >/dev/null; docker logs web 2>&1 | grep -c SIGQUIT; docker inspect -f "{{.State.ExitCode}}" web; docker run -d --name a1 alpine sleep 9 >/dev/null; docker inspect -f "{{.Config.StopSignal}}" a1')
    expect(r.stdout).toBe('SIGQUIT\n1\n0\n<no value>\n')
  })
})
