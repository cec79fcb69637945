// docker stats (docs.docker.com/reference/cli/docker/container/stats/): "a live
// data stream for running containers" redrawn every second until interrupted,
// --no-stream for one table, container names to choose rows, --format with the
// stats placeholders (.Name, .ID, .CPUPerc, .MemUsage, .MemPerc, .NetIO,
// .BlockIO, .PIDs, .Container), "table" for a header row.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script, { maxSteps: 50_000_000 })
const SETUP = `docker pull alpine >/dev/null; docker run -d --name busy --cpus 0.5 alpine sh -c 'while true; do :; done' >/dev/null; ` +
  'docker run -d --name idle alpine sleep 100 >/dev/null; '
const CLEAR = '\x1b[2J\x1b[H'

describe('docker stats', () => {
  it('--no-stream: one table, the header as docker prints it', () => {
    const r = run(SETUP + 'docker stats --no-stream')
    expect(r.stderr).toBe('')
    const lines = r.stdout.split('\n')
    expect(lines[0]).toBe('CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS')
    expect(lines).toHaveLength(4)
    expect(lines[1]).toMatch(/^[0-9a-f]{12} {3}busy {6}0\.00% {5}\d+(\.\d+)?[KM]iB \/ \d+(\.\d+)?GiB +\d+\.\d\d% +0B \/ 0B {3}0B \/ 0B {5}\d+$/)
  })

  it('streams: clear screen + home, a frame per second, CPU % from the cgroup between frames; ^C ends it with 130', () => {
    const r = run(SETUP + `docker stats --format 'table {{.Name}}\\t{{.CPUPerc}}' & sleep 2.5; kill -INT $!; wait $!; echo "status $?"`)
    expect(r.stderr).toBe('')
    const frame = (busy: string) => `${CLEAR}NAME      CPU %\nbusy      ${busy}\nidle      0.00%\n`
    // The first frame has no previous sample (0.00%); --cpus 0.5 then shows as 50% (within a quota period's
    // rounding: a one-second frame need not line up with cpu.max's 100 ms periods).
    const frames = r.stdout.split(CLEAR).slice(1)
    expect(frames).toHaveLength(3)
    expect(CLEAR + frames[0]).toBe(frame('0.00%'))
    for (const f of frames.slice(1)) {
      const pct = Number(/^busy {6}([\d.]+)%$/m.exec(f)![1])
      expect(Math.abs(pct - 50)).toBeLessThan(0.1)
      expect(f).toContain('idle      0.00%')
    }
    expect(r.stdout.endsWith('status 130\n')).toBe(true)
  })

  it('a closed pipe ends the stream (SIGPIPE), as `docker stats | head` does', () => {
    const r = run(SETUP + 'docker stats | head -1 | cat -v; echo done')
    expect(r.stdout).toBe('^[[2J^[[HCONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\ndone\n')
  })

  it('chosen containers in the order given; --format templates; an unknown name is an error', () => {
    const r = run(SETUP + `docker stats --no-stream --format '{{.Container}}: {{.Name}} {{.PIDs}}' idle busy; docker stats --no-stream nope; echo $?`)
    expect(r.stdout).toBe('idle: idle 1\nbusy: busy 1\n1\n')
    expect(r.stderr).toBe('Error response from daemon: No such container: nope\n')
  })
})

describe('docker inspect: NetworkSettings of user-defined networks', () => {
  it('Networks.<name> carries the endpoint (address, gateway, prefix, MAC, DNS names); top-level fields are for the default bridge', () => {
    const r = run('docker pull alpine >/dev/null; docker network create app >/dev/null; docker run -d --name web --network app alpine sleep 100 >/dev/null; ' +
      `docker inspect -f '{{json .NetworkSettings}}' web`)
    const ns = JSON.parse(r.stdout) as { IPAddress: string; Networks: Record<string, Record<string, unknown>> }
    expect(ns.IPAddress).toBe('')
    expect(Object.keys(ns.Networks)).toEqual(['app'])
    expect(ns.Networks.app).toMatchObject({
      IPAddress: '172.18.0.2', Gateway: '172.18.0.1', IPPrefixLen: 16, MacAddress: '02:42:ac:12:00:02', DNSNames: ['web', expect.stringMatching(/^[0-9a-f]{12}$/)],
    })
    expect(ns.Networks.app!.NetworkID).toMatch(/^[0-9a-f]{64}$/)
  })
})
