// Issue #15 part 1: a program's user-space memory is charged to its heap
// (brk, libc malloc.ts) and counts as Linux counts anonymous memory; limits
// end it as they end a C program: memory.max and the OOM killer (SIGKILL,
// status 137), RLIMIT_AS/RLIMIT_DATA (malloc fails: ENOMEM).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string, m = new Machine()) => m.runScript(script, { maxSteps: 20_000_000 })
const inCgroup = (max: string, cmd: string) =>
  `mkdir /sys/fs/cgroup/t; echo ${max} > /sys/fs/cgroup/t/memory.max; echo $$ > /sys/fs/cgroup/t/cgroup.procs; ${cmd}; echo status $?; grep oom_kill /sys/fs/cgroup/t/memory.events`

describe('user-space memory counts (cgroup-v2.rst "memory.max"; proc(5) VmRSS, VmData)', () => {
  it("sed -e '' </dev/zero in a 20M memory cgroup is OOM-killed: status 137, oom_kill 1", () => {
    const r = run(inCgroup('20M', 'sed -e "" </dev/zero'))
    expect(r.stdout).toBe('status 137\noom_kill 1\n')
    expect(r.stderr).toMatch(/Killed +sed -e ""/)
  })
  it("docker run -i -m 20m debian sed -e '' </dev/zero: 137 and OOMKilled true (docker inspect)", () => {
    const r = run('docker run -i -m 20m --name cc debian sed -e "" </dev/zero; echo status $?; docker inspect -f "{{.State.OOMKilled}}" cc')
    expect(r.stdout).toBe('status 137\ntrue\n')
  })
  it('sort, awk and the shell are charged too: each is killed in a 20M cgroup', () => {
    expect(run(inCgroup('20M', 'head -c 30M /dev/urandom | sort >/dev/null')).stdout).toBe('status 137\noom_kill 1\n')
    expect(run(inCgroup('20M', `bash -c 'x=$(head -c 30M /dev/urandom)' 2>/dev/null`)).stdout).toMatch(/^status 137\noom_kill [1-9]/)
    expect(run(inCgroup('20M', `awk '{ a[NR] = $0 }' /dev/urandom`)).stdout).toBe('status 137\noom_kill 1\n')
  })
  it('a shell variable shows in VmRSS, VmData, ps RSS, memory.current, memory.stat anon and free', () => {
    const m = new Machine()
    const q = (s: string) => Number(run(s, m).stdout.trim())
    const before = q('x=; grep VmRSS /proc/$$/status | tr -dc 0-9')
    const after = q('x=$(head -c 8M /dev/urandom | tr -d "\\0"); grep VmRSS /proc/$$/status | tr -dc 0-9')
    expect(after - before).toBeGreaterThan(7 * 1024)
    const r = run('mkdir /sys/fs/cgroup/u; echo $$ > /sys/fs/cgroup/u/cgroup.procs; a=$(grep "^anon " /sys/fs/cgroup/u/memory.stat); x=$(head -c 8M /dev/urandom | tr -d "\\0"); grep VmData /proc/$$/status; ps -o rss= -p $$; echo $a; grep "^anon " /sys/fs/cgroup/u/memory.stat; free -m | sed -n 2p', m)
    const [data, rss, anon0, anon1] = r.stdout.split('\n')
    expect(Number(data!.replace(/\D/g, ''))).toBeGreaterThan(8 * 1024)
    expect(Number(rss)).toBeGreaterThan(8 * 1024)
    expect(Number(anon1!.split(' ')[1]) - Number(anon0!.split(' ')[1])).toBeGreaterThan(7 * 2 ** 20)
  })
})

describe('allocation failures (getrlimit(2) RLIMIT_AS/RLIMIT_DATA: "brk, mmap ... fail with ENOMEM")', () => {
  it('ulimit -v: bash reports "xmalloc: cannot allocate N bytes" and exits 2 (xmalloc.c allocerr)', () => {
    const r = run('ulimit -v 20000; x=$(head -c 15M /dev/urandom | tr -d "\\0"); echo not reached')
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^bash: xmalloc: cannot allocate \d+ bytes\n$/)
    expect(r.status).toBe(2)
  })
  it('ulimit -d: sort says "memory exhausted" (gnulib xalloc_die) with status 2', () => {
    const r = run('ulimit -d 10000; head -c 20M /dev/urandom | tr -d "\\0" | sort >/dev/null; echo $?')
    expect(r.stderr).toBe('sort: memory exhausted\n')
    expect(r.stdout).toBe('2\n')
  })
  it('x=$x$x doubling ends in "bash: xmalloc: cannot allocate", not a JS error', () => {
    const r = run('x=a; for i in $(seq 40); do x=$x$x; done; echo ${#x}')
    expect(r.stderr).toMatch(/^bash: xmalloc: cannot allocate \d+ bytes\n$/)
    expect(r.status).toBe(2)
  })
})

describe('command substitution drops NUL bytes (bash subst.c read_comsub)', () => {
  it('warns once and keeps the rest', () => {
    const r = run('x=$(printf "a\\0b\\0c"); echo "$x"')
    expect(r.stdout).toBe('abc\n')
    expect(r.stderr).toBe('bash: line 1: warning: command substitution: ignored null byte in input\n')
  })
  it('x=$(head -c 1M /dev/zero) is empty', () => {
    expect(run('x=$(head -c 1M /dev/zero); echo ${#x}').stdout).toBe('0\n')
  })
})
