// The Docker demonstrations under scenarios/docker/ (fd-exhaustion: its own file), run as
// `npx isolab sh < scenarios/docker/X.sh` would. Each escape precondition
// works only with its weakening flag (issue 5, "each escape demo passes only
// with its weakening flag").
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const scenario = (name: string) =>
  new Machine().runScript(readFileSync(new URL(`../../scenarios/docker/${name}.sh`, import.meta.url), 'utf8'), { maxSteps: 50_000_000 })

describe('scenarios/docker', () => {
  it('escape-docker-sock: only a container given the Docker socket reaches the host', () => {
    const r = scenario('escape-docker-sock')
    expect(r.stdout).toBe('default:\nwith -v /var/run/docker.sock:/var/run/docker.sock:\nhost\n')
    expect(r.stderr).toBe('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n')
  })
  it('escape-pid-host: --pid=host alone cannot enter pid 1\'s namespaces; with --privileged it can', () => {
    const r = scenario('escape-pid-host')
    expect(r.stdout).toBe('--pid=host:\n--pid=host --privileged:\nhost\n')
    expect(r.stderr).toBe("nsenter: reassociate to namespace 'ns/uts' failed: Operation not permitted\n")
  })
  it('escape-privileged: only --privileged sees /dev/vda1 and can mount the host\'s root disk', () => {
    const r = scenario('escape-privileged')
    expect(r.stdout).toBe('default:\n--cap-add SYS_ADMIN --security-opt apparmor=unconfined (no host devices):\n--privileged:\nhost\non the host:\npwned\n')
    expect(r.stderr).toBe('mount: /mnt: permission denied.\nmount: /mnt: special device /dev/vda1 does not exist.\n')
  })
  it('limits: pids-limit stops a fork bomb, memory limit OOM-kills (137, OOMKilled), ulimit applies', () => {
    const r = scenario('limits')
    expect(r.stdout).toBe('forkbomb: fork() refused: Resource temporarily unavailable (EAGAIN); all bomb processes exited after 1 s\n' +
      'exit status: 137\nOOMKilled=true ExitCode=137\n1024\n')
  })
  it('startup: the runtime\'s steps, 100-500 ms in all (seed)', () => {
    const r = scenario('startup')
    const total = Number(/timeline:\s+([\d.]+) ms {2}total: container started/.exec(r.stderr)![1])
    expect(total).toBeGreaterThanOrEqual(100)
    expect(total).toBeLessThanOrEqual(500)
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(10) // eight runtime steps + the bridge network step + the total
  })
})
