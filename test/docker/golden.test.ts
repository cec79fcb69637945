// Golden transcripts: what a student types, and what Docker prints (docker CLI
// 27 formats: tabwriter tables with 3-space padding and 10-column minimum,
// go-units durations and sizes, the daemon's error texts). Ids, names and
// addresses come from the machine's seeded generator, so they are fixed here.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script, { maxSteps: 50_000_000 })

describe('docker golden transcripts', () => {
  it('images, pull (fresh and up to date)', () => {
    const r = run('docker images; docker pull alpine; docker pull alpine:latest; docker images')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`REPOSITORY   TAG       IMAGE ID   CREATED   SIZE
Using default tag: latest
latest: Pulling from library/alpine
43c4264eed91: Pull complete
Digest: sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
Status: Downloaded newer image for alpine:latest
docker.io/library/alpine:latest
latest: Pulling from library/alpine
Digest: sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
Status: Image is up to date for alpine:latest
docker.io/library/alpine:latest
REPOSITORY   TAG       IMAGE ID       CREATED       SIZE
alpine       latest    91ef0af61f39   2 years ago   7.8MB
`)
  })

  it('run pulls a missing image on stderr; -d prints the full id', () => {
    const r = run('docker run -d --name web -p 8080:80 nginx')
    expect(r.stderr).toBe(`Unable to find image 'nginx:latest' locally
latest: Pulling from library/nginx
2d429b9e73a6: Pull complete
9b1039c85176: Pull complete
Digest: sha256:bc5eac5eafc581aeda3008b4b1f07ebba230de2f27d47767129a6a905c84f470
Status: Downloaded newer image for nginx:latest
`)
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/)
  })

  it('ps, ps -a, ps -q, inspect -f', () => {
    const r = run('docker pull -q alpine >/dev/null 2>&1; docker pull alpine >/dev/null; docker pull nginx >/dev/null; ' +
      'docker run -d --name web -p 8080:80 nginx >/dev/null; docker run --name done alpine sh -c "exit 2"; ' +
      'docker ps; docker ps -a; docker ps -aq; docker inspect -f "{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{.State.Pid}} {{json .Args}}" done')
    expect(r.stdout).toBe(`CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                  PORTS                  NAMES
9e299091277b   nginx     "nginx -g daemon off;"   Less than a second ago   Up Less than a second   0.0.0.0:8080->80/tcp   web
CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                              PORTS                  NAMES
df2338ab61aa   alpine    "sh -c exit 2"           Less than a second ago   Exited (2) Less than a second ago                          done
9e299091277b   nginx     "nginx -g daemon off;"   Less than a second ago   Up Less than a second               0.0.0.0:8080->80/tcp   web
df2338ab61aa
9e299091277b
/done exited 2 0 ["-c","exit 2"]
`)
  })

  it('inspect: a JSON array indented by 4, State as the Engine API orders it', () => {
    const r = run('docker pull alpine >/dev/null; docker run --name one alpine true; docker inspect one')
    const doc = JSON.parse(r.stdout) as [{ State: Record<string, unknown>; Name: string; Id: string; Config: { Hostname: string } }]
    expect(r.stdout.startsWith('[\n    {\n        "Id": "')).toBe(true)
    expect(Object.keys(doc[0].State)).toEqual(['Status', 'Running', 'Paused', 'Restarting', 'OOMKilled', 'Dead', 'Pid', 'ExitCode', 'Error', 'StartedAt', 'FinishedAt'])
    expect(doc[0].Name).toBe('/one')
    expect(doc[0].Config.Hostname).toBe(doc[0].Id.slice(0, 12))
  })

  it('errors: inspect, rm of a running container, stop of a missing one, unknown command', () => {
    const r = run('docker pull alpine >/dev/null; docker run -d --name srv alpine sleep 100 >/dev/null; docker inspect nope; echo $?; ' +
      'docker rm srv; echo $?; docker rm -f srv; docker stop nope; echo $?; docker frob; echo $?; docker ps -aq | wc -l')
    expect(r.stdout).toBe('[]\n1\n1\nsrv\n1\n1\n0\n')
    expect(r.stderr).toBe('Error: No such object: nope\n' +
      'Error response from daemon: cannot remove container "/srv": container is running: stop the container before removing or force remove\n' +
      'Error response from daemon: No such container: nope\n' +
      "docker: 'frob' is not a docker command.\nSee 'docker --help'\n")
  })

  it('network ls lists the three standard networks', () => {
    expect(run('docker network ls').stdout).toBe(`NETWORK ID     NAME      DRIVER    SCOPE
7a1e2b3c4d5e   bridge    bridge    local
9f8e7d6c5b4a   host      host      local
1a2b3c4d5e6f   none      null      local
`)
  })

  it('dockerd and one shim per container are host processes; the shim\'s parent is init', () => {
    const r = run('docker pull alpine >/dev/null; docker run -d alpine sleep 100 >/dev/null; ps -eo pid,ppid,comm | grep -E "dockerd|containerd|sleep"')
    const rows = r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/))
    const ppidOf = (pid: string) => rows.find((x) => x[0] === pid)?.[1]
    const dockerd = rows.find((x) => x[2] === 'dockerd')!
    const sleep = rows.find((x) => x[2] === 'sleep')!
    expect(dockerd[1]).toBe('1')
    expect(rows.find((x) => x[0] === sleep[1])![2]).toBe('containerd-shim')
    expect(ppidOf(sleep[1]!)).toBe('1')
  })

  it('logs replays the json-file log; exec runs in the container\'s namespaces', () => {
    const r = run("docker pull alpine >/dev/null; docker run --name talker alpine sh -c 'echo out; echo err >&2'; docker logs talker; " +
      'docker run -d --name box -h boxhost alpine sleep 100 >/dev/null; docker exec box hostname; docker exec box sh -c "ps -o pid,comm | head -2"; docker exec box nope; echo $?')
    expect(r.stdout).toBe('out\nout\nboxhost\n    PID COMMAND\n      1 sleep\n127\n')
    expect(r.stderr).toBe('err\nerr\nError response from daemon: OCI runtime exec failed: exec failed: unable to start container process: exec: "nope": executable file not found in $PATH: unknown\n')
  })
})
