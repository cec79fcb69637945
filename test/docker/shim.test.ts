// containerd-shim-runc-v2: one process per container, as on a Docker host
// (containerd's runtime v2 shim: it holds the container's stdio, relays it and
// reaps the container's init; `ps` shows exactly one per container with the
// command line containerd starts it with), and `docker exec -d`, which returns
// as soon as the process has started (docker exec reference: "-d, --detach:
// Detached mode: run command in the background").
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const PULL = 'docker pull alpine >/dev/null; '
const SHIM = /^\/usr\/bin\/containerd-shim-runc-v2 -namespace moby -id ([0-9a-f]{64}) -address \/run\/containerd\/containerd\.sock$/

describe('containerd-shim-runc-v2: one per container', () => {
  it('ps shows one shim per container (detached, -dit, with a published port), with containerd\'s command line, the parent of the container\'s init', () => {
    const m = new Machine()
    const r = m.runScript(PULL + 'docker run -d alpine sleep 1000 >/dev/null; docker run -dit alpine sh >/dev/null; ' +
      'docker run -d -p 8080:80 alpine sleep 1000 >/dev/null; docker ps -q --no-trunc | sort; echo --; ps -eo pid=,ppid=,args=', { maxSteps: 50_000_000 })
    const [ids, ps] = r.stdout.split('--\n') as [string, string]
    const rows = ps.trim().split('\n').map((l) => l.trim().split(/\s+/)).map(([pid, ppid, ...args]) => ({ pid, ppid, args: args.join(' ') }))
    const shims = rows.filter((x) => x.args.includes('containerd-shim'))
    expect(shims.map((x) => SHIM.exec(x.args)?.[1]).sort().join('\n') + '\n').toBe(ids)
    for (const s of shims) {
      expect(s.ppid).toBe('1') // double-forked: init's child
      const kids = rows.filter((x) => x.ppid === s.pid && !x.args.startsWith('/usr/bin/docker-proxy'))
      expect(kids.map((x) => x.args.split(' ')[0])).toHaveLength(1) // the container's init, nothing else
    }
  })

  it('docker run -d costs the host one shim and the container\'s init: no relay processes', () => {
    const m = new Machine()
    m.runScript(PULL + 'docker run -d alpine sleep 1000 >/dev/null', { maxSteps: 50_000_000 })
    const before = m.kernel.s.counters.lastPid
    const r = m.runScript('docker run -d alpine sleep 1000 >/dev/null', { maxSteps: 50_000_000 })
    expect(r.status).toBe(0)
    // The script's shell and its fork for docker, dockerd's intermediate child of the double fork, the shim, the container's init.
    expect(m.kernel.s.counters.lastPid - before).toBe(5)
  })

  it('dockerd reaps the helpers it forks (docker exec, docker stop) when their SIGCHLD arrives: no zombie children', () => {
    const r = new Machine().runScript(PULL + 'docker run -d --name s1 alpine sleep 1000 >/dev/null; docker exec s1 true; docker stop -t 0 s1 >/dev/null; ' +
      'docker exec -d $(docker run -d alpine sleep 1000) true; sleep 1; docker ps -q | wc -l; ps -o stat= --ppid $(ps -o pid= -C dockerd) | grep -c Z', { maxSteps: 50_000_000 })
    expect(r.stdout).toBe('1\n0\n')
  })

  it('attached output, stdin (-i), exit status, docker logs and docker wait go through the one shim', () => {
    const r = new Machine().runScript(PULL + "printf 'a\\nb\\n' | docker run -i --name cc alpine sh -c 'cat; echo err >&2; exit 5'; echo rc=$?; " +
      'docker logs cc; docker wait cc', { maxSteps: 50_000_000 })
    expect(r.stdout).toBe('a\nb\nrc=5\na\nb\n5\n')
    expect(r.stderr).toBe('err\nerr\n')
  })
})

describe('docker exec -d', () => {
  it('returns at once with status 0 while the command runs on in the container', () => {
    const m = new Machine()
    const r = m.runScript(PULL + 'docker run -d --name box alpine sleep 1000 >/dev/null; ' +
      'docker exec -d box sh -c "sleep 30; touch /done"; echo rc=$?; docker exec box ps -o args | grep -c "^sleep 30"; ' +
      'docker exec box sh -c "test -e /done"; echo e=$?; sleep 31; docker exec box ls /done', { maxSteps: 50_000_000 })
    expect(r.stdout).toBe('rc=0\n1\ne=1\n/done\n')
    expect(r.stderr).toBe('')
  })

  it('a command that cannot start is still an error (runc exec fails before the exec)', () => {
    const r = new Machine().runScript(PULL + 'docker run -d --name box alpine sleep 1000 >/dev/null; docker exec -d box nope; echo rc=$?', { maxSteps: 50_000_000 })
    expect(r.stdout).toBe('rc=127\n')
    expect(r.stderr).toBe('Error response from daemon: OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in $PATH: unknown\n')
  })
})
