// docker logs (docs.docker.com/reference/cli/docker/container/logs/: --tail/-n,
// -t "Show timestamps" in RFC3339Nano, -f "Follow log output") over the json-file
// log, and what the official nginx image logs at start (nginx/docker-nginx
// issue #811's transcript: the entrypoint on stdout, [notice] lines on stderr).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript('docker pull alpine >/dev/null; ' + script, { maxSteps: 50_000_000 })

describe('nginx image start-up log', () => {
  it('entrypoint lines on stdout, then one access line per request in the "main" log_format', () => {
    const r = run('docker run -d --name web -p 8080:80 nginx >/dev/null 2>&1; printf "GET / HTTP/1.0\\r\\nUser-Agent: curl/8.5.0\\r\\n\\r\\n" | nc 127.0.0.1 8080 >/dev/null; docker logs web 2>/dev/null')
    const lines = r.stdout.split('\n')
    expect(lines.slice(0, 9).join('\n') + '\n').toBe(`/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
/docker-entrypoint.sh: Configuration complete; ready for start up
`)
    expect(lines[9]).toMatch(/^\d+\.\d+\.\d+\.\d+ - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.0" 200 \d+ "-" "curl\/8\.5\.0" "-"$/)
    expect(lines.length).toBe(11)
  })
  it('the client address nginx logs is the connection\'s source as Linux picks it (ip-route src): 172.17.0.1 from the host and via docker-proxy, 172.17.0.3 from another container', () => {
    const get = 'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc'
    const r = run(`docker run -d --name web -p 8080:80 nginx >/dev/null 2>&1; ${get} 127.0.0.1 8080 >/dev/null; ${get} 172.17.0.2 80 >/dev/null; docker run --rm alpine sh -c '${get} 172.17.0.2 80 >/dev/null'; docker logs web 2>/dev/null | grep GET | cut -d " " -f1`)
    expect(r.stdout).toBe('172.17.0.1\n172.17.0.1\n172.17.0.3\n')
  })
  it('nginx [notice] lines go to stderr with the error_log time format and pid 1', () => {
    const r = run('docker run -d --name web nginx >/dev/null 2>&1; sleep 1; docker logs web 2>&1 >/dev/null | cut -d " " -f3-')
    expect(r.stdout).toBe(`[notice] 1#1: using the "epoll" event method
[notice] 1#1: nginx/1.27.2
[notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) 
[notice] 1#1: OS: Linux 6.8.0-isolab
[notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576
[notice] 1#1: start worker processes
`)
  })
  it('docker stop: nginx as init gets its image\'s STOPSIGNAL SIGQUIT ("shutting down", then "exit") and exits 0 at once, not 137 after the 10 s grace; SIGTERM is "exiting"', () => {
    const r = run('docker run -d --name web nginx >/dev/null 2>&1; docker stop web >/dev/null; docker ps -a --format "{{.Status}}"; ' +
      'docker logs web 2>&1 >/dev/null | tail -2 | cut -d " " -f3-; docker start web >/dev/null; docker exec web kill -TERM 1; docker wait web; ' +
      'docker logs web 2>&1 >/dev/null | tail -2 | cut -d " " -f3-')
    expect(r.stdout).toBe('Exited (0) Less than a second ago\n[notice] 1#1: signal 3 (SIGQUIT) received, shutting down\n[notice] 1#1: exit\n' +
      '0\n[notice] 1#1: signal 15 (SIGTERM) received, exiting\n[notice] 1#1: exit\n')
  })
})

describe('docker logs options', () => {
  it('streams keep their fd; --tail/-n N keeps the last N lines; -t prefixes RFC3339Nano times', () => {
    const r = run('docker run --name t1 alpine sh -c "echo a; echo b; echo c" >/dev/null; docker logs t1; docker logs --tail 2 t1; docker logs -n 1 -t t1; docker logs --tail all t1 | wc -l')
    const lines = r.stdout.split('\n')
    expect(lines.slice(0, 5)).toEqual(['a', 'b', 'c', 'b', 'c'])
    expect(lines[5]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z c$/)
    expect(lines[6]).toBe('3')
  })
  it('--since/--until: a Go duration before now, an RFC 3339 date or time, a Unix time (moby GetTimestamp)', () => {
    const r = run('docker run -d --name t1 alpine sh -c "echo early; sleep 5; echo late; sleep 100" >/dev/null; sleep 7; ' +
      'docker logs --since 3s t1; docker logs --until 3s t1; docker logs --since 2000-01-01 t1 | wc -l; docker logs --since 2099-01-01T00:00:00Z t1 | wc -l; ' +
      'docker logs --since 1.5 t1 | wc -l; docker logs --since xyz t1; echo $?')
    expect(r.stdout).toBe('late\nearly\n2\n0\n2\n1\n')
    expect(r.stderr).toBe('invalid value for "since": failed to parse value as time or duration: "xyz"\n')
  })
  it('stderr entries are written to stderr', () => {
    const r = run('docker run --name t1 alpine sh -c "echo err >&2" 2>/dev/null; docker logs t1')
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('err\n')
  })
  it('-f follows a running container until it exits', () => {
    const r = run('docker run -d --name f1 alpine sh -c "echo one; sleep 1; echo two" >/dev/null; docker logs -f f1; echo rc=$?')
    expect(r.stdout).toBe('one\ntwo\nrc=0\n')
  })
  it('errors: no such container (1), no argument, an unknown flag (125)', () => {
    const r = run('docker logs nope; echo $?; docker logs; echo $?; docker logs --bogus x; echo $?')
    expect(r.stdout).toBe('1\n1\n125\n')
    expect(r.stderr).toBe('Error response from daemon: No such container: nope\n' +
      '"docker logs" requires exactly 1 argument.\nSee \'docker logs --help\'.\n\nUsage:  docker logs [OPTIONS] CONTAINER\n\nFetch the logs of a container\n' +
      "unknown flag: --bogus\nSee 'docker logs --help'.\n")
  })
})
