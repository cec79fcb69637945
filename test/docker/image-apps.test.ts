// The language and server images (issue: "python, node, redis, postgres, as
// small images whose main command prints a realistic banner and version"):
// each program is a stand-in, so the tests pin what a learner sees of them —
// the version per tag, the start-up and shutdown logs, the shared Debian base
// layer, and that they live only in their images.
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'
import { literal } from '../../src/programs/docker/apps/literal.ts'
import { parseRequest, render, reply } from '../../src/programs/docker/apps/redis.ts'

const run = (script: string) => new Machine().runScript(script)
const quiet = (s: string) => s.split('\n').filter((l) => !/Pull|Digest|Status|Unable|Already|Pulling/.test(l)).join('\n')

describe('python and node images', () => {
  it('each tag runs its version; the image\'s CMD without a terminal reads an empty program and exits 0 (CPython, node)', () => {
    const r = run('for t in 3.12 3.13 latest; do docker run --rm python:$t python3 --version; done; docker run --rm python:3.12; echo "st $?"; ' +
      'docker run --rm node:20 node -v; docker run --rm node:22 node --version; docker run --rm node; echo "st $?"')
    expect(quiet(r.stdout)).toBe('Python 3.12.7\nPython 3.13.0\nPython 3.13.0\nst 0\nv20.18.0\nv22.11.0\nst 0\n')
  })
  it('-c / -e evaluate print() and console.log() of literals; other code is refused with a message saying why', () => {
    const r = run(`docker run --rm python:3.12 python -c 'import sys; print("hi", 6*7); print(sys.version)'; ` +
      `docker run --rm node node -e 'console.log("hi", 2**10, process.version)'; docker run --rm python:3.12 python3 -c 'open("/etc/passwd")'; echo "st $?"`)
    expect(quiet(r.stdout)).toBe('hi 42\n3.12.7 (main, Oct 19 2024, 04:02:48) [GCC 12.2.0]\nhi 1024 v22.11.0\nst 1\n')
    expect(r.stderr).toContain('python3: isolab\'s python3 is a stand-in that runs print() of literals only, not: open("/etc/passwd")\n')
  })
  it('a program on stdin runs (docker run -i python < script.py)', () => {
    expect(quiet(run(`printf 'print("from stdin")\\n' | docker run --rm -i python:3.12`).stdout)).toBe('from stdin\n')
  })
  it('literals: strings with escapes, exact integer arithmetic, and nothing else', () => {
    expect(literal('"a\\tb"')).toBe('a\tb')
    expect(literal('2**64 - (3*4)')).toBe('18446744073709551604')
    expect(literal('10**100000')).toBeUndefined() // bounded: no stall on a huge power
    expect(literal('x + 1')).toBeUndefined()
  })
})

describe('redis image', () => {
  it('docker logs shows the start-up banner; redis-cli answers PING, SET/GET, INCR and errors as redis-cli prints them', () => {
    const r = run('docker run -d --name cache redis >/dev/null 2>&1; sleep 1; docker logs cache; ' +
      'for c in ping "set k v" "get k" "incr n" "incr n" "get missing" "nosuch arg"; do docker exec cache redis-cli $c; done; docker exec -t cache redis-cli get k; ' +
      'docker stop cache >/dev/null; docker logs cache | tail -n 5')
    const lines = r.stdout.split(/\r?\n/) // exec -t: the tty's \r\n
    expect(lines[0]).toMatch(/^1:C \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} \* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo$/)
    expect(lines[1]).toMatch(/\* Redis version=7\.4\.1, bits=64, commit=00000000, modified=0, pid=1, just started$/)
    expect(lines[6]).toMatch(/^1:M .* \* Ready to accept connections tcp$/)
    expect(lines.slice(7, 15)).toEqual(['PONG', 'OK', 'v', '1', '2', '', "ERR unknown command 'nosuch', with args beginning with: 'arg' ", '"v"'])
    expect(lines[15]).toMatch(/^1:signal-handler \(\d+\) Received SIGTERM scheduling shutdown\.\.\.$/)
    expect(lines[19]).toMatch(/# Redis is now ready to exit, bye bye\.\.\.$/)
  })
  it('RESP: arrays and inline commands parse alike; replies render for a terminal and for a pipe (redis-cli.c)', () => {
    const db = new Map<string, string>()
    expect(parseRequest('*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n')).toEqual(['ECHO', 'hi'])
    expect(parseRequest('PING\r\n')).toEqual(['PING'])
    expect(reply(['GET'], db)).toBe("-ERR wrong number of arguments for 'get' command\r\n")
    expect(render(':3\r\n', true)).toBe('(integer) 3')
    expect(render(':3\r\n', false)).toBe('3')
    expect(render('$-1\r\n', true)).toBe('(nil)')
  })
})

describe('postgres image', () => {
  it('without POSTGRES_PASSWORD the entrypoint refuses an empty data directory (docker-library/postgres docker-entrypoint.sh)', () => {
    const r = run('docker run --rm postgres; echo "st $?"')
    expect(quiet(r.stdout)).toBe('st 1\n')
    expect(r.stderr).toContain('Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD')
  })
  it('initdb once, the server log, STOPSIGNAL SIGINT is a fast shutdown; a volume keeps the cluster (initialisation skipped)', () => {
    const r = run('docker volume create pgdata >/dev/null; docker run -d --name db1 -v pgdata:/var/lib/postgresql/data -e POSTGRES_PASSWORD=x postgres:16 >/dev/null 2>&1; sleep 1; ' +
      'docker stop db1 >/dev/null; docker logs db1 2>&1; docker rm db1 >/dev/null; ' +
      'docker run -d --name db2 -v pgdata:/var/lib/postgresql/data postgres:16 >/dev/null; sleep 1; docker logs db2 2>&1 | head -n 3; docker exec db2 cat /var/lib/postgresql/data/PG_VERSION')
    expect(r.stdout).toContain('fixing permissions on existing directory /var/lib/postgresql/data ... ok\n')
    expect(r.stdout).toMatch(/UTC \[1\] LOG: {2}starting PostgreSQL 16\.4 \(Debian 16\.4-1\.pgdg120\+2\) on x86_64-pc-linux-gnu/)
    expect(r.stdout).toMatch(/LOG: {2}database system is ready to accept connections\n.*LOG: {2}received fast shutdown request\n/)
    expect(r.stdout).toContain('\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n')
    expect(r.stdout.endsWith('16\n')).toBe(true)
  })
})

describe('the images share Debian\'s base layer and bring their programs only inside', () => {
  it('pulling one after another: the bookworm layer "Already exists"; the host has no python3, help and man do not list it', () => {
    const r = run('docker pull -q debian:bookworm >/dev/null; docker pull redis:7.2; python3 --version; echo "st $?"; help | grep -c redis; man python3')
    expect(r.stdout).toContain('cf05a52c0235: Already exists\n767d79a53f30: Pull complete\n')
    expect(r.stdout).toContain('st 127\n0\n')
    expect(r.stderr).toContain('python3: command not found')
    expect(r.stderr).toContain('No manual entry for python3')
  })
  it('docker search lists them', () => {
    expect(run('docker search --format "{{.Name}} {{.IsOfficial}}" postgres').stdout).toBe('postgres [OK]\n')
  })
})
