// Values Docker refuses, with its own words and status 125 (docker run
// reference, "Exit Status": 125 when the error is with Docker itself). Each
// case names where the message comes from: docker/cli (printed as
// "docker: ...", or pflag's "invalid argument ... flag" for a flag validator)
// or moby (printed as "docker: Error response from daemon: ...").
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const PULL = 'docker pull alpine >/dev/null; '
const run = (script: string) => new Machine().runScript(PULL + script, { maxSteps: 50_000_000 })
const SEE = "See 'docker run --help'.\n"

describe('docker run: values Docker rejects with status 125', () => {
  it('-p with a port outside 16 bits: go-connections nat.ParsePortSpec (container port checked first), via docker/cli reportError', () => {
    const r = run('docker run -p 99999:1 alpine true; echo $?; docker run -p 1:65536 alpine true; echo $?; docker run -p 99999:65536 alpine true; echo $?')
    expect(r.stdout).toBe('125\n125\n125\n')
    expect(r.stderr).toBe(`docker: invalid hostPort: 99999.\n${SEE}docker: invalid containerPort: 65536.\n${SEE}docker: invalid containerPort: 65536.\n${SEE}`)
  })
  it('-p 80:0: container port 0 is refused by moby daemon/container.go validatePortBindings', () => {
    const r = run('docker run -p 80:0 alpine true; echo $?; docker ps -aq | wc -l')
    expect(r.stdout).toBe('125\n0\n')
    expect(r.stderr).toBe(`docker: Error response from daemon: invalid port specification: "0/tcp".\n${SEE}`)
  })
  it("-v /:/ : moby volume/mounts linux_parser.go ParseMountRaw + linuxValidateNotRoot (destination can't be '/')", () => {
    const r = run('docker run -v /:/ alpine true; echo $?; docker run -v /tmp:// alpine true; echo $?; docker ps -aq | wc -l')
    expect(r.stdout).toBe('125\n125\n0\n')
    expect(r.stderr).toBe(`docker: Error response from daemon: invalid volume specification: '/:/': invalid mount config for type "bind": invalid specification: destination can't be '/'.\n${SEE}` +
      `docker: Error response from daemon: invalid volume specification: '/tmp://': invalid mount config for type "bind": invalid specification: destination can't be '/'.\n${SEE}`)
  })
  it('-e =x: docker/cli opts.ValidateEnv, the -e flag validator (pflag wording)', () => {
    const r = run('docker run -e =x alpine true; echo $?; docker run --rm -e A=1 alpine sh -c \'echo $A\'')
    expect(r.stdout).toBe('125\n1\n')
    expect(r.stderr).toBe(`invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x\n${SEE}`)
  })
  it('--cpus above the host: moby daemon_unix.go verifyPlatformContainerResources (the host has 2 CPUs)', () => {
    const r = run('nproc; docker run --cpus 1000 alpine true; echo $?; docker run --rm --cpus 2 alpine true; echo $?')
    expect(r.stdout).toBe('2\n125\n0\n')
    expect(r.stderr).toBe(`docker: Error response from daemon: range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available.\n${SEE}`)
  })
  it('--user 99999999999: runc libcontainer/user GetExecUser ErrRange (uids and gids in 0..2^31-1)', () => {
    const r = run('docker run --user 99999999999 alpine true; echo $?; docker run --rm --user 2147483647 alpine id -u; docker run --user 0:2147483648 alpine true; echo $?')
    expect(r.stdout).toBe('125\n2147483647\n125\n')
    expect(r.stderr).toContain('runc create failed: unable to start container process: uids and gids must be in range 0-2147483647: unknown.\n')
    expect(r.stderr.match(/uids and gids must be in range/g)).toHaveLength(2)
  })
  it('--runtime=runsc: moby getRuntime "unknown or invalid runtime name" at create (no container); --runtime=runc works', () => {
    const r = run('docker run --runtime=runsc alpine; echo $?; docker ps -aq | wc -l; docker run --rm --runtime=runc alpine echo ok; docker run --rm --runtime io.containerd.runc.v2 alpine echo ok2')
    expect(r.stdout).toBe('125\n0\nok\nok2\n')
    expect(r.stderr).toBe(`docker: Error response from daemon: unknown or invalid runtime name: runsc.\n${SEE}`)
  })
})

describe('docker run --security-opt apparmor=PROFILE', () => {
  // runc's changeOnExec writes "exec nope" to attr/exec; the kernel refuses an unloaded profile with ENOENT.
  // docker/cli runStartContainerErr gives 127 for any start error containing "no such file or directory",
  // so this one is 127 on a real Docker host too (the OCI create runs at start).
  it('a profile the kernel has not loaded: runc "unable to apply apparmor profile", status 127 as docker/cli derives it', () => {
    const r = run('docker run --security-opt apparmor=nope alpine true; echo $?; docker run --rm --security-opt apparmor=docker-default alpine cat /proc/self/attr/current')
    expect(r.stdout).toBe('127\ndocker-default (enforce)\n')
    expect(r.stderr).toBe('docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: ' +
      'runc create failed: unable to start container process: error during container init: unable to apply apparmor profile: ' +
      `apparmor failed to apply profile: write /proc/self/attr/exec: no such file or directory: unknown.\n${SEE}`)
  })
})

describe('docker pull -q (docker/cli image/pull.go: quiet discards the progress, the reference is still printed)', () => {
  it('prints only the canonical reference, fresh or up to date', () => {
    const r = new Machine().runScript('docker pull -q alpine; echo $?; docker pull --quiet alpine; docker pull -q debian:bookworm; docker images -q | wc -l', { maxSteps: 50_000_000 })
    expect(r.stdout).toBe('docker.io/library/alpine:latest\n0\ndocker.io/library/alpine:latest\ndocker.io/library/debian:bookworm\n2\n')
    expect(r.stderr).toBe('')
  })
  it('an unknown flag is pflag\'s error, status 125', () => {
    const r = run('docker pull --nope alpine; echo $?')
    expect(r.stdout).toBe('125\n')
    expect(r.stderr).toBe("unknown flag: --nope\nSee 'docker pull --help'.\n")
  })
})

describe('docker run --pids-limit 1 (runc sets pids.max after its nsexec helpers are gone: the container init is the one task)', () => {
  it('the command runs (it needs no fork); pids.current is 1 of pids.max 1', () => {
    const r = run('docker run --rm --pids-limit 1 alpine echo hi; echo $?; docker run --rm --pids-limit 1 alpine cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/pids.current')
    expect(r.stdout).toBe('hi\n0\n1\n1\n')
    expect(r.stderr).toBe('')
  })
  it('a fork inside fails with EAGAIN (the shell says so), the container itself starts', () => {
    const r = run('docker run --rm --pids-limit 1 alpine sh -c "ls / >/dev/null; echo after"; echo status $?')
    expect(r.stderr).toContain('fork: Resource temporarily unavailable\n')
    expect(r.stderr).not.toContain('Error response from daemon')
  })
})
